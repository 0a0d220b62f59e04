"""The walker reads every string of a notebook; redaction reaches every place the walker reads."""
import base64
import json

import pytest

from jupyter_secrets.detection.json_text import iter_strings, read_slot
from jupyter_secrets.detection.walker import iter_units
from jupyter_secrets.redaction import clean_bytes, redact_notebook

from .conftest import DEMO_KEY
from .notebooks import code, display, error, markdown, notebook, png, stream

PATH = "nb.ipynb"


def scan(scanner, nb):
    return scanner.scan_bytes(json.dumps(nb).encode(), PATH)


def found(scanner, nb):
    return [(f.cell, f.where, f.output, f.json_path) for f in scan(scanner, nb).findings]


def assert_cleaned(scanner, nb):
    """Given a notebook holding DEMO_KEY, clean removes it and a second scan finds nothing."""
    result = clean_bytes(json.dumps(nb).encode(), PATH, scanner)
    assert result.content is not None and DEMO_KEY.encode() not in result.content
    assert scanner.scan_bytes(result.content, PATH).findings == []
    return json.loads(result.content)


@pytest.mark.parametrize("nb, place", [
    (dict(notebook(code("x")), foo={"deep": [DEMO_KEY]}), (None, "other", None, "/foo")),
    (notebook(code("x", foo=DEMO_KEY)), (0, "other", None, "/cells/0/foo")),
    (notebook(code("x", id=DEMO_KEY)), (0, "other", None, "/cells/0/id")),
    (notebook(code("x", [dict(stream("hi"), name=DEMO_KEY)])), (0, "other", 0, "/cells/0/outputs/0/name")),
    (notebook(code("x", [dict(error("e", []), ename=DEMO_KEY)])), (0, "other", 0, "/cells/0/outputs/0/ename")),
    (notebook(code("x", [dict(stream("hi"), extra={"k": DEMO_KEY})])),
     (0, "other", 0, "/cells/0/outputs/0/extra")),
    (notebook(code("x", [display({"application/x-foo": f"v {DEMO_KEY}"})])),
     (0, "other", 0, "/cells/0/outputs/0/data/application~1x-foo")),
    (notebook(code("x", [{"output_type": "future_kind", "payload": DEMO_KEY}])),
     (0, "other", 0, "/cells/0/outputs/0/payload")),
    (dict(notebook(code("x")), worksheets=[{"cells": [{"input": DEMO_KEY}]}]),
     (None, "other", None, "/worksheets")),
    (notebook(markdown("x", attachments={"a.txt": {"text/plain": [None]}, "b.bin": {"x/y": DEMO_KEY}})),
     (0, "other", None, "/cells/0/attachments/b.bin/x~1y")),
    (notebook(markdown("x", attachments={"a.txt": [DEMO_KEY]})), (0, "other", None, "/cells/0/attachments/a.txt")),
    # a cell of nbformat 4.5's fields alone, with a value of the wrong shape in one of them
    (notebook(dict(code("x"), execution_count=DEMO_KEY)), (0, "other", None, "/cells/0/execution_count")),
    (notebook(dict(code("x"), execution_count=[DEMO_KEY])), (0, "other", None, "/cells/0/execution_count")),
    (notebook(dict(code("x"), cell_type=DEMO_KEY)), (0, "other", None, "/cells/0/cell_type")),
    (notebook(dict(code("x"), id=[DEMO_KEY])), (0, "other", None, "/cells/0/id")),
    (notebook(dict(code("x"), id=None, cell_type=f"code {DEMO_KEY}")), (0, "other", None, "/cells/0/cell_type")),
    (notebook({"source": "x", "id": {"k": DEMO_KEY}}), (0, "other", None, "/cells/0/id")),
])
def test_strings_outside_known_places_are_found_with_their_json_path(scanner, nb, place):
    assert place in found(scanner, nb)
    assert_cleaned(scanner, nb)


@pytest.mark.parametrize("field, holder", [
    ("cell_type", lambda value: notebook(dict(code("x"), cell_type=value))),
    ("name", lambda value: notebook(code("x", [dict(stream("hi"), name=value)]))),
    ("output_type", lambda value: notebook(code("x", [{"output_type": value, "text": "hi"}]))),
])
@pytest.mark.parametrize("shape", [list, dict])
def test_a_list_or_object_in_a_field_of_nbformat_words_is_scanned(scanner, field, holder, shape):
    """Such a value is none of nbformat's words (nor hashable): read as JSON text, not a crash."""
    nb = holder([DEMO_KEY] if shape is list else {"k": DEMO_KEY})
    assert [f.where for f in scan(scanner, nb).findings] == ["other"]
    assert_cleaned(scanner, nb)


