"""Predicates rules put on a candidate secret, beyond what a regular expression can say."""
from __future__ import annotations

import base64
import binascii
import json

from ..filters import passes_generic_filters

#: The project's redaction markers (``REDACTED_RULE_ID``, ``[REDACTED:rule-id]``) hold this.
MARKER_WORD = "redacted"


def _b64decode(text: str, urlsafe: bool = False) -> bytes:
    padded = text + "=" * (-len(text) % 4)
    if urlsafe:
        return base64.urlsafe_b64decode(padded)
    return base64.b64decode(padded, validate=True)


def not_redacted(secret: str) -> bool:
    """A value holding a redaction marker was already cleaned; it is never a finding."""
    return MARKER_WORD not in secret.lower()


def not_documented_example(secret: str) -> bool:
    """Providers' documentation keys (``AKIAIOSFODNN7EXAMPLE``) are public on purpose. Upper
    case only: a real key's armor may name someone at example.org."""
    return "EXAMPLE" not in secret


def not_elided(secret: str) -> bool:
    """Documentation shortens keys with an ellipsis; a real key block never has one."""
    return "..." not in secret and "…" not in secret


def is_basic_credentials(secret: str) -> bool:
    """Base64 of ``user:password`` whose password is not a placeholder."""
    try:
        decoded = _b64decode(secret).decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return False
    user, colon, password = decoded.partition(":")
    return bool(colon and user) and passes_generic_filters(password)


def is_jwt(secret: str) -> bool:
    """The first segment of a JWT is base64url JSON naming its algorithm."""
    head = secret.split(".", 1)[0]
    try:
        header = json.loads(_b64decode(head, urlsafe=True))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return False
    return isinstance(header, dict) and "alg" in header


def is_neptune_token(secret: str) -> bool:
    """A Neptune API token is base64 JSON naming the API address and holding the key."""
    try:
        payload = json.loads(_b64decode(secret))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return False
    return isinstance(payload, dict) and "api_key" in payload
