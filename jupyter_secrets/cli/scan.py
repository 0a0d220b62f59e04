"""`jupyter-secrets scan PATH...`: report plaintext secrets in notebooks and files."""
from __future__ import annotations

import argparse
import sys

from .discovery import discover
from .report import EXIT_ERROR
from .runner import Blob, scan_all
from .scan_setup import UsageError, add_config_arguments, build

HELP = "report plaintext secrets in notebooks and files (exit 0 clean, 1 found, 2 error)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files and folders to scan; - reads standard input")
    parser.add_argument("--staged", action="store_true",
                        help="scan the files staged in git (the index's blobs), named by path")
    parser.add_argument("--format", choices=("text", "json", "sarif"), default="text",
                        help="text for people (default), json for tools, sarif for code scanning")
    parser.add_argument("--baseline", metavar="FILE",
                        help="report only findings whose fingerprint is not in this baseline file")
    parser.add_argument("--update-baseline", action="store_true",
                        help="write every current finding to the --baseline file instead")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary line (text format)")
    parser.add_argument("--no-color", action="store_true", help="no colour even on a terminal")
    add_config_arguments(parser)


def run(args: argparse.Namespace) -> int:
    if args.update_baseline and not args.baseline:
        raise UsageError("--update-baseline needs --baseline FILE")
    setup = build(args)
    known = set()
    if args.baseline and not args.update_baseline:
        from . import baseline

        try:
            known = baseline.load(args.baseline, setup.key)
        except baseline.BaselineError as e:
            raise UsageError(str(e)) from None
    report = scan_all(setup.scanner, _items(args, setup), locate_findings=args.format == "sarif")
    if args.update_baseline:
        known = _update_baseline(args.baseline, report, setup.key)
    total = len(report.findings)
    report.findings = [f for f in report.findings if f.fingerprint not in known]
    _print(args, report, setup.scanner.engine.rules, suppressed=total - len(report.findings))
    return report.exit_code()


def _items(args: argparse.Namespace, setup):
    """What to scan: the paths (``-`` is standard input), or the staged blobs with --staged."""
    if args.staged:
        if args.paths:
            raise UsageError("--staged scans what git has staged; give no PATH with it")
        from .staged import staged_blobs

        return staged_blobs(setup.exclude, setup.scanner.is_scannable)
    if not args.paths:
        raise UsageError("give a PATH to scan (- for standard input), or --staged")
    if "-" in args.paths:
        from .filter import guess_name

        data = sys.stdin.buffer.read()
        rest = [p for p in args.paths if p != "-"]
        return [Blob(guess_name(data), data), *discover(rest, setup.exclude, setup.scanner.is_scannable)]
    return discover(args.paths, setup.exclude, setup.scanner.is_scannable)


def _update_baseline(path: str, report, key: bytes) -> set:
    from . import baseline

    if report.errors:
        # A file that could not be read would silently drop out of the baseline.
        sys.stderr.write(f"baseline {path} not updated: {len(report.errors)} error(s) while scanning\n")
        return set()
    try:
        baseline.write(path, report.findings, key)
    except baseline.BaselineError as e:
        raise UsageError(str(e)) from None
    fingerprints = {f.fingerprint for f in report.findings}
    sys.stderr.write(f"wrote {path} with {len(fingerprints)} fingerprint(s)\n")
    return fingerprints


def _print(args: argparse.Namespace, report, rules, suppressed: int) -> None:
    if args.format == "json":
        from . import report_json

        sys.stdout.write(report_json.render(report))
    elif args.format == "sarif":
        from . import report_sarif

        sys.stdout.write(report_sarif.render(report, rules))
    else:
        from . import report_text

        report_text.render(report, sys.stdout, sys.stderr, color=False if args.no_color else None,
                           quiet=args.quiet, suppressed=suppressed)
        return
    if report.exit_code() == EXIT_ERROR:
        sys.stderr.write(f"{len(report.errors)} error(s): see the report's errors\n")
