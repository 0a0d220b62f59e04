"""An agent over the real jupyter-mcp-server, enabled in a real Jupyter server with
jupyter-secrets and jupyter-collaboration, driven by a real MCP client session (the `mcp`
package's Streamable HTTP client on the server's ``/mcp``).

The agent opens a notebook with a key pasted in a cell, reads it back, runs a cell that prints a
`%secret` value and one that prints the pasted key, and reads a cell a collaborator is typing in
the live document (a key whose save the guard refused). No answer, no audit record and no line
of the server log holds a key or the value in any encoding; the agent still sees the cells, with
placeholders.

jupyter-mcp-server needs packages the test environment does not have, so the test builds a
virtual environment under build/ once (it sees this environment's packages, jupyter-secrets
included) and runs the server from it.
"""
from __future__ import annotations

import asyncio
import json
import secrets
import time
from pathlib import Path

import httpx2
import nbformat
import pytest
from jupyter_ydoc import YNotebook
from mcp.client.session import ClientSession
from mcp.client.streamable_http import streamable_http_client
from pycrdt import Provider
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from jupyter_secrets.governance.service import Governance
from jupyter_secrets.testing import websockets
from jupyter_secrets.testing.model_keys import openai_project_key
from tests.assistants.venv_server import VenvServer, assert_nowhere, build_venv
from tests.server.test_collaboration import WebsocketChannel

pytestmark = [pytest.mark.slow, pytest.mark.anyio]

MCP_SERVER = "jupyter-mcp-server==2.2.4"
NAME = "WAREHOUSE_TOKEN"


@pytest.fixture
def anyio_backend():
    return "asyncio"


def mcp_venv() -> Path:
    return build_venv("jupyter-mcp-venv", [MCP_SERVER])


class Server(VenvServer):
    """jupyter-mcp-server as an extension of this server, with jupyter-collaboration."""

    def __init__(self, tmp: Path, python: Path):
        super().__init__(tmp, python, {
            "ServerApp": {"jpserver_extensions": {
                "jupyter_secrets": True, "jupyter_mcp_server": True, "jupyter_server_ydoc": True,
                "jupyter_server_fileid": True}},
            "YDocExtension": {"document_save_delay": 0.2},
            "BaseFileIdManager": {"db_path": str(tmp / "file_id.db")},
            "JupyterMCPServerExtensionApp": {"document_id": ""}})


@pytest.fixture
def server(tmp_path):
    running = Server(tmp_path, mcp_venv())
    yield running
    running.stop()


async def open_live_room(server: Server, client: httpx2.AsyncClient, path: str):
    """A collaborator's Y client on the notebook's room, as JupyterLab opens one."""
    session = (await client.put(f"{server.url}/api/collaboration/session/{path}",
                                json={"format": "json", "type": "notebook"})).json()
    room = f"json:notebook:{session['fileId']}"
    url = (f"ws://127.0.0.1:{server.port}/api/collaboration/room/{room}"
           f"?sessionId={session['sessionId']}")
    connection = await websocket_connect(HTTPRequest(
        url, headers={"Authorization": f"token {server.token}"}))
    return connection, room


