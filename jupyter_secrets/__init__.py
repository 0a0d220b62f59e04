"""jupyter-secrets: keep plaintext secrets out of notebooks.

Importing this package stays light: the detection engine and the command line use it without
loading jupyter_server, tornado or IPython. Those load only when Jupyter asks for an entry point.
"""
from __future__ import annotations

from typing import Any, Dict, List

try:
    from ._version import __version__
except ImportError:  # a source tree that was never built or installed
    __version__ = "0.0.0"

__all__ = ["__version__", "secret"]


def _jupyter_labextension_paths() -> List[Dict[str, str]]:
    return [{"src": "labextension", "dest": "jupyter-secrets"}]


def _jupyter_server_extension_points() -> List[Dict[str, Any]]:
    from .server.app import SecretsExtensionApp

    return [{"module": "jupyter_secrets.server.app", "app": SecretsExtensionApp}]


def load_ipython_extension(ipython: Any) -> None:
    """`%load_ext jupyter_secrets`: adds `%secret` and output redaction to the kernel."""
    from .kernel.magics import load_ipython_extension as load

    load(ipython)


def secret(name: str, **kwargs: Any) -> str:
    """The value of the secret `name`, from the broker or the configured backend."""
    from .kernel.api import secret as get_secret

    return get_secret(name, **kwargs)
