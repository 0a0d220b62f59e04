"""The read-only environment backend."""
from __future__ import annotations

import pytest

from jupyter_secrets.backends.base import BackendError, SecretNotFound
from jupyter_secrets.backends.env import EnvBackend

from .helpers import secret_like


def test_reads_variables_with_and_without_a_prefix(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", secret_like("plain"))
    monkeypatch.setenv("JS_OPENAI_API_KEY", secret_like("prefixed"))

    assert EnvBackend().get("OPENAI_API_KEY") == secret_like("plain")
    assert EnvBackend(prefix="JS_").get("OPENAI_API_KEY") == secret_like("prefixed")


def test_list_shows_prefixed_or_named_variables_never_values(monkeypatch):
    monkeypatch.setenv("JS_A_TOKEN", secret_like("a"))
    monkeypatch.setenv("JS_B_TOKEN", secret_like("b"))
    monkeypatch.setenv("PLAIN_TOKEN", secret_like("c"))

    assert [i.name for i in EnvBackend(prefix="JS_").list()] == ["A_TOKEN", "B_TOKEN"]
    assert [i.name for i in EnvBackend(names=["PLAIN_TOKEN", "UNSET_ONE"]).list()] == ["PLAIN_TOKEN"]
    assert EnvBackend().list() == []  # without a prefix or names every variable would qualify
    assert secret_like("a") not in repr(EnvBackend(prefix="JS_").list())


def test_names_restrict_what_can_be_read(monkeypatch):
    monkeypatch.setenv("HOME_TOKEN", secret_like("h"))
    with pytest.raises(SecretNotFound, match="c.EnvBackend.names"):
        EnvBackend(names=["OTHER"]).get("HOME_TOKEN")


def test_a_missing_variable_says_which_one_to_set(monkeypatch):
    monkeypatch.delenv("JS_NOPE", raising=False)
    with pytest.raises(SecretNotFound) as caught:
        EnvBackend(prefix="JS_").get("NOPE")
    assert "JS_NOPE" in str(caught.value)


def test_it_is_read_only(monkeypatch):
    backend = EnvBackend()
    value = secret_like("ro")
    for action in (lambda: backend.set("A", value), lambda: backend.delete("A")):
        with pytest.raises(BackendError) as caught:
            action()
        assert "read-only" in str(caught.value) and value not in str(caught.value)
    assert backend.read_only and backend.status()["read_only"]


def test_versions_are_refused_clearly(monkeypatch):
    monkeypatch.setenv("A", "x")
    with pytest.raises(BackendError, match="no versions"):
        EnvBackend().get("A", version="2")
