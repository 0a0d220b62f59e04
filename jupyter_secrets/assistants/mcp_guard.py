"""What an agent reads back through jupyter-mcp-server, redacted before it leaves for the agent.

jupyter-mcp-server, enabled as an extension of this Jupyter server, reads notebooks in-process
(the live collaborative document when a notebook is open, else the file) and runs cells on the
server's kernels. Everything it answers an MCP client passes through three methods of its one
`MCPServer` object: ``call_tool`` (tool results and tool errors), ``read_resource`` and
``get_prompt``; both of its transports (its own Tornado handlers under ``/mcp`` and the SDK's)
call them. Its hook registry can observe a result but not replace it, so the guard wraps these
three methods on that object: each answer has every key the detector recognises and every value
this server's kernels fetched replaced by ``[REDACTED:<rule>]`` (`context_guard`), and errors are
redacted the same way. When the scanner cannot check, the answer is refused, never sent
unchecked. Each redaction is audited (tool, rule, where in the answer, the cell when the call
named one), never the value.

A jupyter-mcp-server started on its own (``jupyter-mcp-server start``, reaching Jupyter over
HTTP) runs in another process and is not guarded by this: the panel says so. Nor are the
JupyterLab commands it routes to jupyter-mcp-tools, whose results its handler writes itself (a
warning at start says so where that package is installed).
"""
from __future__ import annotations

import asyncio
import logging
import sys
from dataclasses import replace
from typing import Any, Callable, Iterable, List, Optional, Sequence, Tuple

from .context_guard import ContextRefused, Redaction, redact_for_model

ASSISTANT = "Jupyter MCP Server"
#: The attribute that marks a server object as guarded (and holds its guard).
MARK = "_jupyter_secrets_guard"
#: The audit action of an answer that had secrets taken out.
ACTION = "agent-read-redacted"
#: Versions whose server object has the shape wrapped here.
KNOWN_MAJOR = "2"

log = logging.getLogger(__name__)

Record = Callable[[str, Sequence[Redaction], dict], None]


class McpAnswerGuard:
    """Redacts what one MCP server object answers. ``engine`` gives the detection engine (it
    raises when the scanner is not available); ``record`` audits each answer's redactions."""

    def __init__(self, engine: Callable[[], Any], record: Optional[Record] = None):
        self._engine = engine
        self._record = record or (lambda what, found, arguments: None)

    async def redact(self, what: str, document: Any, arguments: Optional[dict] = None) -> Any:
        """``document`` (JSON-like, or a text) with its secrets replaced; refuses (raises
        `ContextRefused`) what it cannot check."""
        try:
            engine = await asyncio.to_thread(self._engine)
        except Exception as error:  # the scanner's failure names no content
            raise ContextRefused(ASSISTANT, f"the secret scanner is not available "
                                            f"({type(error).__name__})") from None
        redacted, found = await asyncio.to_thread(_redact_once, document, engine)
        if found:
            self._record(what, found, arguments or {})
        return redacted

    async def model(self, what: str, result: Any, arguments: Optional[dict] = None) -> Any:
        """A pydantic result (a tool result, a prompt) redacted, as the same type."""
        dumped = result.model_dump(by_alias=True, mode="json", exclude_none=True)
        redacted = await self.redact(what, dumped, arguments)
        return result if redacted == dumped else type(result).model_validate(redacted)

    async def contents(self, uri: str, items: Iterable[Any]) -> List[Any]:
        """Resource contents (text or bytes) redacted; bytes that are not UTF-8 are refused."""
        out = []
        for item in list(items):
            content = await self.redact(f"resource {_uri_scheme(uri)}", item.content)
            out.append(type(item)(content=content, mime_type=item.mime_type, meta=item.meta))
        return out

    async def error(self, what: str, error: Exception, arguments: Optional[dict] = None
                    ) -> Exception:
        """An exception of the same kind whose message (and data) has no secret in it."""
        from mcp.shared.exceptions import MCPError

        if isinstance(error, MCPError):
            data = error.error.data
            message = await self.redact(what, error.error.message, arguments)
            data = None if data is None else await self.redact(what, data, arguments)
            return MCPError(code=error.error.code, message=message, data=data)
        message = await self.redact(what, str(error), arguments)
        try:
            return type(error)(message)
        except Exception:  # an exception class that takes other arguments
            return RuntimeError(message)


def _redact_once(document: Any, engine: Any) -> Tuple[Any, List[Redaction]]:
    """`redact_for_model`, reading each distinct long text once: an answer carries its text
    twice (content blocks and structured content), and a notebook's JSON is the bulk of it."""
    if not isinstance(document, (dict, list)):
        return redact_for_model(document, assistant=ASSISTANT, engine=engine)
    texts: dict = {}  # text -> (its index, the place it was first seen)

    def lift(value: Any, path: str) -> Any:  # long texts out; in their place a token
        if isinstance(value, dict):
            return {key: lift(item, _child(path, key)) for key, item in value.items()}
        if isinstance(value, list):
            return [lift(item, f"{path}[{i}]") for i, item in enumerate(value)]
        if isinstance(value, str) and len(value) >= _LIFTED:
            return _TOKEN % texts.setdefault(value, (len(texts), path))[0]
        return value

    try:
        skeleton = lift(document, "$")
    except RecursionError:
        raise ContextRefused(ASSISTANT, "the answer is nested too deeply to check") from None
    shape, found = redact_for_model(skeleton, assistant=ASSISTANT, engine=engine)
    redacted, in_texts = redact_for_model(list(texts), assistant=ASSISTANT, engine=engine)
    back = {_TOKEN % i: new for i, new in enumerate(redacted)}
    places = [path for _, path in texts.values()]
    for redaction in in_texts:  # "$[3]..." is the 4th text: name the place it came from
        index, _, rest = redaction.json_path[2:].partition("]")
        found.append(replace(redaction, json_path=places[int(index)] + rest))

    def lower(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: lower(item) for key, item in value.items()}
        if isinstance(value, list):
            return [lower(item) for item in value]
        return back.get(value, value) if isinstance(value, str) else value

    return lower(shape), found


