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
        self.run_length = shortest - 1
        self.runs = _run_database(self.run_length) if self.database is not None else None

    def spans(self, text: str, data: Optional[bytes] = None) -> List[Span]:
        """Every place of a pattern in `text`: ASCII text as it is (the search ignores case),
        any other text lowercased already (`_lowered`); `data`: its ASCII bytes, if at hand."""
        if self.database is not None and not _found(self.database, text if data is None else data):
            return []  # nothing found: the common case and the fast one
        lowered = text.lower() if text.isascii() else text  # ASCII: same length, offsets hold
        return [(end + 1 - length, end + 1, index)
                for end, (length, index) in self.automaton.iter(lowered)]

    def separated_views(self, seen: str, data: Optional[bytes] = None) -> List[Tuple[str, int]]:
        """(view, offset) of `seen` read every second character, for values printed with one
        repeated character between theirs; a view is left out when the other one holds no
        run of one character as long as the separators of the shortest pattern. `data`: the
        ASCII bytes of `seen`, if at hand."""
        if self.runs is None or not seen.isascii() or fragments.NUL in seen:
            # a separator the runs do not list
            return [(view, offset) for view, offset, _ in fragments.strided(seen)]
        data = seen.encode("ascii") if data is None else data
        separated = _halves_with_runs(data, self.runs, self.run_length)
        if separated is None:  # no proof either way without building the halves
            halves = _every_second_character(data)
            separated = [index for index in (0, 1) if _found(self.runs, halves[index])]
        elif not separated:
            return []
        else:
            halves = _every_second_character(data)
        return [(halves[offset].decode("ascii"), offset) for offset in (0, 1)
                if 1 - offset in separated]


#: Byte masks of the eight bytes of a row read as a little-endian uint64, after `row ^ (row >> 16)`
#: (byte k: byte k of the row against byte k + 2): bytes 0, 2, 4 or bytes 1, 3, 5, bit 5 left
#: out so that letters of either case compare equal (as the runs database's caseless literals).
_EVEN_ROW = 0x000000DF00DF00DF
_ODD_ROW = 0x0000DF00DF00DF00
#: Beyond this many rows to look at again (and this share of all), the halves are built instead.
_MOST_CANDIDATES = 64, 1 / 256


def _halves_with_runs(data: bytes, runs: Any, length: int) -> Optional[List[int]]:
    """Which halves of ASCII `data` (0: `data[0::2]`, 1: `data[1::2]`) hold a run of `length`
    times one character, found without building the halves; None where that is not cheaper.

    A run of 7 or more at stride 2 holds four characters at q, q + 2, q + 4, q + 6 with q a
    multiple of 8, or one more: of the run's first four characters, one stands at each of
    the four places of its parity in a row of 8 bytes. So the text is read as rows of 8 bytes
    (numpy, where the kernel has loaded it; no copy of the text), the few rows that hold such
    four characters found by vector operations, and only the text around them read as halves."""
    numpy = sys.modules.get("numpy")
    if numpy is None or length < 7 or len(data) < 64:
        return None
    try:
        starts = _candidate_rows(numpy, data)
    except Exception:  # a numpy half torn down, or too old: the halves
        log.debug("numpy could not read an output as rows; halves built", exc_info=True)
        return None
    if starts is None:
        return None
    starts.append(len(data) // 8 - 1)  # the last bytes, after the last row read: as they are
    # the text around each, as its halves; a zero byte between windows ends any run there
    windows = [data[max(0, row * 8 - 2 * length):row * 8 + 8 + 2 * length] for row in starts]
    # each window starts at an even offset, so its halves are the text's
    return [half for half in (0, 1)
            if windows and _found(runs, b"\0".join(window[half::2] for window in windows))]


#: Rows of 8 bytes read at once (1 MB): buffers kept per thread, so no fresh pages to fault in
#: for each output (an array as large as a 10 MB output costs more to allocate than to fill),
#: and few enough blocks that the calls into numpy cost little beside the work.
_ROWS_AT_ONCE = 131072
_row_buffers = threading.local()


def _candidate_rows(numpy: Any, data: bytes) -> Optional[List[int]]:
    """The rows of `data` whose bytes 0, 2, 4, 6 or 1, 3, 5, 7 are one character (either case);
    None where they are too many to look at one by one."""
    rows = numpy.frombuffer(data, dtype="<u8", count=len(data) // 8 - 1)
    # the same rows two bytes on: byte k of `ahead` is byte k + 2 of the row
    ahead = numpy.frombuffer(data, dtype="<u8", count=len(rows), offset=2)
    buffers = getattr(_row_buffers, "arrays", None)
    if buffers is None:
        buffers = _row_buffers.arrays = (numpy.empty(_ROWS_AT_ONCE, "<u8"),
                                         numpy.empty(_ROWS_AT_ONCE, "<u8"))
    even_bytes, odd_bytes = numpy.uint64(_EVEN_ROW), numpy.uint64(_ODD_ROW)
    most = _MOST_CANDIDATES[0] + len(rows) * _MOST_CANDIDATES[1]
    starts: List[int] = []
    for first in range(0, len(rows), _ROWS_AT_ONCE):
        block = rows[first:first + _ROWS_AT_ONCE]
        differences, odd = (buffer[:len(block)] for buffer in buffers)
        # byte k of a difference: byte k of the row against byte k + 2
        numpy.bitwise_xor(block, ahead[first:first + len(block)], out=differences)
        numpy.bitwise_and(differences, odd_bytes, out=odd)
        numpy.bitwise_and(differences, even_bytes, out=differences)
        # zero where the even or the odd bytes of a row are one character
        numpy.minimum(differences, odd, out=differences)
        if not differences.all():
            starts += (numpy.flatnonzero(differences == 0) + first).tolist()
            if len(starts) > most:
                return None
    return starts


def _every_second_character(data: bytes) -> Tuple[bytes, bytes]:
    """`data[0::2]` and `data[1::2]`; by numpy where the kernel has loaded it already (a
    strided copy twice as fast as slicing), never importing it here."""
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        try:
            array = numpy.frombuffer(data, dtype=numpy.uint8)
            return array[0::2].tobytes(), array[1::2].tobytes()
        except Exception:  # a numpy half torn down, or too old: slice the bytes
            log.debug("numpy could not slice an output; sliced as bytes", exc_info=True)
    return data[0::2], data[1::2]


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
        ascii = text.isascii()
        seen = text if ascii else _lowered(text)
        data = text.encode("ascii") if ascii and search.database is not None else None  # once
        found = search.spans(seen, data)
        if len(text) >= 2 * fragments.MIN_FRAGMENT:
            for view, offset in search.separated_views(seen, data):
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
