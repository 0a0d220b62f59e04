"""Keyword prefilter: one linear pass tells which rules can match at all."""
from __future__ import annotations

from typing import Dict, List, Sequence

import re2

from .rule import Rule


class KeywordPrefilter:
    """Runs every rule keyword as one RE2 set over the text (a single DFA pass).

    A set reports every keyword that occurs, overlapping ones included, so a rule is never
    skipped because another keyword matched at the same place.
    """

    def __init__(self, rules: Sequence[Rule]):
        keywords: Dict[str, List[int]] = {}
        for index, rule in enumerate(rules):
            for keyword in rule.keywords:
                keywords.setdefault(keyword, []).append(index)
        self._rules_by_keyword: List[List[int]] = list(keywords.values())
        self._set = re2.Set.SearchSet()
        for keyword in keywords:
            self._set.Add(b"(?i)" + re2.escape(keyword.encode("utf-8")))
        self._set.Compile()

    def triggered(self, data: bytes) -> List[int]:
        """Indices of the rules whose keywords occur in ``data``, in rule order."""
        hits = self._set.Match(data)
        if not hits:
            return []
        rules = set()
        for keyword_index in hits:
            rules.update(self._rules_by_keyword[keyword_index])
        return sorted(rules)
