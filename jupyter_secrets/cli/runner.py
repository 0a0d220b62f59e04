"""Scan many files, one at a time, so that no single file can stop the run."""
from __future__ import annotations

import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterable, List, Tuple, Union

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


#: Files read before one engine pass scans them all: small files share the pass (a folder of
#: notebooks costs one prefilter call per batch, not per file); a large one has its own.
_BATCH_FILES = 64
_BATCH_BYTES = 1 << 20


def scan_all(scanner: Scanner, items: Iterable[Union[Target, Blob, WalkError]],
             locate_findings: bool = False) -> ScanReport:
    """locate_findings: also find each finding's line and column in the file (for SARIF)."""
    report = ScanReport()
    started = time.perf_counter()
    batch = _Batch(scanner, report, locate_findings)
    for item in items:
        if isinstance(item, WalkError):
            batch.add_error(ScanError(item.path, item.message))
            continue
        try:
            data = item.data if isinstance(item, Blob) else read_bytes(item.path)
        except FileAccessError as e:
            batch.add_error(ScanError(item.display, str(e)))
            continue
        batch.add_file(data, item.display)
        del data  # a 200 MB notebook need not stay in memory while the next one is read
    batch.flush()
    report.seconds = time.perf_counter() - started
    return report


class _Batch:
    """Files (and errors, kept in their order) waiting for one ``Scanner.scan_files`` call.
    Should that call fail, each file is scanned on its own, so one bad file stops nothing."""

    def __init__(self, scanner: Scanner, report: ScanReport, locate_findings: bool):
        self.scanner, self.report, self.locate_findings = scanner, report, locate_findings
        self.entries: List[Union[ScanError, Tuple[bytes, str]]] = []
        self.files = self.nbytes = 0

    def add_error(self, error: ScanError) -> None:
        self.entries.append(error)

    def add_file(self, data: bytes, display: str) -> None:
        if self.nbytes + len(data) > _BATCH_BYTES:
            self.flush()
        self.entries.append((data, display))
        self.files += 1
        self.nbytes += len(data)
        if self.files >= _BATCH_FILES or self.nbytes >= _BATCH_BYTES:
            self.flush()

    def flush(self) -> None:
        entries, self.entries, self.files, self.nbytes = self.entries, [], 0, 0
        files = [entry for entry in entries if not isinstance(entry, ScanError)]
        scans = iter(_scan_files(self.scanner, files))
        report = self.report
        for entry in entries:
            if isinstance(entry, ScanError):
                report.errors.append(entry)
                continue
            data, display = entry
            scan = next(scans)
            if self.locate_findings and scan.findings:
                report.regions.update(_regions(self.scanner, data, display, scan.findings))
            report.files += 1
            report.nbytes += scan.nbytes
            report.findings.extend(scan.findings)
            report.errors.extend(scan.errors)


def _scan_files(scanner: Scanner, files: List[Tuple[bytes, str]]) -> List[FileScan]:
    if len(files) > 1:
        try:
            with _cycles_collected_after():
                return scanner.scan_files(files)
        except Exception as e:  # noqa: BLE001 - found again below, file by file
            debug(__name__, "scanning %d files together raised %s", len(files), type(e).__name__)
    return [scan_one(scanner, data, display) for data, display in files]


@contextmanager
def _cycles_collected_after():
    """No cycle collection while a batch is scanned: its parsed notebooks (tens of thousands
    of dicts and lists, none in a cycle) live until the batch's one engine pass, and the
    collector would walk them again and again (a tenth of a folder scan's time). Reference
    counting still frees them; a batch is at most _BATCH_BYTES of files."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _regions(scanner: Scanner, data: bytes, path: str, findings) -> dict:
    from .locate import locate

    try:
        return locate(scanner, data, path, findings)
    except Exception as e:  # noqa: BLE001 - the findings stand without their file positions
        debug(__name__, "locating findings in %s raised %s", path, type(e).__name__)
        return {}
