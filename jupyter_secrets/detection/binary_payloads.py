"""Whether a binary mimetype's value really is that kind of file.

Notebooks keep images, PDFs and media as base64 text. Those payloads are skipped by the scan,
but only when they are base64 as an encoder writes it (padding at the end alone) and decode
to what their mimetype says (a PNG header for image/png, ...): anything else under a binary
mimetype (plain text, base64 of a key, base64 after inner padding) is scanned as text.
"""
from __future__ import annotations

import binascii
from typing import Any, Callable, Dict, Optional, Tuple

import re2

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


def _base64_text(value: Any) -> Optional[bytes]:
    """``value`` as the ASCII bytes of one well-formed base64 string, line breaks left out
    (some writers wrap lines at 76), if it is one. Bytes, not text: removing the breaks from
    bytes is several times faster. Padding anywhere but at the end, or a length that is not
    a multiple of 4, is not what an encoder writes: such a value is scanned as text (a decoder
    stops at inner padding, so whatever followed it would go unread)."""
    if isinstance(value, list):
        try:
            value = "".join(value)
        except TypeError:  # not all strings
            return None
    if not isinstance(value, str) or not value.isascii():
        return None
    data = value.encode("ascii")
    if _NOT_BASE64.found(data):
        return None
    if b"\n" in data or b"\r" in data:
        data = data.replace(b"\n", b"").replace(b"\r", b"")
    size = len(data)
    if size % 4:
        return None
    pad = data.find(b"=")
    if pad >= 0 and (pad < size - 2 or data[-1] != 0x3D):  # 0x3D: "="
        return None
    return data


def _head(data: bytes) -> bytes:
    return binascii.a2b_base64(data[:_HEAD_CHARS])


def is_binary_payload(mime: str, value: Any) -> bool:
    """True when ``value`` is base64 (and nothing else) of the kind of file ``mime`` names;
    for a binary mimetype without a known signature, of bytes that do not read as text."""
    return _is_payload(mime, _base64_text(value))


def payload(mime: str, value: Any) -> Tuple[bool, Optional[str]]:
    """(``is_binary_payload``, ``embedded_text``) of ``value``, reading its base64 once."""
    data = _base64_text(value)
    if not _is_payload(mime, data):
        return False, None
    try:
        return True, _embedded(mime, data)
    except binascii.Error:  # not the file its signature says: scanned as text
        return False, None


def _is_payload(mime: str, data: Optional[bytes]) -> bool:
    if not data:
        return False
    signature = SIGNATURES.get(mime)
    if signature is not None:
        return signature(_head(data))
    from .text_decoding import decode_text

    return decode_text(binascii.a2b_base64(data)) is None


#: A byte outside base64's alphabet (line breaks allowed). Images are most of a notebook's
#: bytes; this search is most of their cost.
_NOT_BASE64 = ByteClass(rb"[^A-Za-z0-9+/=\r\n]")


#: PNG chunks that hold pixels and colour data only; any other chunk can carry text.
_PNG_BINARY_CHUNKS = frozenset({b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM",
                                b"sRGB", b"iCCP", b"bKGD", b"pHYs", b"sBIT", b"hIST", b"sPLT",
                                b"acTL", b"fcTL", b"fdAT", b"cICP", b"mDCv", b"cLLi"})
_PRINTABLE_RUN = re2.compile(rb"[\x20-\x7e\t]{8,}")  # RE2: many times Python's speed here
#: Text read out of one payload at most; a chunk larger than this is cut.
_MAX_EMBEDDED = 1 << 20


#: Bytes decoded at once by a reader: the chunk headers before a PNG's image data, and
#: those after it, each sit in one window (a decode costs its call more than its bytes).
_WINDOW = 96


def _base64_reader(data: bytes):
    """Random access to the bytes of base64 ``data`` (well-formed, no line breaks), decoding
    only the windows read."""
    window = [0, b""]  # the decoded bytes from a byte offset that is a multiple of 3

    def read(offset: int, size: int) -> bytes:
        start, got = window
        if start <= offset and offset + size <= start + len(got):
            return got[offset - start:offset - start + size]
        start = offset - offset % 3
        end = max(offset + size, start + _WINDOW)
        got = binascii.a2b_base64(data[start // 3 * 4:(end + 2) // 3 * 4])
        window[:] = start, got
        return got[offset - start:offset - start + size]
    return read


def embedded_text(mime: str, value: Any) -> Optional[str]:
    """Text a real binary payload carries besides its data, one run a line, or None.

    A PNG is walked chunk by chunk (decoding only the chunk headers): its text chunks, and
    anything after its end or in a chunk that does not parse, are read out, so a key in a
    ``tEXt`` chunk or appended to an image is scanned. Other formats: their signature only."""
    if mime not in ("image/png", "image/apng"):
        return None
    try:
        return _embedded(mime, _base64_text(value))
    except binascii.Error:
        return None


def _embedded(mime: str, data: Optional[bytes]) -> Optional[str]:
    """``data``: base64 as ``_base64_text`` gives it. Raises binascii.Error where a chunk's
    bytes do not decode."""
    if not data or mime not in ("image/png", "image/apng"):
        return None
    total = (len(data) - _padding(data)) * 3 // 4
    read = _base64_reader(data)
    offset, found = 8, []
    while offset + 12 <= total:
        header = read(offset, 8)  # the chunk's length and its kind, in one decode
        length, kind = int.from_bytes(header[:4], "big"), header[4:]
        if not kind.isalpha() or offset + 12 + length > total:
            break  # not a chunk: read the rest out below
        if kind not in _PNG_BINARY_CHUNKS:
            found.append(read(offset + 8, min(length, _MAX_EMBEDDED)))
        offset += 12 + length
        if kind == b"IEND":
            break
    if offset < total:  # trailing or unparsable bytes
        found.append(read(offset, min(total - offset, _MAX_EMBEDDED)))
    runs = [run.group().decode("ascii") for chunk in found for run in _PRINTABLE_RUN.finditer(chunk)]
    return "\n".join(runs) if runs else None


def _padding(data: bytes) -> int:
    """How many ``=`` end ``data`` (counted, not stripped: stripping copies the payload)."""
    end = len(data)
    while end and data[end - 1] == 0x3D:  # "="
        end -= 1
    return len(data) - end
