"""Scan many files, one at a time, so that no single file can stop the run."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Iterable, Union

from jupyter_secrets.detection.scanner import FileScan, Scanner, ScanError

from .debug_log import debug
from .discovery import Target, WalkError
from .files import FileAccessError, read_bytes
from .report import ScanReport


def scan_one(scanner: Scanner, data: bytes, path: str) -> FileScan:
    """The scan of one file; an unexpected failure becomes an error for that file alone."""
    try:
        return scanner.scan_bytes(data, path)
    except Exception as e:  # noqa: BLE001 - one bad file must not end the run
        # The exception text may quote file content, so only its type is shown.
        debug(__name__, "scanning %s raised %s", path, type(e).__name__)
        scan = FileScan(path, nbytes=len(data))
        scan.errors.append(ScanError(path, f"internal error while scanning ({type(e).__name__}); "
                                           "this file was not checked"))
        return scan


@dataclass(frozen=True)
class Blob:
    """Content that is not a file on disk (standard input, a staged blob), with its name."""

    display: str
    data: bytes = field(repr=False)


def scan_all(scanner: Scanner, items: Iterable[Union[Target, Blob, WalkError]],
             locate_findings: bool = False) -> ScanReport:
    """locate_findings: also find each finding's line and column in the file (for SARIF)."""
    report = ScanReport()
    started = time.perf_counter()
    for item in items:
        if isinstance(item, WalkError):
            report.errors.append(ScanError(item.path, item.message))
            continue
        try:
            data = item.data if isinstance(item, Blob) else read_bytes(item.path)
        except FileAccessError as e:
            report.errors.append(ScanError(item.display, str(e)))
            continue
        scan = scan_one(scanner, data, item.display)
        if locate_findings and scan.findings:
            report.regions.update(_regions(scanner, data, item.display, scan.findings))
        del data  # a 200 MB notebook need not stay in memory while the next one is read
        report.files += 1
        report.nbytes += scan.nbytes
        report.findings.extend(scan.findings)
        report.errors.extend(scan.errors)
    report.seconds = time.perf_counter() - started
    return report


def _regions(scanner: Scanner, data: bytes, path: str, findings) -> dict:
    from .locate import locate

    try:
        return locate(scanner, data, path, findings)
    except Exception as e:  # noqa: BLE001 - the findings stand without their file positions
        debug(__name__, "locating findings in %s raised %s", path, type(e).__name__)
        return {}
