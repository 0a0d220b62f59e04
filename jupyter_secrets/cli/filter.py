"""`jupyter-secrets filter`: stdin to stdout with every secret redacted, as a git clean filter.

    git config filter.jupyter-secrets.clean "jupyter-secrets filter --path %f"
    git config filter.jupyter-secrets.required true
    echo '*.ipynb filter=jupyter-secrets' >> .gitattributes

Whatever cannot be read or cleaned makes the command fail (message on stderr, exit 2, nothing on
stdout), so git refuses to stage the file rather than store a secret it could not check.
"""
from __future__ import annotations

import argparse
import sys

from .clean import clean_one
from .report import EXIT_CLEAN, EXIT_ERROR
from .scan_setup import add_config_arguments, build

HELP = "redact secrets from stdin to stdout, for a git clean filter; fails rather than leak"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--path", metavar="NAME",
                        help="the file's name (git's %%f): tells a notebook from text and is "
                             "matched by allowlist paths; without it, JSON with cells is a notebook")
    add_config_arguments(parser, walks=False)


def guess_name(data: bytes) -> str:
    return "stdin.ipynb" if data.lstrip()[:1] == b"{" and b'"cells"' in data else "stdin"


def run(args: argparse.Namespace) -> int:
    setup = build(args)
    data = sys.stdin.buffer.read()
    name = args.path or guess_name(data)
    result = clean_one(setup.scanner, data, name)
    if result.errors:
        for error in result.errors:
            sys.stderr.write(f"jupyter-secrets filter: {error.path}: {error.message}\n")
        sys.stderr.write(f"jupyter-secrets filter: {name} was not checked, so it is not passed on\n")
        return EXIT_ERROR
    sys.stdout.buffer.write(data if result.content is None else result.content)
    sys.stdout.buffer.flush()
    if result.content is not None:
        n = len(result.findings)
        sys.stderr.write(f"jupyter-secrets filter: {name}: redacted {n} secret{'' if n == 1 else 's'} "
                         f"({', '.join(sorted({f.rule for f in result.findings}))})\n")
    return EXIT_CLEAN
