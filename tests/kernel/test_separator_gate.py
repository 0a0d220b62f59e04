"""The proof that no separator view needs searching, read from rows of the text's bytes
(`_halves_with_runs`): it names a half exactly when the halves, built and searched whole, hold a
run of one character; so a value printed with one repeated character between its characters is
found wherever it stands in a long output."""
from __future__ import annotations

import secrets
import string

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from jupyter_secrets import fragments
from jupyter_secrets.kernel import value_set as value_set_module
from jupyter_secrets.kernel.value_set import ValueSet, _found, _halves_with_runs

numpy = pytest.importorskip("numpy")  # the rows are read by numpy where the kernel has it

TOKEN_CHARS = string.ascii_letters + string.digits + "-_"
WORDS = ["alpha", "beta", "gamma", "loss", "epoch", "step", "0.000000", "aaaa", "a-a-a", "==",
         "x x x", "\t", "\n", "AaAa", "0.505050", "1e-07"]


def value_set(*values: str) -> ValueSet:
    found = ValueSet()
    for number, value in enumerate(values):
        found = found.with_value(f"V{number}", value)
    return found


def halves_searched_whole(search, data: bytes):
    return [half for half in (0, 1) if _found(search.runs, data[half::2])]


def printed_words(draw, size: int) -> str:
    """Words, numbers and runs as printed logs have them, `size` characters at least."""
    words = []
    while sum(map(len, words)) + len(words) < size:
        words.append(draw(st.sampled_from(WORDS)))
    return " ".join(words)


@st.composite
def outputs_with_a_separated_value(draw):
    # a value as random as a token, with no well-known start (whose fragments are not secret)
    value = draw(st.text(alphabet=TOKEN_CHARS, min_size=16, max_size=40)
                 .filter(lambda v: len(set(v)) >= 8 and not fragments.well_known_prefix(v)))
    separator = draw(st.characters(min_codepoint=1, max_codepoint=127))
    cut = draw(st.integers(0, len(value) - 8))  # any 8 characters or more of it
    piece = value[cut:cut + draw(st.integers(8, len(value) - cut))]
    # a piece that says something of the value (not a common word or stop value alone)
    assume(any(piece[at:at + 8].lower().strip("-_.") not in fragments.common_words()
               for at in range(len(piece) - 7)))
    shown = separator.join(piece)
    if draw(st.booleans()):
        shown = shown.upper()
    before = printed_words(draw, draw(st.integers(0, 400)))
    # a few characters more or less: the value at each place of a row of 8 bytes
    before += "." * draw(st.integers(0, 15))
    after = printed_words(draw, draw(st.integers(0, 400)))
    return value, shown, before + shown + after


@settings(max_examples=400, deadline=None)
@given(outputs_with_a_separated_value())
def test_a_separated_value_in_printed_words_is_never_skipped(planted):
    value, shown, text = planted
    found = value_set(value, secrets.token_urlsafe(24))
    search = found.compiled()
    data = text.encode("ascii")
    gated = _halves_with_runs(data, search.runs, search.run_length)
    needed = halves_searched_whole(search, data)
    assert needed, "a separated value leaves a run in the other half"
    assert gated is None or gated == needed
    redacted = found.redact(text)
    assert "[REDACTED:V0]" in redacted and shown not in redacted


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="aA b-=0.\t", min_size=64, max_size=600))
def test_the_rows_name_the_halves_a_whole_search_names(text):
    """Texts of few characters, where runs of one character (either case) come by chance."""
    search = value_set(secrets.token_urlsafe(24)).compiled()
    data = text.encode("ascii")
    gated = _halves_with_runs(data, search.runs, search.run_length)
    assert gated is None or gated == halves_searched_whole(search, data)


@pytest.mark.parametrize("shift", range(16))
def test_a_run_at_each_place_of_a_row_and_at_the_end(shift):
    search = value_set(secrets.token_urlsafe(24)).compiled()
    length = search.run_length
    for pad_after in (0, 1, 7, 9):
        text = "abcd" * 20 + "c" * shift + "-x" * length + "yz" * pad_after
        data = text.encode("ascii")
        needed = halves_searched_whole(search, data)
        assert needed and _halves_with_runs(data, search.runs, length) == needed


def test_printed_lines_without_runs_build_no_halves(monkeypatch):
    """The common case: no run in either half is proved from the rows, no view is built."""
    def built(data):
        raise AssertionError("halves built")

    monkeypatch.setattr(value_set_module, "_every_second_character", built)
    value = secrets.token_urlsafe(24)
    found = value_set(value)
    text = "\n".join(f"step {n} loss {n / 7:.6f} alpha beta" for n in range(2000))
    assert found.spans(text) == []
    monkeypatch.undo()
    assert "[REDACTED:V0]" in found.redact(text + "\n" + " ".join(value))


def test_many_rows_to_look_at_build_the_halves():
    """Separator runs everywhere (a table's rule lines): the halves, built and searched."""
    value = secrets.token_urlsafe(24)
    found = value_set(value)
    search = found.compiled()
    data = ("- " * 5000).encode("ascii")  # a run in every row
    assert _halves_with_runs(data, search.runs, search.run_length) is None
    text = "-" * 3000 + "\n" + "|".join(value) + "\n" + "= " * 3000
    assert "[REDACTED:V0]" in found.redact(text) and "|".join(value) not in found.redact(text)
