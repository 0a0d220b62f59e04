"""Per-installation keys kept in owner-only files, created on first use.

Concurrent first uses agree on one key: the file is written under a temporary name and linked
into place, and a link never overwrites, so the loser reads the winner's key.
"""
from __future__ import annotations

import os
import secrets
import tempfile

KEY_BYTES = 32
MIN_KEY_BYTES = 16


class KeyFileError(Exception):
    """A key file is unreadable or malformed. The message never holds the key."""


def load_or_create_key(path: str) -> bytes:
    """The key in `path`, creating the file (mode 0600) with a random key if it is missing."""
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    try:
        _create(path)
    except OSError as e:
        raise KeyFileError(f"cannot create the key file {path}: {e.strerror}") from None
    return _read(path)


def _read(path: str) -> bytes:
    try:
        with open(path, encoding="ascii") as handle:
            text = handle.read().strip()
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError) as e:
        reason = getattr(e, "strerror", None) or "not a hex text file"
        raise KeyFileError(f"cannot read the key file {path}: {reason}") from None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        raise KeyFileError(f"the key file {path} does not hold a hex key; restore it from a "
                           "backup") from None
    if len(key) < MIN_KEY_BYTES:
        raise KeyFileError(f"the key file {path} holds a key that is too short")
    return key


def _create(path: str) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, mode=0o700, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".key.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(KEY_BYTES) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process created it first; its key is the one
    finally:
        os.unlink(tmp)
