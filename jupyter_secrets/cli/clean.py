"""`jupyter-secrets clean PATH...`: redact every secret found, in place, atomically."""
from __future__ import annotations

import argparse
import os
import stat
import sys
from typing import List

from jupyter_secrets.detection.scanner import Scanner, ScanError
from jupyter_secrets.redaction import CleanResult, clean_bytes

from .debug_log import debug
from .discovery import Target, WalkError, discover
from .files import FileAccessError, read_bytes, replace_atomically
from .report import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS
from .report_text import Painter, error_line, shown_name, use_color
from .scan_setup import add_config_arguments, build

HELP = "redact every secret in notebooks and files, in place (--check only reports)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files and folders to clean")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if some file would change")
    parser.add_argument("--force", action="store_true",
                        help="also rewrite read-only files (left alone and reported otherwise)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    parser.add_argument("--no-color", action="store_true", help="no colour even on a terminal")
    add_config_arguments(parser)


def clean_one(scanner: Scanner, data: bytes, path: str) -> CleanResult:
    """clean_bytes, with an unexpected failure turned into an error for this file alone."""
    try:
        result = clean_bytes(data, path, scanner)
    except Exception as e:  # noqa: BLE001 - one bad file must not end the run
        debug(__name__, "cleaning %s raised %s", path, type(e).__name__)  # its text may quote content
        return CleanResult(None, errors=[ScanError(
            path, f"internal error while cleaning ({type(e).__name__}); this file was left unchanged")])
    if result.content is not None:
        result.content = keep_final_newline(data, result.content)
    return result


def is_read_only(path: str) -> bool:
    """No write permission for its owner (what chmod a-w or a read-only checkout sets), or none
    for us: root may write anything, but a file marked read-only is meant to stay as it is."""
    try:
        st = os.stat(path)
    except OSError:
        return False
    return not st.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK)


def keep_final_newline(original: bytes, content: bytes) -> bytes:
    """nbformat writes no final newline; Jupyter and editors do. Keep the file's own ending."""
    if original.endswith(b"\n") and not content.endswith(b"\n"):
        return content + (b"\r\n" if original.endswith(b"\r\n") else b"\n")
    return content


def run(args: argparse.Namespace) -> int:
    setup = build(args)
    out_paint = Painter(use_color(sys.stdout, args.no_color))
    err_paint = Painter(use_color(sys.stderr, args.no_color))
    changed: List[str] = []
    errors = 0
    for item in discover(args.paths, setup.exclude, setup.scanner.is_scannable):
        problems = [(item.path, item.message)] if isinstance(item, WalkError) else []
        if isinstance(item, Target):
            problems, did_change = _clean_target(item, setup.scanner, args.check, out_paint, args.force)
            if did_change:
                changed.append(item.display)
        for path, message in problems:
            sys.stderr.write(error_line(path, message, err_paint) + "\n")
        errors += len(problems)
    if not args.quiet:
        verb = "would clean" if args.check else "cleaned"
        n = len(changed)
        sys.stdout.write(f"{verb} {n} file{'' if n == 1 else 's'}"
                         + (f"; {errors} error{'' if errors == 1 else 's'}" if errors else "") + "\n")
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if args.check and changed else EXIT_CLEAN


def _clean_target(target: Target, scanner: Scanner, check: bool, paint: Painter, force: bool = False):
    """(problems, changed) for one file; writes it unless check, and a read-only one only if force."""
    try:
        data = read_bytes(target.path)
    except FileAccessError as e:
        return [(target.display, str(e))], False
    result = clean_one(scanner, data, target.display)
    problems = [(e.path, e.message) for e in result.errors]
    if result.content is None or result.content == data:
        return problems, False
    if not check and not force and is_read_only(target.path):
        return problems + [(target.display, "read-only file with secrets: left unchanged "
                                            "(make it writable, or clean --force)")], False
    if not check:
        try:
            replace_atomically(target.path, result.content)
        except FileAccessError as e:
            return problems + [(target.display, str(e))], False
    rules = ", ".join(sorted({f.rule for f in result.findings}))
    n = len(result.findings)
    verb = "would redact" if check else "redacted"
    sys.stdout.write(f"{paint('location', shown_name(target.display))}: {verb} {n} secret{'' if n == 1 else 's'} ({rules})\n")
    return problems, True
