"""`jupyter-secrets rotate NAME`: stage a new value beside the current one, validate it with
the secret's validator, then cut over; the previous version stays for the overlap window.

The new value comes from the terminal (typed twice, without echo) or standard input, never
from the command line.
"""
from __future__ import annotations

import argparse
import getpass
import sys

from jupyter_secrets.backends.base import BackendError, SecretNotFound
from jupyter_secrets.governance.audit_store import AuditError
from jupyter_secrets.governance.db import StoreError
from jupyter_secrets.governance.rotation import RotationError

from .governed import (EXIT_NEGATIVE, EXIT_OK, CommandError, add_common_arguments, fail,
                       governance, when)

HELP = "rotate a secret: stage, validate and cut over to a new value, keeping the old for a while"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="the secret's name")
    parser.add_argument("--status", action="store_true",
                        help="show where the secret stands in its rotation; change nothing")
    add_common_arguments(parser)


def run(args: argparse.Namespace) -> int:
    try:
        gov = governance(args)
        rotator = gov.rotator()
        if args.status:
            return _status(rotator, args.name, gov.env)
        rotator.current_version(args.name)  # a missing secret fails before the value is asked
        candidate = read_candidate(args.name)
        record = rotator.rotate(args.name, candidate)
    except RotationError as e:
        return fail("rotate", e, EXIT_NEGATIVE)
    except (EOFError, KeyboardInterrupt):
        return fail("rotate", "no value was entered; nothing changed")
    except (CommandError, BackendError, SecretNotFound, AuditError, StoreError, ValueError) as e:
        return fail("rotate", e)
    sys.stdout.write(
        f"rotated {args.name} ({gov.env}): version {record.current_version} replaced "
        f"{record.previous_version}, which stays readable as version 'previous' until "
        f"{when(record.overlap_until)}; undo with `jupyter-secrets rollback {args.name}`\n")
    return EXIT_OK


def _status(rotator, name: str, env: str) -> int:
    record = rotator.status(name)
    if record is None:
        sys.stdout.write(f"{name} ({env}) has never been rotated\n")
        return EXIT_OK
    sys.stdout.write(f"{name} ({env}): {record.state}, version {record.current_version or '-'}"
                     f"{', previous ' + record.previous_version if record.previous_version else ''}"
                     f"{', overlap until ' + when(record.overlap_until) if record.overlap_until else ''}"
                     f" ({record.reason}; {when(record.updated)})\n")
    return EXIT_OK


def read_candidate(name: str) -> str:
    """Typed twice without echo on a terminal, else all of standard input (one final newline
    dropped)."""
    if sys.stdin is not None and sys.stdin.isatty():
        value = getpass.getpass(f"New value for {name} (not shown): ")
        if getpass.getpass("Again, to confirm: ") != value:
            raise ValueError("the two entries differ; nothing changed")
    else:
        value = sys.stdin.read() if sys.stdin is not None else ""
        if value.endswith("\n"):
            value = value[:-1].removesuffix("\r")
    if not value:
        raise ValueError("the new value is empty; nothing changed")
    return value
