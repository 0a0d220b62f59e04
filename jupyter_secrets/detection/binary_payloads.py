"""Whether a binary mimetype's value really is that kind of file.

Notebooks keep images, PDFs and media as base64 text. Those payloads are skipped by the scan,
but only when they decode to what their mimetype says (a PNG header for image/png, ...):
anything else under a binary mimetype (plain text, base64 of a key) is scanned as text.
"""
from __future__ import annotations

import binascii
from typing import Any, Callable, Dict, Optional

from .byte_classes import ByteClass

#: How many base64 characters hold the bytes the signatures need.
_HEAD_CHARS = 24


def _starts(*magics: bytes) -> Callable[[bytes], bool]:
    return lambda head: head.startswith(magics)


def _riff(kind: bytes) -> Callable[[bytes], bool]:
    return lambda head: head[:4] == b"RIFF" and head[8:12] == kind


def _iso_media(head: bytes) -> bool:  # MP4, MOV, AVIF, HEIC: a box named "ftyp" first
    return head[4:8] == b"ftyp"


_MPEG_AUDIO = _starts(b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2", b"\xff\xf1", b"\xff\xf9")
_EBML = _starts(b"\x1a\x45\xdf\xa3")  # WebM, Matroska

SIGNATURES: Dict[str, Callable[[bytes], bool]] = {
    "image/png": _starts(b"\x89PNG\r\n\x1a\n"),
    "image/apng": _starts(b"\x89PNG\r\n\x1a\n"),
    "image/jpeg": _starts(b"\xff\xd8\xff"),
    "image/jpg": _starts(b"\xff\xd8\xff"),
    "image/gif": _starts(b"GIF87a", b"GIF89a"),
    "image/webp": _riff(b"WEBP"),
    "image/bmp": _starts(b"BM"),
    "image/tiff": _starts(b"II*\0", b"MM\0*"),
    "image/x-icon": _starts(b"\0\0\1\0"),
    "image/vnd.microsoft.icon": _starts(b"\0\0\1\0"),
    "image/avif": _iso_media,
    "image/heic": _iso_media,
    "application/pdf": _starts(b"%PDF-"),
    "application/zip": _starts(b"PK\x03\x04"),
    "application/gzip": _starts(b"\x1f\x8b"),
    "audio/wav": _riff(b"WAVE"),
    "audio/x-wav": _riff(b"WAVE"),
    "audio/wave": _riff(b"WAVE"),
    "audio/mpeg": _MPEG_AUDIO,
    "audio/mp3": _MPEG_AUDIO,
    "audio/ogg": _starts(b"OggS"),
    "audio/flac": _starts(b"fLaC"),
    "audio/webm": _EBML,
    "audio/mp4": _iso_media,
    "video/mp4": _iso_media,
    "video/quicktime": _iso_media,
    "video/webm": _EBML,
    "video/ogg": _starts(b"OggS"),
}
#: Families whose members nbformat stores as base64 although they have no entry above.
_BINARY_FAMILIES = ("image/", "audio/", "video/", "font/")
_OTHER_BINARY = frozenset({"application/octet-stream"})


def is_binary_mime(mime: str) -> bool:
    """A mimetype whose values nbformat keeps as base64 (SVG is XML text, not binary)."""
    return (mime in SIGNATURES or mime in _OTHER_BINARY
            or (mime.startswith(_BINARY_FAMILIES) and not mime.endswith(("+xml", "+json"))))


def _base64_text(value: Any) -> Optional[str]:
    """``value`` as one base64 string, if it is one (some writers wrap lines at 76)."""
    if isinstance(value, list):
        try:
            value = "".join(value)
        except TypeError:  # not all strings
            return None
    if not isinstance(value, str) or not value.isascii() or not _base64_alphabet(value):
        return None
    if "\n" in value or "\r" in value:
        value = value.replace("\n", "").replace("\r", "")
    return value


def _head(value: str) -> Optional[bytes]:
    try:
        return binascii.a2b_base64(value[:_HEAD_CHARS])
    except binascii.Error:
        return None


def is_binary_payload(mime: str, value: Any) -> bool:
    """True when ``value`` is base64 (and nothing else) of the kind of file ``mime`` names;
    for a binary mimetype without a known signature, of bytes that do not read as text."""
    text = _base64_text(value)
    if not text:
        return False
    signature = SIGNATURES.get(mime)
    if signature is not None:
        head = _head(text)
        return head is not None and signature(head)
    from .text_decoding import decode_text

    try:
        return decode_text(binascii.a2b_base64(text)) is None
    except binascii.Error:
        return False


#: A byte outside base64's alphabet (line breaks allowed).
_NOT_BASE64 = ByteClass(rb"[^A-Za-z0-9+/=\r\n]")


def _base64_alphabet(value: str) -> bool:
    """Images are most of a notebook's bytes; this check is their only cost."""
    return not _NOT_BASE64.found(value.encode("ascii"))
