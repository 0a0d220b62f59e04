"""The save guard through the real contents API: blocked, stripped and warned saves."""
from __future__ import annotations

import json

import pytest

from .conftest import code, markdown, notebook, stream, write_notebook


def joined(text) -> str:
    return "".join(text) if isinstance(text, list) else text


def checkpoint_files(root):
    folder = root / ".ipynb_checkpoints"
    return {p.name: p.read_bytes() for p in folder.iterdir()} if folder.exists() else {}


async def test_a_key_in_a_source_blocks_the_save_and_leaves_file_and_checkpoints_as_they_were(
        save_notebook, jp_root_dir, jp_fetch, key):
    # Given a notebook saved once without secrets, with a checkpoint
    clean = notebook(markdown("# Analysis"), code("import os"))
    assert (await save_notebook("nb.ipynb", clean)).code in (200, 201)
    await jp_fetch("api", "contents", "nb.ipynb", "checkpoints", method="POST", body="")
    before, checkpoints = (jp_root_dir / "nb.ipynb").read_bytes(), checkpoint_files(jp_root_dir)
    assert checkpoints

    # When the author pastes a key into a cell and saves
    response = await save_notebook("nb.ipynb", notebook(markdown("# Analysis"),
                                                        code(f'client = OpenAI(api_key="{key}")')))

    # Then the save is refused with the findings and how to fix or allow them
    assert response.code == 422
    body = json.loads(response.body)
    assert [(f["cell"], f["where"], f["line"], f["rule"]) for f in body["findings"]] == \
        [(1, "source", 1, "openai-project-key")]
    assert set(body["findings"][0]) == {"path", "cell", "where", "output", "line", "column",
                                        "rule", "fingerprint", "preview"}
    assert "%secret" in body["how_to_fix"] and "# secrets: allow" in body["how_to_allow"]
    assert "cell 2" in body["message"]
    assert key not in response.body.decode() and key[8:20] not in response.body.decode()
    # and nothing on disk changed, byte for byte
    assert (jp_root_dir / "nb.ipynb").read_bytes() == before
    assert checkpoint_files(jp_root_dir) == checkpoints


async def test_a_blocked_first_save_creates_neither_file_nor_checkpoint(save_notebook, jp_root_dir, key):
    response = await save_notebook("new.ipynb", notebook(code(f'KEY = "{key}"')))

    assert response.code == 422
    assert not (jp_root_dir / "new.ipynb").exists()
    assert checkpoint_files(jp_root_dir) == {}


@pytest.mark.parametrize("guard_config", [{"SaveGuard": {"source_policy": "strip"}}])
async def test_strip_mode_saves_with_only_the_key_replaced(save_notebook, jp_root_dir, key):
    cells = [markdown("# Setup"), code(f'token = "{key}"\nprint("ready")'), code("x = 1")]
    response = await save_notebook("nb.ipynb", notebook(*cells))

    assert response.code in (200, 201)
    report = json.loads(response.body)["jupyter_secrets"]
    assert [f["rule"] for f in report["stripped"]] == ["openai-project-key"]
    assert report["reload"] is True
    saved = json.loads((jp_root_dir / "nb.ipynb").read_text())
    assert key not in (jp_root_dir / "nb.ipynb").read_text()
    assert joined(saved["cells"][1]["source"]) == 'token = "REDACTED_OPENAI_PROJECT_KEY"\nprint("ready")'
    # every other cell is what the author sent
    expected = notebook(*cells)
    for index in (0, 2):
        assert saved["cells"][index] == expected["cells"][index]


async def test_a_key_in_an_output_is_stripped_by_default(save_notebook, jp_root_dir, key):
    cells = [code("print(client.api_key)", outputs=[stream(f"{key}\n")]), code("y = 2")]
    response = await save_notebook("out.ipynb", notebook(*cells))

    assert response.code in (200, 201)
    report = json.loads(response.body)["jupyter_secrets"]
    assert [(f["cell"], f["where"], f["output"]) for f in report["stripped"]] == [(0, "outputs", 0)]
    text = (jp_root_dir / "out.ipynb").read_text()
    assert key not in text
    saved = json.loads(text)
    assert joined(saved["cells"][0]["outputs"][0]["text"]) == "[REDACTED:openai-project-key]\n"
    assert joined(saved["cells"][0]["source"]) == "print(client.api_key)"
    assert saved["cells"][1] == notebook(*cells)["cells"][1]
    # the checkpoint made on the first save is a copy of what was written
    assert all(key.encode() not in data for data in checkpoint_files(jp_root_dir).values())


async def test_a_key_in_metadata_is_stripped_by_default(save_notebook, jp_root_dir, key):
    response = await save_notebook("meta.ipynb", notebook(code("x = 1"), metadata={"env": {"OPENAI": key}}))

    assert response.code in (200, 201)
    assert key not in (jp_root_dir / "meta.ipynb").read_text()
    assert json.loads(response.body)["jupyter_secrets"]["stripped"][0]["where"] == "metadata"


