"""A server killed (SIGKILL) while it saves a large notebook leaves the old file or the new one,
never an empty or partial file, and no key in anything it left behind."""
from __future__ import annotations

import json
import os
import threading
import time

import pytest

from .conftest import openai_key
from .real_server import ServerProcess

pytestmark = pytest.mark.slow

#: Every other extension off: the test starts one server per kill point.
EXTENSIONS = {"jupyter_secrets": True, "jupyterlab": False, "jupyter_server_ydoc": False,
              "jupyter_collaboration": False, "jupyterlab_jupytext": False,
              "notebook": False, "notebook_shim": False, "jupyter_lsp": False, "jupyter_server_fileid": False,
              "jupyter_server_terminals": False}
MB = 1024 * 1024


def big_notebook(label: str, size: int, key: str = "") -> dict:
    line = "".join(f"step {i:6d} loss 0.{i * 7919 % 10**6:06d}\n" for i in range(2000))
    cells = []
    while sum(len(c["outputs"][0]["text"]) for c in cells) < size:
        cells.append({"cell_type": "code", "execution_count": len(cells) + 1,
                      "id": f"c{len(cells):05d}", "metadata": {}, "source": f"train({label!r})",
                      "outputs": [{"output_type": "stream", "name": "stdout", "text": line}]})
    if key:
        cells[len(cells) // 2]["outputs"][0]["text"] += f"api key: {key}\n"
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {"label": label}, "cells": cells}


def folder_state(root):
    return {e.name: (e.stat().st_size, e.stat().st_mtime_ns) for e in os.scandir(root)}


def kill_when(server, root, started: threading.Event, after_change: float = None,
              after_start: float = None) -> None:
    """Kills the server ``after_change`` seconds after the folder first changes, or
    ``after_start`` seconds after the save was sent."""
    before = folder_state(root)
    started.wait(30)
    begun = time.monotonic()
    if after_start is not None:
        time.sleep(after_start)
    else:
        while folder_state(root) == before and time.monotonic() - begun < 60:
            time.sleep(0.0005)
        time.sleep(after_change)
    server.kill()


def every_file(root):
    return [p for p in root.rglob("*") if p.is_file()]


def test_a_killed_save_leaves_the_old_or_the_new_notebook_and_no_key(tmp_path):
    # Given a 25 MB notebook on disk, and a new version of it with a key in an output
    root, work = tmp_path / "root", tmp_path / "work"
    root.mkdir(), work.mkdir()
    key = openai_key()
    old = (json.dumps(big_notebook("old", 25 * MB), indent=1) + "\n").encode()
    body = json.dumps({"type": "notebook", "format": "json",
                       "content": big_notebook("new", 25 * MB, key)}).encode()
    target = root / "big.ipynb"

    # a save that runs to its end gives the new notebook, key stripped, and takes `duration`
    target.write_bytes(old)
    server = ServerProcess(work, root, EXTENSIONS)
    try:
        began = time.monotonic()
        status, _ = server.request("PUT", "/api/contents/big.ipynb", body)
        duration = time.monotonic() - began
        assert status in (200, 201)
    finally:
        server.stop()
    new = target.read_bytes()
    assert key.encode() not in new and json.loads(new)["metadata"]["label"] == "new"

    outcomes = []
    for kill_point in ({"after_change": 0}, {"after_change": 0.05},
                       {"after_start": duration * 0.5}, {"after_start": duration * 0.9}):
        target.write_bytes(old)
        for leftover in every_file(root):
            if leftover != target:
                leftover.unlink()
        server = ServerProcess(work, root, EXTENSIONS)
        started = threading.Event()
        killer = threading.Thread(target=kill_when, args=(server, root, started), kwargs=kill_point)
        killer.start()
        started.set()
        try:
            server.request("PUT", "/api/contents/big.ipynb", body)
        except OSError:  # the server died under the request, as intended
            pass
        killer.join(60)
        server.stop()

        # Then the notebook is the old one or the new one, whole
        data = target.read_bytes()
        assert data in (old, new), f"{kill_point}: {len(data)} bytes, neither old nor new"
        outcomes.append("old" if data == old else "new")
        # and nothing left behind holds the key
        for path in every_file(root):
            assert key.encode() not in path.read_bytes(), f"{kill_point}: key in {path.name}"
    assert "old" in outcomes  # at least one kill landed before the rename
