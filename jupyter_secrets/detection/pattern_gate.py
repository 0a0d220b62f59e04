"""Whole-pattern gate for the rules whose keywords are common words.

A rule keyed on "token", "key" or "http" gets a keyword hit every few hundred bytes of a log or
a printed table, and each hit costs a callback and a window of RE2. For these rules the
prefilter searches the rule's whole pattern instead, compiled by Hyperscan in prefilter mode:
it reports a superset of the pattern's match ends (never fewer), so RE2 runs only where the
whole pattern may match. A rule's window is placed around those ends as around keyword ends.

Semantics kept on the safe side: patterns are compiled multi-line (so ``^`` and ``$`` also
hold at the joins of a joined pass) and byte-wise, which on ASCII text gives RE2's UTF-8
matches; a text that is not ASCII is searched for the gated rules' keywords instead, as
before (compiling the patterns as UTF-8 takes minutes).
A rule Hyperscan cannot compile stays with its keywords. The database is kept on disk like the
keyword prefilter's; with the cache off there is no gate (compiling costs about a second).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from . import prefilter_cache
from .hyperscan_scratch import ThreadScratch


def _log(message: str, *args) -> None:
    import logging  # only when something is off: a clean scan never loads logging

    logging.getLogger(__name__).info(message, *args)


#: Rules whose keywords occur 50+ times per MB in text with no secret (a training log, Python
#: sources, package READMEs), measured with the keyword prefilter's hits per rule.
HOT_RULES = (
    "generic-token-assignment", "generic-env-assignment", "generic-cli-credential-flag",
    "generic-key-assignment", "generic-password-assignment", "generic-env-password",
    "generic-basic-auth-call", "generic-cli-user-password", "generic-environ-assignment",
    "generic-connection-string-password", "netrc-password", "http-basic-auth-url",
    "database-url-password", "airtable-pat", "woocommerce-consumer-key", "twilio-api-key",
    "resend-api-key", "infisical-service-token", "travis-ci-token", "coveralls-repo-token",
)
_MAGIC = b"jupyter-secrets pattern gate 3\n"
#: Lone surrogates, as ``surrogatepass`` encodes them: not UTF-8, so not for the gate.
_SURROGATE = re.compile(rb"\xed[\xa0-\xbf]")
#: Anchors to the whole text, which a joined pass would move: such rules keep their keywords.
_TEXT_ANCHORS = ("\\A", "\\z", "\\Z")


def is_utf8(data: bytes) -> bool:
    """Whether ``data`` (a str encoded with surrogatepass) is valid UTF-8."""
    return b"\xed" not in data or _SURROGATE.search(data) is None


class PatternGate:
    """Candidate match ends of some rules, by rule index, from one Hyperscan pass."""

    def __init__(self, indices: Sequence[int], database, rules: Sequence):
        self.indices: Tuple[int, ...] = tuple(indices)  # rule index of each pattern id
        self.database = database
        self._scratch = ThreadScratch(database)
        # the gated rules' keywords, for texts that are not ASCII: (literal, rule indices)
        from .literals import HyperscanLiterals
        from .rule_table import LazyRules, entry

        entries = rules.entries if isinstance(rules, LazyRules) else [entry(r) for r in rules]
        by_literal: Dict[Tuple[str, bool], List[int]] = {}
        for index in self.indices:
            _, texts, exact = entries[index]
            for text in texts:
                by_literal.setdefault((text, exact), []).append(index)
        self._keyword_rules = list(by_literal.values())
        self._keywords = HyperscanLiterals([(t.encode("utf-8"), not e, True) for t, e in by_literal])

    def occurrences(self, data: bytes) -> Optional[List[Tuple[int, int]]]:
        """(rule index, candidate match end, or keyword end in a text that is not ASCII)."""
        found: List[Tuple[int, int]] = []
        if data.isascii():
            indices = self.indices
            self._scratch.scan(data, match_event_handler=lambda i, _, end, *__: found.append((indices[i], end)))
        else:
            for literal, end in self._keywords.occurrences(data):
                found.extend((rule, end) for rule in self._keyword_rules[literal])
        return found


def _compile(patterns: Sequence[str]):
    import hyperscan

    flags = hyperscan.HS_FLAG_PREFILTER | hyperscan.HS_FLAG_MULTILINE
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(expressions=[p.encode("utf-8") for p in patterns], ids=list(range(len(patterns))),
                     elements=len(patterns), flags=[flags] * len(patterns))
    return database


def _eligible(pattern: str) -> bool:
    return pattern.isascii() and not any(anchor in pattern for anchor in _TEXT_ANCHORS)


def compile_gate(rules: Sequence, indices: Sequence[int]) -> Optional[PatternGate]:
    """The gate of the eligible rules among ``indices``, or None; a pattern that Hyperscan
    refuses (in either mode) is left out, never the whole gate."""
    import hyperscan

    chosen = [i for i in indices if _eligible(rules[i].pattern)]
    try:
        return PatternGate(chosen, _compile([rules[i].pattern for i in chosen]), rules) if chosen else None
    except hyperscan.error:
        pass
    kept = []
    for index in chosen:
        try:
            _compile([rules[index].pattern])
            kept.append(index)
        except hyperscan.error as error:
            _log("jupyter-secrets: rule %s keeps its keyword gate (%s)", rules[index].id, error)
    return PatternGate(kept, _compile([rules[i].pattern for i in kept]), rules) if kept else None


def _ids(rules: Sequence) -> List[str]:
    from .rule_table import LazyRules

    return [e[0] for e in rules.entries] if isinstance(rules, LazyRules) else [r.id for r in rules]


def _key(rules: Sequence, hot: Dict[str, int]) -> str:
    """Keyed by the hot rules' patterns (for the shipped set: its table's key, which covers
    every rule source), Hyperscan's version, the machine and this module."""
    from .. import __version__

    digest = hashlib.sha256(_MAGIC)
    machine = os.uname().machine if hasattr(os, "uname") else ""
    for part in (__version__, prefilter_cache._hyperscan_version(), machine, sys.platform):
        digest.update(part.encode() + b"\0")
    try:
        digest.update(Path(__file__).read_bytes())
    except OSError:
        digest.update(b"pattern_gate")
    table_key = _table_key(rules)
    if table_key is not None:
        digest.update(json.dumps([table_key, sorted(hot.items())]).encode())
    else:
        digest.update(json.dumps(sorted((i, rules[at].pattern) for i, at in hot.items())).encode())
    return digest.hexdigest()


