"""The one ExtensionApp of jupyter-secrets: registers the guards and handlers with the server."""
from __future__ import annotations

import asyncio

from jupyter_server.extension.application import ExtensionApp

from ..assistants.guard_setup import install_model_guard, uninstall_model_guard
from ..assistants.server_setup import install_assistant_guards
from ..config import ScanConfig
from .assistants_api import assistants_handlers, warn_about_unguarded
from .collaboration import keep_ystore_in_memory
from .contents import SETTINGS_KEY, contents_handlers
from .downloads import DownloadGuard
from .export_config import install_export_guard
from .files_handler import GuardedFilesHandler
from .governance_setup import governance_handlers, setup_governance, teardown_governance
from .guards import Guards
from .handlers import VersionHandler
from .jwks_handlers import jwks_handlers
from .save_guard import SaveGuard
from .scan_api import SavesHandler, ScanHandler
from .spans_api import SpansHandler

URL_PREFIX = "jupyter-secrets"


class SecretsExtensionApp(ExtensionApp):
    """Serves the REST API under /jupyter-secrets/ and guards saves, exports and downloads;
    it has no page of its own."""

    name = "jupyter_secrets"
    classes = [SaveGuard, DownloadGuard, ScanConfig]

    def _link_jupyter_server_extension(self, serverapp) -> None:
        # before the server and the extensions exchange (and copy) their config
        install_export_guard(serverapp.config)
        super()._link_jupyter_server_extension(serverapp)
        keep_ystore_in_memory(serverapp.config, self.log)

    @classmethod
    def _load_jupyter_server_extension(cls, serverapp) -> None:
        super()._load_jupyter_server_extension(serverapp)
        # read by jupyter_secrets_failsafe, which stops a server where this never got here
        serverapp.web_app.settings["jupyter_secrets_loaded"] = True

    def initialize_settings(self) -> None:
        self.guards = Guards(self)
        self.guards.install(self.serverapp)
        self.settings[SETTINGS_KEY] = self.guards
        setup_governance(self)  # after the guards: it audits their notices
        install_assistant_guards(self)  # again at start, for extensions loaded after
        install_model_guard(self)  # after governance: it audits what it takes out of requests

    def initialize_handlers(self) -> None:
        self.handlers.extend([
            (rf"/{URL_PREFIX}/version", VersionHandler),
            (rf"/{URL_PREFIX}/scan", ScanHandler),
            (rf"/{URL_PREFIX}/saves", SavesHandler),
            (rf"/{URL_PREFIX}/spans", SpansHandler),
            *contents_handlers(),
            *governance_handlers(URL_PREFIX),
            *jwks_handlers(URL_PREFIX),
            *assistants_handlers(URL_PREFIX),
        ])
        if self._serves_files_from_disk():
            root = self.serverapp.contents_manager.files_handler_params.get("path")
            self.handlers.append((r"/files/(.*)", GuardedFilesHandler, {"path": root}))
        else:
            self.log.warning("jupyter-secrets: the contents manager serves /files/ with its own "
                             "handler; downloads through /files/ are not guarded")

    def _serves_files_from_disk(self) -> bool:
        from jupyter_server.base.handlers import AuthenticatedFileHandler

        handler = self.serverapp.contents_manager.files_handler_class
        return isinstance(handler, type) and issubclass(handler, AuthenticatedFileHandler)

    async def _start_jupyter_server_extension(self, serverapp) -> None:
        self.guards.start(serverapp, asyncio.get_running_loop())
        install_assistant_guards(self)  # before the warning: it reports what is guarded
        warn_about_unguarded(self.log)

    async def stop_extension(self) -> None:
        guards = getattr(self, "guards", None)  # None when loading failed
        if guards is not None:
            guards.close()
        uninstall_model_guard()
        await teardown_governance(self)
