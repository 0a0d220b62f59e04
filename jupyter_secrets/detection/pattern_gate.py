"""Whole-pattern gate for the rules whose keywords are common words.

A rule keyed on "token", "key" or "http" gets a keyword hit every few hundred bytes of a log or
a printed table, and each hit costs a callback and a window of RE2. For these rules the
prefilter searches the rule's whole pattern instead, compiled by Hyperscan in prefilter mode:
it reports a superset of the pattern's match ends (never fewer), so RE2 runs only where the
whole pattern may match. A rule's window is placed around those ends as around keyword ends.

Semantics kept on the safe side: patterns are compiled multi-line (so ``^`` and ``$`` also
hold at the joins of a joined pass) and byte-wise, which on ASCII text gives RE2's UTF-8
matches (``\\s`` spelt as RE2's, see gate_patterns); a text that is not ASCII is searched for
the gated rules' keywords instead, as before (compiling the patterns as UTF-8 takes minutes).
A rule Hyperscan cannot compile stays with its keywords. The database is kept on disk like the
keyword prefilter's; with the cache off there is no gate (compiling costs about a second).

Most of the pass's cost on clean text is the rules' common keywords ("token" every few words of
a printed table), each hit a start of Hyperscan's automaton. But most gated rules also need some
punctuation (a quote, ``=`` or ``:``, ``@``: see required_bytes) that a table of words and
numbers or a training log lacks. So the gate has levels: level 0 holds the rules that need no
such byte, each next level adds the rules that need one of LEVEL_BYTES[i], and each level's
pass holds the rules of the levels below it. A first pass looks for the bytes of LEVEL_BYTES
alone (a few GB/s, and it stops at the first byte of the last entry); the text is then searched
by the lowest level whose rules' bytes it holds none of for the levels above: no rule left
out can match in a text that lacks a byte each of its matches holds, so what that pass
reports is all there is to report. Code and notebooks hold the bytes in their first lines, so
they cost the pass of every pattern as before; a printed table of words and numbers costs the
pass of the few rules that need no punctuation.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from . import gate_patterns, prefilter_cache, required_bytes
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
_MAGIC = b"jupyter-secrets pattern gate 4\n"
#: The gate's levels, by the punctuation their rules' matches need (see the module's docstring):
#: a rule needing a byte of LEVEL_BYTES[i] (and of no earlier entry) joins the pass at level
#: i + 1. Command-line flags first (a printed table has minus signs), then assignments, quoted
#: values and URLs with credentials.
LEVEL_BYTES = (b"-", b"\"'`@:;=")
#: Texts shorter than this get the pass of every pattern at once: on them, the pass for the
#: levels' bytes (a Hyperscan call more, a microsecond or two) saves too little.
LEVELS_FROM = 4 * 1024
#: Lone surrogates, as ``surrogatepass`` encodes them: not UTF-8, so not for the gate.
_SURROGATE = re.compile(rb"\xed[\xa0-\xbf]")
#: Anchors to the whole text, which a joined pass would move: such rules keep their keywords.
_TEXT_ANCHORS = ("\\A", "\\z", "\\Z")


def is_utf8(data: bytes) -> bool:
    """Whether ``data`` (a str encoded with surrogatepass) is valid UTF-8."""
    return b"\xed" not in data or _SURROGATE.search(data) is None


class _Level:
    """The patterns of the gate's first levels, compiled on their own: (pattern ids, database,
    None when there is no pattern)."""

    def __init__(self, ids: Sequence[int], database):
        self.ids: Tuple[int, ...] = tuple(ids)
        self.database = database
        self.scratch = ThreadScratch(database) if database is not None else None


class PatternGate:
    """Candidate match ends of some rules, by rule index, from one Hyperscan pass (on a text
    that lacks some rules' punctuation, a pass without them: see the module's docstring)."""

    def __init__(self, indices: Sequence[int], database, rules: Sequence,
                 needed: Sequence[Tuple[bytes, ...]] = (), levels: Sequence[_Level] = (),
                 sentinels=None):
        self.indices: Tuple[int, ...] = tuple(indices)  # rule index of each pattern id
        #: the cache key it was stored under (gate_for), which keys what is built from it
        self.key: Optional[str] = None
        self.database = database
        self._scratch = ThreadScratch(database)
        #: per pattern id, sets of bytes each match of it holds one of (see required_bytes)
        self.needed: Tuple[Tuple[bytes, ...], ...] = tuple(needed) or ((),) * len(self.indices)
        self.levels: Tuple[_Level, ...] = tuple(levels)
        #: one pattern per byte of LEVEL_BYTES, whose id is the level that byte calls for
        self.sentinels = sentinels
        self._sentinel_scratch = ThreadScratch(sentinels) if sentinels is not None and levels else None
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
        if not data.isascii():
            found: List[Tuple[int, int]] = []
            for literal, end in self._keywords.occurrences(data):
                found.extend((rule, end) for rule in self._keyword_rules[literal])
            return found
        level = self.level_of(data) if len(data) >= LEVELS_FROM else len(self.levels)
        scratch = self.levels[level].scratch if level < len(self.levels) else self._scratch
        found = []
        if scratch is None:  # a level of no pattern
            return found
        indices = self.indices
        scratch.scan(data, match_event_handler=lambda i, _, end, *__: found.append((indices[i], end)))
        return found

    def level_of(self, data: bytes) -> int:
        """The level whose pass searches ``data`` (an ASCII text): the highest that a byte
        of ``data`` calls for, len(levels) for the pass of every pattern."""
        if self._sentinel_scratch is None:
            return len(self.levels)
        import hyperscan

        top, level = len(self.levels), 0

        def seen(called, *_):
            nonlocal level
            level = max(level, called)
            return level >= top  # the pass of every pattern: no need to read further

        try:
            self._sentinel_scratch.scan(data, match_event_handler=seen)
        except hyperscan.ScanTerminated:
            pass
        return level


def _compile(patterns: Sequence[str], ids: Optional[Sequence[int]] = None):
    import hyperscan

    flags = hyperscan.HS_FLAG_PREFILTER | hyperscan.HS_FLAG_MULTILINE
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(expressions=[gate_patterns.gate_pattern(p).encode("utf-8") for p in patterns],
                     ids=list(ids) if ids is not None else list(range(len(patterns))),
                     elements=len(patterns), flags=[flags] * len(patterns))
    return database


def _compile_sentinels():
    """One pattern per byte of LEVEL_BYTES, its id the level it calls for (the highest)."""
    import hyperscan

    called: Dict[int, int] = {}
    for at, key in enumerate(LEVEL_BYTES):
        for byte in key:
            called[byte] = at + 1
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(expressions=[b"\\x%02x" % byte for byte in called], ids=list(called.values()),
                     elements=len(called), flags=[hyperscan.HS_FLAG_SINGLEMATCH] * len(called))
    return database


def _eligible(pattern: str) -> bool:
    return pattern.isascii() and not any(anchor in pattern for anchor in _TEXT_ANCHORS)


def level_ids(needed: Sequence[Tuple[bytes, ...]]) -> List[List[int]]:
    """The pattern ids of each level: level 0 has the patterns that need none of LEVEL_BYTES,
    level i + 1 those that need a byte of LEVEL_BYTES[i] (and of no earlier one)."""
    levels: List[List[int]] = [[] for _ in range(len(LEVEL_BYTES) + 1)]
    for pattern_id, sets in enumerate(needed):
        at = next((i + 1 for i, key in enumerate(LEVEL_BYTES) if any(set(s) <= set(key) for s in sets)), 0)
        levels[at].append(pattern_id)
    return levels


def _levels(patterns: Sequence[str], needed: Sequence[Tuple[bytes, ...]]) -> List[_Level]:
    """The partial passes: level i holds the patterns of levels 0..i; none past the last
    level that leaves a pattern out."""
    ids, levels, held = level_ids(needed), [], []
    for at in range(len(LEVEL_BYTES)):
        held = held + ids[at]
        if not any(ids[at + 1:]):  # nothing left out: the pass of every pattern
            break
        levels.append(_Level(held, _compile([patterns[i] for i in held], held) if held else None))
    return levels


def _gate(indices: Sequence[int], rules: Sequence) -> PatternGate:
    patterns = [rules[i].pattern for i in indices]
    needed = [required_bytes.needs(p) for p in patterns]
    levels = _levels(patterns, needed)
    return PatternGate(indices, _compile(patterns), rules, needed, levels,
                       _compile_sentinels() if levels else None)


def compile_gate(rules: Sequence, indices: Sequence[int]) -> Optional[PatternGate]:
    """The gate of the eligible rules among ``indices``, or None; a pattern that Hyperscan
    refuses (in either mode) is left out, never the whole gate."""
    import hyperscan

    chosen = [i for i in indices if _eligible(rules[i].pattern)]
    try:
        return _gate(chosen, rules) if chosen else None
    except hyperscan.error:
        pass
    kept = []
    for index in chosen:
        try:
            _compile([rules[index].pattern])
            kept.append(index)
        except hyperscan.error as error:
            _log("jupyter-secrets: rule %s keeps its keyword gate (%s)", rules[index].id, error)
    return _gate(kept, rules) if kept else None


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
    # how patterns are spelt, which bytes they need, how the passes are put together
    for source in (Path(__file__), Path(gate_patterns.__file__), Path(required_bytes.__file__)):
        try:
            digest.update(source.read_bytes())
        except OSError:
            digest.update(source.name.encode())
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
            gate = _loaded(body, hot, rules)
            gate.key = key
            return gate
        except (ValueError, TypeError, KeyError, IndexError, hyperscan.error) as error:
            _log("jupyter-secrets: cache file %s not used (%s); rebuilding it", path, error)
    gate = compile_gate(rules, sorted(hot.values()))
    if gate is not None:
        gate.key = key
        blobs = [hyperscan.dumpb(gate.database)]
        blobs += [hyperscan.dumpb(v.database) if v.database is not None else b"" for v in gate.levels]
        if gate.levels:
            blobs.append(hyperscan.dumpb(gate.sentinels))
        header = json.dumps({"ids": [rules[i].id for i in gate.indices],
                             "needed": [[s.decode("ascii") for s in sets] for sets in gate.needed],
                             "levels": [list(v.ids) for v in gate.levels],
                             "sizes": [len(blob) for blob in blobs]})
        prefilter_cache.write_checked(path, _MAGIC, key, header.encode() + b"\n" + b"".join(blobs),
                                      "gate-*.bin")
    return gate


def _database(blob: bytes):
    import hyperscan

    database = hyperscan.loadb(blob, hyperscan.HS_MODE_BLOCK)
    database.scratch = hyperscan.Scratch(database)
    return database


def _loaded(body: bytes, hot: Dict[str, int], rules: Sequence) -> PatternGate:
    """The gate a cache file's body holds; ValueError (or another error) when it is not whole."""
    split = body.index(b"\n")
    header = json.loads(body[:split])
    ids, needed, levels, sizes = header["ids"], header["needed"], header["levels"], header["sizes"]
    if not (isinstance(ids, list) and ids and all(i in hot for i in ids)):
        raise ValueError("rules not in this set")
    if len(needed) != len(ids) or len(sizes) != len(levels) + (2 if levels else 1) \
            or sum(sizes) != len(body) - split - 1:
        raise ValueError("parts missing")
    if any(not set(held) <= set(range(len(ids))) for held in levels):
        raise ValueError("a level holds patterns the gate has not")
    blobs, at = [], split + 1
    for size in sizes:
        blobs.append(body[at:at + size])
        at += size
    return PatternGate([hot[i] for i in ids], _database(blobs[0]), rules,
                       [tuple(s.encode("ascii") for s in sets) for sets in needed],
                       [_Level(held, _database(blob) if held else None)
                        for held, blob in zip(levels, blobs[1:])],
                       _database(blobs[-1]) if levels else None)
