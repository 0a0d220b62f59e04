"""The detection engine: text in, matches out. Pure Python, no Jupyter imports.

Every pattern is RE2, so scanning is linear in the text; a keyword prefilter decides which
rules run at all (one pass over all the texts of a notebook; rules keyed on common words are
searched there by their whole pattern, see pattern_gate); a rule's pattern is compiled the
first time the prefilter lets it run; encoded tokens are decoded once and scanned like plain
text; a text with disguises (escapes, look-alike or invisible characters) is also matched in
its normalised form, and those matches are mapped back to the disguised original.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

import re2

try:
    from re import _parser as _re_parser  # Python 3.11+
except ImportError:  # pragma: no cover - Python 3.9/3.10
    import sre_parse as _re_parser

from . import filters
from .allowlist import Allowlist, has_pragma
from .combined_pass import Triggers
from .encoded import decoded_tokens
from .literals import UNKNOWN, joined_starts
from .match_width import longest_match_bytes, run_alphabet
from .normalise import disguised, normalise
from .prefilter import _NO_HITS, KeywordPrefilter
from .rule import Rule
from .rule_table import LazyRules, shipped_rules

#: The project's own redaction markers contain this word; nothing holding it is a secret.
_MARKER_WORD = "redacted"
#: How deep encodings nest before we stop decoding (base64 of a URL-encoded string ...).
_MAX_DEPTH = 2
#: Long texts (a printed table, a log) are searched in windows around their keywords: a rule
#: whose matches span at most _MAX_REACH bytes runs only around its keywords. Shorter texts
#: are searched whole, which costs less than cutting them up.
_WHOLE_TEXT = 4 * 1024
_MAX_REACH = 1024
#: Bytes either side of a keyword read first to find the run around it (see _run_spans).
_RUN_PROBE = 512


@dataclass(frozen=True)
class Match:
    """A secret in a text: its rule and character span. ``secret`` stays in memory only."""

    rule: Rule
    start: int
    end: int
    secret: str = field(repr=False)
    encoding: Optional[str] = None  # "base64", "url" or "hex" when found decoded
    #: True when found in the text's normalised form (escapes resolved, look-alikes folded).
    normalised: bool = False


def _char_offsets(text: str, data: bytes, offsets: Iterable[int]) -> dict:
    """Maps UTF-8 byte offsets of ``data`` (= ``text`` encoded) to character offsets."""
    if text.isascii():
        return {o: o for o in offsets}
    mapping, chars, previous = {}, 0, 0
    for offset in sorted(set(offsets)):
        chars += len(data[previous:offset].decode("utf-8", "surrogatepass"))
        mapping[offset] = chars
        previous = offset
    return mapping


def _line_around(text: str, start: int, end: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return text[line_start: len(text) if line_end < 0 else line_end]


class Engine:
    """Runs the rule set over text. Build one and reuse it: compiling costs, scanning does not."""

    def __init__(self, rules: Optional[Sequence[Rule]] = None, allowlist: Optional[Allowlist] = None,
                 decode: bool = True, prefilter: Optional[KeywordPrefilter] = None):
        if rules is None:  # the rules themselves are imported when the prefilter first lets one run
            rules = shipped_rules()
        if allowlist is not None and allowlist.rules:
            rules = (rules.without(allowlist.rules) if isinstance(rules, LazyRules)
                     else [r for r in rules if r.id not in allowlist.rules])
        self.rules: Sequence[Rule] = rules if isinstance(rules, LazyRules) else tuple(rules)
        self.allowlist = allowlist
        self.decode = decode
        # compiled on first use: most rules never run on a given text, and start-up is paid
        # by every CLI run and git filter call
        self._patterns: List[Optional[object]] = [None] * len(self.rules)
        self._groups: List[int] = [0] * len(self.rules)
        self._reaches: List[Optional[int]] = [None] * len(self.rules)
        #: For an unbounded rule whose matches are runs of a few ASCII bytes (a JWT): a
        #: translate table that marks the bytes outside the run's alphabet, and the tail.
        self._runs: List[Optional[Tuple[bytes, int]]] = [None] * len(self.rules)
        self._prefilter = prefilter if prefilter is not None else KeywordPrefilter.cached(self.rules)

    @property
    def _reach(self) -> List[Optional[int]]:
        self.compile_all()
        return list(self._reaches)

    def compile_all(self) -> None:
        """Compiles every rule now. Raises ValueError naming the first rule that cannot."""
        for index in range(len(self.rules)):
            self._pattern(index)

    def _pattern(self, index: int):
        pattern = self._patterns[index]
        if pattern is None:
            rule = self.rules[index]
            try:
                pattern = re2.compile(rule.pattern.encode("utf-8"))
            except re2.error as e:
                raise ValueError(f"detection rule {rule.id!r}: pattern is not valid RE2: {e}") from None
            # google-re2 names the groups of a bytes pattern with bytes
            self._groups[index] = pattern.groupindex.get(b"secret", 0)
            # bytes a match can span, or None: unbounded (or wider than a window is worth)
            reach = longest_match_bytes(rule.pattern)
            self._reaches[index] = None if reach > _MAX_REACH else int(reach)
            if reach > _MAX_REACH and not self._prefilter.gated(index):
                self._runs[index] = _run_table(rule)
            self._patterns[index] = pattern
        return pattern

    def prepare_large_scans(self) -> None:
        """Reads now what the first scan of a large text would read (the prefilter's
        combined pass, some 30 ms)."""
        self._prefilter.prepare_large_passes()

    def scan(self, text: str) -> List[Match]:
        """All secrets in ``text``, ordered by position, minus allowlisted ones."""
        return self.scan_many([text])[0] if text else []

    def scan_many(self, texts: Sequence[str]) -> List[List[Match]]:
        """``scan`` of each text, with one prefilter pass over all of them (and over the
        normalised forms of those that wear a disguise). Where some are ASCII and some not,
        one pass for each kind: a notebook's few accented cells would otherwise send every
        ASCII text down the paths of text that is not (the keywords and the gate apart, each
        text looked at for what only other text holds)."""
        # a text's kind is known at no cost (str.isascii reads a flag); bytes.isascii reads
        # every byte, twice per pass (10 MB of output: a millisecond)
        kinds = [text.isascii() for text in texts]
        if all(kinds):
            return self._scan_pass(texts, True)
        if len(texts) == 1 or not any(kinds):
            return self._scan_pass(texts, False)
        results: List[List[Match]] = [[] for _ in texts]
        for kind in (True, False):
            group = [i for i, ascii in enumerate(kinds) if ascii is kind]
            for i, matches in zip(group, self._scan_pass([texts[i] for i in group], kind)):
                results[i] = matches
        return results

    def _scan_pass(self, texts: Sequence[str], ascii: bool) -> List[List[Match]]:
        """``scan_many`` of texts all ASCII or (``ascii`` False) all not."""
        forms: List[str] = list(texts)
        datas = [text.encode("utf-8", "surrogatepass") for text in texts]
        joined = b"\n".join(datas)  # one copy, for both passes over all the texts
        starts = joined_starts(datas)
        # only the few texts that can wear a disguise or hold a URL escape are normalised, and
        # only they are decoded without a keyword
        if ascii:
            # ASCII text: the pass over the texts tells which may wear one, where it is the
            # combined pass (else one more pass does); their forms get a pass of their own
            triggers = Triggers()
            hits = self._prefilter.hits_found(datas, joined, starts, True, triggers)
            marked = (sorted({bisect_right(starts, end - 1) - 1 for end in triggers.ends})
                      if triggers.read else disguised(texts, datas, joined, starts, True))
            normalised = self._normalised(texts, marked, forms, datas)
            if normalised:
                form_hits = self._prefilter.hits_found(datas[len(texts):])
                hits.update((len(texts) + index, hit) for index, hit in form_hits.items())
        else:
            marked = disguised(texts, datas, joined, starts, False)
            normalised = self._normalised(texts, marked, forms, datas)
            if normalised:  # the normalised forms join the pass
                joined = b"\n".join([joined] + datas[len(texts):])
                at = starts[-1] + len(datas[len(texts) - 1]) + 1
                starts += [at + offset for offset in joined_starts(datas[len(texts):])]
            # only the texts with a hit (or a disguise) cost anything past this point: a
            # folder scan passes thousands of texts, most with none
            hits = self._prefilter.hits_found(datas, joined, starts, None if normalised else False)
        results: List[List[Match]] = [[] for _ in texts]
        todo = set(marked)
        todo.update(i for i in hits if i < len(texts))
        for i in sorted(todo):
            results[i] = self._matches(forms[i], datas[i], *hits.get(i, _NO_HITS), depth=0)
        for index, (form, found) in normalised.items():
            extra = self._matches(found.text, datas[form], *hits.get(form, _NO_HITS), depth=0)
            if extra:
                results[index] = _merged_matches(results[index], extra, found)
        for i in todo:
            if len(results[i]) > 1:
                results[i].sort(key=_position)
        return results

    @staticmethod
    def _normalised(texts: Sequence[str], marked: List[int], forms: List[str],
                    datas: List[bytes]) -> Dict[int, Tuple[int, Any]]:
        """{index of a marked text: (index of its form, its Normalised)}: each text that
        ``normalise`` changes, its form appended to ``forms`` and ``datas``."""
        normalised = {}
        for index in marked:
            found = normalise(texts[index], data=datas[index]) if texts[index] else None
            if found is not None:
                normalised[index] = (len(forms), found)
                forms.append(found.text)
                datas.append(found.text.encode("utf-8", "surrogatepass"))
        return normalised

    def _scan(self, text: str, depth: int) -> List[Match]:
        data = text.encode("utf-8", "surrogatepass")
        return self._matches(text, data, *self._prefilter.hits(data), depth=depth)

    def _matches(self, text: str, data: bytes, ends, encodings, depth: int) -> List[Match]:
        # in rule order: where two rules find the same span, the first (specific) one names it
        spans = [found for index, at in sorted(ends.items()) for found in self._rule_spans(index, data, at)]
        decode = self.decode and depth < _MAX_DEPTH and (encodings or b"%" in data)
        encoded = self._scan_encoded(data, encodings | {"url"}, depth) if decode else []
        if not spans and not encoded:
            return []
        offsets = _char_offsets(text, data, [o for _, s, e, _, _ in spans + encoded for o in (s, e)])
        matches = []
        for rule, start, end, secret, encoding in _drop_overlapped(spans, encoded):
            start, end = offsets[start], offsets[end]
            if self._allowed(rule, secret, text, start, end):
                continue
            matches.append(Match(rule, start, end, secret, encoding))
        return matches

    def _rule_spans(self, index: int, data: bytes, keyword_ends: List[int]):
        """Matches of one rule: in a long text, only in windows around its keywords' ends."""
        self._pattern(index)
        reach = self._reaches[index]
        if len(data) <= _WHOLE_TEXT or UNKNOWN in keyword_ends:
            yield from self._run_rule(index, data)
            return
        if reach is None:
            if self._runs[index] is None:
                yield from self._run_rule(index, data)
            else:
                yield from self._run_spans(index, data, keyword_ends)
            return
        # Every match holds a keyword (or, for a rule of the pattern gate, ends where the gate
        # reported a candidate end) and spans at most `reach` bytes, so it lies in the window
        # of that end. A match touching a window's edge may be cut short there (the
        # edge reads as the text's start or end): the window is one byte wider, so a real match
        # never touches an edge that is not the text's own.
        for low, high in _merged((end - reach - 1, end + reach + 1) for end in sorted(keyword_ends)):
            low, high = max(0, low), min(len(data), high)
            yield from self._run_rule(index, data[low:high], low, low > 0, high < len(data))

    def _run_spans(self, index: int, data: bytes, keyword_ends: List[int]):
        """Matches of an unbounded rule whose matches are runs of its alphabet: each lies in
        the run around a keyword it holds (plus its closing character), searched with one
        byte of context on either side, like a window."""
        table, tail = self._runs[index]
        size, marks, runs = len(data), None, []
        for end in sorted(keyword_ends):
            # b"." where a byte is outside the alphabet: read near the keyword first (runs
            # are short in most texts), the whole text only for a run that goes past that
            low, high = max(0, end - _RUN_PROBE), min(size, end + _RUN_PROBE)
            near = data[low:high].translate(table)
            start, stop = near.rfind(b".", 0, end - low), near.find(b".", end - low)
            if (start < 0 and low > 0) or (stop < 0 and high < size):
                if marks is None:
                    marks = data.translate(table)
                start, stop = marks.rfind(b".", 0, end) + 1, marks.find(b".", end)
                stop = size if stop < 0 else stop
            else:
                start, stop = low + start + 1, size if stop < 0 else low + stop
            runs.append((start - 1, stop + tail + 1))
        for low, high in _merged(runs):
            low, high = max(0, low), min(len(data), high)
            yield from self._run_rule(index, data[low:high], low, low > 0, high < len(data))

    def _run_rule(self, index: int, data: bytes, base: int = 0, cut_start: bool = False,
                  cut_end: bool = False):
        rule, pattern, group = self.rules[index], self._pattern(index), self._groups[index]
        for found in pattern.finditer(data):
            if (cut_start and found.start() == 0) or (cut_end and found.end() == len(data)):
                continue
            start, end = found.span(group)
            if start < 0 or start == end:
                continue
            secret = data[start:end].decode("utf-8", "replace")
            if accepts(rule, secret):
                yield (rule, base + start, base + end, secret, None)

    def _scan_encoded(self, data: bytes, encodings, depth: int):
        found = []
        for token in decoded_tokens(data, encodings):
            for inner in self._scan(token.text, depth + 1):
                found.append((inner.rule, token.start, token.end, inner.secret, token.encoding))
        return found

    def _allowed(self, rule: Rule, secret: str, text: str, start: int, end: int) -> bool:
        line = _line_around(text, start, end)
        if has_pragma(line):
            return True
        return self.allowlist is not None and self.allowlist.allows(rule.id, secret, line)