def test_known_places_keep_their_precise_location(scanner):
    nb = notebook(code(f'k = "{DEMO_KEY}"', [stream(f"x\n{DEMO_KEY}")]))
    [source, output] = scan(scanner, nb).findings
    assert (source.cell, source.where, source.line, source.json_path) == (0, "source", 1, None)
    assert (output.output, output.where, output.line) == (0, "outputs", 2)
    assert "json_path" not in source.to_dict()  # the contract's fields for known places


def test_a_malformed_mimetype_value_does_not_stop_the_bundle(scanner):
    nb = notebook(code("x", [display({"text/plain": [1], "text/html": f"<b>{DEMO_KEY}</b>"})]),
                  markdown("y", attachments={"a": {"text/plain": [None], "text/markdown": DEMO_KEY}}))
    result = scan(scanner, nb)
    assert {(f.cell, f.where) for f in result.findings} == {(0, "outputs"), (1, "attachments")}
    assert "text/plain is not a string" in result.errors[0].message
    assert_cleaned(scanner, nb)


def test_binary_mimetypes_are_skipped_only_when_the_payload_is_that_type(scanner):
    encoded_key = base64.b64encode(f"key={DEMO_KEY}".encode()).decode()
    jpeg = base64.b64encode(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4).decode()
    nb = notebook(code("x", [
        display({"image/png": png(), "image/jpeg": jpeg, "text/plain": "<Figure>"}),  # real: skipped
        display({"image/png": f"not an image {DEMO_KEY}"}),  # plain text
        display({"image/png": encoded_key}),  # base64, but of a key
        display({"image/jpeg": png()[:20] + " " + DEMO_KEY}),  # a PNG's start, then text
        display({"image/gif": png()}),  # a PNG is not a GIF
        display({"application/pdf": f"%PDF-1.7 {DEMO_KEY}"}),  # not base64
        display({"image/png": [None]}),  # not a string: scanned as JSON, nothing there
    ]))
    assert sorted({f.output for f in scan(scanner, nb).findings}) == [1, 2, 3, 5]
    outputs = assert_cleaned(scanner, nb)["cells"][0]["outputs"]
    assert outputs[0]["data"]["image/png"] == png()  # real images survive a clean


def test_a_key_as_a_field_name_is_found_and_never_shown(scanner):
    nb = dict(notebook(code("x", metadata={"tags": []})), **{DEMO_KEY: 1})
    nb["cells"][0][f"x {DEMO_KEY}"] = "v"
    findings = scan(scanner, nb).findings
    assert [(f.cell, f.where) for f in findings] == [(0, "other"), (None, "other")]
    assert all(DEMO_KEY not in json.dumps(f.to_dict()) for f in findings)
    assert {f.json_path for f in findings} == {"/cells/0/*", "/*"}
    assert DEMO_KEY not in json.dumps(assert_cleaned(scanner, nb))


def test_nbformat_3_and_malformed_v4_are_scanned_as_json_text(scanner):
    v3 = {"nbformat": 3, "nbformat_minor": 0, "worksheets": [{"cells": [
        {"cell_type": "code", "input": "x", "outputs": [{"output_type": "pyout", "png": DEMO_KEY}]}]}]}
    assert [f.where for f in scan(scanner, v3).findings] == ["text"]
    no_cells = {"nbformat": 4, "nbformat_minor": 5, "metadata": {"k": DEMO_KEY}}
    assert [f.where for f in scan(scanner, no_cells).findings] == ["text"]
    cells_not_a_list = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": {"a": DEMO_KEY}}
    assert [f.where for f in scan(scanner, cells_not_a_list).findings] == ["other"]
    assert_cleaned(scanner, cells_not_a_list)


