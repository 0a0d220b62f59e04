"""Keyword prefilter: one linear pass tells which rules can match at all.

The same pass looks for the keywords in base64 and hex form, so the costlier search for
encoded tokens runs only on texts that can hold an encoded secret. The pass is a literal
multi-pattern search: Hyperscan when it is installed (several GB/s), else an RE2 set. Many
texts (the units of a notebook) are searched in one pass over them joined. Hyperscan's
compiled database is kept on disk (prefilter_cache), so a process does not compile it again.
"""
from __future__ import annotations

import base64
from bisect import bisect_right
from typing import Dict, FrozenSet, Iterator, List, Optional, Sequence, Set, Tuple

from . import pattern_gate, prefilter_cache
from .combined_pass import CombinedPass, Triggers, combined_for
from .literals import UNKNOWN, HyperscanLiterals, joined_starts, literal_matcher
from .rule import Rule
from .rule_table import LazyRules, entry

#: A keyword as the prefilter holds it: its text, and whether case matters.
Keyword = Tuple[str, bool]
#: Encoded forms shorter than these occur by chance too often (in digests, in image data) to
#: be worth a gate: a base64 form of 4 characters, a hex form of a 4-byte keyword.
_MIN_BASE64_FORM = 4
_MIN_HEX_FORM = 8


def _case_variants(keyword: Keyword) -> Tuple[bytes, ...]:
    # in a fixed order, not a set's (bytes hash differently in each process): the literals'
    # order is their index in two databases that different processes may build and cache
    text, exact = keyword
    variants = (text,) if exact else (text, text.upper(), text[:1].upper() + text[1:])
    return tuple(dict.fromkeys(v.encode("utf-8") for v in variants))


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


#: A combined pass not read or built yet.
_UNTRIED = object()
#: Bytes from which a pass reads (or builds) the combined pass, if it has not yet.
COMBINED_FROM = 256 * 1024
Hits = Tuple[Dict[int, List[int]], FrozenSet[str]]
_NO_HITS: Hits = ({}, frozenset())


