"""Fake credentials with the right shape, made at test time from a seeded generator.

Nothing here is a live key: every value is random, so no real token sits in the sources.
"""

from __future__ import annotations

import base64
import random
import string

LOWER = string.ascii_lowercase
UPPER = string.ascii_uppercase
DIGITS = string.digits
ALNUM = string.ascii_letters + DIGITS
HEX = "0123456789abcdef"
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"


class Fakes:
    def __init__(self, seed: str):
        self.rng = random.Random(seed)

    def chars(self, alphabet: str, n: int) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    def alnum(self, n: int) -> str:
        return self.chars(ALNUM, n)

    def hex(self, n: int) -> str:
        return self.chars(HEX, n)

    def upper(self, n: int) -> str:
        return self.chars(UPPER + DIGITS, n)

    def lower(self, n: int) -> str:
        return self.chars(LOWER + DIGITS, n)

    def b64(self, n: int) -> str:
        return self.chars(B64, n)

    def b64url(self, n: int) -> str:
        return self.chars(B64URL, n)

    def digits(self, n: int) -> str:
        return self.chars(DIGITS, n)

    def uuid(self) -> str:
        h = self.hex
        return f"{h(8)}-{h(4)}-4{h(3)}-a{h(3)}-{h(12)}"

    def password(self, n: int = 14) -> str:
        return self.chars(ALNUM + "!#%*+-.:=?@^_~", n)

    def url_password(self, n: int = 16) -> str:
        """A password as it may appear in a URL's userinfo without percent-encoding."""
        return self.chars(ALNUM + "-._~!*", n)

    def b64_of(self, raw: bytes, urlsafe: bool = False) -> str:
        encode = base64.urlsafe_b64encode if urlsafe else base64.b64encode
        return encode(raw).decode()
