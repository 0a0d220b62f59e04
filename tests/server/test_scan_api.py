"""The REST calls the panel makes: scan what is in the editor, scan a file on disk."""
from __future__ import annotations

import json

import pytest
from tornado.httpclient import HTTPClientError

from .conftest import code, markdown, notebook, stream, write_notebook


async def post_scan(jp_fetch, body):
    response = await jp_fetch("jupyter-secrets", "scan", method="POST", body=json.dumps(body),
                              raise_error=False)
    return response.code, json.loads(response.body)


async def test_scan_a_notebook_model(jp_fetch, key):
    nb = notebook(code("x = 1"), code(f'k = "{key}"', outputs=[stream(key)]))

    status, body = await post_scan(jp_fetch, {"path": "a.ipynb", "type": "notebook", "content": nb})

    assert status == 200
    assert [(f["cell"], f["where"], f["rule"]) for f in body["findings"]] == \
        [(1, "source", "openai-project-key"), (1, "outputs", "openai-project-key")]
    assert body["findings"][0]["path"] == "a.ipynb" and body["errors"] == []
    assert key not in json.dumps(body)


async def test_scan_a_bare_notebook_and_a_text(jp_fetch, key):
    status, bare = await post_scan(jp_fetch, notebook(code(f'k = "{key}"')))
    _, text = await post_scan(jp_fetch, {"path": "run.sh", "text": f"echo hi\nexport K={key}\n"})

    assert status == 200 and len(bare["findings"]) == 1
    assert [(f["cell"], f["where"], f["line"]) for f in text["findings"]] == [(None, "text", 2)]


@pytest.mark.parametrize("body, reason", [
    ([1, 2], "must be a JSON object"),
    ({"path": "x"}, "nothing to scan"),
    ({"content": {"cells": "no"}}, "not an nbformat 4 notebook"),
    ({"content": "!!", "format": "base64"}, "not valid base64"),
])
async def test_bad_scan_requests_say_what_is_wrong(jp_fetch, body, reason):
    status, reply = await post_scan(jp_fetch, body)

    assert status == 400 and reason in reply["message"]


async def test_scan_a_file_on_disk(jp_fetch, jp_root_dir, key):
    write_notebook(jp_root_dir / "disk.ipynb", notebook(code(f'k = "{key}"')))
    (jp_root_dir / "notes.md").write_text(f"the key is {key}\n")

    nb = json.loads((await jp_fetch("jupyter-secrets", "scan", params={"path": "disk.ipynb"})).body)
    md = json.loads((await jp_fetch("jupyter-secrets", "scan", params={"path": "notes.md"})).body)

    assert [f["rule"] for f in nb["findings"]] == ["openai-project-key"]
    assert [f["where"] for f in md["findings"]] == ["text"]


async def test_scan_of_a_missing_file_or_a_folder_is_an_error(jp_fetch, jp_root_dir):
    (jp_root_dir / "folder").mkdir()
    for path, code_ in (("missing.ipynb", 404), ("folder", 400), ("", 400)):
        with pytest.raises(HTTPClientError) as error:
            await jp_fetch("jupyter-secrets", "scan", params={"path": path})
        assert error.value.code == code_


async def test_a_typical_notebook_posted_for_a_scan_yields_its_one_key(jp_fetch, key):
    # its speed is measured in benchmarks/bench_scan.py, not asserted here
    # a typical notebook: 60 cells of code with text outputs, about 200 KB
    cells = [code(f"df_{i} = load('part-{i}.csv')\ndf_{i}.describe()",
                  outputs=[stream("col_a  col_b  col_c\n" + "1.0  2.0  3.0\n" * 200)]) for i in range(60)]
    cells.append(code(f'k = "{key}"'))
    body = json.dumps({"path": "big.ipynb", "content": notebook(*cells)})
    assert 150_000 < len(body) < 300_000

    reply = await jp_fetch("jupyter-secrets", "scan", method="POST", body=body)
    findings = json.loads(reply.body)["findings"]
    assert [(f["cell"], f["where"]) for f in findings] == [(60, "source")]


# The batch JupyterLab sends once per change of a notebook: changed cells by id and content
# hash, and texts it needs spans for, answered in one reply.

def batch_item(cell: dict, index: int, hash_: str = "") -> dict:
    return {"id": cell["id"], "hash": hash_ or f"h-{cell['id']}", "index": index, "cell": cell}


