"""A Jupyter server in its own process, for tests that must kill it (SIGKILL) or time it."""
from __future__ import annotations

import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """``python -m jupyter_server`` on a free loopback port with only the given extensions."""

    def __init__(self, workdir: Path, root: Path, extensions: dict, extra_args=()):
        self.root = root
        self.port, self.token = free_port(), secrets.token_hex(16)
        config = workdir / f"config-{self.port}.py"
        config.write_text(f"c.ServerApp.jpserver_extensions = {extensions!r}\n")
        env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(workdir / "runtime"),
               "JUPYTER_SECRETS_FINGERPRINT_KEY": os.environ.get(
                   "JUPYTER_SECRETS_FINGERPRINT_KEY", secrets.token_hex(32))}
        self.log = open(workdir / f"server-{self.port}.log", "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyter_server", f"--config={config}", "--ip=127.0.0.1",
             f"--port={self.port}", "--port-retries=0", f"--IdentityProvider.token={self.token}",
             f"--ServerApp.root_dir={root}", "--no-browser", "--allow-root", *extra_args],
            env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the Jupyter server exited at start")
            try:
                if self.request("GET", "/api/status")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("the Jupyter server did not start")

    def request(self, method: str, path: str, body: bytes = None, timeout: float = 300):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body,
                               headers={"Authorization": f"token {self.token}",
                                        "Content-Type": "application/json"})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=30)
        self.log.close()

    def stop(self) -> None:
        stop_process(self.process)
        self.log.close()


def stop_process(process: subprocess.Popen) -> None:
    """Terminates a server process, and kills it if it does not end within 30 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
