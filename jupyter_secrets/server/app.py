"""The one ExtensionApp of jupyter-secrets: registers handlers with the Jupyter server."""
from __future__ import annotations

from jupyter_server.extension.application import ExtensionApp

from .handlers import VersionHandler

URL_PREFIX = "jupyter-secrets"


class SecretsExtensionApp(ExtensionApp):
    """Serves the REST API under /jupyter-secrets/; it has no page of its own."""

    name = "jupyter_secrets"

    def initialize_handlers(self) -> None:
        self.handlers.extend([(rf"/{URL_PREFIX}/version", VersionHandler)])
