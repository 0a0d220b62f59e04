"""What a scan produced, in the shape every output format renders."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List

from jupyter_secrets.detection.scanner import ScanError
from jupyter_secrets.model import Finding

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass
class ScanReport:
    findings: List[Finding] = field(default_factory=list)
    errors: List[ScanError] = field(default_factory=list)
    files: int = 0
    nbytes: int = 0
    seconds: float = 0.0
    #: id(finding) -> locate.Region: where it is in the file (filled for SARIF only)
    regions: Dict[int, object] = field(default_factory=dict)

    def exit_code(self) -> int:
        if self.errors:
            return EXIT_ERROR
        return EXIT_FINDINGS if self.findings else EXIT_CLEAN

    def files_with_findings(self) -> int:
        return len({f.path for f in self.findings})
