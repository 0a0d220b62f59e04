"""What `get`, `set` and `list` share: choosing the backend and reporting its errors."""
from __future__ import annotations

import argparse
import sys

from jupyter_secrets.backends.base import BackendError, SecretBackend
from jupyter_secrets.backends.registry import backend_names, get_backend
from jupyter_secrets.config import ConfigError, load_config
from jupyter_secrets.governance.environments import open_backend as environment_backend

PROG = "jupyter-secrets"
EXIT_OK, EXIT_NOT_FOUND, EXIT_ERROR = 0, 1, 2


def add_backend_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--backend", metavar="NAME",
                        help="use this backend instead of the configured one "
                             f"({', '.join(backend_names())})")
    parser.add_argument("--env", metavar="ENV", help="the environment to work in (default: "
                                                     "c.Environments.current, else dev)")
    parser.add_argument("--config", metavar="FILE",
                        help="a jupyter_secrets_config .json or .py file, read after the ones on "
                             "the Jupyter config path")


def open_backend(args: argparse.Namespace) -> SecretBackend:
    """The backend --backend names, else the configured one as the environment sees it
    (prod secrets stay apart from dev ones); raises BackendError."""
    try:
        config = load_config(getattr(args, "config", None))
    except ConfigError as e:
        raise BackendError("config", str(e), "fix or remove the file") from None
    if getattr(args, "backend", None):
        config.SecretStore.backend = args.backend
        return get_backend(config)
    try:
        return environment_backend(config, getattr(args, "env", None))
    except ValueError as e:  # a malformed environment name
        raise BackendError("config", str(e)) from None


def fail(command: str, error: object, code: int = EXIT_ERROR) -> int:
    """Print one line for people (never a traceback) and return the exit code."""
    sys.stderr.write(f"{PROG} {command}: error: {error}\n")
    return code
