"""The compiled prefilter on disk, so a process does not compile it again.

Compiling the keyword database costs more than most scans (a git filter or a pre-commit hook
pays it per run); reading it back costs a fraction of a millisecond. The file is keyed by the
rule set's keywords, the library and Hyperscan versions, the machine and this code; its content
is checked against a digest before Hyperscan sees it. A missing, corrupt or foreign file is
rebuilt, never trusted. Writes are atomic (a temporary file in the folder, then a rename), so
two processes never read each other's half-written file.

The folder is ``$JUPYTER_SECRETS_CACHE_DIR``, else ``$XDG_CACHE_HOME/jupyter-secrets``, else
``~/.cache/jupyter-secrets``. ``JUPYTER_SECRETS_CACHE_DIR=off`` turns the cache off.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import List, Optional, Sequence, Tuple


def _log(message: str, *args) -> None:
    import logging  # only when something is wrong: the happy path stays light

    logging.getLogger(__name__).info(message, *args)

CACHE_ENV = "JUPYTER_SECRETS_CACHE_DIR"
#: Smaller keyword sets compile in a millisecond or two: not worth a file.
MIN_KEYWORDS = 64
#: Files kept in the folder; older ones (other versions, other rule sets) are removed.
KEEP_FILES = 8
_MAGIC = b"jupyter-secrets prefilter 1\n"
#: This code's own files: a change to how literals are built changes the key.
_SOURCES = ("prefilter.py", "literals.py", "prefilter_cache.py")


def cache_dir() -> Optional[Path]:
    """The cache folder, or None when the cache is turned off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "none") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "jupyter-secrets"


def cache_key(keywords: Sequence[Tuple[str, bool]]) -> Optional[str]:
    """The key of a prefilter for ``keywords`` (in order), or None when the cache is off."""
    if cache_dir() is None or len(keywords) < MIN_KEYWORDS:
        return None
    from .. import __version__

    digest = hashlib.sha256()
    machine = os.uname().machine if hasattr(os, "uname") else os.environ.get("PROCESSOR_ARCHITECTURE", "")
    for part in (__version__, _hyperscan_version(), machine, sys.platform):  # platform costs 10 ms
        digest.update(part.encode() + b"\0")
    here = Path(__file__).parent
    for name in _SOURCES:
        try:
            digest.update((here / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    digest.update(json.dumps(list(keywords), ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def _hyperscan_version() -> str:
    try:
        from hyperscan._version import __version__ as version  # importlib.metadata costs 100 ms

        return version
    except ImportError:
        return "none"


def _file(key: str) -> Optional[Path]:
    folder = cache_dir()
    return None if folder is None else folder / f"prefilter-{key[:32]}.bin"


def load(key: str) -> Optional[Tuple[List[str], bytes]]:
    """(encoding of each encoded literal, database bytes) stored under ``key``, or None."""
    path = _file(key)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        if not data.startswith(_MAGIC):
            raise ValueError("not a prefilter cache file")
        header_end = data.index(b"\n", len(_MAGIC))
        header = json.loads(data[len(_MAGIC):header_end])
        body = data[header_end + 1:]
        if header.get("key") != key:
            raise ValueError("written for another rule set or version")
        if header.get("sha256") != hashlib.sha256(body).hexdigest():
            raise ValueError("content does not match its digest")
        split = int(header["encodings"])
        encodings = json.loads(body[:split])
        if not isinstance(encodings, list) or not all(e in ("base64", "hex") for e in encodings):
            raise ValueError("bad encoding list")
        return encodings, body[split:]
    except (ValueError, KeyError, TypeError) as error:
        _log("jupyter-secrets: prefilter cache %s not used (%s); rebuilding it", path, error)
        return None


def store(key: str, encodings: List[str], database: bytes) -> None:
    """Writes the cache file atomically; a folder that cannot be written is no error."""
    path = _file(key)
    if path is None:
        return
    listed = json.dumps(encodings).encode()
    body = listed + database
    header = json.dumps({"key": key, "sha256": hashlib.sha256(body).hexdigest(),
                         "encodings": len(listed)}).encode()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".prefilter-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(_MAGIC + header + b"\n" + body)
                f.flush()
                os.fsync(f.fileno())
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        _prune(path.parent)
    except OSError as error:
        _log("jupyter-secrets: prefilter cache not written to %s: %s", path.parent, error)


def _prune(folder: Path) -> None:
    """Keeps the newest KEEP_FILES cache files: every upgrade would otherwise leave one."""
    try:
        files = sorted(folder.glob("prefilter-*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[KEEP_FILES:]:
            old.unlink()
    except OSError:
        pass  # another process pruned first
