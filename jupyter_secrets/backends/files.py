"""Private files for backends: owner-only modes, atomic replace and an inter-process lock."""
from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from typing import Iterator

from .base import BackendError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

DIR_MODE = 0o700
FILE_MODE = 0o600


class LockTimeout(Exception):
    """Another process held the lock for longer than we were willing to wait."""


def private_dir(path: str) -> str:
    """Create `path` (and parents) if needed; a directory we create is owner-only."""
    if not os.path.isdir(path):
        os.makedirs(path, mode=DIR_MODE, exist_ok=True)
        os.chmod(path, DIR_MODE)  # makedirs' mode is filtered by the umask
    return path


def is_private(path: str) -> bool:
    """False when group or others may read or write the file."""
    if os.name != "posix":  # pragma: no cover - modes mean little elsewhere
        return True
    return not os.stat(path).st_mode & 0o077


def write_atomic(path: str, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old or the new file, never half of one."""
    directory = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".part")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(directory)


def create_exclusive(path: str, data: bytes) -> bool:
    """Create `path` with mode 0600 holding `data`; False if it already exists."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return False
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    _fsync_dir(os.path.dirname(path) or ".")
    return True


def _fsync_dir(directory: str) -> None:
    with contextlib.suppress(OSError):  # some filesystems refuse to fsync a directory
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


@contextlib.contextmanager
def locked(path: str, timeout: float) -> Iterator[None]:
    """Hold an exclusive fcntl lock on `path` (created 0600), polling up to `timeout` seconds.

    Polling instead of a blocking flock keeps a stuck process from hanging every kernel.
    """
    if fcntl is None:  # pragma: no cover - not POSIX
        raise LockTimeout("file locking needs a POSIX system")
    fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    try:
        deadline = time.monotonic() + timeout
        delay = 0.001
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as e:
                if e.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise
                if time.monotonic() >= deadline:
                    raise LockTimeout(path) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.05)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextlib.contextmanager
def backend_lock(backend: str, path: str, timeout: float) -> Iterator[None]:
    """`locked`, with every failure to get the lock reported as one BackendError."""
    try:
        private_dir(os.path.dirname(path) or ".")
        guard = locked(path, timeout)
        guard.__enter__()
    except LockTimeout:
        raise BackendError(backend, f"another process has held {path} for more than {timeout:g} s",
                           "try again; nothing was changed") from None
    except OSError as e:
        raise BackendError(backend, f"cannot lock {path}: {e.strerror}",
                           "check the permissions of its directory") from None
    try:
        yield
    finally:
        guard.__exit__(None, None, None)
