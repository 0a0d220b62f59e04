"""The key of the encrypted local store: a 256-bit AES-GCM key in its own owner-only file."""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from typing import Optional

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .base import BackendError
from .files import create_exclusive, is_private, private_dir

BACKEND = "local"
NONCE_BYTES = 12


class StoreKey:
    """Seals and opens values; each ciphertext is bound to its secret's name and version."""

    def __init__(self, raw: bytes):
        self._aead = AESGCM(raw)
        #: Identifies the key without revealing it, so a store can tell a wrong key at once.
        self.key_id = hmac.new(raw, b"jupyter-secrets local store key id", hashlib.sha256).hexdigest()[:16]

    def seal(self, name: str, version: str, value: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, value.encode("utf-8"), _context(name, version))
        return base64.b64encode(nonce + sealed).decode("ascii")

    def open(self, name: str, version: str, token: str) -> Optional[str]:
        """The value, or None when this key did not seal it (or the token was altered)."""
        try:
            blob = base64.b64decode(token.encode("ascii"), validate=True)
            plain = self._aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], _context(name, version))
        except (InvalidTag, ValueError, binascii.Error, UnicodeEncodeError):
            return None
        return plain.decode("utf-8")

    def __repr__(self) -> str:  # never show the key
        return f"StoreKey(key_id={self.key_id})"


def _context(name: str, version: str) -> bytes:
    # Associated data: a ciphertext moved to another name or version no longer opens.
    return f"jupyter-secrets\x00{name}\x00{version}".encode("utf-8")


def load_key(path: str) -> Optional[StoreKey]:
    """The key in `path`, or None if there is no such file."""
    try:
        if not is_private(path):
            raise BackendError(
                BACKEND, f"the key file {path} can be read by other users",
                f"run `chmod 600 {path}`, then consider re-creating the secrets it protects")
        with open(path, "rb") as handle:
            text = handle.read()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise BackendError(BACKEND, f"cannot read the key file {path}: {e.strerror}",
                           "check its owner and permissions") from None
    try:
        raw = base64.urlsafe_b64decode(text.strip())
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise BackendError(BACKEND, f"the key file {path} is damaged (not a 256-bit key)",
                           "restore it from a backup; without it the local store cannot be read")
    return StoreKey(raw)


def create_key(path: str) -> StoreKey:
    """Create a new key file (0600, in a 0700 directory), or load the one that won a race."""
    try:
        private_dir(os.path.dirname(path) or ".")
        raw = AESGCM.generate_key(bit_length=256)
        if create_exclusive(path, base64.urlsafe_b64encode(raw) + b"\n"):
            return StoreKey(raw)
    except OSError as e:
        raise BackendError(BACKEND, f"cannot create the key file {path}: {e.strerror}",
                           "set c.LocalStore.key_file to a writable path") from None
    key = load_key(path)
    if key is None:  # pragma: no cover - deleted between create and load
        raise BackendError(BACKEND, f"the key file {path} vanished while it was being created")
    return key