@pytest.mark.parametrize("guard_config", [{"SaveGuard": {"source_policy": "warn"}}])
async def test_warn_mode_saves_the_key_and_says_so(save_notebook, jp_root_dir, jp_fetch, key):
    response = await save_notebook("warn.ipynb", notebook(code(f'k = "{key}"')))

    assert response.code in (200, 201)
    report = json.loads(response.body)["jupyter_secrets"]
    assert [f["rule"] for f in report["warned"]] == ["openai-project-key"]
    assert report["stripped"] == [] and report["reload"] is False
    assert key in (jp_root_dir / "warn.ipynb").read_text()
    saves = json.loads((await jp_fetch("jupyter-secrets", "saves", params={"path": "warn.ipynb"})).body)
    assert [n["action"] for n in saves["notices"]] == ["save-warned"]


@pytest.mark.parametrize("guard_config", [{"SaveGuard": {"output_policy": "block"}}])
async def test_output_policy_block_refuses_a_key_in_an_output(save_notebook, jp_root_dir, key):
    response = await save_notebook("o.ipynb", notebook(code("show()", outputs=[stream(key)])))

    assert response.code == 422
    assert json.loads(response.body)["findings"][0]["where"] == "outputs"
    assert not (jp_root_dir / "o.ipynb").exists()


async def test_a_line_marked_allow_is_saved(save_notebook, jp_root_dir, key):
    response = await save_notebook("ok.ipynb", notebook(code(f'EXAMPLE = "{key}"  # secrets: allow')))

    assert response.code in (200, 201)
    assert "jupyter_secrets" not in json.loads(response.body)
    assert key in (jp_root_dir / "ok.ipynb").read_text()


async def test_a_text_file_with_a_key_is_blocked(put_model, jp_root_dir, key):
    (jp_root_dir / "settings.py").write_text("DEBUG = True\n")

    response = await put_model("settings.py", {"type": "file", "format": "text",
                                               "content": f'DEBUG = True\nAPI_KEY = "{key}"\n'})

    assert response.code == 422
    finding = json.loads(response.body)["findings"][0]
    assert (finding["cell"], finding["where"], finding["line"]) == (None, "text", 2)
    assert (jp_root_dir / "settings.py").read_text() == "DEBUG = True\n"


async def test_an_upload_of_a_notebook_with_a_key_is_checked(put_model, jp_root_dir, key):
    # JupyterLab uploads notebooks as base64 files
    import base64

    data = json.dumps(notebook(code(f'k = "{key}"'))).encode()
    response = await put_model("up.ipynb", {"type": "file", "format": "base64",
                                            "content": base64.b64encode(data).decode()})

    assert response.code == 422
    assert json.loads(response.body)["findings"][0]["cell"] == 0
    assert not (jp_root_dir / "up.ipynb").exists()


async def test_copying_a_file_written_outside_jupyter_with_a_key_is_refused(jp_fetch, jp_root_dir, key):
    # Given a notebook a kernel wrote straight to disk, with a key in a cell
    write_notebook(jp_root_dir / "raw.ipynb", notebook(code(f'k = "{key}"')))

    # When the user duplicates it in the file browser
    response = await jp_fetch("api", "contents", "", method="POST", raise_error=False,
                              body=json.dumps({"copy_from": "raw.ipynb"}))

    # Then the copy goes through the save hook and is refused; no copy appears
    assert response.code == 422
    assert sorted(p.name for p in jp_root_dir.glob("*.ipynb")) == ["raw.ipynb"]


async def test_rename_moves_a_file_without_a_check(jp_fetch, jp_root_dir, key):
    # Rename runs no hook: it writes no new content, and exports and downloads still check it.
    write_notebook(jp_root_dir / "a.ipynb", notebook(code(f'k = "{key}"')))

    response = await jp_fetch("api", "contents", "a.ipynb", method="PATCH",
                              body=json.dumps({"path": "b.ipynb"}))

    assert response.code in (200, 201)
    assert (jp_root_dir / "b.ipynb").exists()


async def test_the_save_guard_fails_closed(save_notebook, jp_root_dir, guards, monkeypatch, key):
    # Given a scanner that breaks in the middle of a check
    def broken(*_args, **_kwargs):
        raise RuntimeError(f"internal failure near {key}")

    engine = guards.require_scanner().engine  # built in the background at start
    monkeypatch.setattr(engine, "scan", broken)
    monkeypatch.setattr(engine, "scan_many", broken)  # a notebook's texts at once

    # When a notebook is saved
    response = await save_notebook("nb.ipynb", notebook(code("x = 1")))

    # Then the save is refused with a clear message that holds nothing of the error's text
    assert response.code == 500
    body = json.loads(response.body)
    assert "could not check nb.ipynb" in body["message"] and "RuntimeError" in body["message"]
    assert key not in response.body.decode()
    assert not (jp_root_dir / "nb.ipynb").exists()


