"""Which of many literals occur in a text: the one primitive the prefilter needs.

Two interchangeable matchers: Hyperscan (optional, x86-64 only) and an RE2 set (always there).
Both report each literal at most once per text; both are linear in the text.
"""
from __future__ import annotations

from typing import Collection, List, Sequence, Tuple

import re2

#: (literal bytes, case-insensitive?)
Literal = Tuple[bytes, bool]


class Re2Literals:
    name = "re2"

    def __init__(self, literals: Sequence[Literal]):
        self._set = re2.Set.SearchSet()
        for text, caseless in literals:
            self._set.Add((b"(?i)" if caseless else b"") + re2.escape(text))
        self._set.Compile()

    def present(self, data: bytes) -> Collection[int]:
        return self._set.Match(data) or ()


class HyperscanLiterals:
    name = "hyperscan"

    def __init__(self, literals: Sequence[Literal]):
        import hyperscan

        once = hyperscan.HS_FLAG_SINGLEMATCH
        self._db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        self._db.compile(expressions=[text for text, _ in literals], ids=list(range(len(literals))),
                         elements=len(literals), literal=True,
                         flags=[once | (hyperscan.HS_FLAG_CASELESS if caseless else 0)
                                for _, caseless in literals])

    def present(self, data: bytes) -> Collection[int]:
        found: List[int] = []
        self._db.scan(data, match_event_handler=lambda index, *_: found.append(index))
        return found


def literal_matcher(literals: Sequence[Literal], prefer_hyperscan: bool = True):
    """Hyperscan when it is installed and wanted, else RE2."""
    if prefer_hyperscan:
        try:
            return HyperscanLiterals(literals)
        except ImportError:
            pass
    return Re2Literals(literals)
