"""Fragments of a secret value: the pieces long enough to help rebuild it, in every cheap form.

`print(v[:8])`, `v[::-1]`, `v.upper()`, `base64.b32encode(v)`, rot13: each shows part or all of
a value in a form no exact match finds. A value is cut into windows of a fixed length in each of
its forms (the length scaled to how much the form stretches the value); a text that holds any
window holds at least that many characters of the value. The kernel searches for the windows
themselves; the server keeps only keyed fingerprints of them.

Windows are lowercase, to be found in a lowercased text: one search covers `v`, `v.upper()` and
any other change of case. Pure Python, no Jupyter imports.
"""
from __future__ import annotations

import base64
import codecs
import functools
import math
import re
from typing import Dict, FrozenSet, Iterator, List, Tuple

#: Characters of a value shown in one fragment, for values of at least twice that length.
FRAGMENT = 8
#: Values this short or shorter have no fragments: only their whole forms are redacted.
MIN_FRAGMENT = 4

#: A well-known, non-secret start of a value: `sk-proj-`, `ghp_`, `xoxb-`, `PMAK-`, `FLWSECK_TEST-`.
#: Each part is one case throughout: a random value that happens to start with letters and a
#: dash (`tGSirtpxRU-…`) has no prefix, so none of its characters go unprotected.
_PREFIX = re.compile(r"(?:(?:[a-z]{1,10}|[A-Z]{1,10})[-_]){1,3}")

#: Words a value may contain that say nothing about it when seen alone in an output (besides
#: the detection filters' stop values, added on first use: their module compiles regexes).
_COMMON_WORDS = frozenset("""
    password passwords username database localhost password123 credential credentials
    function response request register original complete continue document download
    exception filename generate hostname internal language location military
    notebook operator personal position practice pressure previous problem
    production property question relative required resource security sequence
    services settings software standard starting strength students together training
    variable whatever yourself abcdefgh abcdefghijklmnopqrstuvwxyz qwertyuiop 12345678
    123456789 1234567890 00000000 11111111 administrator""".split())


@functools.lru_cache(maxsize=1)
def common_words() -> FrozenSet[str]:
    from .detection.filters import STOP_VALUES

    return _COMMON_WORDS | STOP_VALUES


def fragment_length(value: str) -> int:
    """Characters of `value` a fragment holds: 8, or half of a value shorter than 16."""
    return FRAGMENT if len(value) >= 2 * FRAGMENT else max(MIN_FRAGMENT, math.ceil(len(value) / 2))


def well_known_prefix(value: str) -> str:
    """The start of `value` that names its kind rather than being secret (at most half of it)."""
    found = _PREFIX.match(value)
    if found is None or len(found.group(0)) * 2 > len(value):
        return ""
    return found.group(0)


def rot13(text: str) -> str:
    return codecs.encode(text, "rot13")


def base32_form(value: str) -> str:
    """Base32 of the value, trimmed to the characters that depend on its bytes alone."""
    data = value.encode("utf-8")
    encoded = base64.b32encode(data).decode("ascii").rstrip("=")
    whole = len(data) * 8 // 5  # characters made of the value's bits only
    return encoded[:whole]


def transformed_forms(value: str) -> List[Tuple[str, float]]:
    """The value as a careless or curious print shows it, each with how many characters of the
    form stand for one character of the value. Reversal, rot13 and case are covered here;
    separators and UTF-16/32 are undone on the text instead (see `views`)."""
    forms = [(value, 1.0), (value[::-1], 1.0), (rot13(value), 1.0)]
    data = value.encode("utf-8")
    per_char = len(data) / len(value)
    for shift in range(3):  # base64 at the three byte alignments it can have in a longer text
        chunk = data[shift:]
        if chunk:
            encoded = base64.b64encode(chunk).decode("ascii").rstrip("=")
            forms.append((encoded[:len(chunk) * 4 // 3], per_char * 4 / 3))
    forms.append((base32_form(value), per_char * 8 / 5))
    forms.append((data.hex(), per_char * 2))
    if not value.isascii():  # UTF-8 bytes seen one byte per character (bytes reprs, buffers)
        forms.append((data.decode("latin-1"), per_char))
    return [(form, scale) for form, scale in forms if form]


#: The forms `transformed_forms` starts with that keep one character per character of the value
#: (itself, reversed, rot13): what a slice of the value shows.
PLAIN_FORMS = 3


def windows(value: str, scaled: bool = True, encoded_whole: bool = False) -> Dict[str, str]:
    """Lowercase window -> the form it came from, over every transformed form of `value`.

    A window of a form stands for `fragment_length(value)` characters of the value (`scaled`),
    or has that many characters of the form itself (one window length for every form). With
    `encoded_whole`, encodings (base64, base32, hex) are kept whole, not cut: a search whose
    cost grows with the number of patterns then holds a few per value instead of hundreds.
    Windows within the value's well-known prefix, and windows that are common words, are left
    out: they are not enough on their own. A form shorter than its window is kept whole."""
    length = fragment_length(value)
    prefix = well_known_prefix(value)
    found: Dict[str, str] = {}
    for number, (form, scale) in enumerate(transformed_forms(value)):
        size = max(MIN_FRAGMENT, math.ceil(length * scale)) if scaled else length
        lowered = form.lower()
        if len(lowered) <= size or (encoded_whole and number >= PLAIN_FORMS):
            found.setdefault(lowered, form)
            continue
        skip = len(prefix) if form == value else 0
        for start in range(len(lowered) - size + 1):
            if start + size <= skip:
                continue  # inside the prefix
            window = lowered[start:start + size]
            if window.strip("-_.") in common_words():
                continue
            found.setdefault(window, form)
    return found


def strided(text: str) -> Iterator[Tuple[str, int, int]]:
    """(view, offset, step): `text` read every second character, from each of both starts, for
    values printed with one separator between their characters (`' '.join(v)`)."""
    for offset in (0, 1):
        yield text[offset::2], offset, 2


#: How a zero byte shows: escaped in the repr of UTF-16/32 bytes, or itself in raw bytes.
NUL_ESCAPE = "\\x00"
NUL = "\x00"


def without(text: str, nul: str) -> str:
    """`text` without each `nul` (the zero bytes UTF-16 and UTF-32 put beside every ASCII
    character)."""
    return text.replace(nul, "")


def kept_offsets(text: str, nul: str) -> List[int]:
    """For each character of `without(text, nul)`, its offset in `text` (asked only once
    something was found there)."""
    kept: List[int] = []
    last = 0
    for found in re.finditer(re.escape(nul), text):
        kept.extend(range(last, found.start()))
        last = found.end()
    kept.extend(range(last, len(text)))
    return kept
