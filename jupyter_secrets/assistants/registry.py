"""Which AI assistants are installed beside this server, and what guards their way to a model.

An assistant reads notebooks and sends what it read to a model provider. Until a guard sits on
that path for a given assistant and version, the panel and the server log say it is not
guarded, instead of implying protection. What each one is said to have must stay true: the
tests check each claim against the assistant's real package where it is installed.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from importlib import metadata
from typing import List, Optional


@dataclass(frozen=True)
class KnownAssistant:
    name: str
    package: str
    #: what of its context is kept free of secrets today, whatever its version
    covered: str
    #: what is not, said plainly
    not_covered: str


KNOWN = (
    KnownAssistant("Jupyter AI", "jupyter-ai",
                   covered="outputs of kernels with the jupyter-secrets extension, where fetched "
                           "values and recognised keys are already redacted",
                   not_covered="cell sources and the open document it sends to its model"),
    KnownAssistant("Notebook Intelligence", "notebook-intelligence",
                   covered="outputs of kernels with the jupyter-secrets extension",
                   not_covered="cell sources and the notebook context it sends to its model"),
    KnownAssistant("Jupyter MCP Server", "jupyter-mcp-server",
                   covered="what cells print when an agent runs them, in kernels with the "
                           "jupyter-secrets extension",
                   not_covered="cell sources an agent reads back"),
)


@dataclass(frozen=True)
class AssistantState:
    name: str
    package: str
    version: Optional[str]
    guarded: bool
    covered: str
    not_covered: str

    def to_json(self) -> dict:
        return asdict(self)


def _version(package: str) -> Optional[str]:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def installed_assistants() -> List[AssistantState]:
    """The known assistants installed here; none has a guard on its whole context yet."""
    found = []
    for known in KNOWN:
        version = _version(known.package)
        if version is not None:
            found.append(AssistantState(known.name, known.package, version, guarded=False,
                                        covered=known.covered, not_covered=known.not_covered))
    return found


def agent_server() -> dict:
    """Our own MCP server: agents use secrets by name through it and never see a value."""
    return {"command": "jupyter-secrets mcp", "available": _version("mcp") is not None,
            "tools": ["list_secrets", "secret_code", "insert_secret_code", "request_grant",
                      "grant_request_status"]}
