"""The keyword literals and the pattern gate's patterns in one Hyperscan pass over ASCII text.

The prefilter reads an ASCII text twice: once for the rules' keywords (and their encoded
forms), once for the gated rules' whole patterns (pattern_gate). Each pass pays Hyperscan's
cost per byte; on 10 MB of clean printed output the two cost about 6 ms each, while one
database holding both costs little more than the larger of the two. So for each of the gate's
passes (its levels, and the pass of every pattern) there is one database more: the literals,
with their ids, then the level's patterns, with ids after the literals'. What it reports is
what the two passes report: the same literals with the same flags, the same patterns with
theirs. The same pass also reports where a text may wear a disguise
(normalise.TRIGGER_PATTERN), which would otherwise cost a pass of its own. Compiled once and
kept on disk beside the others (prefilter_cache); where anything is missing (no Hyperscan,
cache off, no gate) the two passes run as before.
"""
from __future__ import annotations

import hashlib
import json
from typing import Callable, List, Optional, Sequence, Tuple

from . import gate_patterns, prefilter_cache
from .hyperscan_scratch import ThreadScratch
from .normalise import TRIGGER_PATTERN
from .pattern_gate import LEVELS_FROM

_MAGIC = b"jupyter-secrets combined pass 2\n"
#: Literals a database read back must find before it is used (as the prefilter's own check).
_PROBES = 16
#: (text, caseless, every occurrence) as the literal matcher takes them.
Literal = Tuple[bytes, bool, bool]


def _log(message: str, *args) -> None:
    import logging

    logging.getLogger(__name__).info(message, *args)


class Triggers:
    """Where the combined pass found a disguise's trigger (its ends), if it ran: ``read``."""

    __slots__ = ("ends", "read")

    def __init__(self) -> None:
        self.ends: List[int] = []
        self.read = False


class CombinedPass:
    """One database per pass of the gate: ``occurrences`` gives the literal matcher's
    (literal, end) pairs and the gate's (rule index, candidate end) pairs of an ASCII text."""

    def __init__(self, literal_count: int, gate, databases: Sequence):
        self.literal_count = literal_count
        self._gate = gate
        self._indices = gate.indices
        self._scratches = [ThreadScratch(database) for database in databases]

    def occurrences(self, data: bytes, triggers: Optional[Triggers] = None
                    ) -> Tuple[List[Tuple[int, int]], List[Tuple[int, int]]]:
        """(literal occurrences, gate candidates) of ``data``, which must be ASCII; with
        ``triggers``, the ends of the disguises' triggers too."""
        gate = self._gate
        level = gate.level_of(data) if len(data) >= LEVELS_FROM else len(gate.levels)
        literals: List[Tuple[int, int]] = []
        candidates: List[Tuple[int, int]] = []
        count, indices = self.literal_count, self._indices
        trigger = _trigger_id(count, len(indices))
        ends = triggers.ends if triggers is not None else []

        def found(index: int, _start: int, end: int, *_) -> None:
            if index < count:
                literals.append((index, end))
            elif index == trigger:
                ends.append(end)
            else:
                candidates.append((indices[index - count], end))

        self._scratches[level].scan(data, match_event_handler=found)
        if triggers is not None:
            triggers.read = True
        return literals, candidates


def _trigger_id(literal_count: int, pattern_count: int) -> int:
    """The trigger's id: after the literals' and the gate's patterns'."""
    return literal_count + pattern_count


def _pattern_ids(gate) -> List[Sequence[int]]:
    """The gate's pattern ids of each of its passes: its levels, then the pass of all."""
    return [level.ids for level in gate.levels] + [range(len(gate.indices))]


def _literal_expression(text: bytes) -> bytes:
    return b"".join(b"\\x%02x" % byte for byte in text)


