"""Fresh keys of documented formats, made at random for each test run: tests of the model
guard need keys the detector recognises and values it does not, none of them ever real."""
from __future__ import annotations

import binascii
import secrets
import string

_ALNUM = string.ascii_letters + string.digits
_BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def _random(size: int, alphabet: str = _ALNUM) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(size))


def openai_project_key() -> str:
    """``sk-proj-`` and a random body, as OpenAI issues project keys."""
    return "sk-proj-" + _random(64, _ALNUM + "_-")


def github_classic_token() -> str:
    """``ghp_``, 30 random characters and their CRC32 in 6 base62 digits, as GitHub writes
    classic personal access tokens."""
    body = _random(30)
    crc, digits = binascii.crc32(body.encode("ascii")), []
    for _ in range(6):
        crc, digit = divmod(crc, 62)
        digits.append(_BASE62[digit])
    return "ghp_" + body + "".join(reversed(digits))


def opaque_value(size: int = 32) -> str:
    """A value no rule recognises (no prefix, no keyword): only fingerprints find it."""
    return _random(size)
