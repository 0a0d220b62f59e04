"""``/files/<path>``: jupyter_server's download route, with the download guard in front.

Registered by the extension on the core route (extension rules take precedence). Binary files
are served by the core static-file machinery as before; text files are served as the bytes the
guard read and checked (redacted, or refused, when they hold a secret); sensitive artifacts are
refused with a reason.
"""
from __future__ import annotations

import mimetypes
from datetime import datetime, timezone
from typing import Optional

from anyio.to_thread import run_sync
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import AuthenticatedFileHandler
from tornado import web

from ..detection.text_decoding import detect_text
from .contents import SETTINGS_KEY
from .downloads import NOT_KNOWN, Unscanned
from .downloads import SNIFF_BYTES as _SNIFF

AUTH_RESOURCE = "contents"  # the same permission as the core route it stands in for
#: Files up to this size are read (and their bytes digested) on the event loop, as the core
#: handler reads every file; larger ones, and any scan, go to a worker thread.
INLINE_BYTES = 2 * 1024 * 1024


def _content_type(name: str) -> str:
    if name.endswith(".ipynb"):
        return "application/x-ipynb+json"
    mime, encoding = mimetypes.guess_type(name)
    if encoding is not None:
        return "application/octet-stream"
    if mime is None or mime == "text/plain":
        return "text/plain; charset=UTF-8"
    return mime


class GuardedFilesHandler(AuthenticatedFileHandler):
    """Serves files from the server root like the core handler, after the download guard."""

    auth_resource = AUTH_RESOURCE

    @web.authenticated
    @authorized(resource=AUTH_RESOURCE)
    def head(self, path: str):
        self.check_xsrf_cookie()
        return self.get(path, include_body=False)

    @web.authenticated
    @authorized(resource=AUTH_RESOURCE)
    async def get(self, path: str, include_body: bool = True):
        self.check_xsrf_cookie()
        guards = self.settings[SETTINGS_KEY]
        guard = guards.downloads
        os_path = self._checked_os_path(path)
        served = NOT_KNOWN
        if os_path is None:
            guard.refuse_artifact(path)
            served = None
        elif not guards.building:  # a small file with a verdict: no worker thread needed
            served = guard.review_file(path, os_path, self.root, known_only=INLINE_BYTES)
        if served is NOT_KNOWN:
            served = await run_sync(guard.review_file, path, os_path, self.root)
        elif isinstance(served, Unscanned):  # read and digested here, not yet scanned
            served = await run_sync(guard.scan_read, path, served)
        name = path.rsplit("/", 1)[-1]
        if name.endswith(".ipynb") or self.get_argument("download", None):
            self.set_attachment_header(name)
        if served is None:  # binary: from disk, its head told again as it is read
            return await web.StaticFileHandler.get(self, path, include_body=include_body)
        # text: the bytes the guard checked, never a second read that could differ
        self.set_header("Content-Type", _content_type(name))
        if served.redacted:
            self.set_header("Cache-Control", "no-store")
            self.set_header("X-Jupyter-Secrets", "redacted")
        else:
            self.set_header("Cache-Control", "no-cache")
            self.set_header("Last-Modified", datetime.fromtimestamp(served.modified, timezone.utc))
        self.set_header("Content-Length", str(len(served.data)))
        if include_body:
            self.write(served.data)
        await self.finish()

    @classmethod
    def get_content(cls, abspath: str, start: Optional[int] = None, end: Optional[int] = None):
        """The core's streaming read, for binary files only: a file swapped for text since the
        guard told it binary is refused before a byte of it is sent."""
        with open(abspath, "rb") as f:
            if detect_text(f.read(_SNIFF)) is not None:
                raise web.HTTPError(409, "The file changed while it was being sent; try again.")
        return super().get_content(abspath, start, end)

    def _checked_os_path(self, path: str) -> Optional[str]:
        """The file's absolute path after the core checks (inside the root, not hidden);
        None for what the core serves otherwise (a folder redirect)."""
        self.path = self.parse_url_path(path)  # tornado's validation reads it
        absolute = self.get_absolute_path(self.root, self.path)
        return self.validate_absolute_path(self.root, absolute)
