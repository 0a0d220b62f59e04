"""A save walks only the cells whose bytes in the request were not found clean before, and every
field besides the cells. Nothing else may ride on a cell's verdict: another model than the
request's, a hook that changed the model first, a key anywhere in the bytes, a field repeated
in the JSON so that the parsed model is not what was measured."""
from __future__ import annotations

import json

import pytest
from jupyter_server.services.contents.filemanager import FileContentsManager

from jupyter_secrets.server import documents, save_body
from jupyter_secrets.server.notices import GuardNotices
from jupyter_secrets.server.save_guard import SaveGuard, current_body

from .conftest import code, markdown, notebook, openai_key, stream


@pytest.fixture
def walks(monkeypatch):
    """Per walk of the save guard, the numbers of the cells it read (a cell left out of a
    walk stands there as an empty object)."""
    walked = []
    original = documents.iter_units

    def recording(nb, *args, **kwargs):
        walked.append([i for i, cell in enumerate(nb.get("cells", [])) if cell != {}])
        return original(nb, *args, **kwargs)

    monkeypatch.setattr(documents, "iter_units", recording)
    return walked


def run_log(cells: int = 12) -> dict:
    return notebook(*[code(f"fit({i})", outputs=[stream(f"epoch {i} loss 0.{i:03d}\n" * 20)])
                      for i in range(cells)])


async def test_a_resave_walks_no_cell_and_a_changed_cell_alone_is_walked_every_time(
        save_notebook, guards, walks, jp_root_dir, key):
    # Given a notebook saved once, once the scanner is built (every cell walked)
    guards.require_scanner()
    nb = run_log()
    assert (await save_notebook("run.ipynb", nb)).code in (200, 201)
    assert walks == [list(range(12))]

    # When it is saved again byte for byte, no cell is walked (the notebook's other fields are)
    again = await save_notebook("run.ipynb", nb)
    assert again.code == 200 and "jupyter_secrets" not in json.loads(again.body)
    assert walks[1:] == [[]]

    # And a changed cell is walked alone, and a key in it is refused every time
    nb["cells"][3]["source"] = f'token = "{key}"'
    for _ in range(2):
        response = await save_notebook("run.ipynb", nb)
        assert response.code == 422
        assert [f["cell"] for f in json.loads(response.body)["findings"]] == [3]
    assert walks[2:] == [[3], [3]]
    assert key not in (jp_root_dir / "run.ipynb").read_text()


async def test_cells_moved_or_added_keep_their_verdicts_and_new_ones_their_numbers(
        save_notebook, guards, walks, jp_root_dir, key):
    # Given a notebook saved clean
    guards.require_scanner()
    nb = run_log(6)
    assert (await save_notebook("moved.ipynb", nb)).code in (200, 201)

    # When cells are reordered and a clean cell is inserted, only the new one is walked
    nb["cells"] = [markdown("# Fits")] + nb["cells"][::-1]
    assert (await save_notebook("moved.ipynb", nb)).code == 200
    assert walks[1:] == [[0]]

    # And a key pasted into a new cell between them is found under that cell's number
    nb["cells"].insert(4, code(f'key = "{key}"'))
    response = await save_notebook("moved.ipynb", nb)
    assert response.code == 422 and walks[2:] == [[4]]
    assert [(f["cell"], f["where"]) for f in json.loads(response.body)["findings"]] == \
        [(4, "source")]
    assert key not in (jp_root_dir / "moved.ipynb").read_text()


async def test_the_fields_besides_the_cells_are_read_on_every_save(
        save_notebook, guards, walks, jp_root_dir, key):
    # Given a notebook saved clean twice (its cells known clean)
    guards.require_scanner()
    nb = run_log(4)
    for _ in range(2):
        assert (await save_notebook("meta.ipynb", nb)).code in (200, 201)

    # When a key lands in the notebook's metadata and in a field nbformat does not know
    nb["metadata"]["service"] = {"token": key}
    nb["extra"] = f"and {key}"
    response = await save_notebook("meta.ipynb", nb)

    # Then no cell is walked, and both are stripped (metadata's policy) from what is written
    assert response.code == 200 and walks[2:] == [[]]
    stripped = json.loads(response.body)["jupyter_secrets"]["stripped"]
    assert sorted(f["where"] for f in stripped) == ["metadata", "other"]
    assert key not in (jp_root_dir / "meta.ipynb").read_text()


@pytest.mark.parametrize("repeated", ["content", "cells"])
async def test_a_field_repeated_in_the_json_is_read_as_the_server_reads_it(
        put_model, jp_fetch, guards, jp_root_dir, repeated):
    # Given a clean notebook saved, its cells known clean
    guards.require_scanner()
    key = openai_key()
    clean = run_log(3)
    model = {"type": "notebook", "format": "json", "content": clean}
    assert (await put_model("twice.ipynb", model)).code in (200, 201)

    # When a body holds the clean notebook first and, under the same name again, one with a
    # key (JSON keeps the last of a repeated name)
    keyed = run_log(3)
    keyed["cells"][1]["source"] = f'token = "{key}"'
    if repeated == "content":
        body = (f'{{"type": "notebook", "format": "json", "content": {json.dumps(clean)}, '
                f'"content": {json.dumps(keyed)}}}')
    else:
        inner = json.dumps(clean)[:-1] + f', "cells": {json.dumps(keyed["cells"])}}}'
        body = f'{{"type": "notebook", "format": "json", "content": {inner}}}'
    assert json.loads(body)["content"]["cells"][1]["source"] == f'token = "{key}"'
    response = await jp_fetch("api", "contents", "twice.ipynb", method="PUT", body=body,
                              raise_error=False)

    # Then the cells saved are those read, and the key in them is refused
    assert response.code == 422
    assert key not in (jp_root_dir / "twice.ipynb").read_text()


