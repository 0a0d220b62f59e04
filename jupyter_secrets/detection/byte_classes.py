"""Whether bytes hold any character of a class, at memory speed.

Python's re searches a character class at tens of MB/s; notebooks hold many MB of text and
base64. Hyperscan does the same at GB/s when installed; RE2 is the fallback.
"""
from __future__ import annotations

from typing import Optional

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
