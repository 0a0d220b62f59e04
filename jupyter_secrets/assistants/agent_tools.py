"""What an AI agent may do with secrets: list names, write code that reads one by name, and ask
a person for a grant. No tool returns, accepts or logs a value; every call is audited with the
agent as the actor. The MCP server (`mcp_server`) only adapts these to the protocol.
"""
from __future__ import annotations

import json
import os
import nbformat

from ..cli.files import FileAccessError, replace_atomically
from ..governance import grant_requests
from ..governance.catalog import catalog
from ..governance.names import checked_name
from ..governance.service import Governance

#: Told to the model, so it writes code that reads a secret instead of asking for its value.
USAGE = ('Read a secret in notebook code with `from jupyter_secrets import secret` and '
         '`secret("NAME")`; values are never shown to you, and are redacted from outputs.')


class ToolRefused(Exception):
    """A tool call that cannot be done; the message never repeats a value."""


def _variable_for(name: str, variable: str) -> str:
    chosen = variable or name.replace(".", "_").replace("-", "_")
    if not chosen.isidentifier():
        raise ToolRefused(f"{chosen!r} is not a Python variable name")
    return chosen


def secret_code(name: str, variable: str = "") -> str:
    """The lines that bind `variable` to the secret `name`."""
    return (f"from jupyter_secrets import secret\n"
            f"{_variable_for(name, variable)} = secret({json.dumps(name)})")


class AgentTools:
    """One agent's view of one environment's secrets."""

    def __init__(self, gov: Governance, root: str):
        self.gov = gov
        self.root = os.path.realpath(root)

    def _name(self, name: object) -> str:
        try:
            return checked_name(self.gov.backend.name, name)
        except ValueError as e:  # NotAName: its message never holds the string
            raise ToolRefused(str(e)) from None

    def list_secrets(self) -> dict:
        entries = [{"name": e["name"], "version": e["version"], "updated": e["updated"],
                    "granted_to": [g.get("target", "") for g in e["scope"]]}
                   for e in catalog(self.gov)]
        self.gov.auditor.record("agent-list", "ok", detail=f"{len(entries)} name(s)")
        return {"env": self.gov.env, "secrets": entries, "how_to_use": USAGE}

    def secret_code(self, name: str, variable: str = "") -> str:
        return secret_code(self._name(name), variable)

    def insert_secret_code(self, notebook: str, name: str, variable: str = "",
                           index: int = -1) -> dict:
        """Insert a code cell reading `name` into `notebook` (a path under the root)."""
        name = self._name(name)
        path = self._notebook_path(notebook)
        code = secret_code(name, variable)
        try:
            nb = nbformat.read(path, as_version=4)
        except (OSError, ValueError) as e:
            raise ToolRefused(f"cannot read {notebook}: {type(e).__name__}") from None
        position = len(nb.cells) if index < 0 or index > len(nb.cells) else index
        nb.cells.insert(position, nbformat.v4.new_code_cell(code))
        try:
            replace_atomically(path, nbformat.writes(nb).encode("utf-8"))
        except FileAccessError as e:
            raise ToolRefused(f"cannot write {notebook}: {e}") from None
        relative = os.path.relpath(path, self.root)
        self.gov.auditor.record("agent-insert-code", "ok", name, path=relative,
                                detail=f"cell {position}")
        return {"notebook": relative, "cell": position, "code": code}

    def request_grant(self, name: str, notebook: str, reason: str = "") -> dict:
        name = self._name(name)
        try:
            request = grant_requests.request_grant(self.gov, name, notebook, reason)
        except ValueError as e:
            raise ToolRefused(str(e)) from None
        return {"request": request.to_json(),
                "next": "a person must approve it in the Secrets panel of JupyterLab; ask "
                        "them, then check with grant_request_status"}

    def grant_request_status(self, request_id: str) -> dict:
        try:
            return grant_requests.request_state(self.gov, request_id).to_json()
        except grant_requests.UnknownRequest as e:
            raise ToolRefused(str(e)) from None

    def _notebook_path(self, notebook: str) -> str:
        """`notebook` resolved under the root, links included; anything else is refused."""
        if not isinstance(notebook, str) or not notebook.endswith(".ipynb"):
            raise ToolRefused("name a .ipynb notebook under the server's root")
        full = os.path.realpath(os.path.join(self.root, notebook.lstrip("/")))
        if os.path.commonpath([full, self.root]) != self.root or not os.path.isfile(full):
            raise ToolRefused(f"no notebook {notebook!r} under the root")
        return full
