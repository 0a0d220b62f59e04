"""Where each finding sits in the file itself, for SARIF: the line and column in the .ipynb file
(not in the cell), and the text of that line with every secret on it masked.

Findings name a place inside the notebook (cell, output, line of that text); code scanning shows
the file. The JSON value the finding comes from is found by walking the file's text along the
unit's JSON path, and the secret's first line, in its JSON-escaped form, is looked for inside
that value. A secret that cannot be found there as written (an encoded or normalised form) is
placed at the start of its value, and its line text is not kept: nothing derived from the
secret is ever kept.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from jupyter_secrets.detection.scanner import Scanner, decode_text, parse_notebook
from jupyter_secrets.detection.walker import iter_units

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
MASK = "***"


@dataclass(frozen=True)
class Region:
    line: int  # 1-based, in the file
    column: int  # 1-based, in Unicode code points
    #: The file's line with every secret located on it masked; None when one could not be.
    masked_line: Optional[str]


def value_span(text: str, path: Sequence) -> Optional[Tuple[int, int]]:
    """(start, end) offsets of the JSON value at ``path`` in ``text``; None if not found."""
    try:
        pos = _SPACE.match(text, 0).end()
        for step in path:
            pos = _child(text, pos, step)
            if pos is None:
                return None
        _, end = _DECODER.raw_decode(text, pos)
        return pos, end
    except (ValueError, RecursionError):
        return None


def _child(text: str, pos: int, step) -> Optional[int]:
    opener = text[pos:pos + 1]
    if opener == "{" and isinstance(step, str):
        pos = _SPACE.match(text, pos + 1).end()
        while text[pos:pos + 1] == '"':
            key, pos = json.decoder.scanstring(text, pos + 1)
            pos = _SPACE.match(text, pos).end() + 1  # past ':'
            pos = _SPACE.match(text, pos).end()
            if key == step:
                return pos
            pos = _next(text, pos)
        return None
    if opener == "[" and isinstance(step, int):
        pos = _SPACE.match(text, pos + 1).end()
        for _ in range(step):
            if text[pos:pos + 1] == "]":
                return None
            pos = _next(text, pos)
        return None if text[pos:pos + 1] == "]" else pos
    return None


def _next(text: str, pos: int) -> int:
    """From a value's start to the start of the next sibling (past the comma)."""
    _, pos = _DECODER.raw_decode(text, pos)
    pos = _SPACE.match(text, pos).end()
    if text[pos:pos + 1] == ",":
        pos = _SPACE.match(text, pos + 1).end()
    return pos


def _escaped_forms(piece: str) -> List[str]:
    forms = [json.dumps(piece, ensure_ascii=False)[1:-1], json.dumps(piece)[1:-1]]
    return list(dict.fromkeys(f for f in forms if f))


def _line_bounds(text: str, pos: int) -> Tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _position(text: str, pos: int) -> Tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    return text.count("\n", 0, pos) + 1, pos - start + 1


def _masked(text: str, line: Tuple[int, int], spans: List[Tuple[int, int]]) -> str:
    start, end = line
    pieces, cursor = [], start
    for s, e in sorted(spans):
        if e <= start or s >= end or s < cursor:
            continue
        pieces += [text[cursor:s], MASK]
        cursor = min(e, end)
    pieces.append(text[cursor:end])
    return "".join(pieces).strip()


def locate_text(text: str, matches) -> List[Region]:
    """Regions of matches in a plain text file: the text is the file."""
    spans = [(m.start, m.end) for m in matches]
    regions = []
    for match in matches:
        line, column = _position(text, match.start)
        regions.append(Region(line, column, _masked(text, _line_bounds(text, match.start), spans)))
    return regions


def locate_notebook(text: str, found) -> List[Region]:
    """found: (unit, match) pairs of one notebook file, in scan order."""
    spans: List[Optional[Tuple[int, int]]] = []
    starts: List[int] = []
    seen: Dict[Tuple, int] = {}
    for unit, match in found:
        value = value_span(text, unit.path) if unit.path else None
        first_line = match.secret.split("\n", 1)[0]
        key = (unit.path, first_line)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        span = _find(text, value, first_line, occurrence) if value else None
        spans.append(span)
        starts.append(span[0] if span else (value[0] if value else 0))
    located = [s for s in spans if s]
    regions = []
    for span, start in zip(spans, starts):
        line, column = _position(text, start)
        masked = _masked(text, _line_bounds(text, start), located) if span else None
        regions.append(Region(line, column, masked))
    return regions


def _find(text: str, value: Tuple[int, int], piece: str, occurrence: int) -> Optional[Tuple[int, int]]:
    for form in _escaped_forms(piece):
        pos, count = value[0], 0
        while True:
            pos = text.find(form, pos, value[1])
            if pos < 0:
                break
            if count == occurrence:
                return pos, pos + len(form)
            count, pos = count + 1, pos + len(form)
    return None


def locate(scanner: Scanner, data: bytes, path: str, findings) -> Dict[int, Region]:
    """Regions for the findings of one file, keyed by ``id(finding)``; the file is scanned
    again at the match level (only files with findings, only for SARIF)."""
    text, _ = decode_text(data)
    if text is None or not findings:
        return {}
    nb, _ = parse_notebook(text) if path.lower().endswith(".ipynb") else (None, None)
    if nb is None:
        matches = scanner.engine.scan(text)
        pairs = [(scanner.finding(m, text, path, "text"), r)
                 for m, r in zip(matches, locate_text(text, matches))]
    else:
        found = [(unit, m) for unit, matches in scanner.unit_matches(iter_units(nb, [])) for m in matches]
        pairs = [(scanner.unit_finding(m, unit, path), r)
                 for (unit, m), r in zip(found, locate_notebook(text, found))]
    by_finding: Dict = {}
    for finding, region in pairs:
        by_finding.setdefault(finding, []).append(region)
    regions = {}
    for finding in findings:
        candidates = by_finding.get(finding)
        if candidates:
            regions[id(finding)] = candidates.pop(0)
    return regions
