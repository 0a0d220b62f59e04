"""A tiny stand-alone runner that applies one rule exactly as the engine contract says:
keyword prefilter, RE2 over UTF-8 bytes, the ``secret`` group, then the engine's own
acceptance (entropy, generic filters, validators). Rule tests use it so that they test the
rules and not the rest of the engine (decoding, allowlists, overlaps)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import List, Sequence

import re2

from jupyter_secrets.detection.engine import accepts
from jupyter_secrets.detection.rule import Rule


@dataclass(frozen=True)
class Hit:
    rule_id: str
    secret: str
    matched: str  # the whole match, keywords included


@lru_cache(maxsize=None)
def compiled(pattern: str):
    return re2.compile(pattern.encode("utf-8"))


def keyword_present(rule: Rule, data: bytes) -> bool:
    """The engine's gate: keywords in any case, or exactly as written when the rule says so."""
    haystack = data if rule.case_sensitive_keywords else data.lower()
    return any(k.encode("utf-8") in haystack for k in rule.keywords)


def raw_matches(rule: Rule, text: str) -> List[Hit]:
    """Every match of the pattern, before any filter (and without the keyword gate)."""
    data = text.encode("utf-8")
    regex = compiled(rule.pattern)
    group = regex.groupindex.get(b"secret", 0)
    hits = []
    for found in regex.finditer(data):
        start, end = found.span(group)
        if start < 0 or start == end:
            continue
        hits.append(
            Hit(
                rule.id,
                data[start:end].decode("utf-8", "replace"),
                found.group(0).decode("utf-8", "replace"),
            )
        )
    return hits


def run_rule(rule: Rule, text: str) -> List[Hit]:
    if not keyword_present(rule, text.encode("utf-8")):
        return []
    return [hit for hit in raw_matches(rule, text) if accepts(rule, hit.secret)]


def run_rules(rules: Sequence[Rule], text: str) -> List[Hit]:
    return [hit for rule in rules for hit in run_rule(rule, text)]