class KeywordPrefilter:
    """Searches every rule keyword, and its encoded forms, in one pass.

    The search reports every literal that occurs, overlapping ones included, so a rule is
    never skipped because another keyword matched at the same place. The rules of a
    ``pattern_gate`` (those keyed on common words) are searched by their whole pattern instead
    of their keywords: they are reported where a match of theirs may end.
    """

    def __init__(self, rules: Sequence[Rule], prefer_hyperscan: bool = True, cache: bool = False,
                 gate: Optional[pattern_gate.PatternGate] = None, use_gate: bool = True):
        # the gate comes from the cache: compiling it costs more than most scans
        if gate is None and cache and prefer_hyperscan and use_gate:
            gate = pattern_gate.gate_for(rules)
        self._gate = gate
        gated = frozenset(gate.indices) if gate is not None else frozenset()
        keywords: Dict[Keyword, List[int]] = {}
        everyone: Dict[Keyword, None] = {}  # the gated rules' keywords too, for encoded forms
        # the shipped set's ids and keywords come from its table, without importing the rules
        entries = rules.entries if isinstance(rules, LazyRules) else map(entry, rules)
        for index, (_, texts, exact) in enumerate(entries):
            for text in texts:
                everyone[(text, exact)] = None
                if index not in gated:
                    keywords.setdefault((text, exact), []).append(index)
        self._rules_by_literal: List[List[int]] = list(keywords.values())
        # keyword ends place the search windows of long texts; an encoded form only opens a
        # gate. Every occurrence of both is reported: in a joined pass, each text needs its own.
        plain = [(text.encode("utf-8"), not exact, True) for text, exact in keywords]
        encoded_only = [k for k in everyone if k not in keywords]
        key = (prefilter_cache.cache_key(list(keywords), encoded_only)
               if cache and prefer_hyperscan and plain else None)
        loaded = _load_cached(key, plain) if key else None
        if loaded is not None:
            self._encoding_by_literal, self._matcher = loaded
        else:
            forms = encoded_forms(list(everyone))
            self._encoding_by_literal: List[str] = list(forms.values())
            self._matcher = literal_matcher(plain + [(form, False, True) for form in forms], prefer_hyperscan)
            if key and isinstance(self._matcher, HyperscanLiterals):
                prefilter_cache.store(key, self._encoding_by_literal, self._matcher.serialize())
        #: the literals and the gate's patterns in one pass over ASCII text (combined_pass),
        #: read or built at the first large scan (COMBINED_FROM): a cold cache compiles it, and
        #: its patterns come from the rules themselves, which a prefilter read from the cache
        #: never imports otherwise. None: the two passes.
        self._combined: Optional[CombinedPass] = None
        if gate is not None and key and isinstance(self._matcher, HyperscanLiterals):
            self._combined = _UNTRIED
            self._combined_source = (key, plain, everyone, rules)

    def prepare_large_passes(self) -> None:
        """Reads (or builds) now what the first large pass would: for a process that scans
        large texts later, on a thread that is idle now."""
        if self._combined is not None:
            self._combined_pass()

    def _combined_pass(self, size: int = COMBINED_FROM) -> Optional[CombinedPass]:
        """The combined pass, for a pass over ``size`` bytes: reading it costs some 30 ms
        (three databases, 5 MB), so it is first read for a text that large, never for the
        small files a commit hook scans."""
        combined = self._combined
        if combined is _UNTRIED and size >= COMBINED_FROM:
            key, plain, everyone, rules = self._combined_source
            gate = self._gate
            combined = combined_for(
                key, plain, lambda: [(form, False, True) for form in encoded_forms(list(everyone))],
                gate, lambda: [rules[i].pattern for i in gate.indices])
            count = len(self._rules_by_literal) + len(self._encoding_by_literal)
            if combined is not None and combined.literal_count != count:
                combined = None
            self._combined = combined
        return None if combined is _UNTRIED else combined

    @classmethod
    def cached(cls, rules: Sequence[Rule]) -> "KeywordPrefilter":
        """The prefilter of ``rules``, read from the on-disk cache when it holds it."""
        return cls(rules, cache=True)

    def gated(self, index: int) -> bool:
        """Whether rule ``index`` is reported where a match may end, not by its keywords."""
        return self._gate is not None and index in self._gate.indices

    @property
    def backend(self) -> str:
        return self._matcher.name

    def scan(self, data: bytes) -> Tuple[List[int], FrozenSet[str]]:
        """(indices of the rules whose keywords occur, encodings whose keyword forms occur)."""
        ends, encodings = self.hits(data)
        return sorted(ends), encodings

    def hits(self, data: bytes, ascii: Optional[bool] = None, triggers: Optional[Triggers] = None) -> Hits:
        """({rule index: where its keywords (or, for a gated rule, a match) end in ``data``,
        or [UNKNOWN]}, encodings found). ``triggers``: filled with where a disguise may be,
        if the combined pass runs (its ``read`` tells)."""
        ends: Dict[int, List[int]] = {}
        encodings = set()
        plain = len(self._rules_by_literal)
        combined = self._combined_pass(len(data)) if self._combined is not None else None
        if combined is not None and (data.isascii() if ascii is None else ascii):
            found, candidates = combined.occurrences(data, triggers)
        else:
            found = self._matcher.occurrences(data)
            candidates = self._gate.occurrences(data) if self._gate is not None else []
        for index, end in found:
            if index < plain:
                for rule in self._rules_by_literal[index]:
                    ends.setdefault(rule, []).append(end)
            else:
                encodings.add(self._encoding_by_literal[index - plain])
        if candidates is None:  # the gate cannot read it: its rules run on the whole text
            for rule in self._gate.indices:
                ends[rule] = [UNKNOWN]
        else:
            for rule, end in candidates:
                ends.setdefault(rule, []).append(end)
        return ends, frozenset(encodings)

    def hits_many(self, datas: Sequence[bytes], joined: Optional[bytes] = None) -> List[Hits]:
        """``hits`` of each of ``datas``, from one pass over them joined (``joined``: the
        caller's ``b"\\n".join(datas)``, when it has it).

        A literal that straddles two texts adds a hit to the second: a rule runs for nothing
        there, never the other way round."""
        found = self.hits_found(datas, joined)
        return [found.get(i, _NO_HITS) for i in range(len(datas))]

    def hits_found(self, datas: Sequence[bytes], joined: Optional[bytes] = None,
                   starts: Optional[List[int]] = None, ascii: Optional[bool] = None,
                   triggers: Optional[Triggers] = None) -> Dict[int, Hits]:
        """``hits_many`` of the texts that have any, by index (``starts``: where each text
        starts in ``joined``, literals.joined_starts): a folder scan joins thousands of
        texts, few of which hold a keyword, and pays nothing per text that has none.
        ``ascii``: whether the texts are all ASCII, when the caller knows. ``triggers``: as
        ``hits`` fills them, with ends in ``joined``."""
        if len(datas) <= 1:
            return {i: hit for i, hit in enumerate(self.hits(data, ascii, triggers) for data in datas)
                    if hit[0] or hit[1]}
        if joined is None:
            joined = b"\n".join(datas)
        ascii = self._gate is not None and (joined.isascii() if ascii is None else ascii)
        combined = self._combined_pass(len(joined)) if ascii and self._combined is not None else None
        if combined is not None:
            found, candidates = combined.occurrences(joined, triggers)
        else:
            found = self._matcher.occurrences(joined)
        if self._gate is not None:
            if ascii:
                if combined is None:
                    candidates = self._gate.occurrences(joined)
            else:
                if starts is None:
                    starts = joined_starts(datas)
                candidates = self._gated_apart(datas, starts)
            if candidates is None:  # rare (a lone surrogate): each text on its own
                return self._each(datas)
            # a gated rule's id follows every literal's, so both lists share the loop below
            base = len(self._rules_by_literal) + len(self._encoding_by_literal)
            found += [(base + rule, end) for rule, end in candidates]
        if not found:
            return {}
        if not self._matcher.positions:  # RE2 knows that, not where: each text on its own
            return self._each(datas)
        if starts is None:
            starts = joined_starts(datas)
        ends: Dict[int, Dict[int, List[int]]] = {}
        encodings: Dict[int, Set[str]] = {}
        plain = len(self._rules_by_literal)
        base = plain + len(self._encoding_by_literal)
        for index, end in found:
            unit = bisect_right(starts, end - 1) - 1
            if index >= base:
                local = ends.get(unit)
                if local is None:
                    local = ends[unit] = {}
                local.setdefault(index - base, []).append(end - starts[unit])
            elif index < plain:
                local = ends.get(unit)
                if local is None:
                    local = ends[unit] = {}
                for rule in self._rules_by_literal[index]:
                    local.setdefault(rule, []).append(end - starts[unit])
            else:
                encodings.setdefault(unit, set()).add(self._encoding_by_literal[index - plain])
        return {unit: (ends.get(unit, {}), frozenset(encodings.get(unit, ())))
                for unit in sorted(ends.keys() | encodings.keys())}

    def _gated_apart(self, datas: Sequence[bytes], starts: List[int]) -> Optional[List[Tuple[int, int]]]:
        """The gate's candidates in a joined pass that is not all ASCII, with ends in the
        joined text: the ASCII texts joined apart get the pattern pass, and only the others
        their keywords (one accented cell must not send a notebook's every "token" and "key"
        to RE2). No match spans two texts, so each text is searched as in a pass of its own
        kind."""
        gate = self._gate
        plain = [i for i, data in enumerate(datas) if data.isascii()]
        candidates: List[Tuple[int, int]] = []
        if plain:
            local = joined_starts([datas[i] for i in plain])
            found = gate.occurrences(b"\n".join(datas[i] for i in plain))
            if found is None:
                return None
            for rule, end in found:
                at = bisect_right(local, end - 1) - 1
                candidates.append((rule, starts[plain[at]] + end - local[at]))
        for i in sorted(set(range(len(datas))) - set(plain)):
            found = gate.occurrences(datas[i])
            if found is None:
                return None
            candidates += [(rule, starts[i] + end) for rule, end in found]
        return candidates

    def _each(self, datas: Sequence[bytes]) -> Dict[int, Hits]:
        return {i: hit for i, hit in enumerate(self.hits(data) for data in datas) if hit[0] or hit[1]}


#: How many of the keywords a database read from the cache must find before it is used.
_PROBES = 16


def _load_cached(key: str, plain) -> Optional[Tuple[List[str], HyperscanLiterals]]:
    """The cached encodings and matcher, if the cache holds an intact one that finds the
    keywords it should; anything else is ignored (and rebuilt by the caller)."""
    cached = prefilter_cache.load(key)
    if cached is None:
        return None
    encodings, database = cached
    try:
        matcher = HyperscanLiterals.deserialize(database)
        step = max(1, len(plain) // _PROBES)
        probes = list(range(0, len(plain), step))
        found = {index for index, _ in matcher.occurrences(b"\0".join(plain[i][0] for i in probes))}
    except Exception:  # hyperscan.error, or no hyperscan: not usable here
        return None
    if not set(probes) <= found:
        return None
    return encodings, matcher
