"""Jupyter AI 3 and Notebook Intelligence, installed for real, in a real Jupyter server with
jupyter-secrets, each pointed at a recording OpenAI-compatible endpoint on 127.0.0.1.

A notebook holds a key pasted in a cell and a key in an output (written before the extension
guarded this folder, as a notebook pulled from git is); a real kernel fetches a secret with
`%secret` and writes it to a file. Each assistant is then asked about the notebook through its
own server API (Jupyter AI: a message to Jupyternaut over jupyterlab-chat's chat websocket, with
the notebook and the file attached, and a call of its notebook tool; Notebook Intelligence: a
chat request over its websocket with the notebook as context). No request the endpoint recorded
holds a key or the value in any encoding, the placeholders are there, the assistants still
answered, and the audit trail records the redactions without a value.

The assistants pin packages this environment has in other versions (jupyter-ai pins mcp<2), so
the test builds a virtual environment under build/ once, keyed by what it installs; it sees this
environment's packages, jupyter-secrets included.
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import secrets
import time
import uuid
from pathlib import Path

import httpx2
import nbformat
import pytest

from jupyter_secrets.governance.service import Governance
from jupyter_secrets.testing.model_endpoint import REPLY, ModelEndpoint, ToolCall
from jupyter_secrets.testing.model_keys import github_classic_token, openai_project_key
from tests.assistants.venv_server import VenvServer, assert_nowhere, build_venv, run_cell

pytestmark = [pytest.mark.slow]

#: What the venv installs: the versions the registry says are guarded.
REQUIREMENTS = ("jupyter-ai[jupyternaut]==3.2.0", "notebook-intelligence==6.2.0")
NAME = "RUN_TOKEN"
MODEL = "openai/recorded-model"
JUPYTERNAUT = "jupyter-ai-personas::jupyter_ai_jupyternaut::JupyternautPersona"


def assistants_venv() -> Path:
    """One venv for the assistants' tests, keyed by what it installs."""
    key = hashlib.sha256("\n".join(REQUIREMENTS).encode()).hexdigest()[:12]
    return build_venv(f"assistants-venv-{key}", REQUIREMENTS)


class Server(VenvServer):
    """Both assistants enabled, chat over websockets (jupyterlab-chat without a collaboration
    provider)."""

    def __init__(self, tmp: Path, python: Path, endpoint: ModelEndpoint):
        model = {"provider": "openai-compatible", "properties": [
            {"id": "api_key", "value": "test-only"}, {"id": "model_id", "value": "recorded-model"},
            {"id": "base_url", "value": endpoint.base_url}, {"id": "context_window", "value": "200000"}]}
        nbi = tmp / "home/.jupyter/nbi"
        nbi.mkdir(parents=True)
        (nbi / "config.json").write_text(json.dumps({
            "chat_model": {**model, "model": "openai-compatible-chat-model"},
            "inline_completion_model": {**model, "model": "openai-compatible-inline-completion-model"},
        }))
        super().__init__(tmp, python, {
            # chat over jupyterlab-chat's websocket (no collaboration provider); Jupyter AI's
            # agent-protocol client and MCP server are not in this test's way to the model
            "ServerApp": {"jpserver_extensions": {
                "jupyter_secrets": True, "jupyter_server_ydoc": False,
                "jupyter_ai_acp_client": False, "jupyter_server_mcp": False}},
            "JupyternautExtension": {"initial_language_model": MODEL, "model_parameters": {
                MODEL: {"api_base": endpoint.base_url}}}},
            env={"OPENAI_API_KEY": "test-only", "LITELLM_LOCAL_MODEL_COST_MAP": "True"})


async def ask_jupyternaut(server: Server, attachments) -> list:
    """A message to Jupyternaut in a chat, as the chat panel sends it; the chat's messages
    until Jupyternaut answered."""
    ws = await server.websocket("/api/chat/ws/notebook-help.chat")
    seen = [json.loads(await asyncio.wait_for(ws.read_message(), 30))]  # the connection frame
    ws.write_message(json.dumps({
        "type": "client", "action": "send", "id": uuid.uuid4().hex,
        "body": "What does assistant.ipynb do?", "mentions": [],
        "metadata": {"to_persona": JUPYTERNAUT},
        "attachments": [{"type": "file", "value": path} for path in attachments]}))
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        frame = json.loads(await asyncio.wait_for(ws.read_message(), 120))
        seen.append(frame)
        message = frame.get("message") or {}
        if message.get("sender") == JUPYTERNAUT and REPLY in (message.get("body") or ""):
            break
    ws.close()
    return seen


async def ask_notebook_intelligence(server: Server, notebook_text: str, cell: dict) -> list:
    """A chat request over Notebook Intelligence's websocket with the notebook as context, as
    its chat sidebar sends it; the stream until it ends."""
    ws = await server.websocket("/notebook-intelligence/copilot")
    message_id = uuid.uuid4().hex
    ws.write_message(json.dumps({"id": message_id, "type": "chat-request", "data": {
        "chatId": uuid.uuid4().hex, "prompt": "What does this notebook do?",
        "language": "python", "filename": "assistant.ipynb", "chatMode": "ask",
        "additionalContext": [{"filePath": "assistant.ipynb", "content": notebook_text,
                               "startLine": 1, "endLine": notebook_text.count("\n") + 1,
                               "currentCellContents": cell}]}}))
    frames = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        frame = json.loads(await asyncio.wait_for(ws.read_message(), 120))
        if frame.get("id") != message_id:
            continue
        frames.append(frame)
        if frame.get("type") == "stream-end":
            break
    ws.close()
    return frames


