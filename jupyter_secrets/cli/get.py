"""`jupyter-secrets get NAME`: show a secret's metadata; its value only when asked to."""
from __future__ import annotations

import argparse
import datetime
import sys
from typing import Optional

from jupyter_secrets.backends.base import BackendError, InvalidSecretName, SecretInfo, SecretNotFound
from jupyter_secrets.governance.audit_store import AuditError
from jupyter_secrets.governance.db import StoreError
from jupyter_secrets.governance.names import checked_name

from .governed import CommandError, governance
from .secret_store import EXIT_NOT_FOUND, EXIT_OK, add_backend_arguments, fail, open_backend

HELP = "show a secret's versions; print its value only with --reveal (exit 0 found, 1 not found, 2 error)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="the secret's name")
    parser.add_argument("--version", dest="secret_version", metavar="VERSION",
                        help="a specific version (see the list this command prints)")
    parser.add_argument("--reveal", "--plain", dest="reveal", action="store_true",
                        help="print the value to standard output (mind your screen and history)")
    add_backend_arguments(parser)


def run(args: argparse.Namespace) -> int:
    try:
        checked_name("cli", args.name)  # a value typed where the name belongs is never echoed
    except InvalidSecretName as e:
        return fail("get", e)
    try:
        backend = open_backend(args)
        if args.reveal:
            # the configured store's reveal is recorded in the audit trail, like the panel's
            audited = not args.backend and args.secret_version is None
            value = governance(args).reveal(args.name) if audited else backend.get(
                args.name, args.secret_version)
            sys.stdout.write(value + "\n")
            return EXIT_OK
        versions = backend.versions(args.name)
        if not versions or args.secret_version is not None:
            backend.get(args.name, args.secret_version)  # proves it exists; the value is dropped
    except SecretNotFound as e:
        return fail("get", e, EXIT_NOT_FOUND)
    except (BackendError, CommandError, StoreError, AuditError) as e:
        return fail("get", e)
    out = sys.stdout
    out.write(f"{args.name} in the {backend.name} backend ({backend.describe()})\n")
    for info in versions:
        out.write(f"  version {info.version or '-'}  {_when(info)}\n")
    out.write(f"The value is not shown. In a notebook: %secret {args.name}\n"
              f"To print it here: jupyter-secrets get {args.name} --reveal\n")
    return EXIT_OK


def _when(info: SecretInfo) -> str:
    stamp: Optional[float] = info.updated or info.created
    if stamp is None:
        return ""
    return "updated " + datetime.datetime.fromtimestamp(stamp).astimezone().strftime("%Y-%m-%d %H:%M %Z")
