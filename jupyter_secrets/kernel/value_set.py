"""The secret values a kernel has fetched, compiled once for search. Immutable.

Two threads send kernel messages, so this object is never changed: adding a value builds a new
set, which the owner swaps in with one attribute assignment. The search itself is compiled on
first use (once per set, under a lock that guards no I/O), so fetching a hundred secrets in one
cell compiles once.

What is searched: each value's encodings (`variants`, base64, base32, hex) whole, and every
fragment of the value, reversed and in rot13 (`jupyter_secrets.fragments`), all lowercase, in
the text with case ignored; then the same in two views that undo a separator between characters
(one character, repeated: `' '.join(v)`) and the zero bytes of UTF-16/32. An Aho-Corasick
automaton (pyahocorasick) gives every place, and overlapping places of one value merge into one
marker.

Every output goes through here, so the common case (nothing found) is kept cheap: ASCII text is
searched as it is, case folded by Hyperscan, and lowered only once something was found; a view
without separators is searched only where the other view holds a run of one character long
enough to separate the shortest pattern.
"""
from __future__ import annotations

import functools
import logging
import sys
import threading
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

from jupyter_secrets import fragments
from jupyter_secrets.detection.hyperscan_scratch import ThreadScratch

from .variants import variants

log = logging.getLogger(__name__)

Span = Tuple[int, int, int]  # start, end, index of the entry


class _Search:
    """The compiled patterns of one ValueSet: an Aho-Corasick automaton that gives every place,
    behind Hyperscan's literal matcher, which answers "anything here?" several times faster
    where it is installed (Linux on x86-64)."""

    def __init__(self, patterns: Dict[str, int]):
        import ahocorasick

        self.automaton = ahocorasick.Automaton()
        for pattern, index in patterns.items():
            self.automaton.add_word(pattern, (len(pattern), index))
        self.automaton.make_automaton()
        self.database = _literal_database(list(patterns))
        shortest = min(map(len, patterns))
        #: Literals whose absence from one separator view proves that the other view holds no
        #: separated pattern (None: always search both views).
        self.runs = _run_database(shortest - 1) if self.database is not None else None

    def spans(self, text: str) -> List[Span]:
        """Every place of a pattern in `text`: ASCII text as it is (the search ignores case),
        any other text lowercased already (`_lowered`)."""
        if self.database is not None and not _found(self.database, text):
            return []  # nothing found: the common case and the fast one
        lowered = text.lower() if text.isascii() else text  # ASCII: same length, offsets hold
        return [(end + 1 - length, end + 1, index)
                for end, (length, index) in self.automaton.iter(lowered)]

    def separated_views(self, seen: str) -> List[Tuple[str, int]]:
        """(view, offset) of `seen` read every second character, for values printed with one
        repeated character between theirs; a view is left out when the other one holds no
        run of one character as long as the separators of the shortest pattern."""
        if self.runs is None or not seen.isascii() or fragments.NUL in seen:
            # a separator the runs do not list
            return [(view, offset) for view, offset, _ in fragments.strided(seen)]
        halves = _every_second_character(seen)
        return [(halves[offset].decode("ascii"), offset) for offset in (0, 1)
                if _found(self.runs, halves[1 - offset])]


def _every_second_character(text: str) -> Tuple[bytes, bytes]:
    """The bytes of ASCII `text[0::2]` and `text[1::2]`; by numpy where the kernel has loaded
    it already (a strided copy twice as fast as slicing), never importing it here."""
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        try:
            array = numpy.frombuffer(text.encode("ascii"), dtype=numpy.uint8)
            return array[0::2].tobytes(), array[1::2].tobytes()
        except Exception:  # a numpy half torn down, or too old: slice the text
            log.debug("numpy could not slice an output; sliced as text", exc_info=True)
    return text[0::2].encode("ascii"), text[1::2].encode("ascii")


