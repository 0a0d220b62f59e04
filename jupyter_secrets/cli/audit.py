"""`jupyter-secrets audit`: search the audit trail, `audit verify` checks its hash chain,
`audit report` lists stale, unused and newly read secrets and sharp changes in reads."""
from __future__ import annotations

import argparse
import json
import sys

from jupyter_secrets.backends.base import BackendError
from jupyter_secrets.governance.audit_query import AuditFilter, parse_when, search
from jupyter_secrets.governance.audit_report import ReportSettings, build_report
from jupyter_secrets.governance.audit_store import ACTIONS, AuditError
from jupyter_secrets.governance.db import StoreError

from .governed import (EXIT_NEGATIVE, EXIT_OK, CommandError, add_common_arguments, fail,
                       governance, table, when)

HELP = "search the audit trail; 'verify' checks it was not edited; 'report' summarises use"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("what", nargs="?", choices=("search", "verify", "report"), default="search",
                        help="search (default), verify or report")
    parser.add_argument("--secret", metavar="NAME")
    parser.add_argument("--workload", metavar="W", help="a notebook path or glob, a kernel id, or "
                                                         "a workload name")
    parser.add_argument("--action", choices=ACTIONS, metavar="ACTION",
                        help=f"one of: {', '.join(ACTIONS)}")
    parser.add_argument("--outcome", metavar="OUTCOME", help="ok, denied, refused, failed, ...")
    parser.add_argument("--since", metavar="WHEN", help="7d, 12h, 30m ago, or a date (2024-05-01)")
    parser.add_argument("--until", metavar="WHEN")
    parser.add_argument("--limit", type=int, default=100, help="at most this many (default 100)")
    parser.add_argument("--all-envs", action="store_true", help="every environment's records")
    parser.add_argument("--unused-days", type=float, default=30.0,
                        help="report: a secret not read for this long is stale (default 30)")
    parser.add_argument("--new-days", type=float, default=7.0,
                        help="report: a first read this recent is new (default 7)")
    parser.add_argument("--jsonl", metavar="FILE", help="verify: check this JSON-lines copy instead")
    parser.add_argument("--json", action="store_true", help="print JSON")
    add_common_arguments(parser)


def run(args: argparse.Namespace) -> int:
    try:
        gov = governance(args)
        if args.what == "verify":
            return _verify(gov, args)
        if args.what == "report":
            return _report(gov, args)
        return _search(gov, args)
    except (CommandError, AuditError, StoreError, BackendError, ValueError) as e:
        return fail("audit", e)


def _search(gov, args: argparse.Namespace) -> int:
    wanted = AuditFilter(secret=args.secret, workload=args.workload, action=args.action,
                         outcome=args.outcome, env=None if args.all_envs else gov.env,
                         since=parse_when(args.since) if args.since else None,
                         until=parse_when(args.until) if args.until else None,
                         limit=max(args.limit, 1))
    if args.workload in gov.policy.workloads:
        wanted.workload_globs = gov.policy.workloads[args.workload]
    records = search(gov.audit, wanted)
    if args.json:
        for record in records:
            sys.stdout.write(json.dumps(record.to_json()) + "\n")
        return EXIT_OK
    if not records:
        sys.stdout.write("no audit records match\n")
        return EXIT_OK
    rows = [("time", "env", "action", "outcome", "secret", "version", "actor", "workload", "detail")]
    for r in reversed(records):
        workload = r.path + (f" [{r.kernel_id[:8]}]" if r.kernel_id else "")
        rows.append((when(r.ts), r.env, r.action, r.outcome, r.secret or "-", r.version or "-",
                     r.actor, workload or "-", r.detail))
    sys.stdout.write(table(rows) + "\n")
    return EXIT_OK


def _verify(gov, args: argparse.Namespace) -> int:
    source = args.jsonl or gov.audit.db_path
    report = gov.audit.verify_jsonl(args.jsonl) if args.jsonl else gov.audit.verify()
    if args.json:
        sys.stdout.write(json.dumps({"trail": source, **report.to_json()}) + "\n")
    elif report.ok:
        sys.stdout.write(f"the audit trail {source} is intact: {report.records} records\n")
    else:
        sys.stdout.write(f"the audit trail {source} was tampered with ({report.records} records):\n")
        sys.stdout.write("".join(f"  {problem}\n" for problem in report.problems))
    return EXIT_OK if report.ok else EXIT_NEGATIVE


def _report(gov, args: argparse.Namespace) -> int:
    settings = ReportSettings(unused_days=args.unused_days, new_days=args.new_days)
    names = [info.name for info in gov.backend.list()]
    report = build_report(gov.audit, gov.env, names, settings)
    if args.json:
        sys.stdout.write(json.dumps(report) + "\n")
        return EXIT_OK
    out = [f"audit report for {gov.env}, {when(report['generated'])}"]
    out.append(f"not read for {args.unused_days:g} days:")
    out += [f"  {u['secret']} (last read {when(u['last_used'])})" for u in report["unused"]] or ["  none"]
    out.append("never read:")
    out += [f"  {name}" for name in report["never_used"]] or ["  none"]
    out.append(f"read by a notebook for the first time in {args.new_days:g} days:")
    out += [f"  {n['secret']} by {n['path']} ({when(n['first_read'])}, {n['reads']} reads)"
            for n in report["new_workloads"]] or ["  none"]
    out.append("reads that changed sharply (last day against the week before):")
    out += [f"  {c['secret']}: {c['recent']} reads, usually {c['baseline']:g} a day ({c['direction']})"
            for c in report["sharp_changes"]] or ["  none"]
    sys.stdout.write("\n".join(out) + "\n")
    return EXIT_OK
