"""The guard on jupyter-mcp-server's answers, on a real `MCPServer` of the `mcp` package driven
by a real client session: tool results, tool errors, resources and prompts come back redacted;
when the scanner cannot check, the answer is refused; each redaction is audited, never a value.
(The test against the real jupyter-mcp-server and a real Jupyter server is
`test_jupyter_mcp_server.py`.)"""
from __future__ import annotations

import json

import pytest
from mcp import Client
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError

from jupyter_secrets.assistants.mcp_guard import (MARK, McpAnswerGuard, audit_recorder,
                                                  guard_server)
from jupyter_secrets.detection.engine import Engine
from jupyter_secrets.server.known_values import KnownValues, KnownValuesEngine
from jupyter_secrets.testing.model_keys import openai_project_key, opaque_value
from tests.assistants.test_context_guard import assert_nowhere

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture(scope="module")
def base_engine():
    return Engine()


class Trail:
    """An auditor that keeps what it is given (the real trail is in the server test)."""

    def __init__(self):
        self.records = []

    def record(self, action, outcome, secret="", version="", detail="", path=None):
        self.records.append({"action": action, "outcome": outcome, "detail": detail,
                             "path": path})


def notebook_server(key: str, fetched: str) -> MCPServer:
    """An MCP server shaped like jupyter-mcp-server's: it reads cells and runs code."""
    server = MCPServer("notebook-agent-test")

    @server.tool()
    def read_cell(cell_index: int) -> list:
        """A cell's source and outputs, as jupyter-mcp-server answers them."""
        return [f"=====Cell {cell_index} | type: code=====", f'client = OpenAI(api_key="{key}")',
                f"printed: {fetched}"]

    @server.tool()
    def execute_code(code: str) -> str:
        """Fails the way a kernel error comes back: with what the code held."""
        raise ToolError(f"NameError in cell: {key} is not defined")

    @server.resource("notebook://{name}")
    def notebook(name: str) -> str:
        return json.dumps({"cells": [{"source": f"key = '{key}'"}]})

    @server.prompt()
    def explain(cell: str) -> str:
        return f"Explain this cell: token = '{key}'"

    return server


@pytest.fixture
def secrets_():
    return openai_project_key(), opaque_value(40)


@pytest.fixture
def engine(base_engine, secrets_):
    known = KnownValues()
    known.add(secrets_[1])  # a value a kernel fetched: only its fingerprint finds it
    return KnownValuesEngine(base_engine, known)


def text_of(result) -> str:
    return json.dumps(result.model_dump(mode="json"))


async def test_every_answer_of_the_server_comes_back_redacted(engine, secrets_):
    key, fetched = secrets_
    server, trail = notebook_server(key, fetched), Trail()
    guard_server(server, McpAnswerGuard(lambda: engine, audit_recorder(trail)))
    seen = []
    async with Client(server) as session:
        read = await session.call_tool("read_cell", {"cell_index": 3})
        seen.append(text_of(read))
        failed = await session.call_tool("execute_code", {"code": "print(1)"})
        seen.append(text_of(failed))
        resource = await session.read_resource("notebook://agent")
        seen.append(text_of(resource))
        prompt = await session.get_prompt("explain", {"cell": "3"})
        seen.append(text_of(prompt))

    assert_nowhere(key, *seen)
    assert_nowhere(fetched, *seen)
    # the agent still gets the cell, with placeholders where the secrets were
    assert "[REDACTED:openai-project-key]" in seen[0] and "[REDACTED:kernel-fetched-secret]" in seen[0]
    assert failed.is_error and "NameError in cell: [REDACTED:openai-project-key]" in seen[1]
    assert "[REDACTED:openai-project-key]" in seen[2] and "[REDACTED:openai-project-key]" in seen[3]
    # one audit record per redacted answer: what, which rules, where, which cell; no value
    assert [r["action"] for r in trail.records] == ["agent-read-redacted"] * 4
    assert "tool read_cell" in trail.records[0]["detail"] and "cell 3" in trail.records[0]["detail"]
    assert_nowhere(key, trail.records)
    assert_nowhere(fetched, trail.records)


async def test_a_clean_answer_is_left_as_it_was(engine):
    server = MCPServer("clean")

    @server.tool()
    def read_cell(cell_index: int) -> list:
        """A cell with nothing secret in it."""
        return ["x = 1", "print(x)"]

    trail = Trail()
    guard_server(server, McpAnswerGuard(lambda: engine, audit_recorder(trail)))
    async with Client(server) as session:
        result = await session.call_tool("read_cell", {"cell_index": 0})
    assert [c.text for c in result.content] == ["x = 1", "print(x)"]
    assert trail.records == []


async def test_when_the_scanner_cannot_check_the_answer_is_refused(secrets_):
    key, _ = secrets_
    server = notebook_server(key, "unused")

    def broken():
        raise RuntimeError("the scanner is still being built")

    guard_server(server, McpAnswerGuard(broken))
    async with Client(server) as session:
        result = await session.call_tool("read_cell", {"cell_index": 0})
    assert result.is_error
    assert "did not send" in text_of(result) or "not available" in text_of(result)
    assert_nowhere(key, text_of(result))


async def test_an_audit_trail_that_cannot_record_stops_the_answer(engine, secrets_):
    key, fetched = secrets_
    server = notebook_server(key, fetched)

    class FullTrail:
        def record(self, *args, **kwargs):
            raise OSError("the audit trail cannot be written")

    guard_server(server, McpAnswerGuard(lambda: engine, audit_recorder(FullTrail())))
    async with Client(server) as session:
        result = await session.call_tool("read_cell", {"cell_index": 0})
    assert result.is_error
    assert_nowhere(key, text_of(result))


def test_a_server_is_guarded_once(engine):
    server = MCPServer("twice")
    guard = McpAnswerGuard(lambda: engine)
    guard_server(server, guard)
    wrapped = server.call_tool
    guard_server(server, McpAnswerGuard(lambda: engine))
    assert server.call_tool is wrapped and getattr(server, MARK) is guard
