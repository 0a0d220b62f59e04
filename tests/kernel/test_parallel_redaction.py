"""Long outputs have their values searched on a second thread while the engine scans: the
result is what one search after the other gives, and a search that fails fails the redaction."""
from __future__ import annotations

import secrets
import threading

import pytest

from jupyter_secrets.kernel import output_filter
from jupyter_secrets.kernel.output_filter import OutputRedactor
from jupyter_secrets.kernel.value_set import ValueSet

from .keys import github_token, rule_of

FILLER = "epoch 3 loss 0.1234 accuracy 0.9876 step 120\n"


@pytest.fixture(scope="module")
def redactor():
    redactor = OutputRedactor()
    for number in range(20):
        redactor.add(f"VALUE_{number}", secrets.token_urlsafe(24))
    redactor.engine()
    return redactor


def long_output(*inserts: str) -> str:
    lines = [FILLER] * (output_filter.PARALLEL_FROM // len(FILLER) + 10)
    for number, insert in enumerate(inserts):
        lines[(number + 1) * len(lines) // (len(inserts) + 1)] = insert
    return "".join(lines)


def one_after_the_other(redactor: OutputRedactor, text: str, monkeypatch) -> str:
    with monkeypatch.context() as patch:
        patch.setattr(output_filter, "PARALLEL_FROM", 1 << 62)
        return redactor.redact_text(text)


def test_long_output_is_long_enough_to_be_searched_in_parallel(redactor, monkeypatch):
    threads = []
    spans = ValueSet.spans

    def spying(self, text):
        threads.append(threading.current_thread())
        return spans(self, text)

    monkeypatch.setattr(ValueSet, "spans", spying)
    redactor.redact_text(long_output())
    assert threads and threads[0] is not threading.current_thread()


@pytest.mark.parametrize("kind", ["nothing", "value", "key", "both", "key beside value"])
def test_long_output_redacted_as_one_search_after_the_other(redactor, monkeypatch, kind):
    value = redactor.values.entries[3][1]
    key = github_token()
    inserts = {"nothing": [], "value": [f"token {value}\n"], "key": [f"key {key}\n"],
               "both": [f"token {value}\n", f"key {key}\n"],
               "key beside value": [f"{value}{key}\n"]}[kind]
    text = long_output(*inserts)
    redacted = redactor.redact_text(text)
    assert redacted == one_after_the_other(redactor, text, monkeypatch)
    assert value not in redacted and key not in redacted
    if kind in ("key", "both"):
        assert f"[REDACTED:{rule_of(key)}]" in redacted
    if kind in ("value", "both", "key beside value"):
        assert "[REDACTED:VALUE_3]" in redacted


def test_a_value_search_that_fails_fails_the_redaction(redactor, monkeypatch):
    def failing(self, text):
        raise RuntimeError("search failed")

    monkeypatch.setattr(ValueSet, "spans", failing)
    with pytest.raises(RuntimeError):
        redactor.redact_text(long_output())


def test_an_engine_that_fails_still_waits_for_the_value_search(redactor, monkeypatch):
    done = []
    spans = ValueSet.spans

    def slow(self, text):
        found = spans(self, text)
        done.append(True)
        return found

    def failing(text):
        raise RuntimeError("engine failed")

    monkeypatch.setattr(ValueSet, "spans", slow)
    monkeypatch.setattr(redactor.engine(), "scan", failing)
    with pytest.raises(RuntimeError):
        redactor.redact_text(long_output())
    assert done == [True]
