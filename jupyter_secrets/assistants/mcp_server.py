"""`jupyter-secrets mcp`: the agent tools over the Model Context Protocol (stdio).

Built on the `mcp` package (its 2.x `MCPServer`, or the 1.x `FastMCP` of the same shape). A
refused call comes back as a tool error whose text never holds a value.
"""
from __future__ import annotations

from typing import Any, Callable

from .agent_tools import USAGE, AgentTools, ToolRefused

INSTRUCTIONS = ("jupyter-secrets keeps API keys out of notebooks. " + USAGE + " To use a "
                "secret a notebook is not granted yet, call request_grant and ask the person to "
                "approve it in the Secrets panel.")


def _server_class() -> Any:
    try:
        from mcp.server.mcpserver import MCPServer
        return MCPServer
    except ImportError:  # mcp 1.x
        from mcp.server.fastmcp import FastMCP
        return FastMCP


def build_server(tools: AgentTools) -> Any:
    server = _server_class()("jupyter-secrets", instructions=INSTRUCTIONS)

    def refusals(fn: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except ToolRefused as e:
                raise ValueError(str(e)) from None
        call.__name__, call.__doc__ = fn.__name__, fn.__doc__
        call.__annotations__ = fn.__annotations__
        call.__wrapped__ = fn  # type: ignore[attr-defined]
        return call

    @server.tool()
    @refusals
    def list_secrets() -> dict:
        """Names of the secrets in this environment, their versions and grants; never values."""
        return tools.list_secrets()

    @server.tool()
    @refusals
    def secret_code(name: str, variable: str = "") -> str:
        """Python code that reads the secret `name` into `variable` at run time."""
        return tools.secret_code(name, variable)

    @server.tool()
    @refusals
    def insert_secret_code(notebook: str, name: str, variable: str = "", index: int = -1) -> dict:
        """Insert a code cell reading the secret `name` into `notebook` (a path under the
        server's root) at cell `index` (-1: at the end)."""
        return tools.insert_secret_code(notebook, name, variable, index)

    @server.tool()
    @refusals
    def request_grant(name: str, notebook: str, reason: str = "") -> dict:
        """Ask a person to grant the secret `name` to `notebook` (a path or glob); they decide
        in the Secrets panel."""
        return tools.request_grant(name, notebook, reason)

    @server.tool()
    @refusals
    def grant_request_status(request_id: str) -> dict:
        """Whether a grant request is pending, approved or denied."""
        return tools.grant_request_status(request_id)

    return server
