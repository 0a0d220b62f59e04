"""Predicates rules put on a candidate secret, beyond what a regular expression can say."""
from __future__ import annotations

import base64
import binascii
import hashlib
import json

from ..filters import passes_generic_filters, shannon_entropy

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


#: Runs that documentation writes by hand and a random key all but never holds.
_SEQUENCES = ("abcdefgh", "bcdefghi", "12345678", "23456789", "qwertyui", "asdfghjk",
              "zyxwvuts", "98765432")
_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def not_typed_sequence(secret: str) -> bool:
    """``AIzaSyabcdefghijklmnopqrstuvwxyz1234567``: a value typed for a page, not generated."""
    lowered = secret.lower()
    return not any(run in lowered for run in _SEQUENCES)


#: What every provider token passes besides its pattern: not a documentation example, not
#: a typed sequence. Shared by the provider modules.
PROVIDER_CHECKS = (not_documented_example, not_typed_sequence)


def _base62(number: int, width: int) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, 62)
        digits = _BASE62[rest] + digits
    return digits.rjust(width, "0")


def has_crc32_suffix(secret: str, prefix_length: int, random_length: int = 30) -> bool:
    """GitHub's and npm's token format: ``<prefix><30 random><6 base62 of their CRC32>``."""
    body = secret[prefix_length:]
    if len(body) != random_length + 6:
        return False
    random, check = body[:random_length], body[random_length:]
    return _base62(binascii.crc32(random.encode("ascii", "replace")), 6) == check


def checksum_or_random(prefix_length: int, min_entropy: float, random_length: int = 30):
    """GitHub's and npm's tokens of the documented length (``random_length`` + 6) always carry
    a valid CRC32: at that length the checksum decides, whatever the entropy, and a value whose
    suffix does not check is no token (a made-up or mistyped value). The generic rules leave it
    too, since the prefix is owned (``near_miss``). Other lengths (GitHub's longer refresh
    tokens, lengths GitHub may add) have no documented checksum: they must look random."""
    def check(secret: str) -> bool:
        body_length = len(secret) - prefix_length
        if body_length == random_length + 6:
            return has_crc32_suffix(secret, prefix_length, random_length)
        if has_crc32_suffix(secret, prefix_length, body_length - 6):
            return True
        return (shannon_entropy(secret) >= min_entropy and not_documented_example(secret)
                and not_typed_sequence(secret))
    check.__name__ = f"checksum_or_random_{prefix_length}"
    return check


def has_mixed_case(secret: str) -> bool:
    """Keys drawn from both cases hold both; hex digests and lower-case names do not."""
    return any(c.isupper() for c in secret) and any(c.islower() for c in secret)


def has_upper_lower_digit(secret: str) -> bool:
    """A 40-character random key over letters and digits holds all three kinds (it misses one
    about once in a thousand); SHAs, words and identifiers of that length do not."""
    return has_mixed_case(secret) and any(c.isdigit() for c in secret)


def mixed_case_after(prefix_length: int):
    """``has_mixed_case`` on what follows a fixed prefix (whose own case proves nothing)."""
    def check(secret: str) -> bool:
        return has_mixed_case(secret[prefix_length:])
    check.__name__ = f"mixed_case_after_{prefix_length}"
    return check


_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def is_base58check_private_key(secret: str) -> bool:
    """A Bitcoin WIF key: base58 of 0x80, 32 key bytes (and 0x01 when compressed), then the
    first 4 bytes of its double SHA-256. The checksum tells a key from any base58 run."""
    number = 0
    for char in secret:
        index = _BASE58.find(char)
        if index < 0:
            return False
        number = number * 58 + index
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    payload, check = raw[:-4], raw[-4:]
    if len(payload) not in (33, 34) or payload[0] != 0x80:
        return False
    return hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] == check