def _child(path: str, key: Any) -> str:
    key = str(key)
    return f"{path}.{key}" if key.isidentifier() and len(key) <= 40 else f"{path}.<key>"


#: Strings this long are read once however often an answer repeats them.
_LIFTED = 256
_TOKEN = "\ue000%d\ue000"


def guard_server(server: Any, guard: McpAnswerGuard) -> None:
    """Wraps the server object's ``call_tool``, ``read_resource`` and ``get_prompt``."""
    if getattr(server, MARK, None) is not None:
        return
    from mcp.server.mcpserver.exceptions import ResourceError, ToolError

    call_tool, read_resource, get_prompt = (server.call_tool, server.read_resource,
                                            server.get_prompt)

    async def guarded_call_tool(name, arguments, context=None):
        what = f"tool {name}"
        try:
            result = await call_tool(name, arguments, context)
        except ContextRefused:
            raise
        except Exception as error:
            raise await _checked(guard.error(what, error, arguments), ToolError) from None
        return await _checked(guard.model(what, result, arguments), ToolError)

    async def guarded_read_resource(uri, context=None):
        what = f"resource {_uri_scheme(uri)}"
        try:
            results = await read_resource(uri, context)
        except Exception as error:
            raise await _checked(guard.error(what, error), ResourceError) from None
        if hasattr(results, "model_dump"):  # asks the client for input: no content of ours
            return await _checked(guard.model(what, results), ResourceError)
        return await _checked(guard.contents(str(uri), results), ResourceError)

    async def guarded_get_prompt(name, arguments=None, context=None):
        what = f"prompt {name}"
        try:
            result = await get_prompt(name, arguments, context)
        except Exception as error:
            raise await _checked(guard.error(what, error, arguments), ValueError) from None
        return await _checked(guard.model(what, result, arguments), ValueError)

    server.call_tool = guarded_call_tool
    server.read_resource = guarded_read_resource
    server.get_prompt = guarded_get_prompt
    setattr(server, MARK, guard)


async def _checked(step, refusal: type) -> Any:
    """The result of a redaction step; a refusal becomes the protocol's own error."""
    try:
        return await step
    except ContextRefused as refused:
        raise refusal(str(refused)) from None


def _uri_scheme(uri: Any) -> str:
    # a resource URI names a notebook or a cell, not a secret; only its scheme is recorded
    return str(uri).split(":", 1)[0][:20]


def loaded_server() -> Optional[Any]:
    """jupyter-mcp-server's server object, when its extension is loaded in this process."""
    module = sys.modules.get("jupyter_mcp_server.server")
    return getattr(module, "mcp", None) if module is not None else None


def is_guarded() -> bool:
    server = loaded_server()
    return server is not None and getattr(server, MARK, None) is not None


def audit_recorder(auditor: Any) -> Record:
    """Records one audit entry per redacted answer: which tool, rules, places and cell."""

    def record(what: str, found: Sequence[Redaction], arguments: dict) -> None:
        rules = sorted({r.name or r.rule_id for r in found})
        places = sorted({r.json_path for r in found})[:5]
        cell = arguments.get("cell_index")
        detail = (f"{what}: {len(found)} redaction(s) ({', '.join(rules)}) at "
                  f"{', '.join(places)}" + (f"; cell {cell}" if isinstance(cell, int) else ""))
        auditor.record(ACTION, "redacted", detail=detail,
                       path=_notebook_of(arguments))

    return record


def _notebook_of(arguments: dict) -> Optional[str]:
    path = arguments.get("notebook_path") or arguments.get("notebook_name")
    return path if isinstance(path, str) and len(path) < 512 else None


def install_mcp_guard(engine: Callable[[], Any], auditor: Any = None) -> bool:
    """Guards jupyter-mcp-server's answers when it runs in this server; False (and a warning)
    when it is loaded but is a version whose shape is not known."""
    server = loaded_server()
    if server is None:
        return False
    from importlib import metadata

    version = metadata.version("jupyter-mcp-server")
    if not version.startswith(KNOWN_MAJOR + ".") or not all(
            callable(getattr(server, m, None)) for m in ("call_tool", "read_resource",
                                                          "get_prompt")):
        log.warning("jupyter-secrets: jupyter-mcp-server %s is not a version it knows; what "
                    "agents read through it is not redacted", version)
        return False
    guard_server(server, McpAnswerGuard(engine, audit_recorder(auditor) if auditor else None))
    from importlib.util import find_spec

    if find_spec("jupyter_mcp_tools") is not None:
        # its handler sends these tools' results to the client itself, not through call_tool
        log.warning("jupyter-secrets: the JupyterLab commands jupyter-mcp-server offers through "
                    "jupyter-mcp-tools answer agents without this guard")
    log.info("jupyter-secrets: what agents read through jupyter-mcp-server %s is redacted",
             version)
    return True
