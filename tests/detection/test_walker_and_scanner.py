import base64
import json

import pytest

from jupyter_secrets.detection.walker import iter_units

from .conftest import DEMO_KEY, DEMO_TOKEN
from .notebooks import code, display, error, markdown, notebook, png, stream

PATH = "nb.ipynb"


def scan(scanner, nb):
    return scanner.scan_bytes(json.dumps(nb).encode(), PATH)


def places(result):
    return [(f.cell, f.where, f.output, f.line, f.column, f.rule) for f in result.findings]


def test_source_as_list_or_string_gives_line_and_column(scanner):
    nb = notebook(code(["import os\n", f'key = "{DEMO_KEY}"\n']), markdown(f"see {DEMO_TOKEN}"))
    result = scan(scanner, nb)
    assert places(result) == [(0, "source", None, 2, 8, "demo-key"), (1, "source", None, 1, 9, "demo-token")]
    assert result.errors == []


def test_every_output_type_is_walked(scanner):
    nb = notebook(code("x", outputs=[
        stream(["line one\n", f"got {DEMO_KEY}\n"]),
        display({"text/plain": f"'{DEMO_KEY}'", "text/html": f"<b>{DEMO_TOKEN}</b>"}, "execute_result"),
        display({"application/json": {"nested": {"k": DEMO_KEY}}}),
        display({"application/javascript": f"var k = '{DEMO_KEY}';"}),
        error(f"bad key {DEMO_KEY}", ["\x1b[31mValueError\x1b[0m", f"\x1b[1;32mkey\x1b[0m = {DEMO_TOKEN}"]),
    ]))
    found = places(scan(scanner, nb))
    assert (0, "outputs", 0, 2, 5, "demo-key") in found
    assert {(f[2], f[5]) for f in found} == {(0, "demo-key"), (1, "demo-key"), (1, "demo-token"),
                                              (2, "demo-key"), (3, "demo-key"), (4, "demo-key"),
                                              (4, "demo-token")}
    # ANSI codes are stripped before matching, so the column is the visible one
    assert (0, "outputs", 4, 2, 11, "demo-token") in found


def test_real_binary_payloads_are_skipped(scanner):
    pdf = base64.b64encode(b"%PDF-1.7\n" + bytes(range(256)) * 8).decode()
    nb = notebook(code("plot()", outputs=[display({"image/png": png(), "application/pdf": pdf,
                                                   "text/plain": "<Figure>"})]),
                  markdown("![a](attachment:a.png)", attachments={"a.png": {"image/png": png()}}))
    assert places(scan(scanner, nb)) == []


def test_text_attachments_and_metadata_are_scanned(scanner):
    nb = notebook(markdown("x", attachments={"a.txt": {"text/plain": DEMO_KEY}}),
                  code("y", metadata={"widgets": {"state": {"token": DEMO_TOKEN}}}),
                  metadata={"kernelspec": {"name": "python3"}, "env": {"KEY": DEMO_KEY}})
    found = places(scan(scanner, nb))
    assert [(f[0], f[1], f[5]) for f in found] == [(0, "attachments", "demo-key"), (1, "metadata", "demo-token"),
                                                   (None, "metadata", "demo-key")]


def test_findings_hold_no_secret(scanner):
    result = scan(scanner, notebook(code(f'k = "{DEMO_KEY}"')))
    dumped = json.dumps([f.to_dict() for f in result.findings])
    assert DEMO_KEY not in dumped and DEMO_KEY[5:15] not in dumped
    assert result.findings[0].preview == "demo_…"


def test_fingerprints_are_keyed_and_stable(scanner):
    one = scan(scanner, notebook(code(f'k = "{DEMO_KEY}"'))).findings[0]
    moved = scan(scanner, notebook(code("pass"), code(f'\n\nother = "{DEMO_KEY}"'))).findings[0]
    assert one.fingerprint == moved.fingerprint and len(one.fingerprint) == 32
    import hashlib
    assert one.fingerprint not in (hashlib.sha256(DEMO_KEY.encode()).hexdigest()[:32],)


@pytest.mark.parametrize("data, message", [
    (b'{"cells": [', "not valid JSON: Expecting value at line 1, column 12"),
    (b"[" * 100_000 + b"]" * 100_000, "scanned as text"),
    (b"\x00\x01\x02\x03binary\x04\x05", "binary content"),
    (json.dumps({"hello": "world"}).encode(), "not a Jupyter notebook"),
])
def test_unreadable_notebooks_are_reported_by_position(scanner, data, message):
    result = scanner.scan_bytes(data, "bad.ipynb")
    assert [e.path for e in result.errors] == ["bad.ipynb"]
    assert message in result.errors[0].message


def test_malformed_json_is_still_scanned_as_text(scanner):
    result = scanner.scan_bytes(f'{{"cells": [{{"source": "{DEMO_KEY}"'.encode(), "bad.ipynb")
    assert result.errors and [f.where for f in result.findings] == ["text"]


def test_bad_cells_are_named_and_the_rest_is_scanned(scanner):
    nb = notebook(code("ok"), "not a cell", code(f'k = "{DEMO_KEY}"', outputs=[{"output_type": "stream", "text": 3}]))
    result = scan(scanner, nb)
    assert places(result) == [(2, "source", None, 1, 6, "demo-key")]
    [err] = result.errors
    assert "cell 1 is not an object" in err.message and "cell 2, output 0" in err.message


def test_non_utf8_is_reported_with_its_offset_and_scanned(scanner):
    result = scanner.scan_bytes(b"x = 1\n\xff\xfe" + DEMO_KEY.encode(), "a.py")
    assert "not valid UTF-8 at byte 6" in result.errors[0].message
    assert [f.where for f in result.findings] == ["text"]


def test_old_notebooks_and_text_files_are_scanned_as_text(scanner):
    v3 = {"nbformat": 3, "worksheets": [{"cells": [{"input": f"k = '{DEMO_KEY}'"}]}]}
    assert [f.where for f in scan(scanner, v3).findings] == ["text"]
    result = scanner.scan_bytes(f"OPENAI=1\nKEY={DEMO_KEY}\n".encode(), ".env")
    assert places(result) == [(None, "text", None, 2, 5, "demo-key")]


def test_allowlisted_paths_are_skipped(engine):
    from jupyter_secrets.detection.allowlist import Allowlist
    from jupyter_secrets.detection.scanner import Scanner
    from jupyter_secrets.model import Fingerprinter
    scanner = Scanner(Fingerprinter(b"k"), Allowlist(paths=["fixtures/*"]), engine=engine)
    assert scanner.scan_bytes(DEMO_KEY.encode(), "fixtures/a.txt").findings == []
    assert len(scanner.scan_bytes(DEMO_KEY.encode(), "src/a.txt").findings) == 1


def test_units_can_write_back():
    nb = notebook(code("a", outputs=[display({"application/json": {"k": "v"}})]))
    [unit] = [u for u in iter_units(nb, []) if u.path[-1:] == ("application/json",)]
    unit.write('{"k": "w"}')
    assert nb["cells"][0]["outputs"][0]["data"]["application/json"] == {"k": "w"}
