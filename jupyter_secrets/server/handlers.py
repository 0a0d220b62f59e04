"""HTTP handlers under /jupyter-secrets/, each authenticated and authorized."""
from __future__ import annotations

import tornado.web
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler

from .. import __version__

AUTH_RESOURCE = "jupyter_secrets"


class VersionHandler(APIHandler):
    """The frontend's handshake: a 404 here means the server extension is not enabled."""

    auth_resource = AUTH_RESOURCE

    @tornado.web.authenticated
    @authorized
    def get(self) -> None:
        self.finish({"version": __version__})
