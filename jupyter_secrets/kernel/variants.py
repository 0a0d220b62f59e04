"""The forms in which a secret value commonly shows up in output.

Modelled on the GitHub Actions runner's secret masker: besides the value itself, its base64 form
at each of the three byte alignments it can have inside a longer base64 text, URL encoding,
JSON and Python escaping, XML/HTML escaping and hex.
"""
from __future__ import annotations

import base64
import binascii
import html
import json
from typing import List
from urllib.parse import quote, quote_plus


def base64_forms(value: str) -> List[str]:
    """Base64 of the value at offsets 0, 1 and 2, trimmed to the characters that depend on the
    value's bytes alone, so each appears in the base64 of any text that holds the value."""
    data = value.encode("utf-8")
    forms = []
    for shift in range(3):
        # the value starts on a 3-byte boundary once its first `shift` bytes are skipped
        chunk = data[shift:]
        if not chunk:
            continue
        encoded = base64.b64encode(chunk).decode("ascii").rstrip("=")
        if len(chunk) % 3:
            # the last character also carries bits of whatever byte follows the value
            encoded = encoded[:-1]
        forms.append(encoded)
        urlsafe = encoded.replace("+", "-").replace("/", "_")
        if urlsafe != encoded:
            forms.append(urlsafe)
    return forms


def escaped_forms(value: str) -> List[str]:
    """URL, JSON, Python-repr and XML escapes of the value."""
    return [
        quote(value, safe=""),
        quote_plus(value, safe=""),
        quote(value, safe="/:"),
        json.dumps(value)[1:-1],
        json.dumps(value, ensure_ascii=False)[1:-1],
        repr(value)[1:-1],
        value.encode("unicode_escape").decode("ascii"),
        html.escape(value, quote=True),
        html.escape(value, quote=False),
    ]


def hex_forms(value: str) -> List[str]:
    encoded = binascii.hexlify(value.encode("utf-8")).decode("ascii")
    return [encoded, encoded.upper()]


def variants(value: str, min_length: int = 1) -> List[str]:
    """The value and its encodings, each once, longest first; forms shorter than `min_length`
    are left out (a short base64 fragment would match unrelated output)."""
    forms = [value, *escaped_forms(value), *base64_forms(value), *hex_forms(value)]
    unique = {form for form in forms if len(form) >= min_length}
    return sorted(unique, key=lambda form: (-len(form), form))
