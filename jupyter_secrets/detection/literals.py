"""Which of many literals occur in a text: the one primitive the prefilter needs.

Two interchangeable matchers: Hyperscan (optional, x86-64 only) and an RE2 set (always there).
Both are linear in the text. ``occurrences`` reports where literals end, every time for those
marked ``every`` (Hyperscan only: an RE2 set knows that a literal occurs, not where: -1).
"""
from __future__ import annotations

from itertools import accumulate
from operator import add
from typing import List, Sequence, Tuple

import re2

from .hyperscan_scratch import ThreadScratch

#: (literal bytes, case-insensitive?, report every occurrence?)
Literal = Tuple[bytes, bool, bool]
#: Where a literal ends in the text, or -1 when the matcher cannot tell.
UNKNOWN = -1


class Re2Literals:
    name = "re2"
    #: An RE2 set tells which literals occur, not where.
    positions = False

    def __init__(self, literals: Sequence[Literal]):
        self._set = re2.Set.SearchSet()
        for text, caseless, _ in literals:
            self._set.Add((b"(?i)" if caseless else b"") + re2.escape(text))
        self._set.Compile()

    def occurrences(self, data: bytes) -> List[Tuple[int, int]]:
        return [(index, UNKNOWN) for index in self._set.Match(data) or ()]


class HyperscanLiterals:
    name = "hyperscan"
    positions = True

    def __init__(self, literals: Sequence[Literal], database=None):
        import hyperscan

        if database is not None:  # a database read back by ``deserialize``
            self._db = database
        else:
            self._db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
            self._db.compile(expressions=[text for text, _, _ in literals],
                             ids=list(range(len(literals))), elements=len(literals), literal=True,
                             flags=[(0 if every else hyperscan.HS_FLAG_SINGLEMATCH)
                                    | (hyperscan.HS_FLAG_CASELESS if caseless else 0)
                                    for _, caseless, every in literals])
        self._scratch = ThreadScratch(self._db)

    def serialize(self) -> bytes:
        import hyperscan

        return hyperscan.dumpb(self._db)

    @classmethod
    def deserialize(cls, data: bytes) -> "HyperscanLiterals":
        """A matcher from ``serialize``'s bytes. Raises hyperscan.error on bytes Hyperscan
        does not accept (another version, another CPU, corruption)."""
        import hyperscan

        database = hyperscan.loadb(data, hyperscan.HS_MODE_BLOCK)
        database.scratch = hyperscan.Scratch(database)
        return cls((), database)

    def occurrences(self, data: bytes) -> List[Tuple[int, int]]:
        found: List[Tuple[int, int]] = []
        self._scratch.scan(data, match_event_handler=lambda index, _, end, *__: found.append((index, end)))
        return found


def joined_starts(datas: Sequence[bytes]) -> List[int]:
    """Where each of ``datas`` starts in ``b"\\n".join(datas)``; C-level loops only, since a
    folder scan joins thousands of texts."""
    if not datas:
        return []
    ends = accumulate(map(len, datas[:-1]), initial=0)  # each start, less its separators
    return list(map(add, ends, range(len(datas))))


def literal_matcher(literals: Sequence[Literal], prefer_hyperscan: bool = True):
    """Hyperscan when it is installed and wanted, else RE2."""
    if prefer_hyperscan:
        try:
            return HyperscanLiterals(literals)
        except ImportError:
            pass
    return Re2Literals(literals)