def _compile(literals: Sequence[Literal], patterns: Sequence[str], ids: Sequence[int]):
    import hyperscan

    gated = hyperscan.HS_FLAG_PREFILTER | hyperscan.HS_FLAG_MULTILINE
    expressions = [_literal_expression(text) for text, _, _ in literals]
    flags = [(0 if every else hyperscan.HS_FLAG_SINGLEMATCH)
             | (hyperscan.HS_FLAG_CASELESS if caseless else 0) for _, caseless, every in literals]
    expressions += [gate_patterns.gate_pattern(patterns[i]).encode("utf-8") for i in ids]
    flags += [gated] * len(ids)
    expressions.append(TRIGGER_PATTERN)  # every match: each text of a joined pass needs its own
    flags.append(0)
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(expressions=expressions, elements=len(expressions), flags=flags,
                     ids=list(range(len(literals))) + [len(literals) + i for i in ids]
                     + [_trigger_id(len(literals), len(patterns))])
    return database


def _key(literal_key: str, gate_key: str) -> str:
    digest = hashlib.sha256(_MAGIC + literal_key.encode() + b"\0" + gate_key.encode())
    try:
        with open(__file__, "rb") as source:
            digest.update(source.read())
    except OSError:
        pass
    return digest.hexdigest()


def combined_for(literal_key: Optional[str], plain: Sequence[Literal],
                 encoded: Callable[[], List[Literal]], gate,
                 patterns: Callable[[], Sequence[str]]) -> Optional[CombinedPass]:
    """The combined pass of a prefilter whose literals (``plain`` keywords, then the
    ``encoded`` forms, as its matcher holds them) are cached under ``literal_key``, and of its
    ``gate`` (``patterns``: the gated rules' patterns, by pattern id), from the cache or
    compiled and stored; None where there is none to be had."""
    gate_key = getattr(gate, "key", None)
    folder = prefilter_cache.cache_dir()
    if literal_key is None or gate_key is None or folder is None:
        return None
    try:
        import hyperscan
    except ImportError:
        return None
    key = _key(literal_key, gate_key)
    path = folder / f"combined-{key[:32]}.bin"
    passes = _pattern_ids(gate)
    body = prefilter_cache.read_checked(path, _MAGIC, key)
    if body is not None:
        try:
            return _loaded(body, gate, passes, plain)
        except (ValueError, TypeError, KeyError, IndexError, hyperscan.error) as error:
            _log("jupyter-secrets: cache file %s not used (%s); rebuilding it", path, error)
    listed = list(plain) + encoded()
    try:
        databases = [_compile(listed, patterns(), ids) for ids in passes]
    except hyperscan.error as error:  # the two passes stay as they are
        _log("jupyter-secrets: keywords and gate kept apart (%s)", error)
        return None
    blobs = [hyperscan.dumpb(database) for database in databases]
    header = json.dumps({"literals": len(listed), "passes": [list(ids) for ids in passes],
                         "sizes": [len(blob) for blob in blobs]})
    prefilter_cache.write_checked(path, _MAGIC, key, header.encode() + b"\n" + b"".join(blobs),
                                  "combined-*.bin")
    return CombinedPass(len(listed), gate, databases)


def _loaded(body: bytes, gate, passes, plain: Sequence[Literal]) -> CombinedPass:
    import hyperscan

    split = body.index(b"\n")
    header = json.loads(body[:split])
    count, kept, sizes = header["literals"], header["passes"], header["sizes"]
    if kept != [list(ids) for ids in passes] or len(sizes) != len(passes) \
            or sum(sizes) != len(body) - split - 1 or not isinstance(count, int) \
            or count < len(plain):
        raise ValueError("written for another gate")
    databases, at = [], split + 1
    for size in sizes:
        database = hyperscan.loadb(body[at:at + size], hyperscan.HS_MODE_BLOCK)
        database.scratch = hyperscan.Scratch(database)
        databases.append(database)
        at += size
    combined = CombinedPass(count, gate, databases)
    _probe(combined, plain)
    return combined


def _probe(combined: CombinedPass, plain: Sequence[Literal]) -> None:
    """Every pass must find, by their ids, some of the keywords it was built with (spread over
    the list): a database that lost or renumbered literals must not stand in for the literal
    matcher (ValueError)."""
    step = max(1, len(plain) // _PROBES)
    probes = list(range(0, len(plain), step))
    text = b"\0".join(plain[i][0] for i in probes)
    for scratch in combined._scratches:
        seen = set()
        scratch.scan(text, match_event_handler=lambda index, *_: seen.add(index))
        if not set(probes) <= seen:
            raise ValueError("keywords missing")
