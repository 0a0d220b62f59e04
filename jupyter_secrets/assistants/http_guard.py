"""The guard on what leaves the server process for a model: every request sent through httpx
(litellm, used by Jupyter AI), httpx2 (the openai client, used by both assistants) or requests
(Notebook Intelligence's GitHub Copilot provider).

Neither assistant offers a hook that sees the whole request on every path (Jupyter AI's personas
call litellm, whose modifying callback covers async completions only; Notebook Intelligence's
providers call the openai client or requests directly), but every path ends in ``send`` of one
of these clients (``Client``, ``AsyncClient``, ``Session``), whatever transport (httpx's own,
litellm's aiohttp one) sits below. So the guard wraps those methods, for every request with a
body:

- a JSON body is parsed and every string in it redacted (`context_guard.redact_json_body`);
- another body is redacted as text (bytes that are not UTF-8 are kept as they are around it);
- a compressed body, one that does not parse although it says it is JSON, or a check that
  fails (the scanner is not ready, the audit trail cannot be written) is refused: the sender
  gets an HTTP 400 answer in the OpenAI error format with the reason, and nothing is sent.

Headers and the URL are left alone: they carry the provider's own credentials. Requests that
jupyter-secrets itself sends (its Vault backend stores values through hvac and requests) pass
unchanged: they carry a secret to where it is kept, on purpose.
"""
from __future__ import annotations

import asyncio
import functools
import importlib
import json
import logging
import threading
from typing import Any, Callable, List, Optional, Sequence, Tuple

from .context_guard import ContextRefused, Redaction, redact_for_model, redact_json_body
from .request_origin import Origin, request_origin

log = logging.getLogger(__name__)

#: The HTTP client packages wrapped, where installed: ``Client.send``/``AsyncClient.send`` of
#: httpx and httpx2, ``Session.send`` of requests (Notebook Intelligence's GitHub Copilot
#: provider uses it).
CLIENT_MODULES = ("httpx", "httpx2", "requests")
#: Said in every answer the guard gives instead of the provider.
REFUSED_HEADER = "x-jupyter-secrets"

Recorder = Callable[[Sequence[Redaction], Origin], None]


class ModelRequestGuard:
    """Checks one request; `engine` gives the detection engine (and may raise when it cannot),
    `record` writes the redactions made (and raises when it cannot)."""

    def __init__(self, engine: Callable[[], Any], record: Optional[Recorder] = None):
        self.engine = engine
        self.record = record

    def check(self, request: Any, origin: Origin) -> Tuple[Any, List[Redaction]]:
        """An httpx/httpx2 request: (the request to send, what was taken out); raises
        ContextRefused."""
        new, found = self.check_body(request.content, request.headers, origin)
        return (request if new is None else _with_body(request, new)), found

    def check_body(self, body: bytes, headers: Any, origin: Origin
                   ) -> Tuple[Optional[bytes], List[Redaction]]:
        """(the body to send instead, or None to send it as it is; what was taken out)."""
        if not body:
            return None, []
        encoding = (headers.get("content-encoding") or "identity").strip().lower()
        if encoding not in ("", "identity"):
            raise ContextRefused(origin.assistant, f"a compressed request body ({encoding})")
        try:
            engine = self.engine()
        except Exception as error:  # the scanner's own message names its problem, not content
            raise ContextRefused(origin.assistant,
                                 f"the secret scanner is not available ({error})") from None
        if _is_json(headers.get("content-type") or "", body):
            new, found = redact_json_body(body, assistant=origin.assistant, engine=engine)
        else:
            text = body.decode("utf-8", "surrogateescape")
            redacted, found = redact_for_model(text, assistant=origin.assistant, engine=engine)
            new = redacted.encode("utf-8", "surrogateescape") if found else body
        if found and self.record is not None:
            try:
                self.record(found, origin)
            except Exception as error:
                raise ContextRefused(origin.assistant, "the redaction could not be recorded in "
                                     f"the audit trail ({type(error).__name__})") from None
        return (new if found else None), found


def _is_json(content_type: str, body: bytes) -> bool:
    if "json" in content_type.lower():
        return True
    return body.lstrip()[:1] in (b"{", b"[")


def _with_body(request: Any, body: bytes) -> Any:
    """A copy of ``request`` (same class) with another body and its length."""
    headers = [(k, v) for k, v in request.headers.raw
               if k.lower() not in (b"content-length", b"transfer-encoding")]
    headers.append((b"Content-Length", str(len(body)).encode("ascii")))
    return type(request)(request.method, request.url, headers=headers, content=body,
                         extensions=request.extensions)


def refusal(module: Any, request: Any, refused: ContextRefused) -> Any:
    """The answer a sender gets instead of the provider's: an OpenAI-style 400 error, which
    the openai client and litellm raise as a bad request (not retried) with the message."""
    body = {"error": {"message": str(refused), "type": "jupyter_secrets_refused",
                      "code": "secrets_guard_refused", "param": None}}
    return module.Response(400, headers={REFUSED_HEADER: "refused",
                                         "content-type": "application/json"},
                           content=json.dumps(body).encode("utf-8"), request=request)


# -- wrapping the clients ---------------------------------------------------------------------

_lock = threading.Lock()
_guard: Optional[ModelRequestGuard] = None
_originals: dict = {}  # (module name, class name) -> the class's own send
_listeners: List[Callable[[Origin, List[Redaction], Optional[ContextRefused]], None]] = []


