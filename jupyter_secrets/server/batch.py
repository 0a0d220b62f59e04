"""One request per change of a notebook: the cells that changed since the browser last asked,
and the texts it needs key spans for (editors, outputs), answered together.

The browser keeps what it was told, keyed by cell id and a hash of what it sent; the server
keeps nothing between requests and answers only for what it was sent.

Request (``POST /jupyter-secrets/scan``)::

    {"path": "nb.ipynb",
     "cells": [{"id": "<cell id>", "hash": "<content hash>", "index": 3, "cell": {<nbformat cell>}}],
     "metadata": {"hash": "<content hash>", "value": {<notebook metadata>}},
     "texts": {"<content hash>": "text", ...}}

Reply::

    {"cells": {"<cell id>": {"hash": ..., "findings": [...], "spans": [<spans of its source>]}},
     "metadata": {"hash": ..., "findings": [...]} or null,
     "spans": {"<content hash>": [<spans>]},
     "errors": [{"path": ..., "message": ...}]}

Findings carry the ``index`` the browser gave for their cell. Spans count UTF-16 code units
(JavaScript string indices). A path on the allowlist has no findings, but its spans are given:
the browser remembers spans by text, whatever notebook showed it, and masks wherever it shows
one. Nothing in the reply holds more of a secret than its preview.
"""
from __future__ import annotations

import re
from typing import Dict, List, Optional

from ..detection.engine import Match
from ..detection.scanner import Scanner, preview
from ..detection.walker import iter_units

#: Enough for a large notebook's sources and text outputs in one call.
MAX_ITEMS = 5000
MAX_CHARS = 32 * 1024 * 1024


class BatchError(ValueError):
    """The request is not a batch of the documented shape; ``status`` is the HTTP status."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def is_batch(body: dict) -> bool:
    """A batch, not a bare notebook (which has cells too, and ``nbformat``)."""
    return "nbformat" not in body and (isinstance(body.get("cells"), list)
                                       or isinstance(body.get("texts"), dict))


def _utf16_offset(text: str, index: int) -> int:
    """JavaScript's index of the code point at ``index``: astral characters count twice."""
    head = text[:index]
    return index if head.isascii() else len(head.encode("utf-16-le", "surrogatepass")) // 2


def js_span(match: Match, text: str) -> dict:
    """Where a match sits in ``text``, for the browser: JavaScript indices, line and column."""
    line_start = text.rfind("\n", 0, match.start) + 1
    return {"start": _utf16_offset(text, match.start), "end": _utf16_offset(text, match.end),
            "line": text.count("\n", 0, match.start) + 1, "column": match.start - line_start + 1,
            "rule": match.rule.id, "preview": preview(match)}


def text_spans(scanner: Scanner, text: str) -> List[dict]:
    return [js_span(m, text) for m in scanner.engine.scan(text)] if text else []


def _cells(body: dict) -> List[dict]:
    cells = body.get("cells") or []
    if not isinstance(cells, list):
        raise BatchError("'cells' must be a list")
    for item in cells:
        if not (isinstance(item, dict) and isinstance(item.get("id"), str)
                and isinstance(item.get("hash"), str) and isinstance(item.get("cell"), dict)
                and isinstance(item.get("index"), int) and item["index"] >= 0):
            raise BatchError("every item of 'cells' needs 'id' and 'hash' (strings), "
                             "'index' (a cell index) and 'cell' (an nbformat cell)")
    return cells


def _texts(body: dict) -> Dict[str, str]:
    texts = body.get("texts") or {}
    if not isinstance(texts, dict) or not all(isinstance(t, str) for t in texts.values()):
        raise BatchError("'texts' must map content hashes to strings")
    return texts


def _metadata(body: dict) -> Optional[dict]:
    metadata = body.get("metadata")
    if metadata is None:
        return None
    if not (isinstance(metadata, dict) and isinstance(metadata.get("hash"), str)
            and isinstance(metadata.get("value"), dict)):
        raise BatchError("'metadata' needs 'hash' (a string) and 'value' (the notebook's metadata)")
    return metadata


def _check_size(cells: List[dict], texts: Dict[str, str]) -> None:
    chars = sum(len(t) for t in texts.values())
    if len(cells) + len(texts) > MAX_ITEMS or chars > MAX_CHARS:
        raise BatchError(f"at most {MAX_ITEMS} cells and texts and {MAX_CHARS} characters of "
                         "text per call: split the request", status=413)


def _scan_cell(scanner: Scanner, item: dict, path: str) -> tuple:
    """(answer, problems) of one cell, scanned as the save guard scans it in its notebook."""
    index = item["index"]
    problems: List[str] = []
    findings, spans = [], []
    units = iter_units({"nbformat": 4, "cells": [item["cell"]]}, problems)
    for unit, matches in scanner.unit_matches(units):
        findings += [scanner.finding(m, unit.text, path, unit.where, index, unit.output).to_dict()
                     for m in matches]
        if unit.where == "source":
            spans = [js_span(m, unit.text) for m in matches]
    # the walker names the cell by its place in what it walked: here, always 0
    problems = [re.sub(r"^cell 0\b", f"cell {index}", p) for p in problems]
    return {"hash": item["hash"], "findings": findings, "spans": spans}, problems


def _scan_metadata(scanner: Scanner, metadata: dict, path: str) -> dict:
    units = iter_units({"nbformat": 4, "cells": [], "metadata": metadata["value"]}, [])
    findings = [scanner.finding(m, unit.text, path, unit.where).to_dict()
                for unit, matches in scanner.unit_matches(units) for m in matches]
    return {"hash": metadata["hash"], "findings": findings}


def check_batch(scanner: Scanner, body: dict) -> dict:
    """The reply to a batch; raises BatchError for a request of the wrong shape."""
    path = body.get("path").strip("/") if isinstance(body.get("path"), str) else ""
    cells, texts, metadata = _cells(body), _texts(body), _metadata(body)
    _check_size(cells, texts)
    allowed = bool(path) and scanner.allows_path(path)
    answers, problems = {}, []
    for item in cells:
        answers[item["id"]], problem = _scan_cell(scanner, item, path or "notebook.ipynb")
        problems += problem
        if allowed:
            answers[item["id"]]["findings"] = []
    errors = ([{"path": path, "message": "not valid nbformat: " + "; ".join(problems[:5])}]
              if problems else [])
    return {"cells": answers,
            "metadata": (None if not metadata else {"hash": metadata["hash"], "findings": []} if allowed
                         else _scan_metadata(scanner, metadata, path or "notebook.ipynb")),
            "spans": {key: text_spans(scanner, text) for key, text in texts.items()},
            "errors": errors}