async def test_a_batch_answers_each_changed_cell_by_its_id_with_the_index_it_was_given(jp_fetch, key):
    # Given two changed cells of a notebook whose other cells the browser already knows
    leak = code(f'k = "{key}"', outputs=[stream(f"the key: {key}\n")])
    clean = code("x = 1")
    body = {"path": "a.ipynb", "cells": [batch_item(leak, 7, "h1"), batch_item(clean, 9, "h2")]}

    # When the browser sends just those
    status, reply = await post_scan(jp_fetch, body)

    # Then each is answered under its id, with the hash it was sent and findings at its index
    assert status == 200
    answer = reply["cells"][leak["id"]]
    assert answer["hash"] == "h1"
    assert [(f["cell"], f["where"], f["output"], f["path"]) for f in answer["findings"]] == \
        [(7, "source", None, "a.ipynb"), (7, "outputs", 0, "a.ipynb")]
    assert reply["cells"][clean["id"]] == {"hash": "h2", "findings": [], "spans": []}
    # and the spans of the source come along, for the editor's masking
    [span] = answer["spans"]
    assert leak["source"][span["start"]:span["end"]] == key
    assert key not in json.dumps(reply)


async def test_batch_findings_are_those_of_a_whole_notebook_scan(jp_fetch, key):
    cells = [code("a = 1"), markdown(f"paste: {key}"), code("b = 2", outputs=[stream(key)]),
             code(f'c = "{key}"', note=key)]
    nb = notebook(*cells, metadata={"info": key})

    _, whole = await post_scan(jp_fetch, {"path": "n.ipynb", "content": nb})
    _, batch = await post_scan(jp_fetch, {
        "path": "n.ipynb",
        "cells": [batch_item(c, i) for i, c in enumerate(nb["cells"])],
        "metadata": {"hash": "m", "value": nb["metadata"]}})

    pieces = [f for c in nb["cells"] for f in batch["cells"][c["id"]]["findings"]]
    pieces += batch["metadata"]["findings"]
    assert batch["metadata"]["hash"] == "m"
    assert pieces == whole["findings"]


async def test_a_batch_locates_keys_in_texts_keyed_by_their_hash(jp_fetch, key):
    text = f"🔑 output: {key}"

    status, reply = await post_scan(jp_fetch, {"texts": {"t1": text, "t2": "nothing here"}})

    assert status == 200 and reply["cells"] == {} and reply["metadata"] is None
    [span] = reply["spans"]["t1"]
    units = text.encode("utf-16-le")
    assert units[2 * span["start"]:2 * span["end"]].decode("utf-16-le") == key
    assert reply["spans"]["t2"] == []
    assert key not in json.dumps(reply)


@pytest.fixture
def guard_config(request):
    return getattr(request, "param", {})


@pytest.mark.parametrize("guard_config", [{"ScanConfig": {"allowlist_paths": ["examples/*"]}}],
                         indirect=True)
async def test_a_batch_for_a_path_on_the_allowlist_has_no_findings_but_masks(jp_fetch, key):
    cell = code(f'k = "{key}"')
    body = {"cells": [batch_item(cell, 0)], "texts": {"t": key},
            "metadata": {"hash": "m", "value": {"k": key}}}

    _, allowed = await post_scan(jp_fetch, {"path": "examples/a.ipynb", **body})
    _, other = await post_scan(jp_fetch, {"path": "work/a.ipynb", **body})

    assert allowed["cells"][cell["id"]]["findings"] == [] and allowed["metadata"]["findings"] == []
    assert len(other["cells"][cell["id"]]["findings"]) == 1 and len(other["metadata"]["findings"]) == 1
    # spans are remembered by text in the browser, whichever notebook showed it
    assert allowed["spans"] == other["spans"] and len(other["spans"]["t"]) == 1
    assert allowed["cells"][cell["id"]]["spans"] == other["cells"][cell["id"]]["spans"] != []


async def test_a_malformed_cell_is_named_by_the_index_it_was_given(jp_fetch):
    bad = {"id": "c", "cell_type": "code", "metadata": {}, "source": "x", "outputs": "oops"}

    status, reply = await post_scan(jp_fetch, {"path": "a.ipynb", "cells": [batch_item(bad, 4)]})

    assert status == 200
    assert reply["errors"][0]["message"] == "not valid nbformat: cell 4: 'outputs' is not a list"


@pytest.mark.parametrize("body, status, reason", [
    ({"cells": [{"id": "a", "hash": "h", "cell": {}}]}, 400, "'index'"),
    ({"cells": [{"id": 1, "hash": "h", "index": 0, "cell": {}}]}, 400, "'id' and 'hash'"),
    ({"texts": {"a": 1}}, 400, "map content hashes to strings"),
    ({"cells": [], "metadata": {"value": {}}}, 400, "'metadata' needs"),
])
async def test_bad_batches_say_what_is_wrong(jp_fetch, body, status, reason):
    code_, reply = await post_scan(jp_fetch, body)

    assert code_ == status and reason in reply["message"]


async def test_too_big_a_batch_is_refused_with_413(jp_fetch, monkeypatch):
    from jupyter_secrets.server import batch
    monkeypatch.setattr(batch, "MAX_ITEMS", 2)

    code_, reply = await post_scan(jp_fetch, {"texts": {"a": "1", "b": "2", "c": "3"}})

    assert code_ == 413 and "split the request" in reply["message"]