def _found(database: Any, text: Union[str, bytes]) -> bool:
    """Whether any literal of a (per-thread scratch) Hyperscan database occurs in `text`."""
    import hyperscan

    data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    try:
        database.scan(data, match_event_handler=_stop_at_first)
    except hyperscan.ScanTerminated:
        return True
    return False


def _stop_at_first(pattern_id: int, start: int, end: int, flags: int, context: object) -> bool:
    return True  # stops the scan: one match is enough to ask the automaton


def _literal_database(patterns: List[str]):
    try:
        import hyperscan
    except ImportError:  # no wheel for this platform: the automaton alone
        return None
    return _compiled([p.encode("utf-8", "surrogatepass") for p in patterns])


@functools.lru_cache(maxsize=8)
def _run_database(length: int):
    """Runs of `length` times one ASCII character, any case: what separates a pattern of
    `length + 1` characters in the view beside it. None where a run is too short to rule out
    anything. The zero byte is not listed (Hyperscan's literals end at one): a text holding
    it has both views searched."""
    if length < 2:
        return None
    return _compiled([bytes([code]) * length for code in range(1, 128)])


def _compiled(literals: List[bytes]):
    import hyperscan

    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    # patterns are lowercase; the text is not lowered first (ASCII case only, as `str.lower`
    # of ASCII text; other text is lowered before the search)
    flags = hyperscan.HS_FLAG_SINGLEMATCH | hyperscan.HS_FLAG_CASELESS
    database.compile(expressions=literals, ids=list(range(len(literals))),
                     flags=[flags] * len(literals), literal=True)
    return ThreadScratch(database)  # the shell and IOPub threads both send


