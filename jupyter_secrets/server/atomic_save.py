"""Crash-safe writes for the contents manager: a temporary file beside the target, fsync, rename.

jupyter_server's ``atomic_writing`` (2.x) copies the old file to ``.~name``, then truncates and
rewrites the file in place: until the write ends, every reader that is not Jupyter (git, a sync
client, nbconvert, our own command line) sees an empty or partial file, and a crash leaves it so.
Here the old file stays whole until one ``os.replace`` puts the new one in its place; a crash
leaves at most a hidden temporary file, which only ever holds content the save guard let through.
The next save in that folder removes such leftovers: files of our own naming only, untouched for
an hour (a live one is written to, and renamed, within its save), never one this process writes.
"""
from __future__ import annotations

import io
import logging
import os
import re
import stat
import threading
import time
from contextlib import contextmanager
from typing import Dict, Iterator, Optional, Set

log = logging.getLogger(__name__)

#: Hidden (the contents API lists no dot files by default) and distinct from the server's own
#: ``.~name`` backups, which the server would try to restore from.
TEMP_PREFIX = ".~jupyter-secrets-save-"
#: The whole of our temporary names: prefix, 12 random hex digits, the target's name.
_TEMP_NAME = re.compile(re.escape(TEMP_PREFIX) + r"[0-9a-f]{12}-.+", re.S)
#: A temporary file untouched this long is a crashed save's leftover.
LEFTOVER_AGE_SECONDS = 3600.0
#: A folder is looked through for leftovers at most this often.
_SWEEP_INTERVAL_SECONDS = 600.0

_live: Set[str] = set()  # temporary files this process is writing
_swept: Dict[str, float] = {}  # folder -> when it was last looked through
_state_lock = threading.Lock()


def remove_leftovers(folder: str, now: Optional[float] = None) -> int:
    """Removes crashed saves' temporary files from ``folder`` (regular files of our naming,
    untouched for LEFTOVER_AGE_SECONDS, not being written here); how many it removed."""
    now = time.time() if now is None else now
    removed = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            if not entry.name.startswith(TEMP_PREFIX) or not _TEMP_NAME.fullmatch(entry.name):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            # the modification time: a live file is being written (a copy keeps no ctime)
            if not stat.S_ISREG(info.st_mode) or now - info.st_mtime < LEFTOVER_AGE_SECONDS:
                continue
            with _state_lock:
                if entry.path in _live:
                    continue
            try:
                os.unlink(entry.path)
                removed += 1
            except OSError:  # gone already, or not ours to remove
                continue
    if removed:
        log.info("jupyter-secrets: removed %s temporary file(s) left in %s by an interrupted save",
                 removed, folder)
    return removed


def _sweep_now_and_then(folder: str) -> None:
    now = time.time()
    with _state_lock:
        if now - _swept.get(folder, 0.0) < _SWEEP_INTERVAL_SECONDS:
            return
        _swept[folder] = now
        while len(_swept) > 4096:
            _swept.pop(next(iter(_swept)))
    try:
        remove_leftovers(folder, now)
    except OSError as error:  # the save is done; a folder we cannot list keeps its leftovers
        log.debug("jupyter-secrets: could not look for leftovers in %s (%s)", folder,
                  type(error).__name__)


def _fsync_folder(folder: str) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems cannot sync a folder; the rename is done all the same
        pass
    finally:
        os.close(fd)


def _open_temp(folder: str, name: str) -> tuple:
    # os.open with 0o666 lets the umask decide the mode of a new file, as open() would
    for _ in range(16):
        tmp = os.path.join(folder, f"{TEMP_PREFIX}{os.urandom(6).hex()}-{name}")
        with _state_lock:
            _live.add(tmp)
        try:
            return tmp, os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            _done_with(tmp)
            continue
        except BaseException:
            _done_with(tmp)
            raise
    raise FileExistsError(f"no free temporary name beside {name}")


@contextmanager
def replacing_writer(os_path: str, text: bool = True, encoding: str = "utf-8",
                     log=None, **kwargs) -> Iterator[io.IOBase]:
    """Yields a file open on a new temporary file in ``os_path``'s folder; on success flushes,
    fsyncs and renames it over ``os_path``; on any error removes it and leaves ``os_path`` alone.
    """
    if os.path.islink(os_path):  # write the link's target, and keep the link, as the server does
        os_path = os.path.join(os.path.dirname(os_path), os.readlink(os_path))
    folder = os.path.dirname(os_path) or os.getcwd()
    tmp, fd = _open_temp(folder, os.path.basename(os_path))
    try:
        if text:
            kwargs.setdefault("newline", "\n")  # Unix line ends, as the server writes them
            fileobj = io.open(fd, "w", encoding=encoding, **kwargs)
        else:
            fileobj = io.open(fd, "wb", **kwargs)
    except BaseException:
        os.close(fd)
        os.unlink(tmp)
        _done_with(tmp)
        raise
    try:
        with fileobj:
            yield fileobj
            fileobj.flush()
            os.fsync(fileobj.fileno())
        if os.path.exists(os_path):
            os.chmod(tmp, os.stat(os_path).st_mode & 0o7777)
        os.replace(tmp, os_path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    finally:
        _done_with(tmp)
    _fsync_folder(folder)
    _sweep_now_and_then(folder)


def _done_with(tmp: str) -> None:
    with _state_lock:
        _live.discard(tmp)


def install_crash_safe_writing(contents_manager) -> bool:
    """Replaces the ``atomic_writing`` of a file contents manager instance (sync or async, any
    subclass such as jupytext's) with ``replacing_writer``; True when it is in place.

    ``use_atomic_writing = False`` (chosen for file systems without ordered renames) is kept as
    the server does it, and so is a folder the server may not create files in.
    """
    original = getattr(contents_manager, "atomic_writing", None)
    if original is None or not hasattr(contents_manager, "perm_to_403"):
        return False
    if getattr(original, "_jupyter_secrets", False):
        return True

    @contextmanager
    def atomic_writing(os_path, *args, **kwargs):
        folder = os.path.dirname(os_path) or os.getcwd()
        if not contents_manager.use_atomic_writing or not os.access(folder, os.W_OK):
            with original(os_path, *args, **kwargs) as f:
                yield f
            return
        kwargs.pop("log", None)
        with contents_manager.perm_to_403(os_path), replacing_writer(os_path, *args, **kwargs) as f:
            yield f

    atomic_writing._jupyter_secrets = True  # type: ignore[attr-defined]
    contents_manager.atomic_writing = atomic_writing
    return True
