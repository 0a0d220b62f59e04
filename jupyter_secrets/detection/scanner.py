"""Files and notebooks in, findings and readable errors out."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from ..model import Finding, Fingerprinter
from . import json_text
from .allowlist import Allowlist
from .engine import Engine, Match
from .text_decoding import detect_text
from .walker import TextUnit, WalkedUnits, is_notebook, iter_units, walk_texts

TEXT_SUFFIXES = frozenset({
    ".py", ".ipy", ".txt", ".md", ".markdown", ".rst", ".json", ".jsonl", ".yaml", ".yml", ".toml",
    ".env", ".cfg", ".ini", ".conf", ".properties", ".sh", ".bash", ".zsh", ".ps1", ".r", ".jl",
    ".sql", ".js", ".ts", ".html", ".xml", ".tf", ".tfvars", ".csv", ".log", ".netrc", ".pgpass",
    ".npmrc", ".pypirc", ".dockerfile",
})
TEXT_NAMES = frozenset({".env", ".netrc", ".pgpass", ".npmrc", ".pypirc", "dockerfile", "credentials"})
#: How many shape problems of one notebook are spelled out in its error.
_MAX_PROBLEMS = 5
#: A field name shown as it is in a finding's JSON path; any other is shown as "*".
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.+/-]{0,63}")


@dataclass(frozen=True)
class ScanError:
    path: str
    message: str

    def to_dict(self) -> dict:
        return {"path": self.path, "message": self.message}


@dataclass
class FileScan:
    path: str
    findings: List[Finding] = field(default_factory=list)
    errors: List[ScanError] = field(default_factory=list)
    nbytes: int = 0


def is_scannable(path: str) -> bool:
    """File types scanned when walking folders: notebooks and the usual text and config files."""
    name = os.path.basename(path).lower()
    suffix = os.path.splitext(name)[1]
    return suffix == ".ipynb" or suffix in TEXT_SUFFIXES or name in TEXT_NAMES or name.startswith(".env.")


def _position(text: str, offset: int) -> Tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def preview(match: Match) -> str:
    """The rule's well-known prefix, if the secret has it, and nothing more of the secret."""
    prefix = match.rule.prefix
    shown = prefix if prefix and match.secret.lower().startswith(prefix.lower()) else ""
    return shown + "…" + (f" ({match.encoding})" if match.encoding else "")


class Scanner:
    """The engine plus what turns its matches into findings: paths, positions, fingerprints."""

    def __init__(self, fingerprinter: Fingerprinter, allowlist: Optional[Allowlist] = None,
                 engine: Optional[Engine] = None):
        self.fingerprint = fingerprinter
        self.allowlist = allowlist
        self.engine = engine or Engine(allowlist=allowlist)

    is_scannable = staticmethod(is_scannable)

    def allows_path(self, path: str) -> bool:
        """Whether the configured allowlist exempts this path from scanning."""
        return bool(self.allowlist and self.allowlist.allows_path(path))

    def finding(self, match: Match, text: str, path: str, where: str,
                cell: Optional[int] = None, output: Optional[int] = None,
                json_path: Optional[str] = None) -> Finding:
        line, column = _position(text, match.start)
        return Finding(path=path, cell=cell, where=where, output=output, line=line, column=column,
                       rule=match.rule.id, fingerprint=self.fingerprint(match.secret),
                       preview=preview(match), json_path=json_path)

    def unit_finding(self, match: Match, unit: TextUnit, path: str) -> Finding:
        """The finding of a match in a notebook's unit; "other" places carry their JSON path."""
        pointer = shown_path(unit.path, match.secret) if unit.where == "other" else None
        return self.finding(match, unit.text, path, unit.where, unit.cell, unit.output, pointer)

    def unit_matches(self, units: Iterable[TextUnit]) -> Iterator[Tuple[TextUnit, List[Match]]]:
        """The units that hold secrets, with their matches. One prefilter pass for them all."""
        if isinstance(units, WalkedUnits) and units.untouched():  # a TextUnit only where found
            for index, matches in enumerate(self.engine.scan_many(units.texts)):
                if matches:
                    yield units.unit(index), matches
            return
        units = list(units)
        for unit, matches in zip(units, self.engine.scan_many([u.text for u in units])):
            if matches:
                yield unit, matches

    def scan_text(self, text: str, path: str) -> List[Finding]:
        if self.allows_path(path):
            return []
        return [self.finding(m, text, path, "text") for m in self.engine.scan(text)]

    def scan_notebook(self, nb: dict, path: str, problems: Optional[List[str]] = None) -> List[Finding]:
        """Findings of a nbformat-4 notebook dict; shape problems go to ``problems``."""
        if self.allows_path(path):
            return []
        problems = [] if problems is None else problems
        units = iter_units(nb, problems, places=False)  # places only if a secret is found
        return [self.unit_finding(m, unit, path)
                for unit, matches in self.unit_matches(units) for m in matches]

    def scan_bytes(self, data: bytes, path: str) -> FileScan:
        """Scans one file's bytes. Whatever cannot be read is an error naming the place;
        whatever can still be read is scanned."""
        return self.scan_files([(data, path)])[0]

    def scan_files(self, files: Sequence[Tuple[bytes, str]]) -> List[FileScan]:
        """``scan_bytes`` of each file, with one engine pass over the texts of many files: a
        folder of small notebooks costs one prefilter pass, not one per notebook. Each text is
        scanned as it would be in its own file's pass (see ``_pass_of``)."""
        read = [self._read(data, path) for data, path in files]
        passes: Dict[object, List[_Read]] = {}
        for index, item in enumerate(read):
            if item.texts:
                key = "shared" if item.parsed_by_orjson else _pass_of(item.texts, index)
                passes.setdefault(key, []).append(item)
        for items in passes.values():
            texts = items[0].texts if len(items) == 1 else [t for item in items for t in item.texts]
            found, at = self.engine.scan_many(texts), 0
            for item in items:
                item.finish(self, found[at:at + len(item.texts)])
                at += len(item.texts)
        return [item.result for item in read]

    def _read(self, data: bytes, path: str) -> "_Read":
        """A file decoded and parsed, with the texts to scan; errors noted in its result."""
        result = FileScan(path, nbytes=len(data))
        if self.allows_path(path):
            return _Read(result)
        notebook = path.lower().endswith(".ipynb")
        if notebook and data[:1] == b"{":  # no BOM, so UTF-8 if it is JSON at all
            nb = json_text.loads_utf8(data)
            if nb is not None and is_notebook(nb):  # as decode_text + parse_notebook read it
                # the dict goes once its texts are read (freed while still in cache); a
                # notebook with a finding is parsed again for the findings' places
                return self._walked(result, nb, lambda: json_text.loads_utf8(data))
        text, problem = decode_text(data)
        if problem:
            result.errors.append(ScanError(path, problem))
            if text is None:
                return _Read(result)
        nb, problem = parse_notebook(text) if notebook else (None, None)
        if problem:
            result.errors.append(ScanError(path, problem))
        if nb is None:
            return _Read(result, [text] if text else [], text=text)
        return self._walked(result, nb)

    @staticmethod
    def _walked(result: FileScan, nb: dict, parse_again=None) -> "_Read":
        """``parse_again``: the file's bytes parsed by orjson once more, instead of keeping
        ``nb`` until the batch's findings are known. orjson refuses lone surrogates, so such
        a notebook's texts are all valid Unicode (``_pass_of``)."""
        path, problems = result.path, []
        texts = walk_texts(nb, problems)
        if problems:
            shown = "; ".join(problems[:_MAX_PROBLEMS])
            more = f" (and {len(problems) - _MAX_PROBLEMS} more)" if len(problems) > _MAX_PROBLEMS else ""
            result.errors.append(ScanError(path, f"not valid nbformat: {shown}{more}; the rest was scanned"))
        units = WalkedUnits(texts, None, parse_again or (lambda: nb))
        return _Read(result, texts, units=units, parsed_by_orjson=parse_again is not None)


