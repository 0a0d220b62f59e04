"""The per-installation key behind keyed fingerprints.

Fingerprints are HMACs, so a baseline or a finding never lets anyone brute-force a short secret.
The key comes from ``JUPYTER_SECRETS_FINGERPRINT_KEY`` (hex; share it with CI so that a committed
baseline matches there) or from a key file created on first use, readable by its owner only.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import tempfile
from pathlib import Path

from jupyter_core.paths import jupyter_data_dir

ENV_VAR = "JUPYTER_SECRETS_FINGERPRINT_KEY"
KEY_BYTES = 32
MIN_KEY_BYTES = 16


class FingerprintKeyError(Exception):
    """The key is malformed or its file cannot be read or created. Never holds the key."""


def key_file_path() -> Path:
    return Path(jupyter_data_dir()) / "jupyter_secrets" / "fingerprint.key"


def load_fingerprint_key() -> bytes:
    """Return the fingerprint key: from the environment, else from (or into) the key file."""
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return _decode(from_env, f"the {ENV_VAR} environment variable")
    path = key_file_path()
    try:
        return _read_key_file(path)
    except FileNotFoundError:
        pass
    try:
        _create_key_file(path)
        return _read_key_file(path)
    except OSError as e:
        raise FingerprintKeyError(f"cannot create the fingerprint key file {path}: {e.strerror}") from None


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


def _read_key_file(path: Path) -> bytes:
    try:
        text = path.read_text("ascii")
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError) as e:
        reason = getattr(e, "strerror", None) or "not a hex text file"
        raise FingerprintKeyError(f"cannot read the fingerprint key file {path}: {reason}") from None
    return _decode(text.strip(), f"the fingerprint key file {path}")


def _create_key_file(path: Path) -> None:
    """Write a fresh key so that concurrent first uses agree on one key (link never overwrites)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".fingerprint.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(secrets.token_hex(KEY_BYTES) + "\n")
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process won the race; its key is the one
    finally:
        os.unlink(tmp)
