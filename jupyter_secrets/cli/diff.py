"""`jupyter-secrets diff ENV_A ENV_B`: which secret names exist in one environment and not the
other. Values are never shown; with --fingerprints, values present in both are compared by
keyed fingerprint (HMAC with the installation's fingerprint key), each read audited."""
from __future__ import annotations

import argparse
import json
import sys
from typing import Dict, List

from jupyter_secrets.backends.base import BackendError, SecretNotFound
from jupyter_secrets.fingerprint_key import FingerprintKeyError, load_fingerprint_key
from jupyter_secrets.governance.audit_store import AuditError
from jupyter_secrets.governance.db import StoreError
from jupyter_secrets.governance.environments import diff_names
from jupyter_secrets.model import Fingerprinter

from .governed import (EXIT_NEGATIVE, EXIT_OK, CommandError, add_common_arguments, fail,
                       governance)

HELP = "list secret names present in one environment and missing in another (never values)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("env_a", metavar="ENV_A")
    parser.add_argument("env_b", metavar="ENV_B")
    parser.add_argument("--fingerprints", action="store_true",
                        help="also say whether names in both hold the same value, by keyed "
                             "fingerprint")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    add_common_arguments(parser, env=False)


def run(args: argparse.Namespace) -> int:
    if args.env_a == args.env_b:
        return fail("diff", "give two different environments")
    try:
        a, b = governance(args, args.env_a), governance(args, args.env_b)
        result = diff_names(a.backend, b.backend)
        if args.fingerprints:
            result["differ"] = _differing(a, b, result["both"])
    except (CommandError, BackendError, SecretNotFound, AuditError, StoreError,
            FingerprintKeyError) as e:
        return fail("diff", e)
    _print(args, result)
    different = result["only_a"] or result["only_b"] or result.get("differ")
    return EXIT_NEGATIVE if different else EXIT_OK


def _differing(a, b, names: List[str]) -> List[str]:
    fingerprint = Fingerprinter(load_fingerprint_key())
    differ = []
    for name in names:
        prints = []
        for gov in (a, b):
            prints.append(fingerprint(gov.backend.get(name)))
            gov.auditor.record("read", "ok", name, detail="fingerprint for jupyter-secrets diff")
        if prints[0] != prints[1]:
            differ.append(name)
    return differ


def _print(args: argparse.Namespace, result: Dict[str, List[str]]) -> None:
    if args.json:
        sys.stdout.write(json.dumps({"env_a": args.env_a, "env_b": args.env_b, **result}) + "\n")
        return
    lines = [f"only in {args.env_a}: {name}" for name in result["only_a"]]
    lines += [f"only in {args.env_b}: {name}" for name in result["only_b"]]
    lines += [f"differs: {name}" for name in result.get("differ", [])]
    if not lines:
        checked = " and values" if "differ" in result else ""
        lines = [f"{args.env_a} and {args.env_b} have the same {len(result['both'])} names{checked}"]
    sys.stdout.write("\n".join(lines) + "\n")
