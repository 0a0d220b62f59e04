"""Finds text hidden in base64, percent-encoding or hex, so the rules can look inside it.

Only short-to-medium tokens that decode to printable text are kept: image payloads and
hashes decode to binary and are dropped without further work.
"""
from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from typing import Collection, Iterator
from urllib.parse import unquote

import re2

#: Longer tokens are data (images, archives), not credentials.
MAX_TOKEN = 16 * 1024
MIN_DECODED = 12
_PRINTABLE_SHARE = 0.95

_MIN_BASE64 = 20


def _base64_run_pattern() -> bytes:
    """Whole runs of at least _MIN_BASE64 base64 characters holding an uppercase letter.

    Encoded text nearly always has one, while the hex digests and snake_case names that fill
    notebooks have none: RE2 skips them without a Python call. One branch per position of the
    first uppercase letter keeps the length condition inside the automaton.
    """
    low, any_ = "[a-z0-9+/_-]", "[A-Za-z0-9+/_-]"
    last = _MIN_BASE64 - 1
    branches = [f"{low}{{{p}}}[A-Z]{any_}{{{last - p},}}" for p in range(last)]
    branches.append(f"{low}{{{last},}}[A-Z]{any_}*")
    return ("(?:" + "|".join(branches) + ")={0,2}").encode()


_BASE64_RUN = re2.compile(_base64_run_pattern())
# Hex of printable ASCII: every byte's high nibble is 2..7, which random digests rarely keep up.
_HEX_RUN = re2.compile(rb"\b(?:[2-7][0-9A-Fa-f]){12,}\b")
_DIGITS = b"0123456789"
#: A percent-encoded token: the whole run of non-delimiters (RE2's \s, quotes, angle brackets,
#: backquotes) around a ``%XX``. Found from the ``%`` (``re`` scans for a literal in C) out to
#: the run's ends: a pattern that starts with the run's class reads every byte in the automaton.
_PERCENT = re.compile(rb"%[0-9A-Fa-f]{2}")
_DELIMITER_BYTES = b"\t\n\f\r \"'<>`"
_DELIMITER_CLASS = re.escape(_DELIMITER_BYTES)
#: Up to the last delimiter before a ``%XX`` (read back from it, in C); from this far on, each
#: delimiter is looked for by ``rfind`` (memrchr) instead, which long runs read faster.
_RUN_HEAD = re.compile(rb".*[" + _DELIMITER_CLASS + rb"]", re.DOTALL)
_HEAD_BY_FIND = 4096
_DELIMITERS = tuple(bytes([byte]) for byte in _DELIMITER_BYTES)
_RUN_TAIL = re.compile(rb"[^" + _DELIMITER_CLASS + rb"]*")
_DATA_URI_TAIL = re2.compile(rb"(?i)data:[a-z0-9.+/-]+;base64,$")


@dataclass(frozen=True)
class DecodedToken:
    start: int  # byte offsets of the encoded token in the scanned bytes
    end: int
    text: str  # what it decodes to
    encoding: str  # "base64", "url" or "hex"


def _printable(text: str) -> bool:
    if len(text) < MIN_DECODED:
        return False
    if text.isprintable() or text.replace("\n", "").replace("\r", "").replace("\t", "").isprintable():
        return True  # the usual case, at C speed
    good = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t")
    return good >= _PRINTABLE_SHARE * len(text)


def _as_text(raw: bytes) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if _printable(text) else None


def _looks_random(token: bytes) -> bool:
    # Encoded text mixes cases and digits; long identifiers and words do not.
    if token.endswith(b"="):
        return True
    return token.lower() != token and token.upper() != token and not token.translate(None, _DIGITS) == token


def _decode_base64(token: bytes) -> str | None:
    body = token.rstrip(b"=")
    padded = body + b"=" * (-len(body) % 4)
    altchars = b"-_" if (b"-" in body or b"_" in body) else None
    if altchars and (b"+" in body or b"/" in body):
        return None
    try:
        raw = base64.b64decode(padded, altchars=altchars, validate=True)
    except (binascii.Error, ValueError):
        return None
    return _as_text(raw)


def _base64_tokens(data: bytes) -> Iterator[DecodedToken]:
    for match in _BASE64_RUN.finditer(data):
        token = match.group()
        start, end = match.span()
        if len(token) > MAX_TOKEN or not _looks_random(token):
            continue
        if _DATA_URI_TAIL.search(data[max(0, start - 64):start]):
            continue  # an inline image or file, not a credential
        text = _decode_base64(token)
        if text is not None:
            yield DecodedToken(start, end, text, "base64")


def _hex_tokens(data: bytes) -> Iterator[DecodedToken]:
    for match in _HEX_RUN.finditer(data):
        token = match.group()
        if len(token) % 2 or len(token) > MAX_TOKEN:
            continue
        text = _as_text(binascii.unhexlify(token))
        if text is not None:
            yield DecodedToken(match.start(), match.end(), text, "hex")


def _percent_runs(data: bytes) -> Iterator[tuple]:
    """(start, end) of each run of non-delimiters holding a ``%XX``, left to right."""
    position = 0
    while True:
        found = _PERCENT.search(data, position)
        if found is None:
            return
        at = found.start()
        if at - position < _HEAD_BY_FIND:
            head = _RUN_HEAD.match(data, position, at)
            start = position if head is None else head.end()
        else:
            start = max(position, max(data.rfind(d, position, at) for d in _DELIMITERS) + 1)
        end = _RUN_TAIL.match(data, at).end()
        yield start, end
        position = end


def _percent_tokens(data: bytes) -> Iterator[DecodedToken]:
    for start, end in _percent_runs(data):
        token = data[start:end]
        if len(token) > MAX_TOKEN:
            continue
        text = unquote(token.decode("utf-8", "replace"), errors="replace")
        if text != token.decode("utf-8", "replace") and len(text) >= MIN_DECODED:
            yield DecodedToken(start, end, text, "url")


def decoded_tokens(data: bytes, encodings: Collection[str] = ("base64", "hex", "url")) -> Iterator[DecodedToken]:
    """Every encoded token in ``data`` that decodes to printable text, for the given encodings."""
    if "base64" in encodings:
        yield from _base64_tokens(data)
    if "url" in encodings and b"%" in data:
        yield from _percent_tokens(data)
    if "hex" in encodings:
        yield from _hex_tokens(data)
