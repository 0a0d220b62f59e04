"""The assistants' guards that live in the Jupyter server, put in place once every extension of
the server is loaded (so that the assistants' own objects exist)."""
from __future__ import annotations

from typing import Any

from .env_file import EnvFileHome
from .live_document import install_refused_history
from .mcp_guard import install_mcp_guard

#: The actor of what jupyter-mcp-server's agents are given, in the audit trail.
MCP_AGENT = "agent:jupyter-mcp-server"


def install_assistant_guards(extension: Any) -> None:
    """Called when the extension loads and again at start (once every extension has loaded);
    ``extension`` is the jupyter-secrets ExtensionApp. Doing it twice changes nothing."""
    from ..server.governed import SETTINGS_KEY as GOVERNANCE_KEY

    services = extension.settings.get(GOVERNANCE_KEY)
    auditor = (services.governance.with_source("mcp", actor=MCP_AGENT).auditor
               if services is not None else None)

    def engine():
        return extension.guards.require_scanner().engine

    install_mcp_guard(engine, auditor)
    home = getattr(extension, "env_file_home", None)
    if home is None:
        home = extension.env_file_home = EnvFileHome(
            lambda: services.governance if services is not None else None, engine,
            extension.serverapp.web_app.settings, extension.guards.known_values,
            parent=extension)
        extension.guards.saves.before_scan = home.before_save
    home.attach_jupyter_ai()
    install_refused_history(extension)
