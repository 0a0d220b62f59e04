"""`jupyter-secrets mcp` through a real MCP client session over stdio: an agent lists names,
gets code that reads a secret, inserts it into a notebook and asks for a grant that a person
approves; no tool, argument or error ever gives it a value, and every call is audited."""
from __future__ import annotations

import base64
import json
import os
import sys

import nbformat
import pytest
from mcp import StdioServerParameters
from mcp.client.session import ClientSession
from mcp.client.stdio import stdio_client

from jupyter_secrets.governance import grant_requests
from jupyter_secrets.governance.service import Governance
from tests.governance.conftest import governance_config

pytestmark = pytest.mark.anyio

VALUE = "sk-mcp-test-" + "9Qx2Lk7Vb4Nm8Rt1Zp6Yc3Wd"


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def installation(tmp_path, isolated_jupyter_dirs):
    """An installation with one secret stored, and a notebook root with one notebook."""
    config = governance_config(tmp_path)
    path = os.path.join(isolated_jupyter_dirs["JUPYTER_CONFIG_DIR"], "jupyter_secrets_config.json")
    with open(path, "w") as handle:
        json.dump(config, handle)
    person = Governance(config, actor="alice", source="cli")
    person.set_secret("OPENAI_API_KEY", VALUE)
    root = tmp_path / "notebooks"
    (root / "proj").mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]),
                   str(root / "proj" / "chat.ipynb"))
    (tmp_path / "outside.ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook()))
    return {"config": config, "root": root, "person": person, "env": dict(os.environ),
            "tmp": tmp_path}


def server(installation) -> StdioServerParameters:
    return StdioServerParameters(
        command=sys.executable,
        args=["-m", "jupyter_secrets.cli.main", "mcp", "--agent", "test-agent",
              "--root", str(installation["root"])],
        env={k: v for k, v in installation["env"].items() if k.startswith(("JUPYTER", "PATH",
                                                                           "HOME", "PYTHON"))})


def text_of(result) -> str:
    parts = [getattr(c, "text", "") for c in result.content]
    structured = getattr(result, "structured_content", None) or getattr(
        result, "structuredContent", None)
    return "".join(parts) + (json.dumps(structured) if structured else "")


def forms_of(value: str):
    return [value, base64.b64encode(value.encode()).decode()[:-2], value.encode().hex(), value[4:16]]


async def test_an_agent_uses_secrets_by_name_and_never_sees_a_value(installation):
    seen = []
    async with stdio_client(server(installation)) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            tools = {t.name for t in (await session.list_tools()).tools}
            assert tools == {"list_secrets", "secret_code", "insert_secret_code",
                             "request_grant", "grant_request_status"}

            # it lists the names, with how to read them
            listed = await session.call_tool("list_secrets", {})
            seen.append(text_of(listed))
            assert "OPENAI_API_KEY" in text_of(listed) and 'secret(\\"NAME\\")' in text_of(listed)

            # it inserts code that reads the secret by name
            inserted = await session.call_tool("insert_secret_code", {
                "notebook": "proj/chat.ipynb", "name": "OPENAI_API_KEY", "variable": "api_key"})
            seen.append(text_of(inserted))
            assert not inserted.is_error if hasattr(inserted, "is_error") else not inserted.isError

            # it asks for a grant
            asked = await session.call_tool("request_grant", {
                "name": "OPENAI_API_KEY", "notebook": "proj/chat.ipynb", "reason": "chat demo"})
            seen.append(text_of(asked))
            request_id = json.loads(asked.content[0].text)["request"]["id"]

            # and every way of asking for the value gets nowhere
            for tool, arguments in [
                    ("get_secret", {"name": "OPENAI_API_KEY"}),
                    ("secret_code", {"name": VALUE}),  # a value where a name belongs
                    ("request_grant", {"name": VALUE, "notebook": "proj/chat.ipynb"}),
                    ("insert_secret_code", {"notebook": "../outside.ipynb",
                                            "name": "OPENAI_API_KEY"}),
                    ("insert_secret_code", {"notebook": "proj/chat.ipynb",
                                            "name": "OPENAI_API_KEY",
                                            "variable": "x; print(x)"})]:
                try:
                    result = await session.call_tool(tool, arguments)
                except Exception as e:  # an unknown tool may be a protocol error
                    seen.append(str(e))
                    continue
                seen.append(text_of(result))
                assert (result.is_error if hasattr(result, "is_error") else result.isError), tool

            # a person approves the request in the panel; the agent sees the decision
            decided = grant_requests.decide(installation["person"], request_id, approve=True)
            assert decided.state == "approved"
            status = await session.call_tool("grant_request_status", {"request_id": request_id})
            seen.append(text_of(status))
            assert '"approved"' in text_of(status)

    # the notebook now reads the secret by name, and holds no value
    nb = nbformat.read(str(installation["root"] / "proj" / "chat.ipynb"), as_version=4)
    assert nb.cells[-1].source == 'from jupyter_secrets import secret\napi_key = secret("OPENAI_API_KEY")'
    assert json.loads((installation["tmp"] / "outside.ipynb").read_text())["cells"] == []
    # the grant was written, as the person's
    scope = installation["person"].scope("OPENAI_API_KEY")
    assert [g.target for g in scope] == ["proj/chat.ipynb"]
    # no reply, error or audit record holds the value in any form
    audit = [r.to_json() for r in installation["person"].audit.records()]
    everything = "\n".join(seen) + json.dumps(audit)
    for form in forms_of(VALUE):
        assert form not in everything
    # and the agent's calls are in the trail with the agent as actor
    agent_actions = {(r["action"], r["outcome"]) for r in audit if r["actor"] == "agent:test-agent"}
    assert {("agent-list", "ok"), ("agent-insert-code", "ok"),
            ("grant-request", "pending")} <= agent_actions
    assert all(r["source"] == "mcp" for r in audit if r["actor"] == "agent:test-agent")