@pytest.fixture
def endpoint():
    with ModelEndpoint(tool_call=ToolCall("read_notebook_cells",
                                          {"notebook_path": "assistant.ipynb"})) as served:
        yield served


@pytest.fixture
def server(tmp_path, endpoint):
    running = Server(tmp_path, assistants_venv(), endpoint)
    yield running
    running.stop()


def test_assistants_send_no_secret_to_their_model(server, endpoint):
    asyncio.run(_assistants_send_no_secret_to_their_model(server, endpoint))


async def _assistants_send_no_secret_to_their_model(server: Server, endpoint: ModelEndpoint):
    pasted, printed, value = openai_project_key(), github_classic_token(), "w" + secrets.token_urlsafe(30)
    # Given a notebook with a pasted key and a key in an output, written to disk directly
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(f'client = OpenAI(api_key="{pasted}")'),
        nbformat.v4.new_code_cell("print(os.environ['GH_TOKEN'])", outputs=[
            nbformat.v4.new_output("stream", name="stdout", text=f"{printed}\n")]),
        nbformat.v4.new_code_cell(f"%secret {NAME}\nopen('run-notes.txt', 'w').write({NAME})")])
    nbformat.write(nb, str(server.root / "assistant.ipynb"))
    headers = {"Authorization": f"token {server.token}"}
    async with httpx2.AsyncClient(headers=headers, timeout=120) as client:
        await server.wait(client, "/jupyter-secrets/version")
        # and a secret granted to it, fetched by a real kernel and written to a file
        added = await client.post(f"{server.url}/jupyter-secrets/secrets",
                                  json={"name": NAME, "value": value, "notebook": "assistant.ipynb"})
        assert added.status_code == 201, added.text
        session = (await client.post(f"{server.url}/api/sessions", json={
            "path": "assistant.ipynb", "name": "assistant.ipynb", "type": "notebook",
            "kernel": {"name": "python3"}})).json()
        ran = json.dumps(await run_cell(server, session["kernel"]["id"], nb.cells[2].source))
        assert "error" not in ran and (server.root / "run-notes.txt").read_text() == value
        assistants = (await client.get(f"{server.url}/jupyter-secrets/assistants")).json()

        # When each assistant is asked about the notebook
        chat = await ask_jupyternaut(server, ["assistant.ipynb", "run-notes.txt"])
        jupyter_ai_requests = len(endpoint.chat_requests())
        notebook_text = (server.root / "assistant.ipynb").read_text() + "\n" + value
        stream = await ask_notebook_intelligence(server, notebook_text, {
            "input": nb.cells[1].source, "output": printed})
        await client.delete(f"{server.url}/api/sessions/{session['id']}")

    # Then both answered, and what their model got holds no key and no value in any form
    answers = [f["message"]["body"] for f in chat
               if (f.get("message") or {}).get("sender") == JUPYTERNAUT]
    assert any(REPLY in a for a in answers), json.dumps(chat)[-2000:]
    assert REPLY.split()[-1] in json.dumps(stream), json.dumps(stream)[-2000:]
    recorded = endpoint.chat_requests()
    assert 2 <= jupyter_ai_requests < len(recorded)
    bodies = [r.body.decode("utf-8", "replace") for r in recorded]
    for body in bodies:
        for secret in (pasted, printed, value):
            assert_nowhere(secret, body, "a request to the model")
    jupyter_ai, nbi = "".join(bodies[:jupyter_ai_requests]), "".join(bodies[jupyter_ai_requests:])
    for sent in (jupyter_ai, nbi):
        assert "[REDACTED:openai-project-key]" in sent and "[REDACTED:github-pat-classic]" in sent
        assert "[REDACTED:kernel-fetched-secret]" in sent
    # Jupyter AI's agent read the notebook with its tool, and the tool's result was redacted too
    assert any('"role":"tool"' in b.replace(" ", "") and "[REDACTED:" in b
               for b in bodies[:jupyter_ai_requests])
    # the panel is told both are guarded
    guarded = {a["package"]: a["guarded"] for a in assistants["assistants"]}
    assert guarded == {"jupyter-ai": True, "notebook-intelligence": True}
    # and the audit trail names each redaction, by rule and assistant, never a value
    records = [r.to_json() for r in Governance(server.config, actor="test", source="cli")
               .audit.records()]
    taken = [r for r in records if r["action"] == "model-request-redacted"]
    assert {r["detail"].split(":")[0] for r in taken} == {"Jupyter AI", "Notebook Intelligence"}
    assert any("openai-project-key" in r["detail"] for r in taken)
    assert any(r["path"] == "assistant.ipynb" for r in taken if "Notebook" in r["detail"])
    log = server.log()
    for secret in (pasted, printed, value):
        assert_nowhere(secret, json.dumps(records), "the audit trail")
        assert_nowhere(secret, log, "the server log")
