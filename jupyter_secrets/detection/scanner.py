"""Files and notebooks in, findings and readable errors out."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator, List, Optional, Tuple

from ..model import Finding, Fingerprinter
from . import json_text
from .allowlist import Allowlist
from .engine import Engine, Match
from .text_decoding import detect_text
from .walker import TextUnit, WalkedUnits, is_notebook, iter_units

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
        return [self.unit_finding(m, unit, path)
                for unit, matches in self.unit_matches(iter_units(nb, problems)) for m in matches]

    def scan_bytes(self, data: bytes, path: str) -> FileScan:
        """Scans one file's bytes. Whatever cannot be read is an error naming the place;
        whatever can still be read is scanned."""
        result = FileScan(path, nbytes=len(data))
        if self.allows_path(path):
            return result
        text, problem = decode_text(data)
        if problem:
            result.errors.append(ScanError(path, problem))
            if text is None:
                return result
        nb, problem = parse_notebook(text) if path.lower().endswith(".ipynb") else (None, None)
        if problem:
            result.errors.append(ScanError(path, problem))
        if nb is None:
            result.findings = self.scan_text(text, path)
            return result
        problems: List[str] = []
        result.findings = self.scan_notebook(nb, path, problems)
        if problems:
            shown = "; ".join(problems[:_MAX_PROBLEMS])
            more = f" (and {len(problems) - _MAX_PROBLEMS} more)" if len(problems) > _MAX_PROBLEMS else ""
            result.errors.append(ScanError(path, f"not valid nbformat: {shown}{more}; the rest was scanned"))
        return result


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
