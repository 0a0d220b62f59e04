"""The README's Quick start, run as written in a fresh virtual environment.

The commands are read from README.md, so the README and the package cannot drift apart: make the
venv (the PEP 668 line), `pip install ".[lab]"` (the extra brings JupyterLab and a kernel), then
`jupyter lab ...` on the demo notebook, started headless on a free port. Through the running server: the server extension answers, the
labextension is listed, a kernel starts with the kernel extension loaded, and the demo notebook
is reported as holding its fake key.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import uuid
from urllib.request import Request, urlopen

import pytest

from jupyter_secrets.testing import websockets

from ..kernel_channel import run_over_websocket
from .fresh import ROOT, source_snapshot

pytestmark = pytest.mark.slow
TOKEN = uuid.uuid4().hex


def quick_start_commands(readme: str):
    """(venv command, install command, launch command) from the README's Quick start."""
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    first = re.search(r"```bash\n(.+?)\n```", section, re.S).group(1).strip()
    install, launch = [part.strip() for part in first.split("&&", 1)]
    venv = re.search(r"`(python3 -m venv [^`]+)`", section).group(1)
    return venv, install, launch


def test_the_readme_names_the_commands():
    venv, install, launch = quick_start_commands((ROOT / "README.md").read_text())
    assert install == 'pip install ".[lab]"'
    assert launch.startswith("jupyter lab ") and "examples/demo.ipynb" in launch
    assert venv.endswith("&& . .venv/bin/activate")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _api(base: str, path: str, body=None, method=None):
    data = None if body is None else json.dumps(body).encode()
    request = Request(base + path, data=data, method=method or ("POST" if data else "GET"),
                      headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"})
    with urlopen(request, timeout=30) as reply:
        return json.loads(reply.read() or b"null")


def _wait_ready(base: str, server: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "jupyter lab exited"
        try:
            _api(base, "/api/status")
            return
        except OSError:
            time.sleep(0.5)
    pytest.fail("jupyter lab did not answer in time")


async def _execute(base: str, kernel_id: str, code: str) -> str:
    """Runs code in the kernel through the server's websocket; returns what it printed."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    url = base.replace("http", "ws", 1) + f"/api/kernels/{kernel_id}/channels"
    ws = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {TOKEN}"}))
    try:
        return "".join(c["text"] for c in await run_over_websocket(ws, code))
    finally:
        await websockets.close(ws)


def _demo_path(base: str) -> str:
    """The demo's API path: `jupyter lab FILE` serves the file's folder unless told otherwise."""
    names = {item["name"] for item in _api(base, "/api/contents?content=1")["content"]}
    return "examples/demo.ipynb" if "examples" in names else "demo.ipynb"


def test_the_quick_start_works_in_a_fresh_virtual_environment(tmp_path):
    venv_command, install, launch = quick_start_commands((ROOT / "README.md").read_text())
    checkout = tmp_path / "jupyter-secrets"
    source_snapshot(checkout)
    built = ROOT / "jupyter_secrets" / "labextension"
    if (built / "static" / "style.js").exists():  # a frontend built in this checkout is reused
        shutil.copytree(built, checkout / "jupyter_secrets" / "labextension", symlinks=False)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PYTHON", "VIRTUAL_ENV"))}
    env.update(HOME=str(tmp_path / "home"), JUPYTER_PLATFORM_DIRS="1")
    (tmp_path / "home").mkdir()
    done = subprocess.run(["bash", "-c", f"{venv_command} && {install}"], cwd=checkout, env=env,
                          capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    bin_dir = checkout / ".venv" / "bin"
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    env["VIRTUAL_ENV"] = str(checkout / ".venv")

    listed = subprocess.run(["jupyter", "labextension", "list"], cwd=checkout, env=env,
                            capture_output=True, text=True, timeout=120)
    assert re.search(r"jupyter-secrets v\S+ \S*enabled\S* .*OK", listed.stdout + listed.stderr)
    listed = subprocess.run(["jupyter", "server", "extension", "list"], cwd=checkout, env=env,
                            capture_output=True, text=True, timeout=120)
    assert re.search(r"jupyter_secrets \S*enabled", listed.stdout + listed.stderr)

    port = _free_port()
    headless = f" --no-browser --port={port} --ServerApp.port_retries=0 --IdentityProvider.token={TOKEN}"
    log = open(tmp_path / "jupyter-lab.log", "wb")
    server = subprocess.Popen(["bash", "-c", "exec " + launch + headless], cwd=checkout, env=env,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, server)
        assert _api(base, "/jupyter-secrets/version")  # the server extension is loaded
        demo = _demo_path(base)
        scan = _api(base, f"/jupyter-secrets/scan?path={demo}")
        assert [(f["cell"], f["rule"].startswith("openai-")) for f in scan["findings"]] == [(1, True)]
        session = _api(base, "/api/sessions", {"path": demo, "type": "notebook",
                                               "name": "demo.ipynb", "kernel": {"name": "python3"}})
        import asyncio

        printed = asyncio.run(_execute(base, session["kernel"]["id"],
                                       "print('jupyter_secrets' in get_ipython().extension_manager.loaded)"))
        assert printed.strip() == "True"
        _api(base, f"/api/sessions/{session['id']}", method="DELETE")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