class ValueSet:
    """Values with their encodings and fragments: finds and replaces them, and knows how they
    start."""

    def __init__(self, entries: Tuple[Tuple[str, str], ...] = (),
                 marker: Callable[[str], str] = lambda name: f"[REDACTED:{name}]",
                 min_length: int = 1, _base: Optional["ValueSet"] = None):
        self.entries = entries
        self.marker = marker
        self.min_length = min_length
        # a set made by with_value starts from its parent's patterns: adding is linear
        patterns: Dict[str, int] = dict(_base._patterns) if _base else {}
        starts: Dict[str, int] = dict(_base._starts) if _base else {}
        for index in range(len(_base.entries) if _base else 0, len(entries)):
            value = entries[index][1]
            for form in variants(value, min_length):
                lowered = form.lower()
                patterns.setdefault(lowered, index)
                for length in range(1, len(lowered)):
                    starts.setdefault(lowered[:length], index)
            for window in fragments.windows(value, encoded_whole=True):
                patterns.setdefault(window, index)
        self._patterns = patterns
        self._starts = starts
        self._longest = max((len(p) for p in patterns), default=0)
        self._search: Optional[_Search] = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, value: object) -> bool:
        return any(value == known for _, known in self.entries)

    def with_value(self, name: str, value: str) -> "ValueSet":
        """A new set that also holds `value` (the same set if it already does)."""
        if value in self or len(value) < self.min_length:
            return self
        return ValueSet(self.entries + ((name, value),), self.marker, self.min_length, _base=self)

    def compiled(self) -> Optional[_Search]:
        if self._search is None and self._patterns:
            with self._lock:
                if self._search is None:
                    self._search = _Search(self._patterns)
        return self._search

    # -- text --------------------------------------------------------------------------------

    def spans(self, text: str) -> List[Span]:
        """Where values, their encodings and their fragments stand in `text`, merged."""
        search = self.compiled()
        if search is None or not text:
            return []
        # ASCII as it is (the search folds case); other text lowered, one character for each
        # of `text`, so offsets hold
        seen = text if text.isascii() else _lowered(text)
        found = search.spans(seen)
        if len(text) >= 2 * fragments.MIN_FRAGMENT:
            for view, offset in search.separated_views(seen):
                found += [(offset + start * 2, offset + (end - 1) * 2 + 1, index)
                          for start, end, index in search.spans(view)]
        if _holds_escape(text, fragments.NUL_ESCAPE):
            found += _mapped(search, _lowered(text), fragments.NUL_ESCAPE)
        return _merged(found)

    def redact(self, text: str, spans: Optional[List[Span]] = None) -> str:
        """`text` with every known form and fragment of every value replaced by its marker
        (at `spans`, when `self.spans(text)` gave them already)."""
        spans = self.spans(text) if spans is None else spans
        if not spans:
            return text
        pieces, last = [], 0
        for start, end, index in spans:
            pieces.append(text[last:start])
            pieces.append(self.marker(self.entries[index][0]))
            last = end
        pieces.append(text[last:])
        return "".join(pieces)

    # -- bytes -------------------------------------------------------------------------------

    def byte_spans(self, data: bytes) -> List[Span]:
        """Where values stand in binary data: their UTF-8 bytes, their encodings in ASCII, and
        their UTF-16/32 bytes (zero bytes skipped)."""
        if self.compiled() is None or not data:
            return []
        text = data.decode("latin-1")  # one character per byte: offsets stay byte offsets
        found = self.spans(text)
        if fragments.NUL in text:
            found = _merged(found + _mapped(self.compiled(), _lowered(text), fragments.NUL))
        return found

    def redact_bytes(self, data: bytes) -> Tuple[bytes, List[str]]:
        """`data` with the bytes of each place overwritten by `*` (same length, so offsets in
        a binary format stay valid), and the names found."""
        spans = self.byte_spans(data)
        if not spans:
            return data, []
        out = bytearray(data)
        for start, end, _ in spans:
            out[start:end] = b"*" * (end - start)
        return bytes(out), sorted({self.entries[index][0] for _, _, index in spans})

    # -- streams -----------------------------------------------------------------------------

    def held_back(self, text: str) -> int:
        """Length of the longest end of `text` that could be the start of a value's form: the
        part to keep until the next write shows whether the value continues there."""
        if not self._starts:
            return 0
        for length in range(min(self._longest - 1, len(text)), 0, -1):
            if text[-length:].lower() in self._starts:
                return length
        return 0

    def masked_start(self, held: str) -> str:
        """What to forward of a held end when the rest of the value never came: its marker if
        it is the start of a value and long enough to be redacted, else the text itself."""
        index = self._starts.get(held.lower())
        if index is None or len(held) < fragments.MIN_FRAGMENT:
            return held
        return self.marker(self.entries[index][0])


def _holds_escape(text: str, escape: str) -> bool:
    """Whether `text` holds `escape` in either case (`.upper()` of a bytes repr), looked for
    from the first backslash only, which a single-character find gives at memchr speed: most
    outputs have none."""
    first = text.find(escape[0])
    return first >= 0 and (text.find(escape, first) >= 0
                           or text.find(escape.upper(), first) >= 0)


def _lowered(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # a few characters lowercase to two ('İ'): keep those as they are, so offsets hold
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _mapped(search: _Search, text: str, nul: str) -> List[Span]:
    found = search.spans(fragments.without(text, nul))
    if not found:
        return []
    kept = fragments.kept_offsets(text, nul)
    return [(kept[start], kept[end - 1] + 1, index) for start, end, index in found]


def _merged(spans: List[Span]) -> List[Span]:
    """Overlapping or touching places as one, named after the value of the longest of them."""
    if len(spans) < 2:
        return spans
    spans.sort()
    merged: List[Span] = []
    best = 0
    for start, end, index in spans:
        if merged and start <= merged[-1][1]:
            last_start, last_end, last_index = merged[-1]
            if end - start > best:
                best, last_index = end - start, index
            merged[-1] = (last_start, max(end, last_end), last_index)
        else:
            merged.append((start, end, index))
            best = end - start
    return merged
