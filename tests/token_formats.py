"""Test tokens of the formats that carry a checksum, built from their documented layout.

GitHub's tokens (``ghp_``, ``gho_``, ``ghu_``, ``ghs_``, ``ghr_``) and npm's (``npm_``) are a
prefix, 30 random base62 characters and the CRC32 of those 30 as 6 base62 digits. The engine
refuses a value whose checksum is wrong, so every test that needs such a token makes it here.
Written apart from the engine's own validator, so that a bug there is not copied here.
"""

from __future__ import annotations

import secrets
import string
import zlib
from typing import Optional

ALPHANUMERIC = string.ascii_letters + string.digits
#: Base62 digits in the order the formats use: 0-9, A-Z, a-z.
BASE62_DIGITS = string.digits + string.ascii_uppercase + string.ascii_lowercase
RANDOM_LENGTH = 30


def base62(number: int, width: int = 6) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, 62)
        digits = BASE62_DIGITS[rest] + digits
    return digits.rjust(width, "0")


def crc32_token(prefix: str, body: Optional[str] = None) -> str:
    """``prefix`` + 30 random letters and digits (or ``body``) + their CRC32 in base62."""
    if body is None:
        body = "".join(secrets.choice(ALPHANUMERIC) for _ in range(RANDOM_LENGTH))
    if len(body) != RANDOM_LENGTH or any(c not in ALPHANUMERIC for c in body):
        raise ValueError("the random part is 30 letters or digits")
    return prefix + body + base62(zlib.crc32(body.encode("ascii")))


def github_token(prefix: str = "gh" + "p_", body: Optional[str] = None) -> str:
    """A GitHub token (personal access token unless another prefix is given)."""
    return crc32_token(prefix, body)


def npm_token(body: Optional[str] = None) -> str:
    """An npm access token."""
    return crc32_token("np" + "m_", body)


def with_bad_checksum(token: str) -> str:
    """The same token with its last checksum digit changed: a value no issuer made."""
    last = token[-1]
    return token[:-1] + ("A" if last != "A" else "B")
