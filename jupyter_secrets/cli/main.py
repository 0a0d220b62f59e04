"""Entry point of `jupyter-secrets` (and `jupyter secrets`): one module per subcommand.

Each subcommand module has ``HELP`` (one line), ``add_arguments(parser)`` and ``run(args) -> int``.
Only the module of the subcommand being run is imported: `scan` as a git filter or a pre-commit
hook starts as often as there are files, so start-up must not pay for the backends, governance
or server code that other subcommands need. The one-line helps are repeated here for `--help`
(a test keeps them equal to the modules' ``HELP``).
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import List, Optional

from .errors import UsageError

PROG = "jupyter-secrets"
EXIT_ERROR = 2  # the same as report.EXIT_ERROR, without importing the report
SUBCOMMANDS = {
    "scan": "report plaintext secrets in notebooks and files (exit 0 clean, 1 found, 2 error)",
    "clean": "redact every secret in notebooks and files, in place (--check only reports)",
    "filter": "redact secrets from stdin to stdout, for a git clean filter; fails rather than leak",
    "get": "show a secret's versions; print its value only with --reveal "
           "(exit 0 found, 1 not found, 2 error)",
    "set": "store a secret, typed without echo on a terminal or piped on standard input",
    "list": "list secret names with version and dates, and which backend holds them",
    "audit": "search the audit trail; 'verify' checks it was not edited; 'report' summarises use",
    "rotate": "rotate a secret: stage, validate and cut over to a new value, keeping the old for a while",
    "rollback": "restore the previous version of a rotated secret",
    "diff": "list secret names present in one environment and missing in another (never values)",
    "grant": "grant a secret to notebooks (path or glob) or workloads, revoke a grant, or list them",
    "mcp": "serve AI agents over MCP (stdio): secret names, secret() code and grant requests, never values",
    "vault": "configure OpenBao/Vault for a Jupyter server's workload identity (idempotent)",
}
#: Commands that run once per file (git filters, pre-commit hooks) and log nothing above debug:
#: they start without the logging module unless --debug asks for it.
QUIET_COMMANDS = frozenset({"scan", "clean", "filter"})


class _Version(argparse.Action):
    """--version, reading the version only when asked."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser, namespace, values, option_string=None):
        from .version import package_version

        sys.stdout.write(f"{PROG} {package_version()}\n")
        parser.exit()


def chosen_command(argv: List[str]) -> Optional[str]:
    """The subcommand named in argv: the first word that is not an option."""
    for word in argv:
        if not word.startswith("-"):
            return word if word in SUBCOMMANDS else None
    return None


def build_parser(argv: Optional[List[str]] = None) -> argparse.ArgumentParser:
    """The parser; only the subcommand named in argv (all of them when argv is None) gets its
    arguments, and only its module is imported."""
    parser = argparse.ArgumentParser(
        prog=PROG, description="Keep plaintext secrets out of notebooks, outputs and commits.")
    parser.add_argument("--version", action=_Version)
    parser.add_argument("--debug", action="store_true", help="log what happens, to stderr")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = set(SUBCOMMANDS) if argv is None else {chosen_command(argv)}
    for name, help_text in SUBCOMMANDS.items():
        sub = commands.add_parser(name, help=help_text, description=help_text)
        if name in wanted:
            module = importlib.import_module(f"{__package__}.{name}")
            module.add_arguments(sub)
            sub.set_defaults(run=module.run)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse has printed usage or help
        return e.code if isinstance(e.code, int) else EXIT_ERROR
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    if args.debug or args.command not in QUIET_COMMANDS:
        import logging

        logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING,
                            format=f"{PROG}: %(levelname)s: %(message)s")

    try:
        return args.run(args)
    except UsageError as e:
        sys.stderr.write(f"{PROG} {args.command}: error: {e}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); keep Python from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
