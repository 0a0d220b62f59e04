"""What the governance commands (audit, rotate, rollback, grant, diff) share: the config, the
environment, one Governance service, and one-line errors."""
from __future__ import annotations

import argparse
import sys
import time
from typing import Optional

from traitlets.config import Config

from jupyter_secrets.config import ConfigError, load_config
from jupyter_secrets.governance.audit_store import default_actor
from jupyter_secrets.governance.environments import check_env_name
from jupyter_secrets.governance.service import Governance

PROG = "jupyter-secrets"
EXIT_OK, EXIT_NEGATIVE, EXIT_ERROR = 0, 1, 2


class CommandError(Exception):
    """Printed as one line; the command exits with EXIT_ERROR."""


def add_common_arguments(parser: argparse.ArgumentParser, env: bool = True) -> None:
    if env:
        parser.add_argument("--env", metavar="ENV", help="the environment to work in (default: "
                                                         "c.Environments.current, "
                                                         "$JUPYTER_SECRETS_ENV, else dev)")
    parser.add_argument("--config", metavar="FILE",
                        help="a jupyter_secrets_config .json or .py file, read after the ones on "
                             "the Jupyter config path")


def load(args: argparse.Namespace) -> Config:
    try:
        return load_config(getattr(args, "config", None))
    except ConfigError as e:
        raise CommandError(str(e)) from None


def governance(args: argparse.Namespace, env: Optional[str] = None) -> Governance:
    chosen = env or getattr(args, "env", None)
    if chosen:
        try:
            check_env_name(chosen)
        except ValueError as e:
            raise CommandError(str(e)) from None
    config = load(args)
    gov = Governance(config, actor=default_actor(), source="cli", env=chosen)
    from jupyter_secrets.governance.vault_policy import grants_in_vault_for_cli

    grants_in_vault_for_cli(gov, config)  # a team's grants live in Vault, not in local state
    return gov


def fail(command: str, error: object, code: int = EXIT_ERROR) -> int:
    sys.stderr.write(f"{PROG} {command}: error: {error}\n")
    return code


def when(epoch: Optional[float]) -> str:
    if not epoch:
        return "-"
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(epoch))


def table(rows: list) -> str:
    """Aligned columns; the first row is the header."""
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths)).rstrip()
                     for row in rows)
