"""Chunked uploads: keep what the first chunk overwrote until the whole file has been checked.

The contents manager writes the first chunk over an existing file before anyone has seen the
rest; if the finished upload is then refused, the old file comes back (or the new one goes).
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
from collections import OrderedDict
from typing import Optional

from ..detection.text_decoding import detect_text

#: Text is what the guard reads, told by content (UTF-16 and stray NULs are text too).
_SNIFF = 8192


def read_upload(os_path: str, limit: int) -> Optional[bytes]:
    """The file's bytes; b"" for a binary file (nothing to check); None when it is text
    larger than ``limit``."""
    with open(os_path, "rb") as f:
        head = f.read(_SNIFF)
        if detect_text(head) is None:
            return b""
        if os.fstat(f.fileno()).st_size > limit:
            return None
        return head + f.read()


def replace_file(os_path: str, data: bytes) -> None:
    """Writes ``data`` over the file atomically, keeping its permissions."""
    directory = os.path.dirname(os_path) or "."
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".~jupyter-secrets-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        shutil.copymode(os_path, tmp)
        os.replace(tmp, os_path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


class UploadStash:
    """Copies of files that a chunked upload is overwriting, in a private temporary folder."""

    def __init__(self, max_entries: int = 64, log: Optional[logging.Logger] = None):
        self.log = log or logging.getLogger(__name__)
        self._max = max_entries
        self._dir: Optional[str] = None
        self._kept: "OrderedDict[str, Optional[str]]" = OrderedDict()  # path -> copy (None: new)
        self._lock = threading.Lock()

    def begin(self, path: str, contents_manager) -> None:
        """Called with the first chunk, before it is written."""
        os_path = self._os_path(contents_manager, path)
        copy = None
        if os_path and os.path.isfile(os_path):
            copy = os.path.join(self._folder(), f"{len(self._kept)}-{os.urandom(6).hex()}")
            shutil.copy2(os_path, copy)
        with self._lock:
            self._drop(path)
            self._kept[path] = copy
            while len(self._kept) > self._max:
                self._drop(next(iter(self._kept)))

    def undo(self, path: str, os_path: str) -> None:
        """The upload was refused: put back what it overwrote, or remove what it created."""
        with self._lock:
            begun = path in self._kept
            copy = self._kept.pop(path, None)
        if not begun:
            self.log.warning("jupyter-secrets: %s was uploaded without a first chunk; removed", path)
        if copy is not None:
            os.replace(copy, os_path)
        elif os.path.exists(os_path):
            os.unlink(os_path)

    def discard(self, path: str) -> None:
        with self._lock:
            self._drop(path)

    def close(self) -> None:
        with self._lock:
            self._kept.clear()
            if self._dir:
                shutil.rmtree(self._dir, ignore_errors=True)
                self._dir = None

    def _drop(self, path: str) -> None:
        copy = self._kept.pop(path, None)
        if copy and os.path.exists(copy):
            os.unlink(copy)

    def _folder(self) -> str:
        if self._dir is None:
            self._dir = tempfile.mkdtemp(prefix="jupyter-secrets-uploads-")  # mode 0700
        return self._dir

    @staticmethod
    def _os_path(contents_manager, path: str) -> Optional[str]:
        get_os_path = getattr(contents_manager, "_get_os_path", None)
        return get_os_path(path) if get_os_path is not None else None
