"""`jupyter-secrets set NAME`: store a value read from the terminal (hidden) or standard input.

The value is never taken from the command line, where shell history and `ps` would show it.
"""
from __future__ import annotations

import argparse
import getpass
import sys

from jupyter_secrets.backends.base import BackendError
from jupyter_secrets.governance.audit_store import AuditError
from jupyter_secrets.governance.db import StoreError

from .governed import CommandError, governance
from .grant import parse_target
from .secret_store import EXIT_OK, add_backend_arguments, fail, open_backend

HELP = "store a secret, typed without echo on a terminal or piped on standard input"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="the secret's name")
    parser.add_argument("--grant", metavar="TARGET", action="append", default=[],
                        help="let these notebooks (path or glob) or workload:NAME read it; "
                             "repeatable. Without a grant no notebook may read it yet")
    add_backend_arguments(parser)


def run(args: argparse.Namespace) -> int:
    # Through governance (environment, grants, audit trail), unless a backend is named outright.
    try:
        gov = None if args.backend else governance(args)
        backend = gov.backend if gov else open_backend(args)  # a broken setup fails before asking
        targets = [parse_target(t) for t in args.grant]
        if targets and not gov:
            raise CommandError("--grant needs the configured store: leave out --backend")
    except (BackendError, CommandError, StoreError, AuditError, ValueError) as e:
        return fail("set", e)
    if backend.read_only:
        return fail("set", f"the {backend.name} backend is read-only; choose another with --backend")
    try:
        value = read_value(args.name)
    except ValueError as e:
        return fail("set", e)
    except (EOFError, KeyboardInterrupt):
        return fail("set", "no value was entered; nothing was stored")
    try:
        info = gov.set_secret(args.name, value) if gov else backend.set(args.name, value)
        for kind, target in targets:
            gov.grant(args.name, kind, target)
    except (BackendError, StoreError, AuditError, ValueError) as e:
        return fail("set", e)
    version = f" as version {info.version}" if info.version else ""
    sys.stdout.write(f"stored {args.name}{version} in the {backend.name} backend ({backend.describe()})\n")
    if gov and not gov.scope(args.name):
        sys.stdout.write(f"No notebook may read it yet: jupyter-secrets grant {args.name} NOTEBOOK.ipynb\n")
    return EXIT_OK


def read_value(name: str) -> str:
    """From the terminal without echo (asked twice), else all of standard input."""
    if sys.stdin is not None and sys.stdin.isatty():
        value = getpass.getpass(f"Value for {name} (not shown): ")
        if getpass.getpass("Again, to confirm: ") != value:
            raise ValueError("the two entries differ; nothing was stored")
    else:
        value = sys.stdin.read() if sys.stdin is not None else ""
        if value.endswith("\n"):  # the newline that `echo` or a file adds is not part of a key
            value = value[:-1].removesuffix("\r")
    if not value:
        raise ValueError("the value is empty; nothing was stored")
    return value
