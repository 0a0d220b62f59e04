"""How many bytes of UTF-8 text a match of a rule's pattern can span at most.

The engine searches long texts only in windows around a rule's keywords when this bound is
small. Counting every character as 4 bytes (the longest UTF-8 character) is safe but makes the
windows of most rules four times too wide, and puts rules such as ``[A-Za-z0-9]{100,255}`` past
the window limit altogether. Here each element is counted by what RE2 (UTF-8 mode) can match
with it: an ASCII literal or an ASCII class is one byte; a class that can reach beyond ASCII
(negated classes, ``.``) is four. Case-insensitive ``k`` and ``s`` fold to the Kelvin sign
(3 bytes) and the long s (2 bytes), so a caseless element holding them counts three.
Python's parser reads the RE2 subset the rules use; anything else counts as unbounded.
"""
from __future__ import annotations

from functools import lru_cache

try:
    from re import _constants as _c, _parser as _p  # Python 3.11+
except ImportError:  # pragma: no cover - Python 3.9/3.10
    import sre_constants as _c
    import sre_parse as _p

_WIDEST = 4  # bytes of the longest UTF-8 character
_FOLDS_WIDE = frozenset(map(ord, "kKsS"))  # caseless: also U+212A (3 bytes), U+017F (2 bytes)
#: RE2's Perl classes \d, \w and \s are ASCII only.
_ASCII_CATEGORIES = frozenset({_c.CATEGORY_DIGIT, _c.CATEGORY_WORD, _c.CATEGORY_SPACE})
_INFINITE = float("inf")


@lru_cache(maxsize=None)
def longest_match_bytes(pattern: str) -> float:
    """Bytes a match of ``pattern`` spans at most (infinite when unbounded or not readable)."""
    try:
        parsed = _p.parse(pattern)
    except Exception:  # RE2-only syntax
        return _INFINITE
    caseless = bool(parsed.state.flags & _c.SRE_FLAG_IGNORECASE)
    try:
        return _width(list(parsed), caseless)
    except _Unknown:
        return _INFINITE


class _Unknown(Exception):
    """An element this module does not know how to bound."""


def _width(items, caseless: bool) -> float:
    total = 0.0
    for op, av in items:
        total += _item_width(op, av, caseless)
    return total


def _char_width(code: int, caseless: bool) -> int:
    if code >= 0x80:
        return _WIDEST
    return 3 if caseless and code in _FOLDS_WIDE else 1


def _item_width(op, av, caseless: bool) -> float:
    if op is _c.LITERAL:
        return _char_width(av, caseless)
    if op is _c.IN:
        return _class_width(av, caseless)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, high, inner = av
        if high is _c.MAXREPEAT:
            return _INFINITE
        one = _width(list(inner), caseless)
        return 0.0 if one == 0 else one * high
    if op is _c.SUBPATTERN:
        _, add_flags, del_flags, inner = av
        if add_flags & _c.SRE_FLAG_IGNORECASE:
            caseless = True
        if del_flags & _c.SRE_FLAG_IGNORECASE:
            caseless = False
        return _width(list(inner), caseless)
    if op is _c.BRANCH:
        return max((_width(list(branch), caseless) for branch in av[1]), default=0.0)
    if op is _c.AT:
        return 0.0
    if op in (_c.ANY, _c.NOT_LITERAL):
        return _WIDEST
    raise _Unknown(op)


def _class_width(items, caseless: bool) -> int:
    widest = 1
    for op, av in items:
        if op is _c.NEGATE:
            return _WIDEST
        if op is _c.LITERAL:
            widest = max(widest, _char_width(av, caseless))
        elif op is _c.RANGE:
            low, high = av
            if high >= 0x80:
                return _WIDEST
            if caseless and any(low <= code <= high for code in _FOLDS_WIDE):
                widest = 3
        elif op is _c.CATEGORY:
            if av not in _ASCII_CATEGORIES or caseless:
                return _WIDEST  # \W, \S, \D reach beyond ASCII; a caseless \w folds k and s
        else:
            return _WIDEST
    return widest


#: Bytes a single-character element at a match's end can span.
_TAIL = _WIDEST


@lru_cache(maxsize=None)
def run_alphabet(pattern: str):
    """(bytes, tail) when every match of ``pattern`` is a run of those ASCII bytes followed by
    at most ``tail`` bytes of one closing character (``[^A-Za-z0-9]|$`` after a token), else
    None. A match then lies in the run of those bytes around any keyword inside it, however
    long the pattern lets it be; the engine searches that run instead of the whole text."""
    try:
        parsed = _p.parse(pattern)
    except Exception:
        return None
    items = [item for item in parsed if item[0] is not _c.AT]
    tail = 0
    if items and _single_character(items[-1]):
        items, tail = items[:-1], _TAIL
    found = set()
    try:
        _collect(items, bool(parsed.state.flags & _c.SRE_FLAG_IGNORECASE), found)
    except _Unknown:
        return None
    if not found:
        return None
    return bytes(sorted(found)), tail


def _single_character(item) -> bool:
    """Whether ``item`` matches one character or an anchor, never more."""
    op, av = item
    if op in (_c.IN, _c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.AT):
        return True
    if op is _c.BRANCH:
        return all(len(branch) == 1 and _single_character(branch[0]) for branch in av[1])
    return False


def _add_char(code: int, caseless: bool, found: set) -> None:
    if code >= 0x80 or (caseless and code in _FOLDS_WIDE):
        raise _Unknown("beyond ASCII")
    found.add(code)
    if caseless and chr(code).isalpha():
        found.add(ord(chr(code).swapcase()))


_CATEGORY_BYTES = {
    _c.CATEGORY_DIGIT: b"0123456789",
    _c.CATEGORY_WORD: b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_",
    _c.CATEGORY_SPACE: b"\t\n\x0b\x0c\r ",
}


def _collect(items, caseless: bool, found: set) -> None:
    """Adds to ``found`` every byte the ``items`` can match; _Unknown when beyond ASCII."""
    for op, av in items:
        if op is _c.LITERAL:
            _add_char(av, caseless, found)
        elif op is _c.IN:
            for kind, value in av:
                if kind is _c.LITERAL:
                    _add_char(value, caseless, found)
                elif kind is _c.RANGE:
                    for code in range(value[0], value[1] + 1):
                        _add_char(code, caseless, found)
                elif kind is _c.CATEGORY and value in _CATEGORY_BYTES and not caseless:
                    found.update(_CATEGORY_BYTES[value])
                else:
                    raise _Unknown(kind)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            _collect(list(av[2]), caseless, found)
        elif op is _c.SUBPATTERN:
            _, add_flags, del_flags, inner = av
            inner_caseless = (caseless or bool(add_flags & _c.SRE_FLAG_IGNORECASE)) \
                and not del_flags & _c.SRE_FLAG_IGNORECASE
            _collect(list(inner), inner_caseless, found)
        elif op is _c.BRANCH:
            for branch in av[1]:
                _collect(list(branch), caseless, found)
        elif op is _c.AT:
            continue
        else:
            raise _Unknown(op)
