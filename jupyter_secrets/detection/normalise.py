"""The disguises a key can wear in a text, taken off, with a map back to the original.

A key can be written so that it reads the same to a person or a program but not to a pattern:
Unicode compatibility forms (full-width letters, mathematical alphanumerics), look-alike letters
from other scripts, invisible characters (zero-width joiners, bidi marks, NULs, terminal colour
codes) inside it, or the escapes of the format it sits in (``\\u0041`` and ``\\x41`` in JSON and
Python, ``&#65;`` and ``&amp;`` in HTML, ``%41`` in URLs). ``normalise`` resolves all of them
in two passes (escapes, then characters), so an escape of an invisible or full-width character
is taken off too, and maps every position of the result back to the original text: a match in
the normalised form becomes a span of the original that covers the disguised key whole.

Cheap when there is nothing to do: an ASCII text without a backslash, ``&``, ``%`` or a control
character is returned as None after one search.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Callable, List, Optional, Sequence, Tuple
from urllib.parse import unquote_to_bytes

import re2

from .byte_classes import ByteClass, FixedStarts
from .literals import joined_starts

#: (start, end) in the output, (start, end) in the input, of one replaced piece.
Segment = Tuple[int, int, int, int]

_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f"

_ESCAPE = re.compile(r"""
    \\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})  # a surrogate pair
  | \\u([0-9a-fA-F]{4}) | \\U([0-9a-fA-F]{8}) | \\x([0-9a-fA-F]{2})
  | \\\\                                       # an escaped backslash: itself, and no escape
  | &\#([0-9]{1,7});? | &\#[xX]([0-9a-fA-F]{1,6});? | &([A-Za-z][A-Za-z0-9]{1,31};)
  | ((?:%[0-9a-fA-F]{2})+)
""", re.X)

#: Invisible characters: zero-width, joiners, bidi controls, variation selectors, tags,
#: fillers, the soft hyphen; C0 controls but tab and line ends; terminal escape sequences;
#: combining marks (a key struck through with U+0336 still reads as the key).
_HIDDEN = (r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b"
           "|[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
           "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e0fff"
           "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
           f"{_CONTROLS}]+")
#: Letters of other scripts drawn exactly like Latin ones (NFKC leaves them alone).
_LOOKALIKES = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
    "ѕ": "s", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w", "ɡ": "g", "ο": "o", "ν": "v",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Α": "A", "Β": "B", "Ε": "E",
    "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T",
    "Υ": "Y", "Χ": "X",
}
#: Every non-ASCII character, for texts NFKC would change; else only the ones above.
_CHARACTERS = re.compile(f"(?P<hidden>{_HIDDEN})|(?P<char>[^\x00-\x7f])")
_HIDDEN_OR_LOOKALIKE = re.compile(f"(?P<hidden>{_HIDDEN})|(?P<char>[{''.join(_LOOKALIKES)}])")

class _FoundStarts:
    """Places found at once, handed out in order: ``search`` gives the first at or after a
    position (what ``_replaced`` asks, step by step)."""

    __slots__ = ("_found", "_next")

    def __init__(self, found: List[int]):
        self._found, self._next = found, 0

    def search(self, _text: str, position: int) -> Optional[int]:
        found, at = self._found, self._next
        while at < len(found) and found[at] < position:
            at += 1
        self._next = at
        return found[at] if at < len(found) else None


_CHARACTER_START = re.compile("[^\t\n\r\x20-\x7e]")
#: A control character (ESC among them): in ASCII text, where a character piece can start.
_CONTROL_BYTE = rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
_CONTROL_STARTS = FixedStarts({_CONTROL_BYTE: 1})
_ANY_CONTROL = ByteClass(_CONTROL_BYTE)


def _character_starts(text: str, data: Optional[bytes] = None) -> _FoundStarts:
    """Where a character piece can start: a non-ASCII or control character. In ASCII text
    (``data``: its bytes, if at hand), only a control character can: all found in one pass
    over its bytes, where ``re`` would read the text at tens of MB/s."""
    if not text.isascii():
        return _FoundStarts([match.start() for match in _CHARACTER_START.finditer(text)])
    return _FoundStarts(_CONTROL_STARTS.starts(_bytes_of(text, data)))


def _holds_control(text: str, controls: bool, data: Optional[bytes] = None) -> bool:
    """Whether an ASCII text (``data``: its bytes, if at hand) holds ESC, or (``controls``)
    any other control character."""
    return "\x1b" in text or (controls and _ANY_CONTROL.found(_bytes_of(text, data)))


def _bytes_of(text: str, data: Optional[bytes]) -> bytes:
    """The bytes of an ASCII ``text``: ``data``, where the caller has them."""
    return text.encode("ascii") if data is None else data


#: Invisible, control and look-alike characters, for a text that NFKC leaves as it is.
_NON_ASCII_TRIGGER = re2.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
                                 "\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f"
                                 "\ufeff\uffa0\U000e0000-\U000e0fff\u0300-\u036f\u1ab0-\u1aff"
                                 "\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
                                 f"{_CONTROLS}\x1b{''.join(_LOOKALIKES)}]")


class Normalised:
    """A normalised text and the way back from its positions to the original's."""

    __slots__ = ("text", "_maps")

    def __init__(self, text: str, maps: List["_Map"]):
        self.text = text
        self._maps = maps  # applied last to first

    def start(self, position: int) -> int:
        for mapping in self._maps:
            position = mapping.start(position)
        return position

    def end(self, position: int) -> int:
        for mapping in self._maps:
            position = mapping.end(position)
        return position


