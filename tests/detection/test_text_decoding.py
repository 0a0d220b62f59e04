"""Text by content: every common Unicode encoding is text, a NUL byte alone proves nothing."""
import codecs
import os

import pytest

from jupyter_secrets.detection.text_decoding import decode_text, detect_text

from .conftest import DEMO_KEY

TEXT = f"# notes\nkey = '{DEMO_KEY}'\nnaïve café ✓\n"


@pytest.mark.parametrize("data, encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
    (b"\0" + TEXT.encode("utf-8"), "utf-8"),  # a NUL in front
    (TEXT.encode("utf-8").replace(b"\n", b"\n\0"), "utf-8"),  # stray NULs
    (b"\0" * 5000 + TEXT.encode("utf-8"), "utf-8"),  # NULs as padding
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
    (TEXT.encode("utf-16-le"), "utf-16-le"),
    (TEXT.encode("utf-16-be"), "utf-16-be"),
    (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le"),
    (codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"), "utf-32-be"),
    (TEXT.encode("utf-32-le"), "utf-32-le"),
    (TEXT.encode("utf-32-be"), "utf-32-be"),
])
def test_each_encoding_reads_as_its_text(data, encoding):
    decoded = detect_text(data)
    assert decoded is not None and decoded.encoding == encoding
    assert decoded.text.replace("\0", "") == TEXT
    assert decode_text(data) == decoded.text
    assert decoded.encode(decoded.text) == data  # written back as it came


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 8,
    b"PK\x03\x04\x14\0\0\0\x08\0" + os.urandom(4000),
    os.urandom(8192),
    b"\x00\x01\x02\x03\x04\x05\x06\x07" * 100,
])
def test_binary_data_is_not_text(data):
    assert decode_text(data) is None


def test_latin1_text_is_read_with_replacements_and_reported():
    decoded = detect_text("café = 1\n".encode("latin-1") + DEMO_KEY.encode())
    assert decoded.text.endswith(DEMO_KEY) and "byte 3" in decoded.problem


def test_the_scanner_finds_keys_in_every_encoding(scanner):
    for data in (b"\0" + TEXT.encode(), codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
                 TEXT.encode("utf-32-be"), codecs.BOM_UTF8 + TEXT.encode()):
        result = scanner.scan_bytes(data, "notes.txt")
        assert [(f.rule, f.line) for f in result.findings] == [("demo-key", 2)], data[:8]
