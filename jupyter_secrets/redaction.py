"""Span-based redaction of texts, notebooks and files. Pure Python: text or a notebook dict in.

Sources get a placeholder that keeps the code's syntax (it sits where the key sat, inside the
same quotes); outputs and metadata get a visible marker. Both contain the word REDACTED, which
the engine never reports, so cleaning then scanning finds nothing.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Callable, Collection, List, Optional, Sequence

from .detection.engine import Match
from .detection.scanner import Scanner, ScanError, parse_notebook
from .detection.text_decoding import detect_text
from .detection.walker import iter_units
from .model import WHERES, Finding

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


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


def union_of_overlaps(matches: List[Match], text: str) -> List[Match]:
    """Overlapping matches as one (the rule of the first), so a placeholder leaves no tail of a
    value; sorts `matches` in place."""
    matches.sort(key=lambda m: (m.start, -m.end))
    out: List[Match] = []
    for match in matches:
        if out and match.start < out[-1].end:
            last = out[-1]
            if match.end > last.end:
                out[-1] = Match(last.rule, last.start, match.end, text[last.start:match.end],
                                last.encoding)
            continue
        out.append(match)
    return out


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
                    wheres: Collection[str] = WHERES,
                    problems: Optional[List[str]] = None) -> List[Finding]:
    """Redacts, in place, the secrets found in the given places of a nbformat-4 notebook dict:
    every place the walker reads, unknown fields and odd values included ("other").

    Returns the findings that were redacted; shape problems go to ``problems``.
    """
    redacted: List[Finding] = []
    units = [u for u in iter_units(nb, [] if problems is None else problems) if u.where in wheres]
    # writes after all matching: a write may rename a key another unit's path goes through
    for unit, matches in list(scanner.unit_matches(units)):
        redact_in_place(unit.text, matches, unit.where, unit.write)
        redacted.extend(scanner.unit_finding(m, unit, path) for m in matches)
    return redacted


@dataclass
class CleanResult:
    content: Optional[bytes]  # None: nothing to change
    findings: List[Finding] = field(default_factory=list)
    errors: List[ScanError] = field(default_factory=list)


class NotWritable(ValueError):
    """A notebook that cannot be written back (nested deeper than any JSON encoder goes)."""


def notebook_bytes(nb: dict) -> bytes:
    """A notebook dict as nbformat writes it (multi-line strings as lists of lines).

    Lone surrogates are written as JSON escapes, so the file is valid UTF-8
    and reads back to the same strings."""
    # The same layout as nbformat's writer, without importing nbformat: its import (the schema
    # validators) costs more than a clean does, and the git filter and `clean` write often.
    text = _written_like_nbformat(nb)
    if _LONE_SURROGATE.search(text):
        text = _LONE_SURROGATE.sub(lambda m: "\\u%04x" % ord(m.group()), text)
    return text.encode("utf-8")


def _written_like_nbformat(nb: dict) -> str:
    """nbformat 4's layout: sorted keys, indent 1, multi-line texts split into lines."""
    try:
        return json.dumps(_with_split_texts(nb), sort_keys=True, indent=1, ensure_ascii=False,
                          separators=(",", ": "))
    except RecursionError:
        raise NotWritable("nested too deeply to write back") from None


def _with_split_texts(nb: dict) -> dict:
    """``nb`` with its multi-line texts as lists of lines. The caller's dict stays as it is:
    only the containers on the way to a split text are copied (shallow), everything else is
    shared, so a large notebook is not held twice while it is written."""
    cells = nb.get("cells")
    if not isinstance(cells, list):
        return nb
    return {**nb, "cells": [_split_cell(cell) if isinstance(cell, dict) else cell for cell in cells]}


def _split_cell(cell: dict) -> dict:
    cell = dict(cell)
    _split(cell, "source")
    outputs = cell.get("outputs")
    if isinstance(outputs, list):
        cell["outputs"] = [_split_output(out) if isinstance(out, dict) else out for out in outputs]
    return cell


def _split_output(out: dict) -> dict:
    out = dict(out)
    _split(out, "text")
    data = out.get("data")
    if isinstance(data, dict):
        data = out["data"] = dict(data)
        for mime in list(data):
            if mime.startswith("text/") or mime in ("application/javascript", "image/svg+xml"):
                _split(data, mime)
    return out


def _split(container: dict, key: str) -> None:
    value = container.get(key)
    if isinstance(value, str):
        container[key] = value.splitlines(keepends=True)


def clean_bytes(data: bytes, path: str, scanner: Scanner) -> CleanResult:
    """A file's bytes with every secret redacted. Notebooks are written as nbformat writes them;
    text keeps its encoding (UTF-16 stays UTF-16); a file that cannot be read is left alone and
    reported."""
    decoded = detect_text(data)
    if decoded is None or decoded.problem:
        problem = "binary content" if decoded is None else decoded.problem.split(":")[0]
        return CleanResult(None, errors=[ScanError(path, problem + ": not cleaned")])
    text = decoded.text
    nb, problem = parse_notebook(text) if path.lower().endswith(".ipynb") else (None, None)
    if problem:
        return CleanResult(None, errors=[ScanError(path, problem.replace("scanned as text", "not cleaned"))])
    if nb is None:
        matches = scanner.engine.scan(text) if not scanner.allows_path(path) else []
        if not matches:
            return CleanResult(None)
        findings = [scanner.finding(m, text, path, "text") for m in matches]
        return CleanResult(decoded.encode(redact_text(text, matches)), findings)
    if scanner.allows_path(path):
        return CleanResult(None)
    problems: List[str] = []
    findings = redact_notebook(nb, scanner, path, problems=problems)
    errors = []
    if problems:  # cleaned all the same: every string was read, whatever its place
        errors.append(ScanError(path, "not valid nbformat: " + "; ".join(problems[:5])
                                + "; cleaned where the secrets were"))
    if not findings:
        return CleanResult(None, errors=errors)
    try:
        return CleanResult(notebook_bytes(nb), findings, errors)
    except NotWritable as error:
        return CleanResult(None, errors=errors + [ScanError(path, f"{error}: not cleaned")])