class _Map:
    """Positions of one pass's output to its input: piecewise, identity between the pieces."""

    __slots__ = ("_starts", "_segments")

    def __init__(self, segments: List[Segment]):
        self._segments = segments
        self._starts = [s[0] for s in segments]

    def start(self, p: int) -> int:
        i = bisect_right(self._starts, p) - 1
        if i < 0:
            return p
        _, out_end, in_start, in_end = self._segments[i]
        return in_start if p < out_end else in_end + (p - out_end)

    def end(self, p: int) -> int:
        i = bisect_left(self._starts, p) - 1
        if i < 0:
            return p
        _, out_end, _, in_end = self._segments[i]
        return in_end if p <= out_end else in_end + (p - out_end)


def needs_normalising(text: str, controls: bool = True, data: Optional[bytes] = None) -> bool:
    """Whether ``text`` can wear a disguise at all; ``controls=False`` says the caller knows it
    holds no ASCII control character; ``data``: an ASCII text's bytes, if at hand. Fast:
    memchr-like searches, or one RE2 pass."""
    if text.isascii():
        return "\\" in text or "&" in text or "%" in text or _holds_control(text, controls, data)
    try:
        return (not unicodedata.is_normalized("NFKC", text) or "\\" in text or "&" in text
                or "%" in text or _NON_ASCII_TRIGGER.search(text) is not None)
    except UnicodeEncodeError:  # a lone surrogate: RE2 takes UTF-8 only, the full pass copes
        return True


#: What marks an ASCII text for ``normalise``: an escape's start or a control character
#: (ESC among them). No match can hold a line break, so none spans two texts joined by one.
TRIGGER_PATTERN = rb"\\[uUx]|&[#A-Za-z]|%[0-9A-Fa-f]{2}|" + _CONTROL_BYTE
_TRIGGER = re2.compile(TRIGGER_PATTERN)
#: Whether there is any: most notebooks hold none, and this asks at memory speed.
_ANY_TRIGGER = ByteClass(TRIGGER_PATTERN)


def disguised(texts: Sequence[str], datas: Sequence[bytes], joined: Optional[bytes] = None,
              starts: Optional[List[int]] = None, ascii: Optional[bool] = None) -> List[int]:
    """Indices of the ``texts`` (``datas``: the same in UTF-8; ``joined``: ``datas`` joined by
    line breaks, when the caller has it) that can wear a disguise or hold a URL escape: a
    superset of those ``normalise`` changes. Non-ASCII texts are all marked; the ASCII ones
    are told by one RE2 search over the texts joined (most texts of a notebook are plain ASCII
    with nothing to resolve), resumed at the next text after each one marked. ``starts``:
    where each text starts in ``joined`` (``literals.joined_starts``), when the caller has it;
    ``ascii``: whether they are all ASCII, when the caller knows."""
    if joined is None:
        joined = b"\n".join(datas)
    marked = [] if (joined.isascii() if ascii is None else ascii) else [i for i, text in enumerate(texts) if not text.isascii()]
    found = _TRIGGER.search(joined) if _ANY_TRIGGER.found(joined) else None
    if found is None:
        return marked
    if starts is None:
        starts = joined_starts(datas)
    triggered = []
    while found is not None:
        unit = bisect_right(starts, found.start()) - 1
        triggered.append(unit)
        if unit + 1 >= len(starts):
            break
        found = _TRIGGER.search(joined, starts[unit + 1])
    if not marked:
        return triggered
    return sorted(set(marked).union(triggered))


def normalise(text: str, controls: bool = True, data: Optional[bytes] = None) -> Optional[Normalised]:
    """``text`` with its disguises taken off, or None when there are none. ``data``: ``text``
    in UTF-8, when the caller has it (an ASCII text is then not encoded again)."""
    # an ASCII text's bytes, read by the searches for its starts and its controls
    data = _bytes_of(text, data) if text.isascii() else None
    if not needs_normalising(text, controls, data):
        return None
    maps: List[_Map] = []
    starts = _escape_starts(text, data)
    if starts is not None:
        escaped = _replaced(text, starts.search, _ESCAPE, _unescape)
        if escaped is not None:
            text, segments = escaped
            maps.append(_Map(segments))
            data = text.encode("ascii") if text.isascii() else None
    if text.isascii():
        if not _holds_control(text, controls, data):
            return Normalised(text, maps[::-1]) if maps else None  # no character to take off
        characters = _HIDDEN_OR_LOOKALIKE
    elif unicodedata.is_normalized("NFKC", text):
        if not _hidden_or_lookalike(text):  # one search, not a try at each non-ASCII character
            return Normalised(text, maps[::-1]) if maps else None
        characters = _HIDDEN_OR_LOOKALIKE  # only invisible and look-alike characters to find
    else:
        characters = _CHARACTERS
    plain = _replaced(text, _character_starts(text, data).search, characters, _plain_character)
    if plain is not None:
        text, segments = plain
        maps.append(_Map(segments))
    if not maps:
        return None
    return Normalised(text, maps[::-1])


