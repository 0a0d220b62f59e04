"""The installed version and home page, for --version and the SARIF tool description."""
from __future__ import annotations

INFORMATION_URI = "https://github.com/jupyter-secrets/jupyter-secrets"


def package_version() -> str:
    from jupyter_secrets import __version__

    return __version__
