"""The value set's fast paths (case folded by the search, separator views searched only beside a
run) find what searching the lowered text and both views in full finds."""
from __future__ import annotations

import secrets
import string
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jupyter_secrets import fragments
from jupyter_secrets.kernel.value_set import ValueSet, _lowered, _merged

TOKEN_CHARS = string.ascii_letters + string.digits + "-_"
tokens = st.text(alphabet=TOKEN_CHARS, min_size=6, max_size=40)
ascii_text = st.text(alphabet=st.characters(max_codepoint=127), max_size=30)


def searched_in_full(found: ValueSet, text: str, repeated_only: bool = False):
    """Every place, found the plain way: the automaton over the lowered text and over both
    views of every second character, whole; with `repeated_only`, a place in a view counts
    only if one character, repeated, stands between its characters."""
    automaton = found.compiled().automaton
    lowered = _lowered(text)

    def spans(seen):
        return [(end + 1 - length, end + 1, index)
                for end, (length, index) in automaton.iter(seen)]

    places = spans(lowered)
    if len(text) >= 2 * fragments.MIN_FRAGMENT:
        for offset in (0, 1):
            in_view = [(offset + start * 2, offset + (end - 1) * 2 + 1, index)
                       for start, end, index in spans(lowered[offset::2])]
            places += [(a, b, i) for a, b, i in in_view
                       if not repeated_only or len(set(lowered[a + 1:b:2])) <= 1]
    return _merged(places)


def covered(inner, outer) -> bool:
    """Whether every place of `inner` lies within the places of `outer`."""
    return all(any(a <= start and end <= b for a, b, _ in outer) for start, end, _ in inner)


@pytest.fixture(params=["numpy loaded", "no numpy"], autouse=True)
def numpy_or_not(request, monkeypatch):
    """Views are cut by numpy when the kernel has it loaded, else by slicing: both ways."""
    if request.param == "no numpy":
        monkeypatch.delitem(sys.modules, "numpy", raising=False)
    else:
        import numpy  # noqa: F401


def value_set(*values: str) -> ValueSet:
    found = ValueSet()
    for number, value in enumerate(values):
        found = found.with_value(f"V{number}", value)
    return found


@settings(max_examples=300, deadline=None)
@given(value=tokens, short=st.text(alphabet=TOKEN_CHARS, min_size=4, max_size=8),
       separator=st.characters(max_codepoint=127), cut=st.integers(0, 40),
       upper=st.booleans(), before=ascii_text, after=ascii_text)
def test_separated_values_are_found_as_a_full_search_finds_them(value, short, separator, cut,
                                                                upper, before, after):
    found = value_set(value, short)
    shown = separator.join(value[cut:] or value)
    text = before + (shown.upper() if upper else shown) + after
    spans = found.spans(text)
    # all that one repeated separator shows, and nothing the full search would not find
    assert covered(searched_in_full(found, text, repeated_only=True), spans)
    assert covered(spans, searched_in_full(found, text))


@settings(max_examples=200, deadline=None)
@given(value=tokens, text=st.text(max_size=60), upper=st.booleans())
def test_any_text_is_searched_as_a_full_search_does(value, text, upper):
    found = value_set(value)
    text = text + value.upper() if upper else value + text
    spans = found.spans(text)
    assert covered(searched_in_full(found, text, repeated_only=True), spans)
    assert covered(spans, searched_in_full(found, text))


@pytest.mark.parametrize("separator", [" ", "-", "\n", "\t", "\x00", "A", "a", "\x7f", "·"])
def test_a_value_joined_by_any_repeated_character_is_redacted(separator):
    value = secrets.token_urlsafe(24)
    found = value_set(value)
    for shown in (separator.join(value), separator.join(value[3:19]).upper()):
        redacted = found.redact(f"printed: {shown} done")
        assert "[REDACTED:V0]" in redacted and shown not in redacted


def test_a_run_in_the_text_that_separates_nothing_changes_nothing():
    found = value_set(secrets.token_urlsafe(24))
    text = "header\n" + " " * 40 + "a b c d e f g h i j k\n" + "-" * 30
    assert found.redact(text) == text


def test_utf16_bytes_repr_is_redacted_in_either_case():
    value = secrets.token_urlsafe(24)
    found = value_set(value)
    shown = str(value.encode("utf-16-le"))
    for text in (shown, shown.upper()):
        redacted = found.redact(text)
        assert "[REDACTED:V0]" in redacted
        assert value.lower() not in redacted.lower().replace("\\x00", "")
