"""Jupyter AI 3's own secrets manager (jupyter-ai-jupyternaut), installed for real, in a real
Jupyter server with jupyter-secrets: its `.env` holds references, and Jupyter AI still gets the
real values where it reads them, the server process's environment.

Given a `.env` that refers to a key in the secret store, when the server starts, Jupyter AI
applies the file and the environment holds the value (a kernel started afterwards inherits the
server's environment: it reports a digest of what it got, never the value). When a person sets a
key in Jupyter AI's settings (its `PUT /api/jupyternaut/secrets`), the key goes to the store,
the file holds a reference, and neither the file, the browser's view of it, the server log nor
the audit trail holds the value.

Jupyter AI pins packages this environment has in other versions (mcp<2), so the test runs the
server from the virtual environment the assistants' tests build under build/.
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import os
import secrets
import subprocess
import time
import uuid
from pathlib import Path

import httpx2
import pytest
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from jupyter_secrets.assistants.env_file import REFERENCE
from jupyter_secrets.governance.service import Governance
from jupyter_secrets.testing.model_keys import openai_project_key
from tests.assistants.test_jupyter_mcp_server import assert_nowhere
from tests.assistants.test_real_assistants import assistants_venv  # one venv for both tests
from tests.governance.conftest import governance_config
from tests.server.real_server import free_port

pytestmark = [pytest.mark.slow, pytest.mark.anyio]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def anyio_backend():
    return "asyncio"


class Server:
    def __init__(self, tmp: Path, python: Path):
        self.root = tmp / "notebooks"
        self.root.mkdir()
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.config = governance_config(tmp)
        server_config = json.loads(json.dumps(self.config))
        # Jupyter AI's Jupyternaut and what it needs; the venv's other assistants stay off
        server_config["ServerApp"] = {"jpserver_extensions": {
            "jupyter_secrets": True, "jupyter_server_ydoc": False, "notebook_intelligence": False,
            "jupyter_ai_acp_client": False, "jupyter_server_mcp": False}}
        for folder in ("config", "data", "runtime", "home"):
            (tmp / folder).mkdir()
        (tmp / "config" / "jupyter_server_config.json").write_text(json.dumps(server_config))
        env = {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}
        env.update({"JUPYTER_CONFIG_DIR": str(tmp / "config"), "JUPYTER_DATA_DIR": str(tmp / "data"),
                    "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"), "HOME": str(tmp / "home"),
                    "PYTHONPATH": str(ROOT), "LITELLM_LOCAL_MODEL_COST_MAP": "True"})
        self.log_path = tmp / "server.log"
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [str(python), "-m", "jupyter_server", "--ip=127.0.0.1", f"--port={self.port}",
             "--port-retries=0", f"--IdentityProvider.token={self.token}",
             f"--ServerApp.root_dir={self.root}", "--no-browser", "--allow-root"],
            env=env, cwd=str(self.root), stdout=self._log, stderr=subprocess.STDOUT)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    async def wait_for(self, client: httpx2.AsyncClient, line: str, seconds: float = 240) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log()[-3000:]
            if line in self.log():
                return
            await asyncio.sleep(0.3)
        pytest.fail(f"the server never logged {line!r}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)
        self._log.close()


async def kernel_sees(server: Server, client: httpx2.AsyncClient, name: str) -> str:
    """The SHA-256 of ``os.environ[name]`` in a kernel started now (it inherits the server's
    environment), or "unset"."""
    kernel = (await client.post(f"{server.url}/api/kernels", json={"name": "python3"})).json()
    url = f"ws://127.0.0.1:{server.port}/api/kernels/{kernel['id']}/channels"
    ws = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {server.token}"}))
    msg_id = uuid.uuid4().hex
    code = (f"import hashlib, os\nv = os.environ.get({name!r})\n"
            f"print('unset' if v is None else hashlib.sha256(v.encode()).hexdigest())")
    await ws.write_message(json.dumps({
        "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "test",
                   "session": uuid.uuid4().hex, "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell",
        "content": {"code": code, "silent": False, "store_history": False,
                    "user_expressions": {}, "allow_stdin": False}}))
    printed = []
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        message = json.loads(await asyncio.wait_for(ws.read_message(), 90))
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        if message["msg_type"] == "stream":
            printed.append(message["content"]["text"])
        if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
            break
    ws.close()
    await client.delete(f"{server.url}/api/kernels/{kernel['id']}")
    return "".join(printed).strip()


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@pytest.fixture
def server(tmp_path):
    running = None

    def start() -> Server:
        nonlocal running
        running = Server(tmp_path, assistants_venv())
        return running

    yield start
    if running is not None:
        running.stop()


async def test_jupyter_ai_keeps_references_in_env_and_gets_the_values(server, tmp_path):
    stored_key, new_key, other = openai_project_key(), openai_project_key(), openai_project_key()
    # Given a key in the secret store and a .env that refers to it (as a save left it: the key
    # granted to the file), and a reference written by hand to a secret granted elsewhere
    config = governance_config(tmp_path)
    person = Governance(config, actor="alice", source="cli")
    person.set_secret("OPENAI_API_KEY", stored_key, notebook=".env")
    person.set_secret("PROD_API_KEY", other, notebook="prod.ipynb")
    running = server()
    (running.root / ".env").write_text(f'OPENAI_API_KEY="{REFERENCE}OPENAI_API_KEY"\n'
                                       f'STOLEN_API_KEY="{REFERENCE}PROD_API_KEY"\n')
    headers = {"Authorization": f"token {running.token}"}
    async with httpx2.AsyncClient(headers=headers, timeout=120) as client:
        # When Jupyter AI starts and applies .env to the server's environment
        await running.wait_for(client, "Applied '.env' to the environment.")
        # Then what it applied is the value, not the reference
        assert await kernel_sees(running, client, "OPENAI_API_KEY") == digest(stored_key)
        # and a reference to a secret not granted to .env gives nothing
        assert await kernel_sees(running, client, "STOLEN_API_KEY") == "unset"

        # When a person sets a key in Jupyter AI's settings
        reply = await client.put(f"{running.url}/api/jupyternaut/secrets",
                                 json={"updated_secrets": {"ANTHROPIC_API_KEY": new_key}})
        assert reply.status_code in (200, 204), reply.text
        # Then it is in the store, the file refers to it, and Jupyter AI has the value
        gov = Governance(config, actor="alice", source="cli")
        assert gov.backend.get("ANTHROPIC_API_KEY") == new_key
        on_disk = (running.root / ".env").read_text()
        assert f'ANTHROPIC_API_KEY="{REFERENCE}ANTHROPIC_API_KEY"' in on_disk
        assert f'OPENAI_API_KEY="{REFERENCE}OPENAI_API_KEY"' in on_disk
        assert await kernel_sees(running, client, "ANTHROPIC_API_KEY") == digest(new_key)
        listed = (await client.get(f"{running.url}/api/jupyternaut/secrets")).text
        browser = (await client.get(f"{running.url}/api/contents/.env",
                                    params={"content": "1"})).text

    # and no file, reply, log line or audit record holds a value
    records = json.dumps([r.to_json() for r in gov.audit.records()])
    for value in (stored_key, new_key, other):
        for what, text in (("Jupyter AI's list", listed), ("the browser's .env", browser),
                           ("the server log", running.log()), ("the audit trail", records)):
            assert_nowhere(value, text, what)
        assert [p for p in tmp_path.rglob("*") if p.is_file() and "assistants-venv" not in str(p)
                and value.encode() in p.read_bytes()] == []
    assert '"ANTHROPIC_API_KEY"' in listed
