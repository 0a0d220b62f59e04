"""Findings: where a secret was seen, never what it was."""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import asdict, dataclass
from typing import Optional

#: The places a finding can be, as named in the JSON contract (DESIGN.md). "other" is any
#: string of a notebook outside nbformat's known places (an unknown field, a cell id, a custom
#: mimetype); its finding carries ``json_path``.
WHERES = ("source", "outputs", "metadata", "attachments", "text", "other")


@dataclass(frozen=True)
class Finding:
    """One detected secret. Carries a keyed fingerprint and a masked preview, never the value."""

    path: str
    cell: Optional[int]  # 0-based cell index; None for a plain text file
    where: str  # one of WHERES
    output: Optional[int]  # 0-based output index when where == "outputs"
    line: int  # 1-based, within the source, output text or file
    column: int  # 1-based
    rule: str
    fingerprint: str
    preview: str
    #: JSON pointer of the value, for ``where == "other"`` only. A field name that could hold
    #: the secret itself is shown as ``*``.
    json_path: Optional[str] = None

    def to_dict(self) -> dict:
        found = asdict(self)
        if found["json_path"] is None:  # the contract's fields, unchanged for known places
            del found["json_path"]
        return found


class Fingerprinter:
    """Keyed (HMAC-SHA256) fingerprints: stable per installation, useless for brute force."""

    def __init__(self, key: bytes):
        if not key:
            raise ValueError("a fingerprint key must not be empty")
        self._key = key

    def __call__(self, secret: str) -> str:
        return hmac.new(self._key, secret.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()[:32]

    def __repr__(self) -> str:  # never show the key
        return "Fingerprinter(<key>)"
