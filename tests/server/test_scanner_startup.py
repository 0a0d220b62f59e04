"""The scanner is built in the background while the server starts; a save that arrives before
it is ready waits for it and is checked, never passed through."""
from __future__ import annotations

import json
import threading
import time

import pytest

from jupyter_secrets.server import guards as guards_module

from .conftest import code, notebook

RELEASE_AFTER_S = 1.5


@pytest.fixture
def slow_scanner_build(monkeypatch):
    """The scanner build is held until a timer (another thread) lets it finish."""
    gate = threading.Event()
    real = guards_module.build_scanner

    def held(*args, **kwargs):
        gate.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(guards_module, "build_scanner", held)
    return gate


async def test_a_save_before_the_scanner_is_ready_waits_and_is_blocked(
        slow_scanner_build, jp_serverapp, save_notebook, jp_root_dir, key):
    guards = jp_serverapp.web_app.settings["jupyter_secrets_guards"]
    assert guards.scanner is None  # the server is up; the scanner is not built yet
    timer = threading.Timer(RELEASE_AFTER_S, slow_scanner_build.set)
    started = time.monotonic()
    timer.start()
    try:
        response = await save_notebook("early.ipynb", notebook(code(f'api_key = "{key}"')))
    finally:
        timer.cancel()
    assert time.monotonic() - started >= RELEASE_AFTER_S * 0.9  # it waited for the scanner
    assert response.code == 422
    assert [f["rule"] for f in json.loads(response.body)["findings"]] == ["openai-project-key"]
    assert not (jp_root_dir / "early.ipynb").exists()


async def test_a_save_that_outwaits_the_build_is_refused(slow_scanner_build, monkeypatch,
                                                        jp_serverapp, save_notebook, jp_root_dir, key):
    monkeypatch.setattr(guards_module, "SCANNER_BUILD_WAIT_SECONDS", 0.2)
    response = await save_notebook("early.ipynb", notebook(code(f'api_key = "{key}"')))
    assert response.code == 503 and "still being built" in json.loads(response.body)["message"]
    assert not (jp_root_dir / "early.ipynb").exists()
    slow_scanner_build.set()
