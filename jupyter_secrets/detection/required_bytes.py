"""Bytes that every match of a rule's pattern holds, for the pattern gate to skip what cannot match.

A rule such as ``token ... = "value"`` can only match a text that holds a quote and one of
``:=<?``; a printed table of words and numbers holds neither, so the gate need not search it
for that rule at all. ``needs(pattern)`` reads the pattern (Python's parser reads the RE2
subset the rules use) and returns such sets of punctuation bytes: in an ASCII text, every
match of the pattern holds at least one byte of each set. Only punctuation is worth a set:
letters, digits and spaces occur in every text.

The sets follow RE2's reading of the pattern on ASCII text: ``\\s`` is ``[\\t\\n\\f\\r ]`` (so
``\\S`` and ``[^\\s]`` hold ``\\v``), ``\\w`` and ``\\d`` are ASCII, a caseless letter is both of
its cases, ``.`` is any byte. An element that may match empty (``x*``, ``x?``, an anchor)
requires nothing; an alternation requires the union of what its branches require; anything
this module does not know requires nothing. Missing a set only costs speed; a wrong set
would lose matches, so every rule above errs towards requiring nothing.
"""
from __future__ import annotations

from functools import lru_cache
from typing import FrozenSet, List, Optional, Tuple

try:
    from re import _constants as _c, _parser as _p  # Python 3.11+
except ImportError:  # pragma: no cover - Python 3.9/3.10
    import sre_constants as _c
    import sre_parse as _p

_ASCII = frozenset(range(128))
_DIGIT = frozenset(b"0123456789")
_WORD = frozenset(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_SPACE = frozenset(b"\t\n\x0c\r ")  # RE2's \s: no \v
_CATEGORIES = {
    _c.CATEGORY_DIGIT: _DIGIT, _c.CATEGORY_NOT_DIGIT: _ASCII - _DIGIT,
    _c.CATEGORY_WORD: _WORD, _c.CATEGORY_NOT_WORD: _ASCII - _WORD,
    _c.CATEGORY_SPACE: _SPACE, _c.CATEGORY_NOT_SPACE: _ASCII - _SPACE,
}
#: Punctuation that plain text, numbers and logs hold often: a set of it is worth less.
_COMMON = frozenset(b".-_,/")
#: At most this many sets per pattern: each one is a search of the text when it is absent.
_MOST_SETS = 3

ByteSet = FrozenSet[int]


class _Unknown(Exception):
    """An element this module does not read: it requires nothing."""


def _folded(codes, caseless: bool) -> ByteSet:
    found = {code for code in codes if code < 0x80}
    if caseless:
        found |= {ord(chr(code).swapcase()) for code in found if chr(code).isalpha()}
    return frozenset(found)


def _class(items, caseless: bool) -> ByteSet:
    found, negated = set(), False
    for op, av in items:
        if op is _c.NEGATE:
            negated = True
        elif op is _c.LITERAL:
            found.add(av)
        elif op is _c.RANGE:
            found.update(range(av[0], av[1] + 1))
        elif op is _c.CATEGORY and av in _CATEGORIES:
            found.update(_CATEGORIES[av])
        else:
            raise _Unknown(op)
    folded = _folded(found, caseless)
    # a negated class: what a caseless one excludes is excluded in both cases, as above
    return _ASCII - folded if negated else folded


def _weight(byte_set: ByteSet) -> Optional[int]:
    """What searching a text for ``byte_set`` is worth (lower: more texts lack it), or None
    when some text of words and numbers holds one of its bytes anyway."""
    if not byte_set or any(chr(b).isalnum() or chr(b).isspace() or b < 0x21 or b > 0x7E for b in byte_set):
        return None
    return sum(4 if b in _COMMON else 1 for b in byte_set)


def _item(op, av, caseless: bool) -> List[ByteSet]:
    """Sets every match of one element holds a byte of."""
    if op is _c.LITERAL:
        return [_folded((av,), caseless)]
    if op is _c.NOT_LITERAL:
        return [_ASCII - _folded((av,), caseless)]
    if op is _c.IN:
        return [_class(av, caseless)]
    if op is _c.ANY:
        return [_ASCII]
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        low, _, inner = av
        return _sequence(list(inner), caseless) if low >= 1 else []
    if op is _c.SUBPATTERN:
        _, add_flags, del_flags, inner = av
        inner_caseless = (caseless or bool(add_flags & _c.SRE_FLAG_IGNORECASE)) \
            and not del_flags & _c.SRE_FLAG_IGNORECASE
        return _sequence(list(inner), inner_caseless)
    if op is _c.BRANCH:
        union = set()
        for branch in av[1]:
            best = _best(_sequence(list(branch), caseless))
            if best is None:  # a branch that requires no punctuation: the whole requires none
                return []
            union |= best
        return [frozenset(union)]
    if op is _c.AT:
        return []
    raise _Unknown(op)


def _sequence(items, caseless: bool) -> List[ByteSet]:
    found: List[ByteSet] = []
    for op, av in items:
        found.extend(_item(op, av, caseless))
    return found


def _best(sets: List[ByteSet]) -> Optional[ByteSet]:
    weighed = [(w, sorted(s), s) for s in sets for w in (_weight(s),) if w is not None]
    return min(weighed)[2] if weighed else None


@lru_cache(maxsize=None)
def needs(pattern: str) -> Tuple[bytes, ...]:
    """Sets of bytes (each as the bytes it holds) such that every match of ``pattern`` in an
    ASCII text holds a byte of each; () when none is known."""
    try:
        parsed = _p.parse(pattern)
        sets = _sequence(list(parsed), bool(parsed.state.flags & _c.SRE_FLAG_IGNORECASE))
    except Exception:  # RE2-only syntax, or an element not read here: nothing is required
        return ()
    kept: List[ByteSet] = []
    worth = {s for s in sets if _weight(s) is not None}
    for byte_set in sorted(worth, key=lambda s: (_weight(s), sorted(s))):
        if not any(smaller <= byte_set for smaller in kept):  # a superset adds nothing
            kept.append(byte_set)
    return tuple(bytes(sorted(s)) for s in kept[:_MOST_SETS])


def may_match(needed: Tuple[bytes, ...], present) -> bool:
    """Whether a text can hold a match, given ``present(byte) -> bool`` for that text."""
    return all(any(present(b) for b in byte_set) for byte_set in needed)
