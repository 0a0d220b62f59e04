"""Checks that a private key block is what its armour says: a body that decodes, a footer
that closes the header it opened, and binary content of the declared kind."""
from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Optional

_ARMOUR = re.compile(r"-{4,5} ?(BEGIN|END) ([A-Z0-9 ]+?) ?-{4,5}")
#: ``"...\n" + "..."`` concatenations and escaped line breaks of a key pasted into code.
_JOINS = re.compile(r"""["']\s*\+?\s*["']|\\[nrt]""")
#: Armour headers (``Proc-Type: 4,ENCRYPTED``, ``Comment: ...``) and PGP's CRC line.
_HEADER_LINE = re.compile(r"^[\w-]+:.*$|^=[A-Za-z0-9+/]{4}$", re.M)
_OPENSSH_MAGIC = b"openssh-key-v1\0"
_SSH2_MAGIC = b"\x3f\x6f\xf9\xeb"
#: Fewest bytes a private key of any kind decodes to (an Ed25519 PKCS #8 key is 48).
_MIN_KEY_BYTES = 32


def _body(block: str) -> Optional[bytes]:
    text = _JOINS.sub("\n", block)
    found = list(_ARMOUR.finditer(text))
    if len(found) < 2:
        return None
    inner = text[found[0].end():found[-1].start()]
    inner = _HEADER_LINE.sub("", inner.replace("\r", ""))
    inner = re.sub(r"""[\s"'\\]""", "", inner)
    try:
        return base64.b64decode(inner, validate=True)
    except (binascii.Error, ValueError):
        return None


def _labels(block: str):
    found = _ARMOUR.findall(block)
    return (found[0], found[-1]) if len(found) >= 2 else (None, None)


def _der_sequence(raw: bytes) -> bool:
    return raw[:1] == b"\x30"


def is_armoured_key(block: str) -> bool:
    """The footer closes the header's label and the body decodes to a key of that kind."""
    (begin, label), (end, closing) = _labels(block)
    if begin != "BEGIN" or end != "END" or label != closing:
        return False
    raw = _body(block)
    if raw is None or len(raw) < _MIN_KEY_BYTES:
        return False
    if label == "OPENSSH PRIVATE KEY":
        return raw.startswith(_OPENSSH_MAGIC)
    if label == "SSH2 ENCRYPTED PRIVATE KEY":
        return raw.startswith(_SSH2_MAGIC)
    if label.startswith("PGP "):
        return bool(raw[0] & 0x80)  # an OpenPGP packet tag
    if "Proc-Type: 4,ENCRYPTED" in block:
        return True  # legacy encrypted PEM: the body is ciphertext, not DER
    return _der_sequence(raw)


_OPENVPN_HEX = re.compile(r"-----BEGIN OpenVPN Static key V1-----([0-9a-fA-F\s\\n]+)-----END")


def is_openvpn_static_key(block: str) -> bool:
    """An OpenVPN static key is 2048 bits written as hex lines."""
    found = _OPENVPN_HEX.search(_JOINS.sub("\n", block))
    if not found:
        return False
    digits = re.sub(r"[^0-9a-fA-F]", "", found.group(1).replace("\\n", ""))
    return len(digits) == 512


def _b64url_bytes(value) -> int:
    if not isinstance(value, str):
        return 0
    try:
        return len(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
    except (binascii.Error, ValueError):
        return 0


def is_private_jwk(text: str) -> bool:
    """A JSON Web Key holding private members: ``d`` (RSA, EC, OKP) or ``k`` (symmetric)."""
    try:
        key = json.loads(text.replace('\\"', '"'))
    except ValueError:
        return False
    if not isinstance(key, dict):
        return False
    kty = key.get("kty")
    if kty in ("RSA", "EC", "OKP"):
        return _b64url_bytes(key.get("d")) >= 16
    return kty == "oct" and _b64url_bytes(key.get("k")) >= 16
