"""Private keys: PEM blocks, OpenSSH, PGP, PuTTY, SSH2, JWK, age, minisign and WireGuard keys.

The secret is the whole block, header to footer. A block may sit in a file with real line
breaks or inside a JSON or Python string with ``\\n`` escapes, so both count as line breaks.
The body is matched lazily up to the first footer, so two keys in one text are two findings;
the alphabet stops the match at code, so a lone header never swallows the rest of a file.
Armour is checked (``key_material``): the footer closes the header's label and the body
decodes to a key of that kind, so a block of made-up base64 under a real header is no key.
"""
from __future__ import annotations

import re

from ..rule import Rule
from .key_material import is_armoured_key, is_openvpn_static_key, is_private_jwk
from .patterns import context
from .validators import not_documented_example, not_elided

FAMILY = "keys"
#: Base64, blanks, escaped line breaks, string quotes and concatenation, armor headers
#: (``Proc-Type: 4,ENCRYPTED``, ``DEK-Info: AES-128-CBC,<hex>``). No dot: a body shortened
#: with ``...`` in documentation is not a key.
_PEM_BODY = r"""[A-Za-z0-9+/=\s\\:,"'-]"""
#: PGP armor headers may also carry a comment with a name and an address.
_PGP_BODY = r"""[A-Za-z0-9+/=\s\\:,"'.()<>@_-]"""
#: A PuTTY key file: ``Name: value`` lines and base64 lines.
_PPK_BODY = r"[A-Za-z0-9+/=\s\\:.,@_-]"


def _block(rule_id: str, description: str, label: str, begin: str = "-----BEGIN ",
           end: str = "-----", body: str = _PEM_BODY, min_body: int = 64,
           min_entropy: float = 4.5, check=is_armoured_key) -> Rule:
    header = f"{begin}{label}{end}"
    footer = f"{begin.replace('BEGIN', 'END')}{label}{end}"
    pattern = (f"(?P<secret>{re.escape(header)}{body}{{{min_body}}}{body}*?"
               f"{re.escape(footer)})")
    return Rule(id=rule_id, description=description, pattern=pattern, family=FAMILY,
                keywords=(header.strip("- ").lower(),), prefix=header, min_entropy=min_entropy,
                validators=(not_elided, not_documented_example, check))


RULES = (
    _block("private-key-pem", "Private key (PKCS #8 PEM)", "PRIVATE KEY"),
    _block("rsa-private-key", "RSA private key (PKCS #1 PEM)", "RSA PRIVATE KEY"),
    _block("ec-private-key", "EC private key (PEM)", "EC PRIVATE KEY", min_body=40),
    _block("dsa-private-key", "DSA private key (PEM)", "DSA PRIVATE KEY"),
    _block("encrypted-private-key", "Encrypted private key (PKCS #8 PEM)",
           "ENCRYPTED PRIVATE KEY"),
    _block("openssh-private-key", "OpenSSH private key", "OPENSSH PRIVATE KEY"),
    _block("pgp-private-key-block", "PGP private key block", "PGP PRIVATE KEY BLOCK",
           body=_PGP_BODY),
    _block("ssh2-private-key", "SSH2 (SECSH) encrypted private key",
           "SSH2 ENCRYPTED PRIVATE KEY", begin="---- BEGIN ", end=" ----"),
    _block("openvpn-static-key", "OpenVPN static key (hex)", "OpenVPN Static key V1",
           min_entropy=3.5, check=is_openvpn_static_key),
    # Other labels (``ED25519 PRIVATE KEY``, ``ANY PRIVATE KEY``); a footer that does not close
    # the header's label is refused by the armour check.
    Rule(id="private-key-block", family=FAMILY, description="Private key block (PEM, any label)",
         pattern=(rf"(?P<secret>-----BEGIN [A-Z0-9]{{1,20}}(?: [A-Z0-9]{{1,20}}){{0,3}} "
                  rf"PRIVATE KEY(?: BLOCK)?-----{_PEM_BODY}{{64}}{_PEM_BODY}*?"
                  rf"-----END [A-Z0-9 ]{{1,80}}PRIVATE KEY(?: BLOCK)?-----)"),
         keywords=("private key",), prefix="-----BEGIN ", min_entropy=4.5,
         validators=(not_elided, not_documented_example, is_armoured_key)),
    Rule(id="jwk-private-key", family=FAMILY,
         description="JSON Web Key with private members (d, or k of a symmetric key)",
         pattern=(r'(?P<secret>\{[^{}]*?\\?"kty\\?"\s*:\s*\\?"(?:RSA|EC|OKP|oct)\\?"'
                  r'[^{}]*\})'),
         keywords=('"kty',), validators=(is_private_jwk,)),
    Rule(id="minisign-secret-key", family=FAMILY, description="minisign secret key file",
         pattern=(r"untrusted comment:[^\n]{0,120}secret key\r?\n"
                  r"(?P<secret>RW[A-Za-z0-9+/]{200,220}={0,2})"),
         keywords=("untrusted comment:",), min_entropy=4.5),
    Rule(id="putty-private-key", family=FAMILY, description="PuTTY private key file (.ppk)",
         pattern=(r"\b(?P<secret>PuTTY-User-Key-File-[23]: [A-Za-z0-9-]{3,40}(?:\r?\n|(?:\\r)?\\n)"
                  rf"{_PPK_BODY}{{64}}{_PPK_BODY}*?Private-MAC: [a-f0-9]{{40,64}})"),
         keywords=("putty-user-key-file-",), prefix="PuTTY-User-Key-File-", min_entropy=4.5),
    Rule(id="age-secret-key", family=FAMILY, description="age encryption secret key",
         pattern=r"\b(?P<secret>AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\b",
         keywords=("age-secret-key-1",), prefix="AGE-SECRET-KEY-1", min_entropy=4.0),
    context("wireguard-private-key", "WireGuard private key", ("privatekey",),
            "[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=", extra="+/=", family=FAMILY,
            min_entropy=4.0),
)