async def until(condition, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


def answer_text(result) -> str:
    return json.dumps(result.model_dump(mode="json"))


async def test_an_agent_reads_and_runs_a_notebook_and_never_gets_a_secret(server):
    # Given a notebook with a pasted key, a secret granted to it, and a kernel serving it
    pasted, typed, value = openai_project_key(), openai_project_key(), "w" + secrets.token_urlsafe(47)
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(f'client_key = "{pasted}"'),
        nbformat.v4.new_code_cell(f"%secret {NAME}\nimport base64\nprint({NAME})\n"
                                  f"print(base64.b64encode({NAME}.encode()).decode())"),
        nbformat.v4.new_code_cell("print(client_key)")])
    nbformat.write(nb, str(server.root / "agent.ipynb"))
    on_disk = (server.root / "agent.ipynb").read_bytes()
    headers = {"Authorization": f"token {server.token}"}
    answers = []
    async with httpx2.AsyncClient(headers=headers, timeout=120) as client:
        await server.wait(client)
        added = await client.post(f"{server.url}/jupyter-secrets/secrets",
                                  json={"name": NAME, "value": value, "notebook": "agent.ipynb"})
        assert added.status_code == 201
        started = await client.post(f"{server.url}/api/sessions", json={
            "path": "agent.ipynb", "name": "agent.ipynb", "type": "notebook",
            "kernel": {"name": "python3"}})
        assert started.status_code == 201

        # and a collaborator typing another key into the live document: its save is refused
        connection, room = await open_live_room(server, client, "agent.ipynb")
        ynb = YNotebook()
        async with Provider(ynb.ydoc, WebsocketChannel(connection, room)) as provider:
            await asyncio.wait_for(provider.synced.wait(), 20)
            await until(lambda: ynb.cell_number == 3)
            ynb.append_cell({"cell_type": "code", "source": f'backup_key = "{typed}"',
                             "metadata": {}, "outputs": [], "execution_count": None})
            await asyncio.sleep(1.0)  # the room tried to save (save delay 0.2 s)
            assert (server.root / "agent.ipynb").read_bytes() == on_disk

            # When an agent works on the notebook over MCP
            async with streamable_http_client(f"{server.url}/mcp", http_client=client) as (r, w):
                async with ClientSession(r, w) as session:
                    await session.initialize()
                    calls = {
                        "use": ("use_notebook", {"notebook_name": "agent",
                                                 "notebook_path": "agent.ipynb"}),
                        "read notebook": ("read_notebook", {"notebook_name": "agent"}),
                        "read pasted": ("read_cell", {"cell_index": 0}),
                        "read live": ("read_cell", {"cell_index": 3}),
                        "run pasted": ("execute_cell", {"cell_index": 0}),
                        "run secret": ("execute_cell", {"cell_index": 1}),
                        "print pasted": ("execute_cell", {"cell_index": 2}),
                        "code": ("execute_code", {"code": "print(base64.b64encode(client_key.encode()))"}),
                        "read run": ("read_cell", {"cell_index": 1})}
                    for label, (tool, arguments) in calls.items():
                        result = await session.call_tool(tool, arguments)
                        answers.append((label, answer_text(result)))
                    try:
                        resource = await session.read_resource("notebook://agent")
                        answers.append(("notebook resource", answer_text(resource)))
                    except Exception as error:  # a deployment may withhold the resource
                        answers.append(("notebook resource", str(error)))
        await websockets.close(connection)
        listed = (await client.get(f"{server.url}/jupyter-secrets/assistants")).json()

    # The panel says what is guarded
    [entry] = [a for a in listed["assistants"] if a["package"] == "jupyter-mcp-server"]
    assert entry["guarded"] and entry["version"] == "2.2.4"
    # Then no answer holds a key or the value, in any encoding
    for tool, text in answers:
        for secret in (pasted, typed, value):
            assert_nowhere(secret, text, f"the answer of {tool}")
    said = dict(answers)
    # and the agent still worked: it saw the cells and the runs, with placeholders
    assert 'client_key = \\"[REDACTED:openai-project-key]\\"' in said["read pasted"]
    assert 'backup_key = \\"[REDACTED:openai-project-key]\\"' in said["read live"]
    assert f"[REDACTED:{NAME}]" in said["run secret"]
    assert "[REDACTED:openai-project-key]" in said["print pasted"]
    assert "[REDACTED:openai-project-key]" in said["code"]
    assert "[REDACTED:openai-project-key]" in said["notebook resource"]
    # the audit trail names what was taken out and for whom, never a value
    records = [r.to_json() for r in Governance(server.config, actor="test", source="cli")
               .audit.records()]
    redactions = [r for r in records if r["action"] == "agent-read-redacted"]
    assert redactions and all(r["actor"] == "agent:jupyter-mcp-server" for r in redactions)
    assert any("tool read_cell" in r["detail"] and "cell 0" in r["detail"] for r in redactions)
    log = server.log()
    for secret in (pasted, typed, value):
        assert_nowhere(secret, json.dumps(records), "the audit trail")
        assert_nowhere(secret, log, "the server log")
