"""`jupyter-secrets list`: the secrets' names and metadata, never their values."""
from __future__ import annotations

import argparse
import datetime
import json
import sys
from typing import Optional

from jupyter_secrets.backends.base import BackendError

from .secret_store import EXIT_OK, add_backend_arguments, fail, open_backend

HELP = "list secret names with version and dates, and which backend holds them"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text for people (default), json for tools")
    add_backend_arguments(parser)


def run(args: argparse.Namespace) -> int:
    try:
        backend = open_backend(args)
        infos = backend.list()
    except BackendError as e:
        return fail("list", e)
    if args.format == "json":
        json.dump({"backend": backend.name, "reason": backend.reason, "detail": backend.describe(),
                   "secrets": [{"name": i.name, "version": i.version, "created": i.created,
                                "updated": i.updated} for i in infos]}, sys.stdout, indent=1)
        sys.stdout.write("\n")
        return EXIT_OK
    out = sys.stdout
    out.write(f"{backend.describe()} [{backend.reason}]\n")
    if not infos:
        out.write("no secrets yet: add one with `jupyter-secrets set NAME`\n")
    width = max((len(i.name) for i in infos), default=0)
    for info in infos:
        out.write(f"{info.name:<{width}}  version {info.version or '-':<6}  {_date(info.updated)}\n")
    return EXIT_OK


def _date(stamp: Optional[float]) -> str:
    if stamp is None:
        return ""
    return datetime.datetime.fromtimestamp(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
