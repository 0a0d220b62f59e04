"""Which AI assistants are installed beside this server, and what guards their way to a model.

An assistant reads notebooks and sends what it read to a model provider. The model guard
(`http_guard`) checks every request the server process sends to a model; an assistant is said
to be guarded only when that guard is running and its version is one the guard is tested
against with the real package (`tests/assistants/test_real_assistants.py`). Any other version
is reported unguarded, in the panel and the server log, instead of implying protection.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from importlib import metadata
from typing import List, Optional, Tuple


@dataclass(frozen=True)
class KnownAssistant:
    name: str
    package: str
    #: what of its context is kept free of secrets today, whatever its version
    covered: str
    #: what is not, said plainly
    not_covered: str
    #: versions whose model requests the guard is tested against, with the real package
    tested: Tuple[str, ...] = ()
    #: what the guard covers for a tested version
    guarded_covers: str = ""
    #: what it leaves, for a tested version
    guarded_leaves: str = ""
    #: which guard covers it: "model" (its requests to a model) or "agent" (what an agent reads
    #: back through it, `mcp_guard`)
    guard: str = "model"


_MODEL_GUARD = ("every request it sends to its model from the Jupyter server (chat messages, "
                "notebook cells and outputs, tool results): recognised keys and values fetched by "
                "kernels are replaced by placeholders")
_MODEL_GUARD_LEAVES = ("requests made from the browser or by other processes (a model it runs "
                       "as a separate agent), and secrets no rule recognises that no kernel fetched")

KNOWN = (
    KnownAssistant("Jupyter AI", "jupyter-ai",
                   covered="outputs of kernels with the jupyter-secrets extension, where fetched "
                           "values and recognised keys are already redacted",
                   not_covered="cell sources and the open document it sends to its model",
                   tested=("3.2.0",), guarded_covers=_MODEL_GUARD,
                   guarded_leaves=_MODEL_GUARD_LEAVES),
    KnownAssistant("Notebook Intelligence", "notebook-intelligence",
                   covered="outputs of kernels with the jupyter-secrets extension",
                   not_covered="cell sources and the notebook context it sends to its model",
                   tested=("6.2.0",), guarded_covers=_MODEL_GUARD,
                   guarded_leaves=_MODEL_GUARD_LEAVES),
    KnownAssistant("Jupyter MCP Server", "jupyter-mcp-server",
                   covered="what cells print when an agent runs them, in kernels with the "
                           "jupyter-secrets extension",
                   not_covered="cell sources an agent reads back",
                   tested=("2.2.4",), guard="agent",
                   guarded_covers=("what an agent reads back through it when it runs as an "
                                   "extension of this server (cell sources from the file or the "
                                   "live document, outputs and cell runs, resources, prompts, "
                                   "errors): recognised keys and values fetched by kernels are "
                                   "replaced by placeholders"),
                   guarded_leaves=("a jupyter-mcp-server started on its own, which reaches "
                                   "Jupyter over HTTP from another process, the JupyterLab "
                                   "commands it routes to jupyter-mcp-tools, and secrets no rule "
                                   "recognises that no kernel fetched")),
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


def installed_assistants(model_guard: Optional[bool] = None,
                         agent_guard: Optional[bool] = None) -> List[AssistantState]:
    """The known assistants installed here, each guarded or not; ``model_guard`` says whether
    the model guard runs (by default: whether it is installed in this process), ``agent_guard``
    whether jupyter-mcp-server runs in this process with its answers guarded."""
    if model_guard is None:
        from .http_guard import installed

        model_guard = installed()
    if agent_guard is None:
        from .mcp_guard import is_guarded

        agent_guard = is_guarded()
    found = []
    for known in KNOWN:
        version = _version(known.package)
        if version is None:
            continue
        running = agent_guard if known.guard == "agent" else model_guard
        if running and version in known.tested:
            state = AssistantState(known.name, known.package, version, guarded=True,
                                   covered=known.guarded_covers, not_covered=known.guarded_leaves)
        elif running and known.tested:
            state = AssistantState(
                known.name, known.package, version, guarded=False, covered=known.covered,
                not_covered=f"{known.not_covered}: the {known.guard} guard is tested with version "
                            f"{', '.join(known.tested)} only, and this version may send its "
                            f"requests another way")
        else:
            state = AssistantState(known.name, known.package, version, guarded=False,
                                   covered=known.covered, not_covered=known.not_covered)
        found.append(state)
    return found


def agent_server() -> dict:
    """Our own MCP server: agents use secrets by name through it and never see a value."""
    return {"command": "jupyter-secrets mcp", "available": _version("mcp") is not None,
            "tools": ["list_secrets", "secret_code", "insert_secret_code", "request_grant",
                      "grant_request_status"]}