def _position(match: Match) -> Tuple[int, int]:
    return match.start, match.end


def _run_table(rule: Rule) -> Optional[Tuple[bytes, int]]:
    """The translate table and tail of ``rule``'s run windows, or None: the rule's matches
    are not runs of a few ASCII bytes, or a keyword (in any case it is matched in) holds a
    byte outside them, so the run around a keyword need not hold the match."""
    found = run_alphabet(rule.pattern)
    if found is None:
        return None
    alphabet, tail = found
    for keyword in rule.keywords:
        forms = (keyword,) if rule.case_sensitive_keywords else (keyword.lower(), keyword.upper())
        if any(byte not in alphabet for form in forms for byte in form.encode("utf-8")):
            return None
    table = bytes(ord("a") if byte in alphabet else ord(".") for byte in range(256))
    return table, tail


def _merged_matches(direct: List[Match], extra: List[Match], found) -> List[Match]:
    """``direct`` plus the normalised form's matches, mapped back to the original text, that
    add a place: a match overlapping a direct one is the same key seen twice."""
    kept = list(direct)
    for match in extra:
        start, end = found.start(match.start), found.end(match.end)
        if any(start < m.end and m.start < end for m in kept):
            continue
        kept.append(Match(match.rule, start, end, match.secret, match.encoding, normalised=True))
    return kept


