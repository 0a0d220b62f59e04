"""`jupyter-secrets set NAME`: store a value read from the terminal (hidden) or standard input.

The value is never taken from the command line, where shell history and `ps` would show it.
"""
from __future__ import annotations

import argparse
import getpass
import sys

from jupyter_secrets.backends.base import BackendError

from .secret_store import EXIT_OK, add_backend_arguments, fail, open_backend

HELP = "store a secret, typed without echo on a terminal or piped on standard input"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="the secret's name")
    add_backend_arguments(parser)


def run(args: argparse.Namespace) -> int:
    try:
        backend = open_backend(args)  # before asking for the value: a broken setup fails first
    except BackendError as e:
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
        info = backend.set(args.name, value)
    except BackendError as e:
        return fail("set", e)
    version = f" as version {info.version}" if info.version else ""
    sys.stdout.write(f"stored {args.name}{version} in the {backend.name} backend ({backend.describe()})\n")
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
