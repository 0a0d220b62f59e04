"""The assistants' guards that live in the Jupyter server, put in place once every extension of
the server is loaded (so that the assistants' own objects exist)."""
from __future__ import annotations

from typing import Any

from .mcp_guard import install_mcp_guard

#: The actor of what jupyter-mcp-server's agents are given, in the audit trail.
MCP_AGENT = "agent:jupyter-mcp-server"


def install_assistant_guards(extension: Any) -> None:
    """Called from the extension's start; ``extension`` is the jupyter-secrets ExtensionApp."""
    from ..server.governed import SETTINGS_KEY as GOVERNANCE_KEY

    services = extension.settings.get(GOVERNANCE_KEY)
    auditor = (services.governance.with_source("mcp", actor=MCP_AGENT).auditor
               if services is not None else None)
    install_mcp_guard(lambda: extension.guards.require_scanner().engine, auditor)
