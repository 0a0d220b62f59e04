"""Whether bytes hold any character of a class, and where short fixed patterns start, at
memory speed.

Python's re searches a character class (or a pattern that starts with one of several
characters) at tens of MB/s; notebooks hold many MB of text and base64. Hyperscan does the
same at GB/s when installed; RE2 is the fallback.
"""
from __future__ import annotations

from typing import Dict, List, Optional

from .hyperscan_scratch import ThreadScratch


class ByteClass:
    """``found(data)``: whether ``data`` holds a byte of the class ``pattern`` (a regex)."""

    def __init__(self, pattern: bytes):
        self._pattern = pattern
        self._search = None

    def found(self, data: bytes) -> bool:
        if self._search is None:
            self._search = _hyperscan_search(self._pattern) or _re2_search(self._pattern)
        return self._search(data)


def _hyperscan_search(pattern: bytes) -> Optional[object]:
    try:
        import hyperscan
    except ImportError:
        return None
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(expressions=[pattern], ids=[0], elements=1, flags=[hyperscan.HS_FLAG_SINGLEMATCH])
    scratch = ThreadScratch(database)

    def search(data: bytes) -> bool:
        try:  # the first byte of the class stops the scan
            scratch.scan(data, match_event_handler=lambda *_: True)
        except hyperscan.ScanTerminated:
            return True
        return False
    return search


def _re2_search(pattern: bytes):
    import re2

    compiled = re2.compile(pattern)
    return lambda data: compiled.search(data) is not None


class FixedStarts:
    """``starts(data)``: where in ``data`` a match of any of ``patterns`` starts, in order. Each
    pattern (a regex of bytes) matches a fixed number of bytes, its value in ``patterns``:
    Hyperscan reads the data once and reports where each match ends, which that width turns
    into where it starts (overlapping matches all reported); else RE2 finds them one after
    another (a match starting inside an earlier one is not reported)."""

    def __init__(self, patterns: Dict[bytes, int]):
        self._patterns = patterns
        self._starts = None

    def starts(self, data: bytes) -> List[int]:
        if self._starts is None:
            self._starts = _hyperscan_starts(self._patterns) or _re2_starts(self._patterns)
        return self._starts(data)


def _hyperscan_starts(patterns: Dict[bytes, int]):
    try:
        import hyperscan
    except ImportError:
        return None
    expressions, widths = list(patterns), list(patterns.values())
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(expressions=expressions, ids=list(range(len(expressions))),
                     elements=len(expressions))
    scratch = ThreadScratch(database)

    def starts(data: bytes) -> List[int]:
        found: List[int] = []
        add = found.append
        scratch.scan(data, match_event_handler=lambda index, _start, end, _flags, _context:
                     add(end - widths[index]))
        if len(widths) > 1:  # ends in order; starts of patterns of different widths may not be
            found.sort()
        return found
    return starts


def _re2_starts(patterns: Dict[bytes, int]):
    import re2

    compiled = re2.compile(b"|".join(b"(?:" + pattern + b")" for pattern in patterns))
    return lambda data: [found.start() for found in compiled.finditer(data)]
