"""Reading files to scan and rewriting cleaned ones without ever leaving a half-written file."""
from __future__ import annotations

import os
import stat
import tempfile

NEW_FILE_MODE = 0o644


class FileAccessError(Exception):
    """A file cannot be read or written; the message says why, in plain words."""


def read_bytes(path: str) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise FileAccessError("is a directory") from None
    except OSError as e:
        raise FileAccessError(f"cannot read: {(e.strerror or type(e).__name__).lower()}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileAccessError("is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise FileAccessError("not a regular file")
        return _read_all(fd, info.st_size)
    except OSError as e:
        raise FileAccessError(f"cannot read: {(e.strerror or type(e).__name__).lower()}") from None
    finally:
        os.close(fd)


def _read_all(fd: int, size: int) -> bytes:
    """The file's bytes, in one read when it is the size it was said to be (a folder scan
    reads thousands of small files: a buffered file object costs twice the time)."""
    data = os.read(fd, size + 1)
    if len(data) == size:
        return data
    parts = [data]  # grown, shrunk or read short: on to the end
    while True:
        more = os.read(fd, max(size, 1 << 16))
        if not more:
            return b"".join(parts)
        parts.append(more)


def replace_atomically(path: str, content: bytes) -> None:
    """Write content to path through a temporary file in the same folder and os.replace.

    A new file gets mode 0644. An existing file keeps its permission bits (and its owner, where we may set it); a symbolic link keeps
    pointing at the same file, which receives the new content. Readers see the old or the new
    file, never a mix; on any failure the original is untouched.
    """
    target = os.path.realpath(path)
    try:
        st = os.stat(target) if os.path.exists(target) else None
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(target),
                                   prefix="." + os.path.basename(target) + ".", suffix=".tmp")
    except OSError as e:
        raise FileAccessError(f"cannot write: {(e.strerror or type(e).__name__).lower()}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode) if st else NEW_FILE_MODE)
        if st:
            _keep_owner(tmp, st)
        os.replace(tmp, target)
    except OSError as e:
        _remove_quietly(tmp)
        raise FileAccessError(f"cannot write: {(e.strerror or type(e).__name__).lower()}") from None
    except BaseException:
        _remove_quietly(tmp)
        raise


def _keep_owner(tmp: str, st: os.stat_result) -> None:
    if (st.st_uid, st.st_gid) == (os.geteuid(), os.getegid()):
        return
    try:
        os.chown(tmp, st.st_uid, st.st_gid)
    except PermissionError:
        pass  # only root may give a file away; the content and mode still match


def _remove_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
