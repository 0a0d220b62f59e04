"""A notebook saved again as it is is not walked again: the request's raw bytes, found clean
before, are clean again. Nothing else may ride on that verdict: another model than the
request's, a hook that changed the model first, a key in the bytes."""
from __future__ import annotations

import json

import pytest
from jupyter_server.services.contents.filemanager import FileContentsManager

from jupyter_secrets.server import documents
from jupyter_secrets.server.notices import GuardNotices
from jupyter_secrets.server.save_guard import SaveBody, SaveGuard, current_body

from .conftest import code, notebook, openai_key, stream


@pytest.fixture
def walks(monkeypatch):
    """Every notebook the save guard walks for texts."""
    walked = []
    original = documents.iter_units

    def recording(nb, *args, **kwargs):
        walked.append(nb)
        return original(nb, *args, **kwargs)

    monkeypatch.setattr(documents, "iter_units", recording)
    return walked


def run_log(cells: int = 12) -> dict:
    return notebook(*[code(f"fit({i})", outputs=[stream(f"epoch {i} loss 0.{i:03d}\n" * 20)])
                      for i in range(cells)])


async def test_the_same_bytes_again_are_not_walked_and_any_change_is(
        save_notebook, guards, walks, jp_root_dir, key):
    # Given a notebook saved twice, once the scanner is built (walked both times: a body is
    # hashed only when its size is that of the last clean one for its path)
    guards.require_scanner()
    nb = run_log()
    for _ in range(2):
        assert (await save_notebook("run.ipynb", nb)).code in (200, 201)
    assert len(walks) == 2

    # When it is saved again byte for byte, it is written without a walk
    again = await save_notebook("run.ipynb", nb)
    assert again.code == 200 and "jupyter_secrets" not in json.loads(again.body)
    assert len(walks) == 2

    # And a changed cell makes the next save walked, and a key in it is refused every time
    nb["cells"][3]["source"] = f'token = "{key}"'
    for _ in range(2):
        assert (await save_notebook("run.ipynb", nb)).code == 422
    assert len(walks) == 4
    assert key not in (jp_root_dir / "run.ipynb").read_text()


def add_line(output: dict, line: str) -> None:
    """Appends a line to a stream output, its text a string or a list of lines."""
    if isinstance(output["text"], list):
        output["text"].append(line)
    else:
        output["text"] += line


def _put_key_in_first_output(model, **_kwargs):
    if model.get("type") == "notebook":
        add_line(model["content"]["cells"][0]["outputs"][0], f"key {_put_key_in_first_output.key}\n")


@pytest.mark.parametrize("where", ["registered first", "configured"])
async def test_a_hook_that_runs_before_the_guard_has_its_model_read(
        save_notebook, guards, jp_serverapp, jp_root_dir, walks, where):
    # Given a notebook saved three times as it is (its bytes known clean)
    guards.require_scanner()
    nb = run_log()
    for _ in range(3):
        assert (await save_notebook("hooked.ipynb", nb)).code in (200, 201)
    assert len(walks) == 2

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

    # Then the same bytes are walked all the same, and the key is stripped from the output
    assert response.code == 200
    assert json.loads(response.body)["jupyter_secrets"]["stripped"][0]["where"] == "outputs"
    assert len(walks) == 3
    assert key not in (jp_root_dir / "hooked.ipynb").read_text()


def test_a_clean_body_verdict_covers_the_request_model_alone(tmp_path, guards):
    # Given the guard of a contents manager, and a request body whose bytes are known clean
    scanner = guards.require_scanner()
    saves = SaveGuard(scanner=lambda: scanner, notices=GuardNotices())
    cm = FileContentsManager(root_dir=str(tmp_path))
    cm.register_pre_save_hook(saves.pre_save)
    request = run_log()
    body = SaveBody("room.ipynb", 5, scanner.engine.save_digest("room.ipynb", b"{...}"),
                    request["cells"])
    scanner.engine.note_clean(body.digest, scanner.engine.generation)

    # When a model that is not the request's (a collaboration room's, saved from a task that
    # inherited the request's context) is saved to the same path, with a key in an output
    key = openai_key()
    room = run_log()
    add_line(room["cells"][0]["outputs"][0], f"key {key}\n")
    assert key in json.dumps(room)
    model = {"type": "notebook", "format": "json", "content": room}
    token = current_body.set(body)
    try:
        saves.pre_save(model=model, path="room.ipynb", contents_manager=cm)
    finally:
        current_body.reset(token)

    # Then it is read, and the key stripped
    assert key not in json.dumps(model)


async def test_a_body_of_the_same_size_is_hashed_and_a_changed_byte_walked(
        save_notebook, guards, walks, jp_root_dir, key, monkeypatch):
    # Given a notebook saved as it is until its bytes are known clean
    guards.require_scanner()
    nb = run_log()
    nb["cells"][5]["source"] = f'token = "{"a" * len(key)}"'
    for _ in range(3):
        assert (await save_notebook("same.ipynb", nb)).code in (200, 201)
    assert len(walks) == 2
    texts = guards.require_scanner().engine
    hashed = []
    save_digest = texts.save_digest
    monkeypatch.setattr(texts, "save_digest",
                        lambda path, body: hashed.append(len(body)) or save_digest(path, body))

    # When a cell changes length, the body is not hashed (it cannot be the same bytes)
    nb["cells"][2]["source"] += "\nfit(2, again=True)"
    assert (await save_notebook("same.ipynb", nb)).code == 200
    assert hashed == [] and len(walks) == 3

    # And a key of the very length of what it replaces makes a body of the size last found
    # clean: it is hashed, does not match, is walked and refused
    for _ in range(2):  # hashed both times: known clean from the second on
        assert (await save_notebook("same.ipynb", nb)).code == 200
    assert len(walks) == 4
    nb["cells"][5]["source"] = f'token = "{key}"'
    response = await save_notebook("same.ipynb", nb)
    assert response.code == 422 and len(walks) == 5
    assert len(hashed) == 3 and len(set(hashed)) == 1
    assert key not in (jp_root_dir / "same.ipynb").read_text()
