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

import hashlib
import json
from pathlib import Path

import httpx2
import pytest

from jupyter_secrets.assistants.env_file import REFERENCE
from jupyter_secrets.governance.service import Governance
from jupyter_secrets.testing.model_keys import openai_project_key
from tests.assistants.test_real_assistants import assistants_venv  # one venv for both tests
from tests.assistants.venv_server import VenvServer, assert_nowhere, run_cell
from tests.governance.conftest import governance_config

pytestmark = [pytest.mark.slow, pytest.mark.anyio]



@pytest.fixture
def anyio_backend():
    return "asyncio"


class Server(VenvServer):
    """Jupyter AI's Jupyternaut and what it needs; the venv's other assistants stay off, and no
    provider key comes from the test's own environment."""

    def __init__(self, tmp: Path, python: Path):
        super().__init__(tmp, python, {"ServerApp": {"jpserver_extensions": {
            "jupyter_secrets": True, "jupyter_server_ydoc": False, "notebook_intelligence": False,
            "jupyter_ai_acp_client": False, "jupyter_server_mcp": False}}},
            env={"LITELLM_LOCAL_MODEL_COST_MAP": "True"}, without_env=["OPENAI_API_KEY"])


async def kernel_sees(server: Server, client: httpx2.AsyncClient, name: str) -> str:
    """The SHA-256 of ``os.environ[name]`` in a kernel started now (it inherits the server's
    environment), or "unset"."""
    kernel = (await client.post(f"{server.url}/api/kernels", json={"name": "python3"})).json()
    code = (f"import hashlib, os\nv = os.environ.get({name!r})\n"
            f"print('unset' if v is None else hashlib.sha256(v.encode()).hexdigest())")
    printed = await run_cell(server, kernel["id"], code, seconds=90)
    await client.delete(f"{server.url}/api/kernels/{kernel['id']}")
    return "".join(m.get("text", "") for m in printed).strip()


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
        await running.wait_for_line("Applied '.env' to the environment.")
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
