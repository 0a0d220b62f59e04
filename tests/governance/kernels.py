"""Real kernels started through the server's sessions API, and code run in them."""
from __future__ import annotations

import json
from typing import Tuple

READ_CODE = """
import hashlib
from jupyter_secrets import secret
from jupyter_secrets.kernel.api import current_client
current_client().cache_ttl = {ttl}
try:
    print("OK", hashlib.sha256(secret({name!r}{version}).encode()).hexdigest())
except Exception as e:
    print("ERR", type(e).__name__, e)
"""


def digest(value: str) -> str:
    import hashlib

    return hashlib.sha256(value.encode()).hexdigest()


async def start_session(jp_fetch, path: str) -> Tuple[str, str]:
    """(session id, kernel id) of a new notebook session, as JupyterLab opens one."""
    body = {"path": path, "name": path.rsplit("/", 1)[-1], "type": "notebook",
            "kernel": {"name": "python3"}}
    reply = await jp_fetch("api", "sessions", method="POST", body=json.dumps(body))
    model = json.loads(reply.body)
    return model["id"], model["kernel"]["id"]


class KernelRunner:
    """Runs code in a server kernel over its own channels; returns what it printed."""

    def __init__(self, serverapp, kernel_id: str):
        self.kernel_id = kernel_id
        self.client = serverapp.kernel_manager.get_kernel(kernel_id).client()
        self.started = False

    async def run(self, code: str, timeout: float = 60) -> str:
        if not self.started:
            self.client.start_channels()
            await self.client.wait_for_ready(timeout=timeout)
            self.started = True
        shown = []

        def collect(msg):
            if msg["msg_type"] == "stream":
                shown.append(msg["content"]["text"])

        reply = await self.client.execute_interactive(code, output_hook=collect, timeout=timeout)
        if reply["content"]["status"] != "ok":
            raise AssertionError(f"cell failed: {reply['content'].get('ename')}: "
                                 f"{reply['content'].get('evalue')}")
        return "".join(shown)

    async def read(self, name: str, ttl: float = 0.0, version: str = "") -> str:
        version_arg = f", version={version!r}" if version else ""
        return (await self.run(READ_CODE.format(name=name, ttl=ttl, version=version_arg))).strip()

    def close(self) -> None:
        if self.started:
            self.client.stop_channels()
