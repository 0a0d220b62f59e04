"""A real Jupyter server run from a virtual environment of its own, for the assistants' tests.

The assistants pin packages this environment has in other versions (jupyter-ai pins mcp<2), so
their tests build a venv under build/ once, keyed by what it installs; it sees this environment's
packages after its own (a .pth file), jupyter-secrets included. The server runs from it in a
folder of the test's own, with the governance configuration of tests/governance.
"""
from __future__ import annotations

import asyncio
import base64
import json
import os
import secrets
import shutil
import site
import subprocess
import sys
import sysconfig
import time
from pathlib import Path
from typing import Iterable, Sequence

import httpx2
import pytest
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from jupyter_secrets.testing import websockets
from tests.assistants.test_context_guard import encodings
from tests.governance.conftest import governance_config
from tests.kernel_channel import run_over_websocket
from tests.server.real_server import free_port, stop_process

ROOT = Path(__file__).resolve().parents[2]


def build_venv(folder: str, requirements: Sequence[str]) -> Path:
    """The venv's python, built once per set of requirements (uv when it is there: seconds
    where pip takes minutes)."""
    venv = ROOT / "build" / folder
    python, stamp = venv / "bin" / "python", venv / "installed.txt"
    wanted = "\n".join(requirements)
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        see_this_environment(venv)
        return python
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    see_this_environment(venv)
    uv = shutil.which("uv")
    install = ([uv, "pip", "install", "-q", "--python", str(python)] if uv
               else [str(python), "-m", "pip", "install", "-q"])
    subprocess.run(install + list(requirements), check=True, timeout=900)
    stamp.write_text(wanted)
    return python


def see_this_environment(venv: Path) -> None:
    """Puts this environment's site-packages on the venv's path, after its own: the venv's
    pins win, and everything else (jupyter-secrets' dependencies, the test tools) is this
    environment's. ``venv --system-site-packages`` would not do it: run from a virtual
    environment, it links the base interpreter's packages, not this environment's."""
    # the venv's own site-packages: this interpreter's layout, rooted in the venv
    own = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    ours = [path for path in dict.fromkeys(site.getsitepackages() + [sysconfig.get_path("purelib")])
            if Path(path).is_dir()]
    (own / "_this_environment.pth").write_text("".join(f"{path}\n" for path in ours))


class VenvServer:
    """``python -m jupyter_server`` from the venv on a free loopback port, its config, data,
    runtime and home folders under `tmp`, its log in `tmp/server.log`."""

    def __init__(self, tmp: Path, python: Path, server_config: dict, env: dict = None,
                 without_env: Iterable[str] = (), folders: Iterable[str] = ()):
        self.tmp, self.root = tmp, tmp / "notebooks"
        self.root.mkdir()
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.config = governance_config(tmp)
        config = json.loads(json.dumps(self.config))
        config.update(server_config)
        for folder in ("config", "data", "runtime", "home", *folders):
            (tmp / folder).mkdir(parents=True, exist_ok=True)
        (tmp / "config" / "jupyter_server_config.json").write_text(json.dumps(config))
        dropped = set(without_env)
        self.env = {k: v for k, v in os.environ.items() if k not in dropped}
        self.env.update({"JUPYTER_CONFIG_DIR": str(tmp / "config"), "JUPYTER_DATA_DIR": str(tmp / "data"),
                         "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"), "HOME": str(tmp / "home"),
                         "PYTHONPATH": str(ROOT), **(env or {})})
        self.log_path = tmp / "server.log"
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [str(python), "-m", "jupyter_server", "--ip=127.0.0.1", f"--port={self.port}",
             "--port-retries=0", f"--IdentityProvider.token={self.token}",
             f"--ServerApp.root_dir={self.root}", "--no-browser", "--allow-root"],
            env=self.env, cwd=str(self.root), stdout=self._log, stderr=subprocess.STDOUT)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def websocket(self, path: str):
        return websocket_connect(HTTPRequest(
            f"ws://127.0.0.1:{self.port}{path}", headers={"Authorization": f"token {self.token}"}))

    async def wait(self, client: httpx2.AsyncClient, path: str = "/api/status",
                   seconds: float = 300) -> None:
        """Until `path` answers 200 (importing litellm and langchain takes a while)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log()[-3000:]
            try:
                if (await client.get(self.url + path)).status_code == 200:
                    return
            except httpx2.TransportError:
                pass
            await asyncio.sleep(0.3)
        pytest.fail("the Jupyter server did not start")

    async def wait_for_line(self, line: str, seconds: float = 240) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log()[-3000:]
            if line in self.log():
                return
            await asyncio.sleep(0.3)
        pytest.fail(f"the server never logged {line!r}")

    def stop(self) -> None:
        stop_process(self.process)
        self._log.close()


async def run_cell(server: VenvServer, kernel_id: str, code: str, seconds: float = 60) -> list:
    """Runs code in the kernel over the server's websocket; the stream and error messages'
    contents it sent until idle."""
    ws = await server.websocket(f"/api/kernels/{kernel_id}/channels")
    try:
        return await run_over_websocket(ws, code, seconds, kinds=("stream", "error"))
    finally:
        await websockets.close(ws)


def secret_forms(secret: str) -> set:
    raw = secret.encode()
    # base64 at each of the three offsets a value can start at, without the padding
    shifted = {base64.b64encode(b"x" * n + raw).decode()[4 if n else 0:-4] for n in (0, 1, 2)}
    return encodings(secret) | shifted | {secret[::-1], secret[8:24]}


def assert_nowhere(secret: str, text: str, what: str) -> None:
    for form in secret_forms(secret):
        assert form not in text, f"a form of a secret is in {what}"
