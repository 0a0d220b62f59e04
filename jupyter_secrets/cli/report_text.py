"""The report for people: one aligned line per finding, then a summary.

``path:cell:line:column  rule  preview`` for notebooks (cells count from 0, as in the JSON
report) and ``path:line:column  rule  preview`` for other files. Colour only on a terminal,
never when ``NO_COLOR`` is set.
"""
from __future__ import annotations

import os
from typing import IO, List, Optional

from jupyter_secrets.model import Finding

from .report import ScanReport

_STYLES = {"location": "1", "rule": "33", "preview": "2", "bad": "1;31", "good": "32", "note": "2"}


def use_color(stream: IO, disabled: bool = False) -> bool:
    if disabled or "NO_COLOR" in os.environ:
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Painter:
    def __init__(self, enabled: bool):
        self.enabled = enabled

    def __call__(self, style: str, text: str) -> str:
        return f"\033[{_STYLES[style]}m{text}\033[0m" if self.enabled else text


def shown_name(name: str) -> str:
    """A file name safe to print: control and format characters (ANSI escapes, newlines, bidi
    overrides) as Python escapes, so a name can neither drive the terminal nor fake a line."""
    if name.isprintable():
        return name
    return "".join(c if c.isprintable() else _escape(c) for c in name)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def location(finding: Finding) -> str:
    path = shown_name(finding.path)
    if finding.where == "text" or (finding.cell is None and finding.where == "source"):
        return f"{path}:{finding.line}:{finding.column}"
    cell = finding.where if finding.cell is None else str(finding.cell)
    return f"{path}:{cell}:{finding.line}:{finding.column}"


def place(finding: Finding) -> str:
    """Where inside the cell, when it is not the source the location already points at."""
    if finding.where == "outputs":
        return "" if finding.output is None else f"output {finding.output}"
    if finding.where in ("metadata", "attachments") and finding.cell is not None:
        return finding.where
    return ""


def finding_lines(findings: List[Finding], paint: Painter) -> List[str]:
    locations = [location(f) for f in findings]
    loc_width = max((len(x) for x in locations), default=0)
    rule_width = max((len(f.rule) for f in findings), default=0)
    lines = []
    for finding, loc in zip(findings, locations):
        extra = place(finding)
        line = (paint("location", loc.ljust(loc_width)) + "  " + paint("rule", finding.rule.ljust(rule_width))
                + "  " + paint("preview", finding.preview) + (f"  ({extra})" if extra else ""))
        lines.append(line.rstrip())
    return lines


def summary(report: ScanReport, paint: Painter, suppressed: int = 0) -> str:
    count = len(report.findings)
    noun = "secret" if count == 1 else "secrets"
    scanned = f"{report.files} file{'' if report.files == 1 else 's'}"
    size = f"{_size(report.nbytes)} in {report.seconds:.2f} s"
    if count:
        text = paint("bad", f"{count} {noun} found") + f" in {report.files_with_findings()} of {scanned} ({size})"
    else:
        text = paint("good", "no secrets found") + f" in {scanned} ({size})"
    if suppressed:
        text += paint("note", f"; {suppressed} known from the baseline not shown")
    if report.errors:
        n = len(report.errors)
        text += "; " + paint("bad", f"{n} error{'' if n == 1 else 's'}") + " (see above)"
    return text


def error_line(path: str, message: str, paint: Painter) -> str:
    return f"{paint('bad', 'error')}: {shown_name(path)}: {shown_name(message)}"


def render(report: ScanReport, out: IO, err: IO, color: Optional[bool] = None,
           quiet: bool = False, suppressed: int = 0) -> None:
    paint = Painter(use_color(out) if color is None else color)
    err_paint = Painter(use_color(err) if color is None else color)
    for line in finding_lines(report.findings, paint):
        out.write(line + "\n")
    for problem in report.errors:
        err.write(error_line(problem.path, problem.message, err_paint) + "\n")
    if not quiet:
        out.write(summary(report, paint, suppressed) + "\n")


def _size(nbytes: int) -> str:
    size = float(nbytes)
    for unit in ("B", "KB", "MB"):
        if size < 1000:
            return f"{size:.0f} B" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} GB"
