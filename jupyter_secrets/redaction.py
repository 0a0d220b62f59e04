"""Span-based redaction of texts, notebooks and files. Pure Python: text or a notebook dict in.

Sources get a placeholder that keeps the code's syntax (it sits where the key sat, inside the
same quotes); outputs and metadata get a visible marker. Both contain the word REDACTED, which
the engine never reports, so cleaning then scanning finds nothing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable, Collection, List, Optional, Sequence

from .detection.engine import Match
from .detection.scanner import Scanner, ScanError, decode_text, parse_notebook
from .detection.walker import iter_units
from .model import WHERES, Finding


def source_placeholder(rule_id: str) -> str:
    return "REDACTED_" + rule_id.upper().replace("-", "_")


def output_marker(rule_id: str) -> str:
    return f"[REDACTED:{rule_id}]"


def redact_text(text: str, matches: Sequence[Match], marker=source_placeholder) -> str:
    """``text`` with every match replaced by ``marker(rule_id)``; overlapping spans merge."""
    pieces, cursor = [], 0
    for match in sorted(matches, key=lambda m: m.start):
        if match.start < cursor:
            continue
        pieces.append(text[cursor:match.start])
        pieces.append(marker(match.rule.id))
        cursor = match.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def redact_in_place(text: str, matches: Sequence[Match], where: str,
                    write: Callable[[str], None]) -> None:
    """Writes ``text`` redacted back to its place: code keeps its syntax (a placeholder), other
    places get a marker. A JSON text whose redaction would not parse back (a marker inside an
    escape sequence) is replaced whole, so nothing is left half-done."""
    marker = source_placeholder if where in ("source", "text") else output_marker
    try:
        write(redact_text(text, matches, marker))
    except ValueError:  # json.JSONDecodeError
        write(json.dumps(output_marker(matches[0].rule.id)))


def redact_notebook(nb: dict, scanner: Scanner, path: str,
                    wheres: Collection[str] = WHERES) -> List[Finding]:
    """Redacts, in place, the secrets found in the given places of a nbformat-4 notebook dict.

    Returns the findings that were redacted.
    """
    redacted: List[Finding] = []
    units = [u for u in iter_units(nb, []) if u.where in wheres]
    for unit, matches in scanner.unit_matches(units):
        redact_in_place(unit.text, matches, unit.where, unit.write)
        redacted.extend(scanner.finding(m, unit.text, path, unit.where, unit.cell, unit.output)
                        for m in matches)
    return redacted


@dataclass
class CleanResult:
    content: Optional[bytes]  # None: nothing to change
    findings: List[Finding] = field(default_factory=list)
    errors: List[ScanError] = field(default_factory=list)


def notebook_bytes(nb: dict) -> bytes:
    """A notebook dict as nbformat writes it (multi-line strings as lists of lines)."""
    import nbformat  # only the writer needs it; detection and redaction stay light

    return nbformat.writes(nbformat.from_dict(nb), version=nbformat.NO_CONVERT).encode("utf-8")


def clean_bytes(data: bytes, path: str, scanner: Scanner) -> CleanResult:
    """A file's bytes with every secret redacted. Notebooks are written as nbformat writes them;
    a file that cannot be read is left alone and reported."""
    text, problem = decode_text(data)
    if text is None or (problem and "UTF-8" in problem):
        return CleanResult(None, errors=[ScanError(path, (problem or "").split(":")[0] + ": not cleaned")])
    nb, problem = parse_notebook(text) if path.lower().endswith(".ipynb") else (None, None)
    if problem:
        return CleanResult(None, errors=[ScanError(path, problem.replace("scanned as text", "not cleaned"))])
    if nb is None:
        matches = scanner.engine.scan(text) if not scanner.allows_path(path) else []
        if not matches:
            return CleanResult(None)
        findings = [scanner.finding(m, text, path, "text") for m in matches]
        return CleanResult(redact_text(text, matches).encode("utf-8"), findings)
    problems: List[str] = []
    list(iter_units(nb, problems))
    if problems:
        return CleanResult(None, errors=[ScanError(path, "not valid nbformat: " + "; ".join(problems[:5])
                                                    + "; not cleaned")])
    findings = [] if scanner.allows_path(path) else redact_notebook(nb, scanner, path)
    return CleanResult(notebook_bytes(nb) if findings else None, findings)

