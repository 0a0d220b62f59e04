"""Walks a notebook (a plain dict, nbformat 4.x) into the texts a secret can hide in.

Binary payloads (images, PDFs: base64 in the notebook) are never yielded, so the rules and
the decoders never see them. Every unit can write a redacted text back into its place.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, List, Optional

import re2

_ANSI = re2.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
_TEXT_MIMES = {"application/javascript", "application/x-javascript", "application/ecmascript",
               "application/xml", "application/x-latex", "application/x-sh", "application/sql"}


class NotebookShapeError(ValueError):
    """The notebook is valid JSON but not the shape nbformat 4 promises, at a named place."""


@dataclass
class TextUnit:
    where: str  # "source", "outputs", "metadata" or "attachments"
    cell: Optional[int]
    output: Optional[int]
    text: str
    write: Callable[[str], None] = field(repr=False)


def is_text_mime(mime: str) -> bool:
    """nbformat stores these as text; every other mimetype is base64 binary."""
    return (mime.startswith("text/") or mime == "application/json" or mime.endswith("+json")
            or mime.endswith("+xml") or mime in _TEXT_MIMES)


def _is_json(mime: str) -> bool:
    return mime == "application/json" or mime.endswith("+json")


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text) if "\x1b" in text else text


def _joined(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(value)  # a non-string item raises TypeError
    raise TypeError


def _setter(container: Any, key: Any) -> Callable[[str], None]:
    def write(text: str) -> None:
        container[key] = text
    return write


def _json_setter(container: Any, key: Any) -> Callable[[str], None]:
    def write(text: str) -> None:
        container[key] = json.loads(text)
    return write


def _dumped(value: Any) -> str:
    return json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False)


def _mime_units(bundle: dict, where: str, cell: int, output: Optional[int]) -> Iterator[TextUnit]:
    for mime, value in bundle.items():
        if not is_text_mime(mime):
            continue
        if isinstance(value, str) or (isinstance(value, list) and not _is_json(mime)):
            yield TextUnit(where, cell, output, _joined(value), _setter(bundle, mime))
        else:  # JSON mimetypes hold objects, arrays and numbers
            yield TextUnit(where, cell, output, _dumped(value), _json_setter(bundle, mime))


def _traceback_setter(out: dict) -> Callable[[str], None]:
    def write(text: str) -> None:
        out["traceback"] = text.split("\n")
    return write


def _output_units(out: dict, cell: int, index: int) -> Iterator[TextUnit]:
    kind = out.get("output_type")
    if kind == "stream" and "text" in out:
        yield TextUnit("outputs", cell, index, _joined(out["text"]), _setter(out, "text"))
    elif kind in ("execute_result", "display_data", "update_display_data"):
        data = out.get("data", {})
        if not isinstance(data, dict):
            raise NotebookShapeError(f"cell {cell}, output {index}: 'data' is not an object")
        yield from _mime_units(data, "outputs", cell, index)
    elif kind == "error":
        if isinstance(out.get("evalue"), str):
            yield TextUnit("outputs", cell, index, out["evalue"], _setter(out, "evalue"))
        if isinstance(out.get("traceback"), list):
            text = strip_ansi("\n".join(str(line) for line in out["traceback"]))
            yield TextUnit("outputs", cell, index, text, _traceback_setter(out))
    if out.get("metadata"):
        yield TextUnit("outputs", cell, index, _dumped(out["metadata"]), _json_setter(out, "metadata"))


def _cell_units(cell: Any, index: int, problems: List[str]) -> Iterator[TextUnit]:
    if not isinstance(cell, dict):
        problems.append(f"cell {index} is not an object")
        return
    if "source" in cell:
        try:
            yield TextUnit("source", index, None, _joined(cell["source"]), _setter(cell, "source"))
        except TypeError:
            problems.append(f"cell {index}: 'source' is neither a string nor a list of strings")
    outputs = cell.get("outputs", [])
    if not isinstance(outputs, list):
        problems.append(f"cell {index}: 'outputs' is not a list")
        outputs = []
    for number, out in enumerate(outputs):
        try:
            if not isinstance(out, dict):
                raise NotebookShapeError(f"cell {index}, output {number} is not an object")
            yield from _output_units(out, index, number)
        except NotebookShapeError as e:
            problems.append(str(e))
        except TypeError:
            problems.append(f"cell {index}, output {number}: text is not a string or list of strings")
    attachments = cell.get("attachments") or {}
    for bundle in attachments.values() if isinstance(attachments, dict) else ():
        if isinstance(bundle, dict):
            yield from _mime_units(bundle, "attachments", index, None)
    if cell.get("metadata"):
        yield TextUnit("metadata", index, None, _dumped(cell["metadata"]), _json_setter(cell, "metadata"))


def is_notebook(value: Any) -> bool:
    """A dict in nbformat 4 shape; older notebooks are scanned as plain text."""
    return isinstance(value, dict) and value.get("nbformat") == 4 and "cells" in value


def iter_units(nb: dict, problems: List[str]) -> Iterator[TextUnit]:
    """Every text of a nbformat-4 notebook. Parts not of nbformat's shape are skipped and
    described in ``problems`` (by cell and output index), so the rest is still scanned."""
    cells = nb.get("cells")
    if not isinstance(cells, list):
        problems.append("'cells' is not a list")
        cells = []
    for index, cell in enumerate(cells):
        yield from _cell_units(cell, index, problems)
    if nb.get("metadata"):
        yield TextUnit("metadata", None, None, _dumped(nb["metadata"]), _json_setter(nb, "metadata"))
