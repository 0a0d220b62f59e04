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
_MAGIC = b"jupyter-secrets prefilter 2\n"
#: Each encoded literal's encoding, one letter apiece: a JSON list of 15,000 words took
#: longer to read and check than the database.
_CODES = {"b": "base64", "h": "hex"}
_LETTERS = {name: letter for letter, name in _CODES.items()}
#: This code's own files: a change to how literals are built changes the key.
_SOURCES = ("prefilter.py", "literals.py", "prefilter_cache.py")


def cache_dir() -> Optional[Path]:
    """The cache folder, or None when the cache is turned off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "none") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "jupyter-secrets"


def cache_key(keywords: Sequence[Tuple[str, bool]],
              encoded_only: Sequence[Tuple[str, bool]] = ()) -> Optional[str]:
    """The key of a prefilter for ``keywords`` (in order) and the keywords searched in
    encoded form only (those of the pattern gate's rules), or None when the cache is off."""
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
    if encoded_only:
        digest.update(b"\0" + json.dumps(list(encoded_only), ensure_ascii=False).encode("utf-8"))
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


def load(key: str) -> Optional[Tuple[Sequence[str], bytes]]:
    """(encoding of each encoded literal, database bytes) stored under ``key``, or None."""
    path = _file(key)
    body = None if path is None else read_checked(path, _MAGIC, key)
    if body is None:
        return None
    try:
        split = body.index(b"\n")
        codes = body[:split].decode("ascii")
        if codes.strip("".join(_CODES)):
            raise ValueError("bad encoding list")
        return _Encodings(codes), body[split + 1:]
    except (ValueError, UnicodeDecodeError) as error:
        _log("jupyter-secrets: cache file %s not used (%s); rebuilding it", path, error)
        return None


class _Encodings:
    """The encoding of each encoded literal, read from its letter when asked: most are never."""

    def __init__(self, codes: str):
        self._codes = codes

    def __len__(self) -> int:
        return len(self._codes)

    def __getitem__(self, index: int) -> str:
        return _CODES[self._codes[index]]


def read_checked(path: Path, magic: bytes, key: str) -> Optional[bytes]:
    """The body of a cache file written by ``write_checked``, or None when it is missing,
    written for another key, or does not match its digest."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        if not data.startswith(magic):
            raise ValueError("not a cache file of this kind")
        header_end = data.index(b"\n", len(magic))
        header = json.loads(data[len(magic):header_end])
        body = data[header_end + 1:]
        if not isinstance(header, dict) or header.get("key") != key:
            raise ValueError("written for another rule set or version")
        if header.get("sha256") != hashlib.sha256(body).hexdigest():
            raise ValueError("content does not match its digest")
        return body
    except ValueError as error:  # json's errors are ValueErrors too
        _log("jupyter-secrets: cache file %s not used (%s); rebuilding it", path, error)
        return None


def store(key: str, encodings: List[str], database: bytes) -> None:
    """Writes the cache file atomically; a folder that cannot be written is no error."""
    path = _file(key)
    if path is not None:
        codes = "".join(_LETTERS[e] for e in encodings).encode("ascii")
        write_checked(path, _MAGIC, key, codes + b"\n" + database, "prefilter-*.bin")


def write_checked(path: Path, magic: bytes, key: str, body: bytes, family: str) -> None:
    """Writes ``body`` with its key and digest, atomically (a temporary file in the folder,
    then a rename), and prunes the folder's older files of the same ``family`` (a glob)."""
    header = json.dumps({"key": key, "sha256": hashlib.sha256(body).hexdigest()}).encode()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(magic + header + b"\n" + body)
                f.flush()
                os.fsync(f.fileno())
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        _prune(path.parent, family)
    except OSError as error:
        _log("jupyter-secrets: cache not written to %s: %s", path.parent, error)


def _prune(folder: Path, family: str) -> None:
    """Keeps the newest KEEP_FILES files of a family: every upgrade would otherwise leave one."""
    try:
        files = sorted(folder.glob(family), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[KEEP_FILES:]:
            old.unlink()
    except OSError:
        pass  # another process pruned first