def _table_key(rules: Sequence) -> Optional[str]:
    """The shipped set's table key when ``rules`` are the shipped set (read lazily or not), so
    a process that reads the table finds the gate without importing the rules."""
    from .rule_table import LazyRules, table_key

    if isinstance(rules, LazyRules):
        return rules.key
    shipped = sys.modules.get("jupyter_secrets.detection.rules")
    if shipped is not None and tuple(rules) == tuple(shipped.ALL_RULES):
        return table_key()
    return None


def gate_for(rules: Sequence) -> Optional[PatternGate]:
    """The gate of the hot rules among ``rules``, read from the cache or compiled and stored;
    None when there is none to be had (no Hyperscan, cache off, no hot rule)."""
    folder = prefilter_cache.cache_dir()
    if folder is None:
        return None
    try:
        import hyperscan
    except ImportError:
        return None
    hot = {rule_id: at for at, rule_id in enumerate(_ids(rules)) if rule_id in HOT_RULES}
    if not hot:
        return None
    key = _key(rules, hot)
    path = folder / f"gate-{key[:32]}.bin"
    body = prefilter_cache.read_checked(path, _MAGIC, key)
    if body is not None:
        try:
            split = body.index(b"\n")
            header = json.loads(body[:split])
            ids = header["ids"]
            if not (isinstance(ids, list) and ids and all(i in hot for i in ids)):
                raise ValueError("rules not in this set")
            database = hyperscan.loadb(body[split + 1:], hyperscan.HS_MODE_BLOCK)
            database.scratch = hyperscan.Scratch(database)
            return PatternGate([hot[i] for i in ids], database, rules)
        except (ValueError, TypeError, KeyError, hyperscan.error) as error:
            _log("jupyter-secrets: cache file %s not used (%s); rebuilding it", path, error)
    gate = compile_gate(rules, sorted(hot.values()))
    if gate is not None:
        header = json.dumps({"ids": [rules[i].id for i in gate.indices]})
        prefilter_cache.write_checked(path, _MAGIC, key, header.encode() + b"\n"
                                      + hyperscan.dumpb(gate.database), "gate-*.bin")
    return gate
