"""Keyword prefilter: one linear pass tells which rules can match at all.

The same pass looks for the keywords in base64 and hex form, so the costlier search for
encoded tokens runs only on texts that can hold an encoded secret.
"""
from __future__ import annotations

import base64
from typing import Dict, FrozenSet, Iterator, List, Sequence, Set, Tuple

import re2

from .rule import Rule

#: Encoded forms shorter than this occur by chance too often to be worth a gate.
_MIN_FORM = 3


#: A keyword as the prefilter holds it: its text, and whether case matters.
Keyword = Tuple[str, bool]


def _case_variants(keyword: Keyword) -> Set[bytes]:
    text, exact = keyword
    variants = (text,) if exact else (text, text.upper(), text[:1].upper() + text[1:])
    return {v.encode("utf-8") for v in variants}


def _base64_forms(raw: bytes) -> Iterator[bytes]:
    """The base64 characters that depend on ``raw`` alone, at each of the three alignments."""
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + raw)
        first = -(-8 * offset // 6)  # the first character holding no bit of the padding
        last = 8 * (offset + len(raw)) // 6
        form = encoded[first:last]
        if len(form) >= _MIN_FORM:
            yield form
            yield form.replace(b"+", b"-").replace(b"/", b"_")


def encoded_forms(keywords: Sequence[Keyword]) -> Dict[bytes, str]:
    """{literal: "base64" | "hex"} for every case variant of every keyword."""
    forms: Dict[bytes, str] = {}
    for keyword in keywords:
        for raw in _case_variants(keyword):
            for form in _base64_forms(raw):
                forms[form] = "base64"
            forms[raw.hex().encode()] = "hex"
            forms[raw.hex().upper().encode()] = "hex"
    return forms


class KeywordPrefilter:
    """Runs every rule keyword, and its encoded forms, as one RE2 set (a single DFA pass).

    A set reports every pattern that occurs, overlapping ones included, so a rule is never
    skipped because another keyword matched at the same place.
    """

    def __init__(self, rules: Sequence[Rule]):
        keywords: Dict[Keyword, List[int]] = {}
        for index, rule in enumerate(rules):
            for text in rule.keywords:
                keywords.setdefault((text, rule.case_sensitive_keywords), []).append(index)
        self._rules_by_pattern: List[List[int]] = list(keywords.values())
        self._set = re2.Set.SearchSet()
        for text, exact in keywords:
            self._set.Add((b"" if exact else b"(?i)") + re2.escape(text.encode("utf-8")))
        self._encoding_by_pattern: List[str] = []
        for form, encoding in encoded_forms(list(keywords)).items():
            self._set.Add(re2.escape(form))
            self._encoding_by_pattern.append(encoding)
        self._set.Compile()

    def scan(self, data: bytes) -> Tuple[List[int], FrozenSet[str]]:
        """(indices of the rules whose keywords occur, encodings whose keyword forms occur)."""
        hits = self._set.Match(data)
        if not hits:
            return [], frozenset()
        rules, encodings, plain = set(), set(), len(self._rules_by_pattern)
        for index in hits:
            if index < plain:
                rules.update(self._rules_by_pattern[index])
            else:
                encodings.add(self._encoding_by_pattern[index - plain])
        return sorted(rules), frozenset(encodings)