def _merged(windows: Iterable[Tuple[int, int]]) -> List[Tuple[int, int]]:
    """Overlapping (low, high) windows, given in order of ``low``, joined into one."""
    merged: List[Tuple[int, int]] = []
    for low, high in windows:
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(high, merged[-1][1]))
        else:
            merged.append((low, high))
    return merged


def _longest_match(pattern: str) -> float:
    """Characters a match can span at most (infinite when unbounded or not readable here).

    Python's parser reads the RE2 subset the rules use; a UTF-8 character is up to 4 bytes."""
    try:
        return float(_re_parser.parse(pattern).getwidth()[1])
    except Exception:  # RE2-only syntax: treat as unbounded
        return float("inf")


def accepts(rule: Rule, secret: str) -> bool:
    """Whether a pattern match counts: not our own marker, entropy, filters, validators."""
    if _MARKER_WORD in secret.lower():
        return False
    if rule.min_entropy and filters.shannon_entropy(secret) < rule.min_entropy:
        return False
    if rule.generic and not filters.passes_generic_filters(secret):
        return False
    return all(check(secret) for check in rule.validators)


def _drop_overlapped(direct: list, encoded: list) -> list:
    """One finding per place: a match inside an earlier one adds nothing (a second rule on the
    same key), nor does a decoded token that overlaps a direct match (a JWT's payload)."""
    kept, reach = [], -1
    for item in sorted(direct, key=lambda m: (m[1], -m[2])):
        if item[2] > reach:  # kept spans thus have increasing starts and ends
            kept.append(item)
            reach = item[2]
    starts = [item[1] for item in kept]
    seen = set()
    for item in encoded:
        before = bisect_left(starts, item[2])
        overlaps = before > 0 and kept[before - 1][2] > item[1]
        key = (item[1], item[2], item[0].id, item[3])
        if not overlaps and key not in seen:
            seen.add(key)
            kept.append(item)
    return kept