class _Read:
    """One file of ``scan_files``: its result so far, and the texts the engine is to scan
    (a notebook's units, or a plain text file's whole text)."""

    __slots__ = ("result", "texts", "units", "text", "parsed_by_orjson")

    def __init__(self, result: FileScan, texts: Sequence[str] = (), units: Optional[WalkedUnits] = None,
                 text: Optional[str] = None, parsed_by_orjson: bool = False):
        self.result, self.texts, self.units, self.text = result, texts, units, text
        self.parsed_by_orjson = parsed_by_orjson

    def finish(self, scanner: Scanner, found: Sequence[List[Match]]) -> None:
        path, findings = self.result.path, self.result.findings
        if self.units is None:  # a plain text file
            findings.extend(scanner.finding(m, self.text, path, "text") for m in found[0])
            return
        for index, matches in enumerate(found):
            if matches:
                unit = self.units.unit(index)
                findings.extend(scanner.unit_finding(m, unit, path) for m in matches)


def _pass_of(texts: Sequence[str], index: int) -> object:
    """Which engine pass a file's texts join: the shared one, where the prefilter searches
    each text by its kind (the ASCII ones by the pattern gate, the others by keywords), or, for
    a file holding a lone surrogate, which makes a pass read text by text, a pass of its own."""
    for text in texts:
        if not text.isascii():
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                return index
    return "shared"


def shown_path(path: tuple, secret: str) -> str:
    """The JSON pointer of ``path``, with any field name that could be (or hold) the secret
    shown as ``*``: a finding never carries the value, not even in a name."""
    shown = []
    for part in path:
        if isinstance(part, str) and (not _PLAIN_NAME.fullmatch(part) or part in secret
                                      or secret in part):
            part = "*"
        shown.append(part)
    return json_text.pointer(tuple(shown))


def decode_text(data: bytes) -> Tuple[Optional[str], Optional[str]]:
    """(text, problem) of a file's bytes, the encoding told by content (text_decoding).
    Binary files give no text; invalid UTF-8 is replaced and reported."""
    decoded = detect_text(data)
    if decoded is None:
        return None, "binary content: not scanned"
    return decoded.text, decoded.problem


def parse_notebook(text: str) -> Tuple[Optional[dict], Optional[str]]:
    """(notebook, problem). A notebook that cannot be read as nbformat 4 is scanned as text."""
    try:
        value = json_text.loads(text)
    except RecursionError:
        return None, "JSON nested too deeply to read; scanned as text"
    except ValueError:
        return None, _json_problem(text)
    if is_notebook(value):
        return value, None
    if isinstance(value, dict) and isinstance(value.get("nbformat"), int) and value["nbformat"] < 4:
        return None, None  # nbformat 3 and older: the whole JSON text is scanned
    return None, "not a Jupyter notebook (no nbformat 4 'cells'); scanned as text"


def _json_problem(text: str) -> str:
    """The standard library's account of bad JSON (orjson's has no line and column)."""
    import json

    try:
        json.loads(text)
    except json.JSONDecodeError as e:
        return f"not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}; scanned as text"
    except (ValueError, RecursionError):
        pass
    return "not valid JSON; scanned as text"
