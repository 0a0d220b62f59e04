"""The download guard's decisions: which files may leave through ``/files/`` and in what form.

Notebooks and text files that hold a plaintext secret are redacted (or refused, by config);
sensitive artifacts such as model weights are refused unless a pattern allows them. The HTTP
side is in ``files_handler``.
"""
from __future__ import annotations

import os
from typing import Callable, Optional

import pathspec
from tornado.web import HTTPError
from traitlets import Enum, Int, List, Unicode, observe
from traitlets.config import LoggingConfigurable

from ..detection.scanner import Scanner
from .documents import bytes_document
from .errors import describe
from .notices import GuardNotices

REDACT, REFUSE = "redact", "refuse"

#: Model weights and other large trained artifacts: data that should not leave by a click.
DEFAULT_ARTIFACTS = [
    "*.safetensors", "*.pt", "*.pth", "*.ckpt", "*.gguf", "*.onnx",
    "pytorch_model*.bin", "**/model/**/*.bin", "**/models/**/*.bin", "**/checkpoints/**/*.bin",
    "**/checkpoint-*/**/*.bin", "**/weights/**/*.bin",
]
_SNIFF = 8192


class DownloadRefused(HTTPError):
    def __init__(self, message: str):
        super().__init__(403, message, reason="Download refused")


def _spec(patterns) -> pathspec.GitIgnoreSpec:
    return pathspec.GitIgnoreSpec.from_lines([p.lower() for p in patterns])


class DownloadGuard(LoggingConfigurable):
    """What a download through ``/files/`` may carry."""

    secrets_policy = Enum(
        [REDACT, REFUSE], default_value=REDACT,
        help=("A notebook or text file holding a plaintext secret is served with the secrets "
              "replaced ('redact', the default) or not at all ('refuse')."),
    ).tag(config=True)

    sensitive_artifacts = List(
        Unicode(), default_value=DEFAULT_ARTIFACTS,
        help=("Gitignore-style patterns (relative to the server root, case-insensitive) of "
              "files whose download through /files/ and the contents API is refused: by "
              "default model weight formats."),
    ).tag(config=True)

    allowed_artifacts = List(
        Unicode(),
        help="Patterns of sensitive artifacts that may be downloaded anyway (e.g. 'public/**').",
    ).tag(config=True)

    max_scan_bytes = Int(
        256 * 1024 * 1024,
        help=("Text files up to this size are checked before they are served; a larger text "
              "file is refused, since it could not be checked (binary files are served)."),
    ).tag(config=True)

    def __init__(self, scanner: Callable[[], Scanner], notices: GuardNotices, **kwargs):
        super().__init__(**kwargs)
        self._scanner = scanner
        self.notices = notices
        self._compile()

    @observe("sensitive_artifacts", "allowed_artifacts")
    def _patterns_changed(self, _change) -> None:
        self._compile()

    def _compile(self) -> None:
        self._sensitive = _spec(self.sensitive_artifacts)
        self._allowed = _spec(self.allowed_artifacts)

    def refuse_artifact(self, path: str) -> None:
        """Raises DownloadRefused when ``path`` is a sensitive artifact that is not allowed."""
        relative = path.strip("/").lower()
        if self._sensitive.match_file(relative) and not self._allowed.match_file(relative):
            message = (f"{path} was not sent: it matches the sensitive artifacts "
                       f"(DownloadGuard.sensitive_artifacts, e.g. model weights), which this "
                       f"server does not let leave through the browser. Ask whoever runs it to "
                       f"allow it in DownloadGuard.allowed_artifacts if it should.")
            self.notices.publish("download-refused", path, (), message)
            raise DownloadRefused(message)

    def review_file(self, path: str, os_path: str) -> Optional[bytes]:
        """None: serve the file as it is. Bytes: serve these instead (redacted). Raises
        DownloadRefused. Reads the disk: call it from a worker thread."""
        with open(os_path, "rb") as f:
            head = f.read(_SNIFF)
            if b"\0" in head:
                return None  # binary: images, archives; the rules read text only
            if os.fstat(f.fileno()).st_size > self.max_scan_bytes:
                self._refuse(path, f"{path} is too large to be checked for secrets "
                                   f"(over DownloadGuard.max_scan_bytes), so it was not sent.", ())
            data = head + f.read()
        return self.review(path, data)

    def review(self, path: str, data: bytes) -> Optional[bytes]:
        """The same decision for bytes already read (a contents manager without files on disk)."""
        cleaned = {}
        document = bytes_document(data, path, self._scanner(),
                                  lambda new: cleaned.__setitem__("data", new))
        if document is None or not document.pieces:
            return None
        findings = document.findings
        if self.secrets_policy == REFUSE or document.lossy:
            self._refuse(path, f"{path} was not sent: it holds {len(findings)} plaintext "
                               f"secret(s) ({describe(findings)}). Move them to a secret store "
                               f"and try again.", findings)
        document.redact({"source", "output", "metadata"})
        self.notices.publish("download-redacted", path, findings,
                             f"{path} was sent with {len(findings)} secret(s) redacted.")
        return cleaned["data"]

    def _refuse(self, path: str, message: str, findings) -> None:
        self.notices.publish("download-refused", path, findings, message)
        raise DownloadRefused(message)