def installed() -> bool:
    return _guard is not None


def install(guard: ModelRequestGuard) -> List[str]:
    """Wrap ``send`` of the HTTP clients that are installed; returns the modules wrapped."""
    global _guard
    wrapped = []
    with _lock:
        _guard = guard
        for name in CLIENT_MODULES:
            try:
                module = importlib.import_module(name)
            except ImportError:
                continue
            wrappers = ((("Session", _requests_send),) if name == "requests" else
                        (("Client", _sync_send), ("AsyncClient", _async_send)))
            for cls_name, wrapper in wrappers:
                cls = getattr(module, cls_name, None)
                if cls is None or (name, cls_name) in _originals:
                    continue
                original = cls.__dict__["send"]
                _originals[(name, cls_name)] = original
                cls.send = wrapper(module, original)
            wrapped.append(name)
    return wrapped


def uninstall() -> None:
    global _guard
    with _lock:
        _guard = None
        for (name, cls_name), original in _originals.items():
            setattr(getattr(importlib.import_module(name), cls_name), "send", original)
        _originals.clear()


def on_check(listener: Callable[[Origin, List[Redaction], Optional[ContextRefused]], None]) -> None:
    """Tell ``listener`` of each request that had something taken out or was refused."""
    _listeners.append(listener)


def _told(origin: Origin, found: List[Redaction], refused: Optional[ContextRefused]) -> None:
    if refused is not None:
        log.warning("jupyter-secrets: a request of %s to %s was refused: %s", origin.assistant,
                    "its model", refused.reason)
    elif found:
        log.info("jupyter-secrets: %s secret(s) taken out of a request of %s (%s)", len(found),
                 origin.assistant, ", ".join(sorted({r.rule_id for r in found})))
    for listener in list(_listeners):
        try:
            listener(origin, found, refused)
        except Exception as error:
            log.error("jupyter-secrets: a model guard listener failed: %s", type(error).__name__)


def _refused(origin: Origin, error: Exception) -> ContextRefused:
    """Any failure of the check refuses the request (its type is said, never its message,
    which could quote the body)."""
    if isinstance(error, ContextRefused):
        return error
    return ContextRefused(origin.assistant, f"the check failed ({type(error).__name__})")


def _sync_send(module: Any, original: Callable) -> Callable:
    @functools.wraps(original)
    def send(self, request, **kwargs):
        guard = _guard
        if guard is None:
            return original(self, request, **kwargs)
        origin = request_origin()
        if origin.own:  # a backend of ours, storing or reading a secret where it is kept
            return original(self, request, **kwargs)
        try:
            request.read()  # a streamed body (multipart, a generator) is read before it is checked
            request, found = guard.check(request, origin)
        except Exception as error:
            refused = _refused(origin, error)
            _told(origin, [], refused)
            return refusal(module, request, refused)
        _told(origin, found, None)
        return original(self, request, **kwargs)
    return send


def _async_send(module: Any, original: Callable) -> Callable:
    @functools.wraps(original)
    async def send(self, request, **kwargs):
        guard = _guard
        if guard is None:
            return await original(self, request, **kwargs)
        origin = request_origin()  # here, while the sender's frames are on the stack
        if origin.own:
            return await original(self, request, **kwargs)
        try:
            await request.aread()
            # scanning a long context is CPU work: off the event loop
            request, found = await asyncio.get_running_loop().run_in_executor(
                None, guard.check, request, origin)
        except Exception as error:
            refused = _refused(origin, error)
            _told(origin, [], refused)
            return refusal(module, request, refused)
        _told(origin, found, None)
        return await original(self, request, **kwargs)
    return send


def _requests_send(module: Any, original: Callable) -> Callable:
    @functools.wraps(original)
    def send(self, request, **kwargs):
        guard = _guard
        if guard is None:
            return original(self, request, **kwargs)
        origin = request_origin()
        if origin.own:  # a backend of ours, storing or reading a secret where it is kept
            return original(self, request, **kwargs)
        try:
            body = _requests_body(request.body)
            new, found = guard.check_body(body, request.headers, origin)
        except Exception as error:
            refused = _refused(origin, error)
            _told(origin, [], refused)
            return _requests_refusal(module, request, refused)
        if new is not None or body != request.body:
            request.body = new if new is not None else body
            request.headers.pop("Transfer-Encoding", None)
            request.headers["Content-Length"] = str(len(request.body))
        _told(origin, found, None)
        return original(self, request, **kwargs)
    return send


def _requests_body(body: Any) -> bytes:
    """A prepared request's body as bytes: text encoded, a file or an iterator read whole."""
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    if hasattr(body, "read"):
        data = body.read()
        return data.encode("utf-8") if isinstance(data, str) else data
    return b"".join(part.encode("utf-8") if isinstance(part, str) else part for part in body)


def _requests_refusal(module: Any, request: Any, refused: ContextRefused) -> Any:
    response = module.Response()
    response.status_code = 400
    response.headers["content-type"] = "application/json"
    response.headers[REFUSED_HEADER] = "refused"
    response._content = json.dumps({"error": {
        "message": str(refused), "type": "jupyter_secrets_refused",
        "code": "secrets_guard_refused", "param": None}}).encode("utf-8")
    response.request, response.url, response.reason = request, request.url, "Refused"
    response.encoding = "utf-8"
    return response