def _every_place(value):
    """A notebook-shaped dict with DEMO_KEY planted in each string and field name in turn."""
    if isinstance(value, dict):
        for key in list(value):
            yield {**{k: v for k, v in value.items() if k != key}, DEMO_KEY + " x": value[key]}
            for variant in _every_place(value[key]):
                yield {**value, key: variant}
    elif isinstance(value, list):
        for index, item in enumerate(value):
            for variant in _every_place(item):
                yield value[:index] + [variant] + value[index + 1:]
    elif isinstance(value, str):
        yield f"{value} {DEMO_KEY}"
    else:
        yield DEMO_KEY


def test_every_string_and_name_of_a_notebook_is_read_and_redacted(scanner):
    base = notebook(code("print(1)", [stream("out"), display({"text/plain": "1", "image/png": png()},
                                                              "execute_result"),
                                      error("boom", ["tb"])], metadata={"tags": ["t"]}),
                    markdown("m", attachments={"a.png": {"image/png": png()}}),
                    metadata={"kernelspec": {"name": "python3"}})
    variants = list(_every_place(base))
    assert len(variants) > 50
    for nb in variants:
        if nb.get("nbformat") != 4 or "cells" not in nb:
            continue  # no longer a v4 notebook: scanned as text, covered above
        assert scan(scanner, nb).findings, json.dumps(nb)[:300]
        copy = json.loads(json.dumps(nb))
        redact_notebook(copy, scanner, PATH)
        assert DEMO_KEY not in json.dumps(copy), json.dumps(nb)[:300]


def test_the_walk_has_no_depth_limit(scanner):
    deep = DEMO_KEY
    for _ in range(5000):
        deep = {"a": [deep]}
    nb = notebook(code("x", metadata={"deep": deep}))
    nb["cells"][0]["extra"] = deep
    units = list(iter_units(nb, []))
    assert sum(DEMO_KEY in unit.text for unit in units) == 2
    assert len(scanner.scan_notebook(nb, PATH)) == 2
    redact_notebook(nb, scanner, PATH)
    strings = [read_slot(slot) for slot, _ in iter_strings(nb)]
    assert strings and not any(DEMO_KEY in s for s in strings)


def test_a_notebook_nested_500_deep_is_cleaned(scanner):
    deep = DEMO_KEY
    for _ in range(500):
        deep = {"a": deep}
    nb = notebook(code("x", metadata={"deep": deep}))
    cleaned = assert_cleaned(scanner, nb)
    assert cleaned["cells"][0]["source"] == ["x"]


def test_lone_surrogates_are_cleaned_and_written_as_escapes(scanner):
    nb = notebook(code(f'k = "{DEMO_KEY}"  # \ud800'), markdown("\udfff"))
    data = json.dumps(nb).encode()  # ensure_ascii: the file holds them as \u escapes
    result = clean_bytes(data, PATH, scanner)
    result.content.decode("utf-8")  # valid UTF-8
    cleaned = json.loads(result.content)
    assert cleaned["cells"][1]["source"] == ["\udfff"] and DEMO_KEY not in json.dumps(cleaned)


def _png_file(*chunks):
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    body = [(b"IHDR", bytes(13))] + list(chunks) + [(b"IDAT", bytes(range(256)) * 64), (b"IEND", b"")]
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunk(kind, data) for kind, data in body)


@pytest.mark.parametrize("payload", [
    _png_file((b"tEXt", b"Comment\0" + f"key={DEMO_KEY}".encode())),  # a text chunk
    _png_file() + f" appended {DEMO_KEY}".encode(),  # bytes after IEND
    b"\x89PNG\r\n\x1a\n\0" + f"token {DEMO_KEY}".encode(),  # a PNG signature, then text
])
def test_a_key_inside_a_real_image_is_found_and_the_image_removed(scanner, payload):
    image = base64.b64encode(payload).decode()
    nb = notebook(code("x", [display({"image/png": image, "text/plain": "<Figure>"})]))
    assert [(f.where, f.output) for f in scan(scanner, nb).findings] == [("outputs", 0)]
    outputs = assert_cleaned(scanner, nb)["cells"][0]["outputs"]
    assert outputs[0]["data"] == {"text/plain": ["<Figure>"]}


def test_a_clean_image_with_text_chunks_is_kept(scanner):
    image = base64.b64encode(_png_file((b"tEXt", b"Software\0plotting library 3.9"))).decode()
    nb = notebook(code("x", [display({"image/png": image})]))
    assert scan(scanner, nb).findings == []
