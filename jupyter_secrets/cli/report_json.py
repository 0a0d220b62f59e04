"""The JSON report, in the shape fixed by the project's design (version 1)."""
from __future__ import annotations

import json

from .report import ScanReport

VERSION = 1


def render(report: ScanReport) -> str:
    document = {
        "version": VERSION,
        "findings": [f.to_dict() for f in report.findings],
        "errors": [e.to_dict() for e in report.errors],
        "stats": {"files": report.files, "bytes": report.nbytes, "seconds": round(report.seconds, 3)},
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
