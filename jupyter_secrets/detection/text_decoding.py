"""Text by its content: UTF-8 (with or without a BOM, with stray NULs) and UTF-16/32 (with or
without a BOM) are text; what decodes as none of them is binary.

A NUL byte says nothing on its own: UTF-16 text is full of them, and one NUL in front of a key
must not make a file "binary" and so unscanned.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass
from typing import Optional

#: Longest BOM first: UTF-32-LE's starts like UTF-16-LE's.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
#: Bytes looked at to tell UTF-16/32 from UTF-8 by where the zero bytes fall.
_SAMPLE = 64 * 1024
#: Share of control characters and undecodable bytes (NULs aside) past which data is binary.
_MAX_JUNK = 0.10
_CONTROLS = bytes(c for c in range(32) if c not in b"\t\n\r\f\v\b\x1b") + b"\x7f"


@dataclass(frozen=True)
class DecodedText:
    """A file's text and how to write a changed text back in the file's own encoding."""

    text: str
    encoding: str  # a Python codec name: "utf-8", "utf-16-le", ...
    bom: bytes = b""
    #: Set when undecodable bytes were replaced (U+FFFD): writing back would change them.
    problem: Optional[str] = None

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.encoding, "surrogatepass")


def decode_text(data: bytes) -> Optional[str]:
    """The text in ``data``, or None when ``data`` is binary."""
    decoded = detect_text(data)
    return None if decoded is None else decoded.text


def detect_text(data: bytes) -> Optional[DecodedText]:
    """``data`` read as text, with its encoding; None for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(data[len(bom):].decode(encoding), encoding, bom)
            except UnicodeDecodeError:
                break  # a BOM in front of something else: judge the bytes as they are
    if b"\0" not in data:
        try:
            return DecodedText(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError as e:
            return _lenient_utf8(data, e)
    wide = _wide_encoding(data[:_SAMPLE])
    if wide is not None:
        try:
            return DecodedText(data.decode(wide), wide)
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return _lenient_utf8(data, e)
    return DecodedText(text, "utf-8") if not _mostly_junk(data, 0) else None


def _wide_encoding(sample: bytes) -> Optional[str]:
    """UTF-16 or UTF-32 without a BOM, told by where the zero bytes of mostly-Latin text fall."""
    n = len(sample) - len(sample) % 4
    if n < 8:
        return None
    quarter = n / 4
    zeros = [sample[k:n:4].count(0) / quarter for k in range(4)]
    if zeros[2] > 0.9 and zeros[3] > 0.9 and zeros[0] < 0.1:
        return "utf-32-le"
    if zeros[0] > 0.9 and zeros[1] > 0.9 and zeros[3] < 0.1:
        return "utf-32-be"
    even, odd = (zeros[0] + zeros[2]) / 2, (zeros[1] + zeros[3]) / 2
    if odd > 0.6 and even < 0.1:
        return "utf-16-le"
    if even > 0.6 and odd < 0.1:
        return "utf-16-be"
    return None


def _mostly_junk(data: bytes, undecodable: int) -> bool:
    significant = len(data) - data.count(0)
    if significant <= 0:
        return False
    controls = significant - len(data.translate(None, _CONTROLS + b"\0"))
    return (controls + undecodable) > _MAX_JUNK * significant


def _lenient_utf8(data: bytes, error: UnicodeDecodeError) -> Optional[DecodedText]:
    """Mostly UTF-8 with a few bad bytes (Latin-1 in a comment): text, replaced and reported.
    Mostly bad bytes: binary."""
    text = data.decode("utf-8", "replace")
    if _mostly_junk(data, text.count("\ufffd")):
        return None
    return DecodedText(text, "utf-8",
                       problem=f"not valid UTF-8 at byte {error.start}: scanned with invalid bytes replaced")
