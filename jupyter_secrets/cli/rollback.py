"""`jupyter-secrets rollback NAME`: restore the version a rotation replaced, in one step."""
from __future__ import annotations

import argparse
import sys

from jupyter_secrets.backends.base import BackendError, SecretNotFound
from jupyter_secrets.governance.audit_store import AuditError
from jupyter_secrets.governance.db import StoreError
from jupyter_secrets.governance.rotation import RotationError

from .governed import EXIT_NEGATIVE, EXIT_OK, CommandError, add_common_arguments, fail, governance

HELP = "restore the previous version of a rotated secret"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="the secret's name")
    parser.add_argument("--force", action="store_true",
                        help="restore even after the overlap window, or if the secret changed "
                             "since the rotation")
    add_common_arguments(parser)


def run(args: argparse.Namespace) -> int:
    try:
        gov = governance(args)
        record = gov.rotator().rollback(args.name, force=args.force)
    except RotationError as e:
        return fail("rollback", e, EXIT_NEGATIVE)
    except (CommandError, BackendError, SecretNotFound, AuditError, StoreError) as e:
        return fail("rollback", e)
    sys.stdout.write(f"rolled back {args.name} ({gov.env}): {record.reason}\n")
    return EXIT_OK
