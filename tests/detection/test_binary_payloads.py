"""Binary payloads: the quick checks (signature from the first characters, PNG chunks decoded
window by window) give what a plain decode of the whole payload gives; base64 that no encoder
writes (inner padding, a length not a multiple of 4) is never skipped as an image."""
import base64
import binascii
import json
import random
import re
import struct
import zlib

import pytest

from jupyter_secrets.detection.binary_payloads import (SIGNATURES, embedded_text, is_binary_payload,
                                                       payload)

from .conftest import DEMO_KEY
from .notebooks import code, display, notebook, png

_PNG_PIXEL_CHUNKS = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP",
                     b"bKGD", b"pHYs", b"sBIT", b"hIST", b"sPLT", b"acTL", b"fcTL", b"fdAT", b"cICP",
                     b"mDCv", b"cLLi"}


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _reference(mime, value):
    """(binary, hidden text) by the plain definition: the whole payload decoded at once."""
    try:
        text = "".join(value) if isinstance(value, list) else value
    except TypeError:
        return False, None
    if not isinstance(text, str):
        return False, None
    text = text.replace("\n", "").replace("\r", "")
    if not text or len(text) % 4 or not re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", text):
        return False, None
    raw = base64.b64decode(text, validate=True)
    if mime in SIGNATURES:
        if not SIGNATURES[mime](raw[:18]):
            return False, None
    else:
        from jupyter_secrets.detection.text_decoding import decode_text
        if decode_text(raw) is not None:
            return False, None
    if mime not in ("image/png", "image/apng"):
        return True, None
    offset, found = 8, []
    while offset + 12 <= len(raw):
        length, kind = int.from_bytes(raw[offset:offset + 4], "big"), raw[offset + 4:offset + 8]
        if not kind.isalpha() or offset + 12 + length > len(raw):
            break
        if kind not in _PNG_PIXEL_CHUNKS:
            found.append(raw[offset + 8:offset + 8 + min(length, 1 << 20)])
        offset += 12 + length
        if kind == b"IEND":
            break
    if offset < len(raw):
        found.append(raw[offset:offset + min(len(raw) - offset, 1 << 20)])
    runs = [m.group().decode() for chunk in found for m in re.finditer(rb"[\x20-\x7e\t]{8,}", chunk)]
    return True, ("\n".join(runs) if runs else None)


def _random_png(rnd: random.Random) -> bytes:
    parts = [b"\x89PNG\r\n\x1a\n", _chunk(b"IHDR", bytes(13))]
    for _ in range(rnd.randrange(5)):
        kind = rnd.choice([b"pHYs", b"tEXt", b"iTXt", b"IDAT", b"zzZz", b"sBIT"])
        size = rnd.choice([0, 3, 9, 40, 95, 96, 97, 300, 5000])
        data = (b"Comment\0plotting library 3.9 " if kind == b"tEXt" else b"") + bytes(
            rnd.randrange(256) for _ in range(size))
        parts.append(_chunk(kind, data))
    parts.append(_chunk(b"IEND", b""))
    if rnd.random() < 0.3:
        parts.append(rnd.choice([b" appended text here", bytes(rnd.randrange(256) for _ in range(7))]))
    if rnd.random() < 0.1:
        parts[-1] = parts[-1][:rnd.randrange(len(parts[-1]))]  # cut short
    return b"".join(parts)


def _shapes(encoded: str, rnd: random.Random):
    """The ways writers store one base64 payload in a notebook."""
    width = rnd.choice([4, 60, 76])
    lines = [encoded[i:i + width] for i in range(0, len(encoded), width)]
    return [encoded, encoded + "\n", "\n".join(lines) + "\n", "\r\n".join(lines),
            [line + "\n" for line in lines], [encoded]]


@pytest.mark.parametrize("seed", range(6))
def test_payload_checks_give_what_a_plain_decode_gives(seed):
    rnd = random.Random(seed)
    kinds = ["image/png", "image/apng", "image/jpeg", "application/pdf", "image/gif",
             "image/x-unknown", "application/octet-stream"]
    for _ in range(60):
        raw = rnd.choice([_random_png(rnd), _random_png(rnd), b"\xff\xd8\xff\xe0" + bytes(range(256)),
                          b"%PDF-1.7\n" + bytes(rnd.randrange(256) for _ in range(50)),
                          bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 200))),
                          b"plain words, no image at all"])
        for value in _shapes(base64.b64encode(raw).decode(), rnd):
            for mime in kinds:
                expected = _reference(mime, value)
                assert payload(mime, value) == expected, (mime, raw[:40])
                assert is_binary_payload(mime, value) == expected[0]
                if expected[0]:
                    assert embedded_text(mime, value) == expected[1]


def _key_after_padding(image: str, tail: str) -> list:
    key64 = base64.b64encode(f"token={DEMO_KEY}".encode()).decode()
    return [image + sep + key64 for sep in ("=", "==", "A==", "AA==", "\n=\n")] + [
        image.rstrip("=") + tail + key64]


@pytest.mark.parametrize("mime, image", [
    ("image/png", png()),
    ("image/jpeg", base64.b64encode(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4).decode()),
], ids=["png", "jpeg"])
def test_base64_after_inner_padding_is_never_skipped_as_an_image(scanner, mime, image):
    """A decoder stops at padding: base64 of a key after it must not ride on the image's check."""
    for value in _key_after_padding(image, "=="):
        assert payload(mime, value) == (False, None)
        with pytest.raises(binascii.Error):  # no encoder writes this
            base64.b64decode(value.replace("\n", ""), validate=True)
        nb = notebook(code("x", [display({mime: value, "text/plain": "<Figure>"})]))
        findings = scanner.scan_bytes(json.dumps(nb).encode(), "nb.ipynb").findings
        assert [(f.where, f.output) for f in findings] == [("outputs", 0)], value[-60:]


@pytest.mark.parametrize("value", [png()[:-1], png() + "A", png() + "AB=", png()[:8] + "=" + png()[8:]],
                         ids=["cut", "one more", "short padding", "inner padding"])
def test_a_length_or_padding_no_encoder_writes_is_not_an_image(value):
    assert payload("image/png", value) == (False, None)
    assert not is_binary_payload("image/png", value)


def test_well_formed_images_are_still_skipped():
    image = base64.b64encode(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", bytes(13)) + _chunk(b"IDAT", bytes(range(256)) * 9)
                             + _chunk(b"IEND", b"")).decode()
    wrapped = "\n".join(image[i:i + 76] for i in range(0, len(image), 76)) + "\n"
    for value in (image, wrapped, wrapped.splitlines(keepends=True), image + "\n"):
        assert payload("image/png", value) == (True, None)
