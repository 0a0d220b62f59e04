"""The guards of one server, built and wired into jupyter_server in one place.

If the scanner cannot be built (a malformed config file, an unreadable fingerprint key), the
guards stay installed and refuse what they cannot check: saves, scans and exports fail with
the reason, downloads of text files are refused. Nothing goes through unchecked.
"""
from __future__ import annotations

import threading
from typing import Optional

from ..detection.scanner import Scanner
from .downloads import DownloadGuard
from .errors import GuardFailure
from .export_config import install_export_guard
from .known_values import KnownValues
from .manager_hooks import ContentsHooks
from .notices import SCHEMA_PATH, GuardNotices
from .save_guard import SaveGuard
from .scanning import build_scanner
from .uploads import UploadStash


#: How long a save or scan that arrives during start-up waits for the scanner before it is refused.
SCANNER_BUILD_WAIT_SECONDS = 120.0


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
        self._problem = ""
        #: values the broker served to kernels: every guard's scanner finds them too
        self.known_values = KnownValues()
        # The scanner (config, key, compiled rules) is built while the server goes on starting;
        # whatever needs it before then waits for it: nothing passes unchecked meanwhile.
        self._scanner_ready = threading.Event()
        threading.Thread(target=self._build_scanner, args=(serverapp.config,), daemon=True,
                         name="jupyter-secrets-scanner").start()
        self.saves = SaveGuard(scanner=self.require_scanner, notices=self.notices, parent=app,
                               uploads=UploadStash(log=app.log))
        self.downloads = DownloadGuard(scanner=self.require_scanner, notices=self.notices,
                                       parent=app)
        self.hooks = ContentsHooks(self.saves, app.log)

    def _build_scanner(self, config) -> None:
        try:
            scanner = build_scanner(config, self.known_values)
            scanner.engine.scan("warm-up: compile the rules now, not on the first save")
            self.scanner = scanner
        except Exception as error:  # config and key errors carry no secret in their message
            self._problem = f"{type(error).__name__}: {error}"
            self.log.error("jupyter-secrets: cannot build the scanner (%s); saves, exports and "
                           "downloads of text files will be refused", self._problem)
        finally:
            self._scanner_ready.set()

    def _wait_for_scanner(self) -> bool:
        return self._scanner_ready.wait(SCANNER_BUILD_WAIT_SECONDS)

    @property
    def problem(self) -> str:
        """Why the scanner is unavailable ("" when it works); waits while it is being built."""
        if not self._wait_for_scanner():
            return "the scanner is still being built"
        return self._problem

    @property
    def building(self) -> bool:
        """The scanner is still being built (saves and scans wait for it meanwhile)."""
        return not self._scanner_ready.is_set()

    def require_scanner(self) -> Scanner:
        if not self._wait_for_scanner():
            raise ScannerUnavailable("the scanner is still being built")
        if self.scanner is None:
            raise ScannerUnavailable(self._problem)
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