def _put_key_in_first_output(model, **_kwargs):
    if model.get("type") == "notebook":
        output = model["content"]["cells"][0]["outputs"][0]
        output["text"] = "".join(output["text"]) + f"key {_put_key_in_first_output.key}\n"


@pytest.mark.parametrize("where", ["registered first", "configured"])
async def test_a_hook_that_runs_before_the_guard_has_the_whole_model_read(
        save_notebook, guards, jp_serverapp, jp_root_dir, walks, where):
    # Given a notebook saved twice as it is (its cells known clean)
    guards.require_scanner()
    nb = run_log()
    for _ in range(2):
        assert (await save_notebook("hooked.ipynb", nb)).code in (200, 201)
    assert walks == [list(range(12)), []]

    # When another pre-save hook, running before the guard, puts a key into the model
    key = _put_key_in_first_output.key = openai_key()
    cm = jp_serverapp.web_app.settings["contents_manager"]
    if where == "configured":
        cm.pre_save_hook = _put_key_in_first_output
    else:
        cm._pre_save_hooks.insert(0, _put_key_in_first_output)
    try:
        response = await save_notebook("hooked.ipynb", nb)
    finally:
        cm.pre_save_hook = None
        if _put_key_in_first_output in cm._pre_save_hooks:
            cm._pre_save_hooks.remove(_put_key_in_first_output)

    # Then every cell is walked all the same, and the key is stripped from the output
    assert response.code == 200
    assert json.loads(response.body)["jupyter_secrets"]["stripped"][0]["where"] == "outputs"
    assert walks[2:] == [list(range(12))]
    assert key not in (jp_root_dir / "hooked.ipynb").read_text()


def test_the_cells_of_a_request_cover_the_request_model_alone(tmp_path, guards):
    # Given the guard of a contents manager, and a request whose cells are known clean
    scanner = guards.require_scanner()
    saves = SaveGuard(scanner=lambda: scanner, notices=GuardNotices())
    cm = FileContentsManager(root_dir=str(tmp_path))
    cm.register_pre_save_hook(saves.pre_save)
    raw = json.dumps({"type": "notebook", "content": run_log()}).encode()
    request = save_body.parse(raw).save_body("room.ipynb")
    texts = scanner.engine
    texts.note_all_clean(request.cell_digests(texts), texts.generation)

    # When a model that is not the request's (a collaboration room's, saved from a task that
    # inherited the request's context) is saved to the same path, with a key in an output
    key = openai_key()
    room = run_log()
    room["cells"][0]["outputs"][0]["text"] += f"key {key}\n"
    model = {"type": "notebook", "format": "json", "content": room}
    token = current_body.set(request)
    try:
        saves.pre_save(model=model, path="room.ipynb", contents_manager=cm)
    finally:
        current_body.reset(token)

    # Then it is read, and the key stripped
    assert key not in json.dumps(model)


def test_a_cell_that_is_not_an_object_is_redacted_in_the_model(guards):
    # Given a notebook whose cell list holds a bare string with a key, next to a clean cell
    scanner = guards.require_scanner()
    key = openai_key()
    content = run_log(2)
    cells = content["cells"]
    cells.insert(1, f"left here: {key}")

    # When only that cell is walked and its findings redacted
    document = documents.cells_document(content, cells, [1], "odd.ipynb", scanner)
    assert [f.cell for f in document.findings] == [1]
    document.redact({"source", "output", "metadata"})

    # Then the key is gone from the model's own cell list, the other cells are as they were
    assert content["cells"] is cells and len(cells) == 3
    assert key not in json.dumps(content)
    assert "".join(cells[0]["source"]) == "fit(0)" and "".join(cells[2]["source"]) == "fit(1)"


async def test_a_key_in_a_changed_cells_output_is_stripped_from_what_is_written(
        save_notebook, guards, walks, jp_root_dir, key):
    # Given a notebook saved clean
    guards.require_scanner()
    nb = run_log(8)
    assert (await save_notebook("strip.ipynb", nb)).code in (200, 201)

    # When a key lands in one cell's output (outputs are stripped by default)
    nb["cells"][5]["outputs"][0]["text"] += f"token {key}\n"
    response = await save_notebook("strip.ipynb", nb)

    # Then that cell alone is walked, and the file holds the other cells as sent, without it
    assert response.code == 200 and walks[1:] == [[5]]
    assert [(f["cell"], f["where"]) for f in
            json.loads(response.body)["jupyter_secrets"]["stripped"]] == [(5, "outputs")]
    saved = json.loads((jp_root_dir / "strip.ipynb").read_text())
    assert key not in json.dumps(saved) and len(saved["cells"]) == 8
    assert "".join(saved["cells"][4]["outputs"][0]["text"]) == \
        "".join(nb["cells"][4]["outputs"][0]["text"])
