"""Keyword prefilter: one linear pass tells which rules can match at all.

The same pass looks for the keywords in base64 and hex form, so the costlier search for
encoded tokens runs only on texts that can hold an encoded secret. The pass is a literal
multi-pattern search: Hyperscan when it is installed (several GB/s), else an RE2 set.
"""
from __future__ import annotations

import base64
from typing import Dict, FrozenSet, Iterator, List, Sequence, Set, Tuple

from .rule import Rule
from .literals import literal_matcher

#: A keyword as the prefilter holds it: its text, and whether case matters.
Keyword = Tuple[str, bool]
#: Encoded forms shorter than these occur by chance too often (in digests, in image data) to
#: be worth a gate: a base64 form of 4 characters, a hex form of a 4-byte keyword.
_MIN_BASE64_FORM = 4
_MIN_HEX_FORM = 8


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
        if len(form) >= _MIN_BASE64_FORM:
            yield form
            yield form.replace(b"+", b"-").replace(b"/", b"_")


def encoded_forms(keywords: Sequence[Keyword]) -> Dict[bytes, str]:
    """{literal: "base64" | "hex"} for every case variant of every keyword."""
    forms: Dict[bytes, str] = {}
    for keyword in keywords:
        for raw in _case_variants(keyword):
            for form in _base64_forms(raw):
                forms[form] = "base64"
            if len(raw) * 2 >= _MIN_HEX_FORM:
                forms[raw.hex().encode()] = "hex"
                forms[raw.hex().upper().encode()] = "hex"
    return forms


class KeywordPrefilter:
    """Searches every rule keyword, and its encoded forms, in one pass.

    The search reports every literal that occurs, overlapping ones included, so a rule is
    never skipped because another keyword matched at the same place.
    """

    def __init__(self, rules: Sequence[Rule], prefer_hyperscan: bool = True):
        keywords: Dict[Keyword, List[int]] = {}
        for index, rule in enumerate(rules):
            for text in rule.keywords:
                keywords.setdefault((text, rule.case_sensitive_keywords), []).append(index)
        self._rules_by_literal: List[List[int]] = list(keywords.values())
        forms = encoded_forms(list(keywords))
        self._encoding_by_literal: List[str] = list(forms.values())
        # keyword ends place the search windows of long texts; an encoded form only opens a gate
        literals = [(text.encode("utf-8"), not exact, True) for text, exact in keywords]
        literals += [(form, False, False) for form in forms]
        self._matcher = literal_matcher(literals, prefer_hyperscan)

    @property
    def backend(self) -> str:
        return self._matcher.name

    def scan(self, data: bytes) -> Tuple[List[int], FrozenSet[str]]:
        """(indices of the rules whose keywords occur, encodings whose keyword forms occur)."""
        ends, encodings = self.hits(data)
        return sorted(ends), encodings

    def hits(self, data: bytes) -> Tuple[Dict[int, List[int]], FrozenSet[str]]:
        """({rule index: where its keywords end in ``data``, or [UNKNOWN]}, encodings found)."""
        ends: Dict[int, List[int]] = {}
        encodings = set()
        plain = len(self._rules_by_literal)
        for index, end in self._matcher.occurrences(data):
            if index < plain:
                for rule in self._rules_by_literal[index]:
                    ends.setdefault(rule, []).append(end)
            else:
                encodings.add(self._encoding_by_literal[index - plain])
        return ends, frozenset(encodings)
