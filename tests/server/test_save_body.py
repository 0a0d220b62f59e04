"""A save's body parsed with its cells' spans: the very model the server's own parser gives,
each cell's span its JSON text, and anything unexpected left to the server's parser."""
from __future__ import annotations

import json

import pytest

from jupyter_secrets.detection.engine import Engine
from jupyter_secrets.server import save_body
from jupyter_secrets.server.clean_texts import CleanTextCache

CELLS = [
    {"cell_type": "code", "source": "print('héllo')\n", "metadata": {}, "outputs": [],
     "execution_count": None},
    {"cell_type": "markdown", "source": ["# Tab\there\n", "\u2603 \\ \"quoted\""],
     "metadata": {"tags": ["x"]}},
    "not a cell",
    {"cell_type": "raw", "source": "\ud800 lone", "attachments": {"a.png": {"image/png": "iVBO"}}},
    7.5e300,
    {"nested": [[[{"deep": [None, True, False, -0.0, 12345678901234567890]}]]]},
]


def bodies():
    nb = {"cells": CELLS, "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4,
          "nbformat_minor": 5}
    model = {"type": "notebook", "format": "json", "content": nb}
    yield json.dumps(model)
    # raw UTF-8 (a lone surrogate cannot be: it stays escaped)
    yield json.dumps(model, ensure_ascii=False).replace("\ud800", "\\ud800")
    yield json.dumps(model, indent=1, sort_keys=True)
    yield json.dumps(model, separators=(",", ":"))
    yield " \r\n\t" + json.dumps(model, indent="\t") + "\n \t"
    yield json.dumps({"content": {"cells": []}, "type": "notebook"})
    yield json.dumps({"type": "notebook", "content": {"cells": "not a list"}})
    yield json.dumps({"type": "file", "format": "text", "content": "plain text"})
    yield '{"type": "notebook", "content": {"cells": [{"a": 1}]}, "content": {"cells": [2]}}'
    yield '{"type": "notebook", "content": {"cells": [{"a": 1}], "cells": [{"b": NaN}]}}'
    yield '{}'


@pytest.mark.parametrize("body", list(bodies()))
def test_the_model_is_json_loads_own_and_each_span_is_its_cell(body):
    raw = body.encode("utf-8")
    parsed = save_body.parse(raw)
    expected = json.loads(raw.strip().decode("utf-8"))
    assert parsed is not None
    # the same model, NaN and -0.0 alike (compared by their JSON text)
    assert json.dumps(parsed.model) == json.dumps(expected)
    content = parsed.model.get("content")
    cells = content.get("cells") if isinstance(content, dict) else None
    if not isinstance(cells, list):
        assert parsed.cells is None
        return
    assert parsed.cells is cells and len(parsed.spans) == len(cells)
    text = raw.strip().decode("utf-8")
    # ASCII bytes are kept as they are, other bodies as their text (one of the two)
    assert (parsed.raw is not None) == text.isascii() == (parsed.text is None)
    for (start, end), cell in zip(parsed.spans, cells):
        assert json.dumps(json.loads(text[start:end])) == json.dumps(cell)


@pytest.mark.parametrize("body", [
    "", "   ", "[1, 2]", '"text"', "{", '{"type": "notebook",}', '{"a" 1}', '{"a": 1} {"b": 2}',
    '{"a": 1}}', "\ufeff{}", '{"content": {"cells": [1,]}}', '{"content": {"cells": [1 2]}}',
    '{"content": {"cells": [1], }}', "{'single': 1}", '{"a": "\x01"}',
    '{"content": {"cells": [' + "[" * 100_000 + "]" * 100_000 + "]}}",
])
def test_anything_unexpected_is_left_to_the_servers_parser(body):
    assert save_body.parse(body.encode("utf-8")) is None


def test_invalid_utf8_is_left_to_the_servers_parser():
    assert save_body.parse(b'{"content": "\xff\xfe"}') is None


def test_a_cell_has_one_digest_whatever_the_rest_of_the_body_holds():
    # Given the same cell in a body of ASCII bytes and in one with other text in UTF-8
    texts = CleanTextCache(Engine())
    cell = {"cell_type": "code", "source": "x = 1", "metadata": {}, "outputs": []}
    ascii_body = json.dumps({"type": "notebook", "content": {"cells": [cell]}})
    other_body = json.dumps({"type": "notebook", "content": {"cells": [cell, {"s": "é"}]}},
                            ensure_ascii=False)
    one = save_body.parse(ascii_body.encode()).save_body("a.ipynb")
    other = save_body.parse(other_body.encode()).save_body("b.ipynb")
    assert one.raw is not None and other.raw is None

    # Then its digest is the same in both, and any other bytes have another
    first, = one.cell_digests(texts)
    assert other.cell_digests(texts)[0] == first
    assert other.cell_digests(texts)[1] != first
    assert texts.cell_digest(json.dumps(cell).encode()) == first
    assert texts.cell_digest(json.dumps(cell, indent=1).encode()) != first
    assert CleanTextCache(Engine()).cell_digest(json.dumps(cell).encode()) != first


def test_a_body_that_is_not_a_notebook_save_gives_no_cells_to_the_guard():
    for model in ({"type": "file", "content": {"cells": []}},
                  {"type": "notebook", "content": "text"}):
        assert save_body.parse(json.dumps(model).encode()).save_body("x.ipynb") is None
