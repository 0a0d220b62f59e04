"""Chunked uploads staged outside the served tree until the whole file has been checked.

JupyterLab sends a file over 1 MiB in chunks (``chunk``: 1, 2, ..., -1 for the last). The
server's large-file manager writes each one straight into place, so an upload that stops early,
or a chunk sent on its own, leaves unchecked bytes in the served tree. Here chunks go to a
private staging folder (mode 0700, outside the server root by default); only after the last chunk
is the whole file checked like a save and then written into place (temporary file, fsync,
rename). A chunk that does not continue a staged upload is refused; uploads idle for longer
than ``SaveGuard.upload_expiry_seconds`` are dropped; a write that fails (a full disk) drops the
staged file and touches nothing in the served tree.
"""
from __future__ import annotations

import base64
import binascii
import logging
import os
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from typing import Dict, Optional, Tuple

from tornado.ioloop import PeriodicCallback
from tornado.web import HTTPError

from .atomic_save import replacing_writer

_COPY_BUFFER = 1024 * 1024


@dataclass
class StagedUpload:
    file: str
    next_chunk: int
    touched: float
    size: int = 0


def decode_chunk(model: dict) -> bytes:
    content, fmt = model.get("content"), model.get("format")
    if not isinstance(content, str):
        raise HTTPError(400, "No file content provided")
    if fmt == "base64":
        try:
            return base64.b64decode("".join(content.split()).encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError):
            raise HTTPError(400, "The chunk is not valid base64") from None
    if fmt == "text":
        return content.encode("utf-8", "surrogatepass")
    raise HTTPError(400, "Must specify format of file contents as 'text' or 'base64'")


class UploadStaging:
    """Staged chunked uploads, by path. (Not by user: a token client that keeps no cookie is a
    new anonymous user on every request; whoever may write the file may continue its upload.)"""

    def __init__(self, expiry_seconds: float, folder: Optional[str] = None,
                 log: Optional[logging.Logger] = None):
        self.expiry_seconds = expiry_seconds
        self.log = log or logging.getLogger(__name__)
        self._parent = folder
        self._dir: Optional[str] = None
        self._uploads: Dict[str, StagedUpload] = {}
        self._lock = threading.Lock()
        self._sweeper: Optional[PeriodicCallback] = None

    def watch(self) -> None:
        """From the event loop: expire abandoned uploads even when no other upload comes."""
        if self._sweeper is None:
            every = max(0.05, min(self.expiry_seconds / 2, 60.0))
            self._sweeper = PeriodicCallback(self.expire, every * 1000)
            self._sweeper.start()

    # -- chunks (worker threads) ----------------------------------------------------------------
    def add(self, path: str, chunk: int, data: bytes) -> Tuple[StagedUpload, bool]:
        """Appends one chunk; returns the upload and whether it was the last chunk."""
        self.expire()
        key = path
        with self._lock:
            if chunk == 1:
                self._drop(key)
                fd, name = tempfile.mkstemp(dir=self._folder(), prefix="upload-")
                os.close(fd)
                self._uploads[key] = StagedUpload(name, 1, time.monotonic())
            upload = self._uploads.get(key)
            if upload is None or (chunk != -1 and chunk != upload.next_chunk):
                self._drop(key)
                raise HTTPError(400, f"Chunk {chunk} of {path} does not continue an upload in "
                                     f"progress (it expired, or its first chunk never came); "
                                     f"nothing was written. Upload the file again.")
        try:
            with open(upload.file, "ab") as f:
                f.write(data)
                f.flush()
        except OSError as error:
            self.drop(path)
            self.log.error("jupyter-secrets: staging chunk %s of %s failed (%s); the upload was "
                           "dropped", chunk, path, type(error).__name__)
            raise HTTPError(507, f"Not saved: the server could not store chunk {chunk} of {path} "
                                 f"({error.strerror or type(error).__name__}); nothing was "
                                 f"written in its place.") from None
        upload.size += len(data)
        upload.next_chunk = chunk + 1
        upload.touched = time.monotonic()
        if chunk == -1:
            with self._lock:
                self._uploads.pop(key, None)
        return upload, chunk == -1

    def place(self, upload: StagedUpload, os_path: str) -> None:
        """Writes a finished, checked upload into place (crash-safe) and removes it here."""
        try:
            with open(upload.file, "rb") as source, replacing_writer(os_path, text=False) as target:
                shutil.copyfileobj(source, target, _COPY_BUFFER)
        except OSError as error:
            raise HTTPError(507, f"Not saved: the server could not write {os.path.basename(os_path)}"
                                 f" ({error.strerror or type(error).__name__}); the file is as "
                                 f"it was.") from None
        finally:
            self.remove(upload)

    @staticmethod
    def remove(upload: StagedUpload) -> None:
        try:
            os.unlink(upload.file)
        except FileNotFoundError:
            pass

    # -- housekeeping ---------------------------------------------------------------------------
    def drop(self, path: str) -> None:
        with self._lock:
            self._drop(path)

    def expire(self) -> int:
        """Drops uploads idle for longer than the expiry; returns how many."""
        limit = time.monotonic() - self.expiry_seconds
        with self._lock:
            stale = [key for key, upload in self._uploads.items() if upload.touched < limit]
            for key in stale:
                self._drop(key)
        for path in stale:
            self.log.warning("jupyter-secrets: the upload of %s was abandoned and has expired; "
                             "its chunks were deleted", path)
        return len(stale)

    def pending(self) -> int:
        with self._lock:
            return len(self._uploads)

    def close(self) -> None:
        if self._sweeper is not None:
            self._sweeper.stop()
            self._sweeper = None
        with self._lock:
            self._uploads.clear()
            if self._dir:
                shutil.rmtree(self._dir, ignore_errors=True)
                self._dir = None

    def _drop(self, key) -> None:
        upload = self._uploads.pop(key, None)
        if upload is not None:
            self.remove(upload)

    def _folder(self) -> str:
        if self._dir is None or not os.path.isdir(self._dir):
            self._dir = tempfile.mkdtemp(prefix="jupyter-secrets-uploads-", dir=self._parent)
        return self._dir
