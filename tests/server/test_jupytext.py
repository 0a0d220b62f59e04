"""The save guard with jupytext, installed the usual way (its server extension puts its own
contents manager in place after ours loaded) or named as the server's contents manager."""
from __future__ import annotations

import json

import nbformat
import pytest
from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager

from .conftest import code, markdown, stream
from .conftest import notebook as on_disk_notebook

pytest.importorskip("jupytext")
#: jupytext's server extension still has the old entry point name, which the server warns about
pytestmark = [
    pytest.mark.filterwarnings(
        "ignore:A `_load_jupyter_server_extension` function was not found:DeprecationWarning"),
    pytest.mark.filterwarnings(
        "ignore:The synchronous ContentsManager classes are deprecated:DeprecationWarning"),
]

AS_EXTENSION = {"ServerApp": {"jpserver_extensions": {"jupyter_secrets": True,
                                                      "jupyterlab_jupytext": True}}}
AS_CLASS = {"ServerApp": {"contents_manager_class": "jupytext.TextFileContentsManager"}}
AS_ASYNC_CLASS = {"ServerApp": {"contents_manager_class": "jupytext.AsyncTextFileContentsManager"}}
SETUPS = pytest.mark.parametrize("guard_config", [AS_EXTENSION, AS_CLASS, AS_ASYNC_CLASS],
                                 ids=["extension", "class", "async-class"])


def notebook(*cells, metadata=None) -> dict:
    """A notebook as JupyterLab sends it: multi-line strings joined, as jupytext expects them."""
    return json.loads(json.dumps(nbformat.reads(json.dumps(on_disk_notebook(*cells, metadata=metadata)),
                                                as_version=4)))


def assert_refused_with_findings(response, key, rule="openai-project-key"):
    assert response.code == 422, response.body
    body = json.loads(response.body)
    assert [f["rule"] for f in body["findings"]] == [rule]
    assert key not in response.body.decode()


def no_key_anywhere(root, key) -> bool:
    return all(key.encode() not in p.read_bytes() for p in root.rglob("*") if p.is_file())


@SETUPS
async def test_jupytext_serves_and_a_plain_notebook_with_a_key_is_refused(
        jp_serverapp, save_notebook, jp_root_dir, key):
    assert hasattr(jp_serverapp.contents_manager, "formats")  # jupytext's manager is in place

    response = await save_notebook("plain.ipynb", notebook(code(f'KEY = "{key}"')))

    assert_refused_with_findings(response, key)
    assert body_cell(response) == 0
    assert not (jp_root_dir / "plain.ipynb").exists()


def body_cell(response):
    return json.loads(response.body)["findings"][0]["cell"]


@SETUPS
async def test_a_paired_notebook_with_a_key_writes_neither_file(save_notebook, jp_root_dir, key):
    nb = notebook(markdown("# Paired"), code(f'KEY = "{key}"'),
                  metadata={"jupytext": {"formats": "ipynb,py:percent"}})

    response = await save_notebook("pair.ipynb", nb)

    assert_refused_with_findings(response, key)
    assert not (jp_root_dir / "pair.ipynb").exists() and not (jp_root_dir / "pair.py").exists()


@SETUPS
async def test_a_paired_notebook_has_its_output_key_stripped_in_both_files(
        save_notebook, jp_root_dir, key):
    nb = notebook(code("print(k)", outputs=[stream(f"{key}\n")]),
                  metadata={"jupytext": {"formats": "ipynb,py:percent"}})

    response = await save_notebook("pair.ipynb", nb)

    assert response.code in (200, 201), response.body
    assert json.loads(response.body)["jupyter_secrets"]["stripped"][0]["where"] == "outputs"
    assert (jp_root_dir / "pair.py").exists()
    assert no_key_anywhere(jp_root_dir, key)


@SETUPS
@pytest.mark.parametrize("name", ["script.py", "notes.md"])
async def test_a_text_notebook_with_a_key_is_refused_and_left_as_it_was(
        save_notebook, jp_root_dir, jp_fetch, key, name):
    # Given a .py or .md file that jupytext opens as a notebook
    (jp_root_dir / name).write_text("# %%\nx = 1\n" if name.endswith(".py") else "Some notes\n")
    before = (jp_root_dir / name).read_bytes()
    opened = await jp_fetch("api", "contents", name, params={"type": "notebook"})
    nb = json.loads(opened.body)["content"]
    assert json.loads(opened.body)["type"] == "notebook"

    # When a key is typed into a cell and the notebook saved
    nb["cells"].append(code(f'KEY = "{key}"'))
    response = await save_notebook(name, nb)

    # Then the save answers the findings and the file is unchanged
    assert_refused_with_findings(response, key)
    assert (jp_root_dir / name).read_bytes() == before


class HookDroppingManager(AsyncLargeFileManager):
    """A contents manager that ignores the hooks it is given."""

    def register_pre_save_hook(self, hook):
        pass


async def test_a_new_contents_manager_is_hooked_before_it_saves(
        jp_serverapp, save_notebook, jp_root_dir, key):
    # Given a manager put in place behind the server's back, after the extension loaded
    jp_serverapp.web_app.settings["contents_manager"] = AsyncLargeFileManager(
        parent=jp_serverapp, root_dir=str(jp_root_dir))

    response = await save_notebook("k.ipynb", notebook(code(f'K = "{key}"')))

    assert_refused_with_findings(response, key)
    assert not (jp_root_dir / "k.ipynb").exists()


async def test_a_contents_manager_that_drops_the_hooks_is_refused(
        jp_serverapp, guards, save_notebook, jp_root_dir):
    manager = HookDroppingManager(parent=jp_serverapp, root_dir=str(jp_root_dir))
    jp_serverapp.web_app.settings["contents_manager"] = manager

    response = await save_notebook("nb.ipynb", notebook(code("x = 1")))

    assert response.code == 503
    assert "save guard" in json.loads(response.body)["message"]
    assert not (jp_root_dir / "nb.ipynb").exists()
    assert "save guard" in guards.hooks.verify(jp_serverapp)  # and the start-up check says so
