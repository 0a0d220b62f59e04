"""`jupyter-secrets grant NAME TARGET...`: let notebooks (paths or globs) or named workloads
read a secret; `--revoke` takes a grant back, `--list` shows who may read it."""
from __future__ import annotations

import argparse
import sys

from jupyter_secrets.backends.base import BackendError
from jupyter_secrets.governance.audit_store import AuditError
from jupyter_secrets.governance.db import StoreError
from jupyter_secrets.governance.grants import NOTEBOOK, WORKLOAD
from jupyter_secrets.governance.policy import WORKLOAD_PREFIX

from .governed import EXIT_OK, CommandError, add_common_arguments, fail, governance, table, when

HELP = "grant a secret to notebooks (path or glob) or workloads, revoke a grant, or list them"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="the secret's name")
    parser.add_argument("targets", metavar="TARGET", nargs="*",
                        help="a notebook path or glob relative to the server root (quote globs), "
                             "or workload:NAME for a workload from c.SecretPolicy.workloads")
    parser.add_argument("--workload", metavar="NAME", action="append", default=[],
                        help="a named workload (same as TARGET workload:NAME); repeatable")
    parser.add_argument("--revoke", action="store_true", help="take the grants back")
    parser.add_argument("--list", action="store_true", help="show who may read the secret")
    add_common_arguments(parser)


def run(args: argparse.Namespace) -> int:
    targets = [parse_target(t) for t in args.targets] + [(WORKLOAD, w) for w in args.workload]
    if not targets and not args.list:
        return fail("grant", "give at least one TARGET (a notebook path or glob, or "
                             "workload:NAME), or --list")
    try:
        gov = governance(args)
        for kind, target in targets:
            _apply(gov, args, kind, target)
        if args.list or targets:
            _show(gov, args.name)
    except (CommandError, BackendError, AuditError, StoreError, ValueError) as e:
        return fail("grant", e)
    return EXIT_OK


def parse_target(target: str) -> tuple:
    """(kind, target) of a TARGET argument: workload:NAME, else a notebook path or glob."""
    if target.startswith(WORKLOAD_PREFIX):
        return WORKLOAD, target[len(WORKLOAD_PREFIX):]
    return NOTEBOOK, target


def _apply(gov, args: argparse.Namespace, kind: str, target: str) -> None:
    if kind == WORKLOAD and target not in gov.policy.workloads:
        known = ", ".join(sorted(gov.policy.workloads)) or "none are defined"
        raise CommandError(f"no workload named {target!r} in c.SecretPolicy.workloads ({known})")
    if args.revoke:
        if not gov.revoke(args.name, kind, target):
            sys.stderr.write(f"note: {args.name} had no stored grant for {kind} {target}\n")
        return
    if args.name not in {info.name for info in gov.backend.list()}:
        sys.stderr.write(f"note: there is no secret {args.name!r} in {gov.env} yet; the grant "
                         "applies once it is stored\n")
    gov.grant(args.name, kind, target)


def _show(gov, name: str) -> None:
    scope = gov.scope(name)
    if not scope:
        sys.stdout.write(f"{name} ({gov.env}) is granted to no notebook\n")
        return
    rows = [("kind", "target", "source", "granted by", "when")]
    rows += [(g.kind, g.target, g.source, g.granted_by or "-", when(g.granted_at)) for g in scope]
    sys.stdout.write(f"{name} ({gov.env}) may be read by:\n{table(rows)}\n")
