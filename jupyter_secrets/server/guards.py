"""The guards of one server, built and wired into jupyter_server in one place.

If the scanner cannot be built (a malformed config file, an unreadable fingerprint key), the
guards stay installed and refuse what they cannot check: saves, scans and exports fail with
the reason, downloads of text files are refused. Nothing goes through unchecked.
"""
from __future__ import annotations

from typing import Optional

from ..detection.scanner import Scanner
from .downloads import DownloadGuard
from .errors import GuardFailure
from .export import install_export_guard
from .known_values import KnownValues
from .manager_hooks import ContentsHooks
from .notices import SCHEMA_PATH, GuardNotices
from .save_guard import SaveGuard
from .scanning import build_scanner
from .uploads import UploadStash


class ScannerUnavailable(GuardFailure):
    def __init__(self, problem: str):
        super().__init__("request", "", None, status_code=503, message=(
            f"jupyter-secrets is not working on this server ({problem}), so nothing can be "
            f"checked for secrets."))


class Guards:
    """Scanner, notices, save and download guards of one server; see ``install``."""

    def __init__(self, app):
        serverapp = app.serverapp
        self.log = app.log
        self.notices = GuardNotices(serverapp.event_logger, app.log)
        self.scanner: Optional[Scanner] = None
        self.problem = ""
        #: values the broker served to kernels: every guard's scanner finds them too
        self.known_values = KnownValues()
        try:
            self.scanner = build_scanner(serverapp.config, self.known_values)
        except Exception as error:  # config and key errors carry no secret in their message
            self.problem = f"{type(error).__name__}: {error}"
            self.log.error("jupyter-secrets: cannot build the scanner (%s); saves, exports and "
                           "downloads of text files will be refused", self.problem)
        self.saves = SaveGuard(scanner=self.require_scanner, notices=self.notices, parent=app,
                               uploads=UploadStash(log=app.log))
        self.downloads = DownloadGuard(scanner=self.require_scanner, notices=self.notices,
                                       parent=app)
        self.hooks = ContentsHooks(self.saves, app.log)

    def require_scanner(self) -> Scanner:
        if self.scanner is None:
            raise ScannerUnavailable(self.problem)
        return self.scanner

    def install(self, serverapp) -> None:
        """Hooks, export preprocessor and event schema; handlers are the app's to add."""
        serverapp.event_logger.register_event_schema(SCHEMA_PATH)
        self.hooks.attach(serverapp)  # also a contents manager another extension puts in place
        self._install_export_guard(serverapp)

    def start(self, serverapp, loop) -> None:
        """Once the server runs: bind the loop, and put the export preprocessor back in any
        exporter list that another extension's config merge replaced while loading."""
        self.notices.bind_loop(loop)
        self._install_export_guard(serverapp)
        self.hooks.verify(serverapp)

    def _install_export_guard(self, serverapp) -> None:
        # the config object the nbconvert handlers read
        config = serverapp.web_app.settings.get("config", serverapp.config)
        install_export_guard(config, self.require_scanner, self.notices.publish)

    def close(self) -> None:
        self.saves.close()
