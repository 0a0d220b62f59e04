"""Folder copies, checkpoints and renames through the contents API, checked file by file like
saves: a key written outside Jupyter is not copied along, nor moved out of the allowlist."""
from __future__ import annotations

import json

import pytest

from .conftest import code, notebook, stream, write_notebook


def files_holding(root, needle: str):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if p.is_file() and needle.encode() in p.read_bytes())


async def post_json(jp_fetch, *parts, body):
    return await jp_fetch(*parts, method="POST", body=json.dumps(body), raise_error=False)


async def test_a_folder_copy_with_a_key_in_a_source_copies_nothing(jp_fetch, jp_root_dir, key):
    # Given a folder whose files a terminal wrote, one with a key in a cell
    write_notebook(jp_root_dir / "proj" / "a.ipynb", notebook(code("x = 1")))
    write_notebook(jp_root_dir / "proj" / "sub" / "b.ipynb", notebook(code(f'K = "{key}"')))
    (jp_root_dir / "dest").mkdir()

    # When the folder is copied
    response = await post_json(jp_fetch, "api", "contents", "dest", body={"copy_from": "proj"})

    # Then the copy is refused with the finding, and nothing was copied
    assert response.code == 422
    body = json.loads(response.body)
    assert [(f["path"], f["rule"]) for f in body["findings"]] == \
        [("dest/proj/sub/b.ipynb", "openai-project-key")]
    assert key not in response.body.decode()
    assert list((jp_root_dir / "dest").iterdir()) == []
    assert files_holding(jp_root_dir, key) == ["proj/sub/b.ipynb"]


async def test_a_folder_copy_strips_keys_in_outputs_of_the_copies(jp_fetch, jp_root_dir, key):
    write_notebook(jp_root_dir / "proj" / "out.ipynb",
                   notebook(code("print(k)", outputs=[stream(f"{key}\n")])))
    (jp_root_dir / "proj" / "deploy.env").write_text("REGION=eu\n")

    response = await post_json(jp_fetch, "api", "contents", "", body={"copy_from": "proj"})

    assert response.code == 201
    copied = json.loads(response.body)["path"]
    assert (jp_root_dir / copied / "deploy.env").read_text() == "REGION=eu\n"
    assert files_holding(jp_root_dir, key) == ["proj/out.ipynb"]  # the original, untouched


async def test_a_checkpoint_of_a_file_written_outside_jupyter_with_a_key_is_refused(
        jp_fetch, jp_root_dir, key):
    write_notebook(jp_root_dir / "nb.ipynb", notebook(code(f'K = "{key}"')))

    response = await jp_fetch("api", "contents", "nb.ipynb", "checkpoints", method="POST",
                              body="", raise_error=False)

    assert response.code == 422
    assert json.loads(response.body)["findings"][0]["rule"] == "openai-project-key"
    assert files_holding(jp_root_dir, key) == ["nb.ipynb"]


async def test_a_checkpoint_has_output_keys_stripped(jp_fetch, jp_root_dir, key):
    write_notebook(jp_root_dir / "nb.ipynb",
                   notebook(code("print(k)", outputs=[stream(f"{key}\n")])))

    response = await jp_fetch("api", "contents", "nb.ipynb", "checkpoints", method="POST", body="")

    assert response.code == 201 and json.loads(response.body)["id"]
    checkpoints = list((jp_root_dir / ".ipynb_checkpoints").iterdir())
    assert len(checkpoints) == 1 and key.encode() not in checkpoints[0].read_bytes()
    assert "".join(json.loads(checkpoints[0].read_text())["cells"][0]["source"]) == "print(k)"


ALLOW_FIXTURES = {"ScanConfig": {"allowlist_paths": ["fixtures/**"]}}


@pytest.mark.parametrize("guard_config", [ALLOW_FIXTURES])
@pytest.mark.parametrize("moved", ["file", "folder"])
async def test_moving_a_key_out_of_an_allowlisted_folder_is_refused(
        jp_fetch, save_notebook, jp_root_dir, key, moved):
    # Given a key saved where the allowlist exempts it (test fixtures)
    (jp_root_dir / "fixtures").mkdir()
    assert (await save_notebook("fixtures/case.ipynb", notebook(code(f'K = "{key}"')))).code in (200, 201)

    # When it is renamed out of there
    old, new = ("fixtures/case.ipynb", "case.ipynb") if moved == "file" else ("fixtures", "cases")
    response = await jp_fetch("api", "contents", old, method="PATCH",
                              body=json.dumps({"path": new}), raise_error=False)

    # Then the move is refused and the file stays where it was
    assert response.code == 422, response.body
    assert json.loads(response.body)["findings"][0]["rule"] == "openai-project-key"
    assert "fixtures/case.ipynb" in files_holding(jp_root_dir, key)
    assert all(p.startswith("fixtures/") for p in files_holding(jp_root_dir, key))


@pytest.mark.parametrize("guard_config", [ALLOW_FIXTURES])
async def test_renames_inside_the_allowlist_or_of_clean_files_go_through(
        jp_fetch, save_notebook, jp_root_dir, key):
    (jp_root_dir / "fixtures").mkdir()
    assert (await save_notebook("fixtures/a.ipynb", notebook(code(f'K = "{key}"')))).code in (200, 201)
    assert (await save_notebook("fixtures/clean.ipynb", notebook(code("x = 1")))).code in (200, 201)

    for old, new in (("fixtures/a.ipynb", "fixtures/b.ipynb"), ("fixtures/clean.ipynb", "clean.ipynb")):
        response = await jp_fetch("api", "contents", old, method="PATCH",
                                  body=json.dumps({"path": new}))
        assert response.code == 200
    assert (jp_root_dir / "fixtures" / "b.ipynb").exists() and (jp_root_dir / "clean.ipynb").exists()
