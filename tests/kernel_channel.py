"""One cell run over a Jupyter server's kernel websocket (`/api/kernels/<id>/channels`), for
tests that drive a server in its own process."""
from __future__ import annotations

import asyncio
import json
import uuid
from typing import List, Optional


async def run_over_websocket(ws, code: str, seconds: Optional[float] = None,
                             kinds=("stream",)) -> List[dict]:
    """Sends ``code`` as an execute request on the open websocket ``ws``; the contents of the
    reply's messages of ``kinds`` until the kernel is idle again."""
    msg_id = uuid.uuid4().hex
    await ws.write_message(json.dumps({
        "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "test",
                   "session": uuid.uuid4().hex, "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": False,
                    "user_expressions": {}, "allow_stdin": False}}))
    printed = []
    while True:
        message = json.loads(await asyncio.wait_for(ws.read_message(), seconds))
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        if message["msg_type"] in kinds:
            printed.append(message["content"])
        if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
            return printed