async def test_saves_are_told_to_the_panel_by_rest_and_by_event(save_notebook, jp_fetch, jp_serverapp, key):
    heard = []

    async def listener(logger, schema_id, data):
        heard.append(data)

    jp_serverapp.event_logger.add_listener(
        schema_id="https://schema.jupyter.org/jupyter_secrets/guard/v1", listener=listener)

    await save_notebook("a.ipynb", notebook(code(f'k = "{key}"')))
    await save_notebook("a.ipynb", notebook(code("k = 1", outputs=[stream(key)])))

    saves = json.loads((await jp_fetch("jupyter-secrets", "saves", params={"path": "a.ipynb"})).body)
    assert [n["action"] for n in saves["notices"]] == ["save-blocked", "save-stripped"]
    assert [d["action"] for d in heard] == ["save-blocked", "save-stripped"]
    assert key not in json.dumps(saves) and key not in json.dumps(heard)


async def test_a_listener_is_the_seam_for_the_audit_trail(save_notebook, guards, key):
    recorded = []
    guards.notices.connect(recorded.append)

    await save_notebook("a.ipynb", notebook(code(f'k = "{key}"')))

    assert [(n.action, n.path, [f.rule for f in n.findings]) for n in recorded] == \
        [("save-blocked", "a.ipynb", ["openai-project-key"])]


async def test_an_upload_that_is_not_base64_gets_a_clear_error(put_model, jp_root_dir):
    (jp_root_dir / "data.txt").write_text("kept\n")

    response = await put_model("data.txt", {"type": "file", "format": "base64", "content": "not base64!"})

    assert response.code == 400
    assert "not valid base64" in json.loads(response.body)["message"]
    assert (jp_root_dir / "data.txt").read_text() == "kept\n"


async def test_restoring_a_checkpoint_with_a_key_is_refused_and_keeps_the_file(
        save_notebook, jp_fetch, jp_root_dir, key):
    # Given a checkpoint written before the extension guarded this server, with a key in a cell
    assert (await save_notebook("nb.ipynb", notebook(code("x = 1")))).code in (200, 201)
    checkpoint = json.loads((await jp_fetch("api", "contents", "nb.ipynb", "checkpoints")).body)[0]
    write_notebook(jp_root_dir / ".ipynb_checkpoints" / "nb-checkpoint.ipynb",
                   notebook(code(f'k = "{key}"')))
    before = (jp_root_dir / "nb.ipynb").read_bytes()

    # When the user reverts the notebook to that checkpoint
    response = await jp_fetch("api", "contents", "nb.ipynb", "checkpoints", checkpoint["id"],
                              method="POST", body="", raise_error=False)

    # Then the restore is refused with the findings, and the file is what it was
    assert response.code == 422
    assert json.loads(response.body)["findings"][0]["rule"] == "openai-project-key"
    assert (jp_root_dir / "nb.ipynb").read_bytes() == before


async def test_restoring_a_checkpoint_with_a_key_in_an_output_strips_it(
        save_notebook, jp_fetch, jp_root_dir, key):
    assert (await save_notebook("nb.ipynb", notebook(code("x = 1")))).code in (200, 201)
    checkpoint = json.loads((await jp_fetch("api", "contents", "nb.ipynb", "checkpoints")).body)[0]
    write_notebook(jp_root_dir / ".ipynb_checkpoints" / "nb-checkpoint.ipynb",
                   notebook(code("print(k)", outputs=[stream(key)])))

    response = await jp_fetch("api", "contents", "nb.ipynb", "checkpoints", checkpoint["id"],
                              method="POST", body="")

    assert response.code == 204
    restored = (jp_root_dir / "nb.ipynb").read_text()
    assert key not in restored and "print(k)" in restored


@pytest.mark.parametrize("jp_argv", [["--SaveGuard.source_policy=strip"]])
async def test_the_policy_can_be_set_on_the_command_line(save_notebook, guards, key):
    response = await save_notebook("cli.ipynb", notebook(code(f'k = "{key}"')))

    assert guards.saves.source_policy == "strip"
    assert response.code in (200, 201)


def users_own_hook(model, **_kwargs):
    """A hook like the ones people already have: it clears outputs before every save."""
    for cell in model["content"].get("cells", []) if model.get("type") == "notebook" else []:
        cell["metadata"]["cleared_by_user_hook"] = True


# jupyter_server re-applies its config when extensions update it, and warns each time
@pytest.mark.filterwarnings("ignore:Overriding existing pre_save_hook:UserWarning")
@pytest.mark.parametrize("guard_config", [{"FileContentsManager": {"pre_save_hook": users_own_hook}}])
async def test_the_guard_composes_with_the_users_own_pre_save_hook(save_notebook, jp_root_dir, key):
    blocked = await save_notebook("a.ipynb", notebook(code(f'k = "{key}"')))
    saved = await save_notebook("b.ipynb", notebook(code("x = 1")))

    assert blocked.code == 422
    assert saved.code in (200, 201)
    assert json.loads((jp_root_dir / "b.ipynb").read_text())["cells"][0]["metadata"] == \
        {"cleared_by_user_hook": True}
