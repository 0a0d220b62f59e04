"""Which assistant is sending a request, and for which notebook or chat, read from the stack.

Jupyter AI (through litellm) and Notebook Intelligence (through the openai client) both send
from inside the server process, with their own frames below the HTTP client's: the first frame
of a known package names the sender. An awaited coroutine's frames are on the stack while it
runs, so this works for async requests too, as long as it is read before the check moves to a
worker thread.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Optional

#: Top-level packages and the assistant they belong to.
PACKAGES = {
    "jupyter_ai": "Jupyter AI",
    "jupyter_ai_jupyternaut": "Jupyter AI",
    "jupyter_ai_persona_manager": "Jupyter AI",
    "jupyter_ai_litellm": "Jupyter AI",
    "jupyter_ai_router": "Jupyter AI",
    "jupyter_ai_tools": "Jupyter AI",
    "notebook_intelligence": "Notebook Intelligence",
    "jupyter_mcp_server": "Jupyter MCP Server",
}
#: How far up the stack to look; the assistants' frames sit well within this.
MAX_FRAMES = 200
UNKNOWN = "an unknown sender"
#: jupyter-secrets' own code that talks to its backends (Vault through hvac and requests, ...):
#: those requests carry secret values on purpose, to where they are kept.
OWN = "jupyter_secrets"
NOT_OWN = ("jupyter_secrets.assistants", "jupyter_secrets.testing")


@dataclass(frozen=True)
class Origin:
    assistant: str
    #: the notebook or chat document the request is about, when the sender tells
    path: Optional[str] = None
    #: sent by jupyter-secrets itself (a backend storing or reading a secret), not for a model
    own: bool = False


def request_origin(skip: int = 1) -> Origin:
    """The assistant whose code sent the current request, from the caller's stack."""
    try:
        frame = sys._getframe(skip + 1)
    except ValueError:
        return Origin(UNKNOWN)
    assistant, path = None, None
    for _ in range(MAX_FRAMES):
        if frame is None:
            break
        module = frame.f_globals.get("__name__", "")
        package = module.partition(".")[0]
        if package == OWN and assistant is None and not module.startswith(NOT_OWN):
            return Origin(OWN, own=True)
        name = PACKAGES.get(package)
        if name is not None:
            assistant = assistant or name
            path = path or _path_in(frame)
            if path:
                break
        frame = frame.f_back
    return Origin(assistant or UNKNOWN, path)


def _path_in(frame) -> Optional[str]:
    """The document a frame works for: a Jupyter AI persona's chat, or the file of a Notebook
    Intelligence request. Read defensively: a frame owes us nothing."""
    local = frame.f_locals
    try:
        persona = local.get("self")
        if persona is not None and hasattr(type(persona), "get_chat_path"):
            return str(persona.get_chat_path(relative=True)) or None
        request = local.get("request")
        context = getattr(request, "rule_context", None)
        filename = getattr(context, "filename", None)
        if isinstance(filename, str) and filename:
            return filename
    except Exception:  # a property that fails tells us nothing, and must not stop the check
        return None
    return None
