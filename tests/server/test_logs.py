"""A secret never reaches the server log, at any level, whatever the guards do with it."""
from __future__ import annotations

import base64
import io
import json
import logging

import pytest
from tornado.httpclient import HTTPClientError

from .conftest import code, notebook, stream, write_notebook


def traces_of(key: str):
    """The key, a distinctive middle part of it, and its base64 at the three alignments."""
    raw = key.encode()
    forms = {key, key[10:40]}
    for offset in range(3):
        encoded = base64.b64encode(b"x" * offset + raw).decode()
        forms.add(encoded[4 + offset * 2:-4])
    return forms


@pytest.fixture
def server_log(jp_serverapp, caplog):
    """Everything logged while the test runs, at DEBUG, by every logger, including those that
    do not propagate (the extension app's own)."""
    caplog.set_level(logging.DEBUG)
    captured = io.StringIO()
    handler = logging.StreamHandler(captured)
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    extension = jp_serverapp.extension_manager.extension_apps["jupyter_secrets"]
    loggers = {logging.getLogger(), jp_serverapp.log, *(app.log for app in extension)}
    loggers |= {lg for lg in logging.Logger.manager.loggerDict.values()
                if isinstance(lg, logging.Logger) and not lg.propagate}
    levels = {lg: lg.level for lg in loggers}
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.DEBUG)
    yield lambda: captured.getvalue() + caplog.text
    for lg, level in levels.items():
        lg.removeHandler(handler)
        lg.setLevel(level)


@pytest.mark.parametrize("guard_config", [{"SaveGuard": {"metadata_policy": "warn"}}])
async def test_no_secret_in_the_log_of_saves_uploads_exports_downloads_and_scans(
        server_log, jp_fetch, save_notebook, put_model, jp_root_dir, jp_nbconvert_templates,
        guards, monkeypatch, key):
    leaky = notebook(code(f'k = "{key}"', outputs=[stream(f"{key}\n")]), metadata={"k": key})
    # blocked, stripped and warned saves
    assert (await save_notebook("a.ipynb", leaky)).code == 422
    await save_notebook("b.ipynb", notebook(code("x", outputs=[stream(key)]), metadata={"k": key}))
    # an upload in chunks, refused after the last one
    data = (f"KEY={key}\n" + "filler line\n" * 12000).encode()
    for number, start in ((1, 0), (-1, 100_000)):
        piece = data[start:start + 100_000] if number == 1 else data[100_000:]
        await put_model("up.env", {"type": "file", "format": "base64", "chunk": number,
                                   "content": base64.b64encode(piece).decode()})
    # exports and downloads of a file written outside Jupyter, and scans
    write_notebook(jp_root_dir / "disk.ipynb", leaky)
    for fmt in ("html", "script", "notebook", "markdown"):
        await jp_fetch("nbconvert", fmt, "disk.ipynb")
    await jp_fetch("files", "disk.ipynb")
    await jp_fetch("jupyter-secrets", "scan", params={"path": "disk.ipynb"})
    await jp_fetch("jupyter-secrets", "scan", method="POST", body=json.dumps({"text": key}))
    # and a guard failure whose exception quotes the content
    engine = guards.require_scanner().engine  # built in the background at start
    monkeypatch.setattr(engine, "scan", lambda text: 1 / 0 if key in text else [])
    monkeypatch.setattr(engine, "scan_many",  # a notebook's texts at once
                        lambda texts: 1 / 0 if any(key in t for t in texts) else [[] for _ in texts])
    assert (await save_notebook("c.ipynb", leaky)).code == 500

    log = server_log()
    assert "save-blocked" in log and "save-stripped" in log and "save-warned" in log
    assert "upload-blocked" in log and "export-stripped" in log and "download-redacted" in log
    assert "ZeroDivisionError" in log
    for trace in traces_of(key):
        assert trace not in log


@pytest.mark.parametrize("guard_config", [{"DownloadGuard": {"secrets_policy": "refuse"}}])
async def test_no_secret_in_the_log_of_refused_downloads(server_log, jp_fetch, jp_root_dir, key):
    (jp_root_dir / "k.txt").write_text(f"{key}\n")

    with pytest.raises(HTTPClientError):
        await jp_fetch("files", "k.txt")

    log = server_log()
    assert "download-refused" in log
    for trace in traces_of(key):
        assert trace not in log
