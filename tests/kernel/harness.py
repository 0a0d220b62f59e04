"""A real IPython kernel with the extension loaded, its secrets in an encrypted local store in a
temporary folder, every message it sends recorded, and its own stdout/stderr in a file."""
from __future__ import annotations

import json
import os
import queue
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

from jupyter_client.manager import KernelManager

from jupyter_secrets.backends.local import LocalStore

REPO = Path(__file__).resolve().parents[2]
LOAD_EXTENSION = "--IPKernelApp.extra_extensions=jupyter_secrets"


@dataclass
class Execution:
    """What one cell produced: its reply and the IOPub messages sent on its behalf."""

    reply: Dict[str, Any]
    messages: List[Dict[str, Any]]
    input_requests: List[Dict[str, Any]] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.reply["content"]["status"]

    def of_type(self, *msg_types: str) -> List[Dict[str, Any]]:
        return [m for m in self.messages if m["msg_type"] in msg_types]

    def stream(self, name: str = "stdout") -> str:
        return "".join(m["content"]["text"] for m in self.of_type("stream")
                       if m["content"]["name"] == name)

    def error(self) -> Optional[Dict[str, Any]]:
        errors = self.of_type("error")
        return errors[0]["content"] if errors else None

    def dump(self) -> str:
        """Everything the frontend received for this cell, as one JSON text."""
        return json.dumps([self.reply, *self.messages, *self.input_requests], default=str)


class SecretStoreDirs:
    """A Jupyter config folder whose jupyter_secrets_config.json selects a local store of its own."""

    def __init__(self, root: Path):
        self.root = root
        self.config_dir = root / "jupyter-config"
        self.ipython_dir = root / "ipython"
        for path in (self.config_dir, self.ipython_dir):
            path.mkdir(parents=True, exist_ok=True)
        self.store = LocalStore(store_dir=str(root / "store"), key_file=str(root / "keys" / "store.key"))
        self.write_config({})

    def write_config(self, extra: Dict[str, Any]) -> None:
        config = {"SecretStore": {"backend": "local"},
                  "LocalStore": {"store_dir": self.store.store_dir, "key_file": self.store.key_file}}
        config.update(extra)
        (self.config_dir / "jupyter_secrets_config.json").write_text(json.dumps(config))

    def kernel_env(self) -> Dict[str, str]:
        # ipykernel does not capture file descriptors when it thinks it runs under pytest
        env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
        env.update(JUPYTER_CONFIG_DIR=str(self.config_dir), IPYTHONDIR=str(self.ipython_dir),
                   JUPYTER_DATA_DIR=str(self.root / "jupyter-data"),
                   PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")])))
        env.pop("JUPYTER_SECRETS_BACKEND", None)
        env.pop("JUPYTER_CONFIG_PATH", None)
        return env


class KernelUnderTest:
    """Starts a kernel, runs cells, records all it sends."""

    def __init__(self, dirs: SecretStoreDirs, kernel_config: Optional[Dict[str, Any]] = None,
                 load_extension: bool = True, env: Optional[Dict[str, str]] = None):
        self.dirs = dirs
        self.log_path = dirs.root / "kernel-output.log"
        self.sent: List[Dict[str, Any]] = []  # every message from the kernel, all channels
        args = [LOAD_EXTENSION] if load_extension else []
        for key, value in (kernel_config or {}).items():
            args.append(f"--{key}={value}")
        self._log = open(self.log_path, "wb")
        self.km = KernelManager(kernel_name="python3")
        self.km.start_kernel(extra_arguments=args, env={**dirs.kernel_env(), **(env or {})},
                             cwd=str(dirs.root),
                             stdout=self._log, stderr=self._log)
        self.kc = self.km.client()
        self.kc.start_channels()
        try:
            self.kc.wait_for_ready(timeout=60)
        except RuntimeError:
            self.stop()
            raise

    def stop(self) -> None:
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)
        self._log.close()

    def log_text(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_bytes().decode("utf-8", "replace")

    def run(self, code: str, answer: Optional[Callable[[Dict[str, Any]], str]] = None,
            timeout: float = 60) -> Execution:
        """Runs `code`; `answer` replies to each input request (None: stdin is not allowed)."""
        msg_id = self.kc.execute(code, allow_stdin=answer is not None)
        messages: List[Dict[str, Any]] = []
        requests: List[Dict[str, Any]] = []
        deadline = time.monotonic() + timeout
        while True:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no idle status for {code!r}")
            if answer is not None:
                self._answer_input(answer, requests)
            try:
                msg = self.kc.get_iopub_msg(timeout=0.05)
            except queue.Empty:
                continue
            self.sent.append(msg)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            messages.append(msg)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        reply = self.shell_reply(msg_id, deadline)
        return Execution(reply, messages, requests)

    def shell_reply(self, msg_id: str, deadline: float) -> Dict[str, Any]:
        while True:
            msg = self.kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
            self.sent.append(msg)
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    def _answer_input(self, answer: Callable[[Dict[str, Any]], str],
                      requests: List[Dict[str, Any]]) -> None:
        try:
            request = self.kc.get_stdin_msg(timeout=0.01)
        except queue.Empty:
            return
        self.sent.append(request)
        requests.append(request)
        self.kc.input(answer(request))

    def all_sent(self) -> str:
        return json.dumps(self.sent, default=str)
