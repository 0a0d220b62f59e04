"""A contents model (or a file's bytes) as the texts a secret can hide in, each able to write a
redacted text back into its place.

The server sees notebooks as dicts (`type: notebook`) and everything else as text or base64
(`type: file`; JupyterLab uploads notebooks that way too). This module turns all of them into
`Piece`s the guards scan once and then keep, strip or report per place.
"""
from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from typing import Callable, List, Optional

from ..detection.engine import Match
from ..detection.scanner import Scanner, parse_notebook
from ..detection.text_decoding import detect_text
from ..detection.walker import iter_units
from ..model import Finding
from ..redaction import redact_in_place

#: The policy place of each `where` of a finding: attachments are pasted data, like outputs,
#: and a plain text file is source code.
PLACE_OF_WHERE = {"source": "source", "text": "source", "outputs": "output",
                  "attachments": "output", "metadata": "metadata", "other": "metadata"}


class UnreadableContent(ValueError):
    """A model whose content the guard cannot read (bad base64, unknown format)."""


@dataclass
class Piece:
    """One scanned text with secrets in it, and how to put a redacted version back."""

    where: str
    text: str
    matches: List[Match]
    findings: List[Finding]
    write: Callable[[str], None] = field(repr=False)

    @property
    def place(self) -> str:
        return PLACE_OF_WHERE[self.where]

    def redact(self) -> None:
        redact_in_place(self.text, self.matches, self.where, self.write)


class Document:
    """The scannable view of one model or file. ``pieces`` holds only texts with findings."""

    def __init__(self, path: str, flush: Callable[[], None] = lambda: None):
        self.path = path
        self.pieces: List[Piece] = []
        #: True when writing the document back would change more than its secrets.
        self.lossy = False
        #: Puts the redacted texts back where the document came from (a model, a file).
        self.flush = flush

    @property
    def findings(self) -> List[Finding]:
        return [f for piece in self.pieces for f in piece.findings]

    def redact(self, places) -> List[Finding]:
        """Redacts the pieces in ``places`` and writes the result back; returns their findings."""
        done = [piece for piece in self.pieces if piece.place in places]
        for piece in done:
            piece.redact()
        if done:
            self.flush()
        return [f for piece in done for f in piece.findings]

    def scan_notebook(self, nb: dict, scanner: Scanner) -> None:
        units = iter_units(nb, [])  # shape problems are nbformat's to report, not ours
        for unit, matches in scanner.unit_matches(units):
            findings = [scanner.unit_finding(m, unit, self.path) for m in matches]
            self.pieces.append(Piece(unit.where, unit.text, matches, findings, unit.write))

    def scan_text(self, text: str, scanner: Scanner, write: Callable[[str], None]) -> None:
        matches = scanner.engine.scan(text)
        if matches:
            findings = [scanner.finding(m, text, self.path, "text") for m in matches]
            self.pieces.append(Piece("text", text, matches, findings, write))



def model_document(model: dict, path: str, scanner: Scanner) -> Optional[Document]:
    """The scanned document of a contents model; None for directories, empty content, binary
    files and allowlisted paths. Redacting it changes ``model`` in place."""
    kind, content = model.get("type"), model.get("content")
    if kind == "directory" or content is None or scanner.allows_path(path):
        return None
    if kind == "notebook":
        if not isinstance(content, dict):
            raise UnreadableContent("notebook content is not a JSON object")
        document = Document(path)
        document.scan_notebook(content, scanner)
        return document
    data = _file_bytes(model)

    def store(new: bytes) -> None:
        model["content"] = (new.decode("utf-8") if model.get("format") == "text"
                            else base64.b64encode(new).decode("ascii"))

    return bytes_document(data, path, scanner, store)


def cells_document(content: dict, cells: list, walked: List[int], path: str,
                   scanner: Scanner) -> Document:
    """The scanned document of a notebook's ``content`` with only the cells at ``walked``
    read (every other field of the notebook is): the others stand empty while it is walked (and
    those after the last one walked are left out), so findings keep their cell numbers and a
    redaction writes into the model's own objects."""
    view = [{} for _ in range(max(walked) + 1 if walked else 0)]
    for index in walked:
        view[index] = cells[index]

    def put_back() -> None:  # a cell that is not an object is redacted in the view itself
        for index in walked:
            cells[index] = view[index]

    document = Document(path, flush=put_back)
    content["cells"] = view
    try:
        document.scan_notebook(content, scanner)
    finally:
        content["cells"] = cells
    return document


def _file_bytes(model: dict) -> bytes:
    content, fmt = model["content"], model.get("format")
    if not isinstance(content, str):
        raise UnreadableContent("file content is not a string")
    if fmt == "base64":
        try:
            # the server's own base64 has line breaks (encodebytes); nothing else may be there
            return base64.b64decode("".join(content.split()).encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError):
            raise UnreadableContent("file content is not valid base64") from None
    return content.encode("utf-8", "surrogatepass")  # "text" or unspecified: the server's default


def bytes_document(data: bytes, path: str, scanner: Scanner,
                   store: Callable[[bytes], None]) -> Optional[Document]:
    """The scanned document of a file's bytes; None when they are binary or allowlisted.
    A redaction calls ``store`` with the new bytes."""
    if scanner.allows_path(path):
        return None
    decoded = detect_text(data)
    if decoded is None:
        return None
    text = decoded.text
    document = Document(path)
    # undecodable bytes were replaced: a rewrite would change them
    document.lossy = decoded.problem is not None
    nb = parse_notebook(text)[0] if path.lower().endswith(".ipynb") else None
    if nb is not None:
        document.scan_notebook(nb, scanner)
        document.flush = lambda: store(decoded.encode(_notebook_text(nb)))
        return document
    redacted = {}
    document.scan_text(text, scanner, lambda new: redacted.__setitem__("text", new))
    # written back in the file's own encoding (UTF-16 stays UTF-16, a BOM stays)
    document.flush = lambda: store(decoded.encode(redacted["text"]))
    return document


def _notebook_text(nb: dict) -> str:
    # nbformat's JSON layout (sorted keys, indent 1) with strings kept as they came, and none of
    # its validation: the guard changes strings, not shape
    return json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
