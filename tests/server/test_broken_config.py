"""A guard that cannot build its scanner refuses what it cannot check, and says why."""
from __future__ import annotations

import json

import pytest
from tornado.httpclient import HTTPClientError

from .conftest import code, notebook, write_notebook


@pytest.fixture
def guard_config():
    return {"ScanConfig": {"allowlist_regexes": ["(unclosed"]}}


async def test_saves_are_refused_with_the_reason(save_notebook, jp_root_dir):
    response = await save_notebook("nb.ipynb", notebook(code("x = 1")))

    assert response.code == 503
    message = json.loads(response.body)["message"]
    assert "jupyter-secrets is not working on this server" in message and "(unclosed" in message
    assert not (jp_root_dir / "nb.ipynb").exists()


async def test_text_downloads_and_exports_are_refused_binary_files_still_served(jp_fetch, jp_root_dir):
    write_notebook(jp_root_dir / "nb.ipynb", notebook(code("x = 1")))
    (jp_root_dir / "image.png").write_bytes(b"\x89PNG\0\0")

    for parts in (("files", "nb.ipynb"), ("nbconvert", "script", "nb.ipynb"),
                  ("jupyter-secrets", "scan")):
        with pytest.raises(HTTPClientError) as refused:
            await jp_fetch(*parts, params={"path": "nb.ipynb"})
        assert refused.value.code in (500, 503)
    assert (await jp_fetch("files", "image.png")).body == b"\x89PNG\0\0"