#: Where an escape that ``_ESCAPE`` resolves can start, one pattern for each character that
#: starts one (an escaped backslash resolves to itself, but is a start: it hides the next
#: character). A backslash that starts none (the ``\n`` of JSON text, LaTeX) is skipped in the
#: search, not tried one by one. In ASCII text all are found in one pass over its bytes; in
#: other text by ``re``, each pattern beginning with its literal character (found by a fast
#: scan), where one pattern with three branches would try each at every character (20 MB/s).
_ESCAPE_START_PATTERNS = {"\\": (r"\\[uUx\\]", 2), "&": (r"&[#A-Za-z]", 2), "%": (r"%[0-9A-Fa-f]{2}", 3)}
_ESCAPE_STARTS = {char: re.compile(pattern) for char, (pattern, _) in _ESCAPE_START_PATTERNS.items()}
#: The same patterns, with the number of bytes each matches.
_ESCAPE_START_BYTES = FixedStarts({pattern.encode("ascii"): width
                                   for pattern, width in _ESCAPE_START_PATTERNS.values()})


def _hidden_or_lookalike(text: str) -> bool:
    """Whether a text that NFKC leaves as it is holds a character ``_HIDDEN_OR_LOOKALIKE``
    takes off (the same characters as _NON_ASCII_TRIGGER); a lone surrogate: maybe."""
    try:
        return _NON_ASCII_TRIGGER.search(text) is not None
    except UnicodeEncodeError:  # RE2 takes UTF-8 only
        return True


def _escape_starts(text: str, data: Optional[bytes] = None) -> Optional[_FoundStarts]:
    """Where an escape can start, or None: nowhere (``data``: an ASCII text's bytes, if at
    hand). A match of one kind holds no character that starts another, and a pair of
    backslashes is one start, as the escape pass reads them: so starts found one after
    another (none inside another) are all it needs."""
    if not ("\\" in text or "&" in text or "%" in text):
        return None
    if text.isascii():
        found = _ESCAPE_START_BYTES.starts(_bytes_of(text, data))
    else:
        found = sorted(found.start() for char, pattern in _ESCAPE_STARTS.items()
                       if char in text for found in pattern.finditer(text))
    return _FoundStarts(found) if found else None


def _replaced(text: str, starts: Callable[[str, int], Optional[int]], pattern: "re.Pattern[str]",
              replace: Callable[["re.Match[str]"], Optional[str]]) -> Optional[Tuple[str, List[Segment]]]:
    """``text`` with each piece ``pattern`` matches (where ``starts`` says one can begin)
    replaced, and the segments that map the result back; None when nothing changed."""
    pieces: List[str] = []
    segments: List[Segment] = []
    cursor = shift = position = 0
    while True:
        candidate = starts(text, position)
        if candidate is None:
            break
        found = pattern.match(text, candidate)
        if found is None or found.end() == found.start():
            position = candidate + 1
            continue
        position = found.end()
        new = replace(found)
        if new is None:
            continue
        begin, end = found.span()
        pieces.append(text[cursor:begin])
        pieces.append(new)
        segments.append((begin + shift, begin + shift + len(new), begin, end))
        shift += len(new) - (end - begin)
        cursor = end
    if not segments:
        return None
    pieces.append(text[cursor:])
    return "".join(pieces), segments


def _unescape(found: "re.Match[str]") -> Optional[str]:
    high, low, u4, u8, x2, decimal, hexadecimal, entity, percent = found.groups()
    if high:
        return chr(0x10000 + ((int(high, 16) - 0xD800) << 10) + (int(low, 16) - 0xDC00))
    if u4 or u8 or x2 or decimal or hexadecimal:
        code = int(decimal, 10) if decimal else int(u4 or u8 or x2 or hexadecimal, 16)
        return chr(code) if code < 0x110000 and not 0xD800 <= code < 0xE000 else None
    if entity:
        from html.entities import html5  # imported when the first entity is met

        return html5.get(entity)
    if percent:
        try:
            return unquote_to_bytes(percent).decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None  # an escaped backslash stays as it is


def _plain_character(found: "re.Match[str]") -> Optional[str]:
    if found.lastgroup == "hidden":
        return ""
    return _plain(found.group())


@lru_cache(maxsize=4096)
def _plain(char: str) -> Optional[str]:
    """The ASCII-or-canonical character ``char`` stands for, None when it stands for itself."""
    if char in _LOOKALIKES:
        return _LOOKALIKES[char]
    if unicodedata.category(char) in ("Cf", "Mn", "Me"):
        return ""  # format characters and marks outside the ranges above
    folded = unicodedata.normalize("NFKC", char)
    return None if folded == char else folded
