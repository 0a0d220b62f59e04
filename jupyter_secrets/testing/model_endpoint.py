"""An OpenAI-compatible model endpoint on 127.0.0.1 that records every request it gets.

It speaks the parts of the API the assistants use: ``GET /v1/models``, ``POST
/v1/chat/completions`` answered as one JSON object or, when the request asks for ``stream``, as
server-sent events of chunks ending in ``data: [DONE]``. Every body is kept as the bytes
received, so a test can look for a secret in any encoding. It always answers with a fixed
reply; with ``tool_call`` set, a request that offers that tool and has no tool result yet gets
a call of it first, so an agent's tool loop runs once.
"""
from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import List, Optional

REPLY = "This notebook calls a model with a key read from the secret store."
MODEL = "recorded-model"


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)


@dataclass
class ToolCall:
    name: str
    arguments: dict = field(default_factory=dict)


class ModelEndpoint:
    """``with ModelEndpoint() as endpoint:`` serves on ``endpoint.base_url`` (``.../v1``)."""

    def __init__(self, reply: str = REPLY, tool_call: Optional[ToolCall] = None,
                 delay: float = 0.0):
        self.reply = reply
        self.tool_call = tool_call
        self.delay = delay
        self.requests: List[Recorded] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name="model-endpoint")

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> "ModelEndpoint":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "ModelEndpoint":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def bodies(self) -> List[bytes]:
        with self._lock:
            return [r.body for r in self.requests]

    def chat_requests(self) -> List[Recorded]:
        with self._lock:
            return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def _record(self, recorded: Recorded) -> None:
        with self._lock:
            self.requests.append(recorded)

    def answer(self, request: dict) -> dict:
        """The assistant message for a chat request: a tool call, or the fixed reply."""
        call = self.tool_call
        offered = {t.get("function", {}).get("name") for t in request.get("tools") or []}
        answered = any(m.get("role") == "tool" for m in request.get("messages") or [])
        if call is not None and call.name in offered and not answered:
            return {"role": "assistant", "content": None, "tool_calls": [{
                "id": "call_" + uuid.uuid4().hex[:12], "type": "function",
                "function": {"name": call.name, "arguments": json.dumps(call.arguments)}}]}
        return {"role": "assistant", "content": self.reply}


def _handler(endpoint: ModelEndpoint):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # a reply is headers then body: no 40 ms wait between

        def log_message(self, *args) -> None:  # quiet: the test reads the recording
            pass

        def _body(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _send_json(self, status: int, data: dict) -> None:
            raw = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def do_GET(self) -> None:
            endpoint._record(Recorded("GET", self.path, dict(self.headers), b""))
            if self.path.rstrip("/").endswith("/models"):
                self._send_json(200, {"object": "list", "data": [
                    {"id": MODEL, "object": "model", "created": 0, "owned_by": "tests"}]})
            else:
                self._send_json(404, {"error": {"message": "not found"}})

        def do_POST(self) -> None:
            body = self._body()
            endpoint._record(Recorded("POST", self.path, dict(self.headers), body))
            if not self.path.endswith("/chat/completions"):
                self._send_json(404, {"error": {"message": "not found"}})
                return
            try:
                request = json.loads(body)
            except ValueError:
                self._send_json(400, {"error": {"message": "the body is not JSON"}})
                return
            if endpoint.delay:
                time.sleep(endpoint.delay)
            message = endpoint.answer(request)
            if request.get("stream"):
                self._stream(request, message)
            else:
                self._send_json(200, _completion(request, message))

        def _stream(self, request: dict, message: dict) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            for chunk in _chunks(request, message):
                self.wfile.write(b"data: " + json.dumps(chunk).encode() + b"\n\n")
                self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
            self.close_connection = True

    return Handler


def _completion(request: dict, message: dict) -> dict:
    finish = "tool_calls" if message.get("tool_calls") else "stop"
    return {"id": "chatcmpl-" + uuid.uuid4().hex, "object": "chat.completion",
            "created": int(time.time()), "model": request.get("model") or MODEL,
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}


def _chunks(request: dict, message: dict):
    base = {"id": "chatcmpl-" + uuid.uuid4().hex, "object": "chat.completion.chunk",
            "created": int(time.time()), "model": request.get("model") or MODEL}
    if message.get("tool_calls"):
        calls = [dict(call, index=i) for i, call in enumerate(message["tool_calls"])]
        yield dict(base, choices=[{"index": 0, "delta": {"role": "assistant", "tool_calls": calls},
                                   "finish_reason": None}])
        finish = "tool_calls"
    else:
        words = message["content"].split(" ")
        for i, word in enumerate(words):
            piece = word if i == 0 else " " + word
            delta = {"role": "assistant", "content": piece} if i == 0 else {"content": piece}
            yield dict(base, choices=[{"index": 0, "delta": delta, "finish_reason": None}])
        finish = "stop"
    yield dict(base, choices=[{"index": 0, "delta": {}, "finish_reason": finish}],
               usage={"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2})
