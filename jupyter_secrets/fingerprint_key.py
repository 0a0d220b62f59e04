"""The per-installation key behind keyed fingerprints.

Fingerprints are HMACs, so a baseline or a finding never lets anyone brute-force a short secret.
The key comes from ``JUPYTER_SECRETS_FINGERPRINT_KEY`` (hex; share it with CI so that a committed
baseline matches there) or from a key file created on first use, readable by its owner only.
"""
from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from jupyter_core.paths import jupyter_data_dir

from .key_files import MIN_KEY_BYTES, KeyFileError, load_or_create_key

ENV_VAR = "JUPYTER_SECRETS_FINGERPRINT_KEY"


class FingerprintKeyError(Exception):
    """The key is malformed or its file cannot be read or created. Never holds the key."""


def key_file_path() -> Path:
    return Path(jupyter_data_dir()) / "jupyter_secrets" / "fingerprint.key"


def load_fingerprint_key() -> bytes:
    """Return the fingerprint key: from the environment, else from (or into) the key file."""
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return _decode(from_env, f"the {ENV_VAR} environment variable")
    try:
        return load_or_create_key(str(key_file_path()))
    except KeyFileError as e:
        raise FingerprintKeyError(f"fingerprint key: {e}") from None


def key_check(key: bytes) -> str:
    """A short public value that tells whether two keys are the same, without revealing either."""
    return hmac.new(key, b"jupyter-secrets key check", hashlib.sha256).hexdigest()[:16]


def _decode(text: str, origin: str) -> bytes:
    try:
        key = bytes.fromhex(text)
    except ValueError:
        raise FingerprintKeyError(f"{origin} must hold a hex string (e.g. from `openssl rand -hex 32`)") from None
    if len(key) < MIN_KEY_BYTES:
        raise FingerprintKeyError(f"{origin} holds {len(key)} bytes; use at least {MIN_KEY_BYTES}")
    return key

