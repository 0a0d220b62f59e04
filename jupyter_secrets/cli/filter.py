"""`jupyter-secrets filter`: redact secrets on their way into git, as a clean filter.

    git config filter.jupyter-secrets.process "jupyter-secrets filter --process"
    git config filter.jupyter-secrets.clean "jupyter-secrets filter --path %f"
    git config filter.jupyter-secrets.smudge cat
    git config filter.jupyter-secrets.required true
    echo '*.ipynb filter=jupyter-secrets' >> .gitattributes

``--process`` serves git's long-running filter protocol: one process for a whole ``git add``
(git 2.11+ uses it over ``clean``). ``--path NAME`` cleans stdin to stdout, one file per process,
for older gits. Whatever cannot be read or cleaned makes the file fail (message on stderr,
exit 2 or ``status=error``, nothing on stdout), so git refuses to stage the file rather than
store a secret it could not check. Nothing is printed when all goes well: git runs the filter
on every ``git status`` and ``git diff`` too.
"""
from __future__ import annotations

import argparse
import sys
from typing import List, Optional, Tuple

from .clean import clean_one
from .report import EXIT_CLEAN, EXIT_ERROR
from .scan_setup import add_config_arguments, build

HELP = "redact secrets from stdin to stdout, for a git clean filter; fails rather than leak"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--path", metavar="NAME",
                        help="the file's name (git's %%f): tells a notebook from text and is "
                             "matched by allowlist paths; without it, JSON with cells is a notebook")
    parser.add_argument("--process", action="store_true",
                        help="serve git's long-running filter protocol (filter.<driver>.process)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="say on stderr which files had secrets redacted")
    add_config_arguments(parser, walks=False)


def guess_name(data: bytes) -> str:
    return "stdin.ipynb" if data.lstrip()[:1] == b"{" and b'"cells"' in data else "stdin"


def make_cleaner(scanner, verbose: bool = False, err=None):
    """clean(data, name) -> (content to pass on or None, problems), for one file."""
    err = err or sys.stderr

    def clean(data: bytes, name: str) -> Tuple[Optional[bytes], List[str]]:
        result = clean_one(scanner, data, name or guess_name(data))
        if result.errors:
            return None, [f"{e.path}: {e.message}" for e in result.errors] + [
                f"{name or 'stdin'} was not checked, so it is not passed on"]
        if result.content is None:
            return data, []
        if verbose:
            n = len(result.findings)
            err.write(f"jupyter-secrets filter: {name}: redacted {n} secret{'' if n == 1 else 's'} "
                      f"({', '.join(sorted({f.rule for f in result.findings}))})\n")
        return result.content, []

    return clean


def run(args: argparse.Namespace) -> int:
    setup = build(args)
    clean = make_cleaner(setup.scanner, args.verbose)
    if args.process:
        from .filter_process import serve
        from .pkt_line import PktLine

        return serve(PktLine(sys.stdin.buffer, sys.stdout.buffer), clean)
    data = sys.stdin.buffer.read()
    content, problems = clean(data, args.path or guess_name(data))
    if content is None:
        for problem in problems:
            sys.stderr.write(f"jupyter-secrets filter: {problem}\n")
        return EXIT_ERROR
    sys.stdout.buffer.write(content)
    sys.stdout.buffer.flush()
    return EXIT_CLEAN
