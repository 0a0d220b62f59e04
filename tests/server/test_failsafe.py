"""A server on which jupyter-secrets is enabled but cannot load does not serve unguarded: the
failsafe extension (installed and enabled by the same config file) stops it at start."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .real_server import ServerProcess, free_port

pytestmark = pytest.mark.slow


def _broken_engine(tmp_path):
    """A PYTHONPATH on which the RE2 binding fails to import, as a missing native wheel does."""
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "re2.py").write_text("raise ImportError('no RE2 on this machine')\n")
    return {**os.environ, "PYTHONPATH": str(shadow)}


def _start(tmp_path, extensions: dict, env: dict) -> subprocess.CompletedProcess:
    config = tmp_path / "config.py"
    config.write_text(f"c.ServerApp.jpserver_extensions = {extensions!r}\n")
    return subprocess.run(
        [sys.executable, "-m", "jupyter_server", f"--config={config}", "--ip=127.0.0.1",
         f"--port={free_port()}", "--port-retries=0", f"--ServerApp.root_dir={tmp_path}",
         "--no-browser", "--allow-root"],
        env={**env, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")},
        capture_output=True, text=True, timeout=120)


def test_an_enabled_guard_that_fails_to_load_stops_the_server(tmp_path):
    done = _start(tmp_path, {"jupyter_secrets": True, "jupyter_secrets_failsafe": True},
                  _broken_engine(tmp_path))
    assert done.returncode != 0
    log = done.stdout + done.stderr
    assert "jupyter_secrets | error adding extension" in log  # what jupyter_server alone does
    assert "failed to load" in log and "it stops instead" in log
    assert "is running at" not in log


def test_the_failsafe_is_enabled_by_the_installed_config(tmp_path):
    """The same start with no extension named on the command line: the installed config file
    enables both, so the failsafe is there wherever the guard is."""
    done = _start(tmp_path, {}, _broken_engine(tmp_path))
    assert done.returncode != 0 and "it stops instead" in done.stdout + done.stderr


def test_a_guard_turned_off_on_purpose_is_left_off(tmp_path):
    server = ServerProcess(tmp_path, tmp_path, {"jupyter_secrets": False,
                                                "jupyter_secrets_failsafe": True})
    try:
        assert server.request("GET", "/api/status")[0] == 200
        assert server.request("GET", "/jupyter-secrets/version")[0] == 404
    finally:
        server.stop()


def test_a_guard_that_loads_is_marked_loaded_and_serves(tmp_path):
    server = ServerProcess(tmp_path, tmp_path, {"jupyter_secrets": True,
                                                "jupyter_secrets_failsafe": True})
    try:
        assert server.request("GET", "/jupyter-secrets/version")[0] == 200
    finally:
        server.stop()
