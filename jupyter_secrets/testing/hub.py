"""A throwaway JupyterHub on 127.0.0.1 for tests: DummyAuthenticator, local process spawner,
configurable-http-proxy from npm, and a service token to drive it through its REST API.

`start()` it, `spawn(*users)` single-user servers (their config comes from `singleuser_config`,
a `jupyter_server_config.py` put on their JUPYTER_CONFIG_PATH), run code in their kernels with
`run_code`, `stop()` it. Only the processes it started are stopped.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Dict, List, Optional

from . import websockets
from .vault_server import free_port

START_TIMEOUT = 60.0
PROXY_ENV = "CONFIGURABLE_HTTP_PROXY"


class HubError(RuntimeError):
    """The hub, its proxy or a single-user server did not start; the message says why."""


def find_proxy() -> Optional[str]:
    """configurable-http-proxy: $CONFIGURABLE_HTTP_PROXY, PATH, or the project's build/hub-proxy."""
    candidates = [os.environ.get(PROXY_ENV, ""), shutil.which("configurable-http-proxy") or ""]
    here = Path(__file__).resolve()
    for parent in here.parents[:4]:
        candidates.append(str(parent / "build" / "hub-proxy" / "node_modules" / ".bin"
                              / "configurable-http-proxy"))
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


class TestHub:
    """One hub, its proxy and its single-user servers, all under `base_dir`."""

    __test__ = False  # not a pytest class

    def __init__(self, base_dir: str, proxy: str, singleuser_config: str,
                 singleuser_env: Optional[Dict[str, str]] = None):
        self.base = Path(base_dir)
        self.proxy = proxy
        self.singleuser_config = singleuser_config
        self.singleuser_env = dict(singleuser_env or {})
        self.port = 0
        self.url = ""
        self.api_token = secrets.token_hex(24)  # the test's own hub service token
        self.events_file = self.base / "events.jsonl"  # the one place for the team's audit events
        self._proc: Optional[subprocess.Popen] = None

    @property
    def homes(self) -> Path:
        return self.base / "home"

    def start(self) -> "TestHub":
        self.base.mkdir(parents=True, exist_ok=True)
        self.homes.mkdir(exist_ok=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config_dir = self.base / "singleuser-config"
        config_dir.mkdir(exist_ok=True)
        (config_dir / "jupyter_server_config.py").write_text(self.singleuser_config)
        hub_config = self.base / "jupyterhub_config.py"
        hub_config.write_text(self._hub_config(config_dir))
        log = open(self.base / "hub.log", "wb")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("VAULT_", "BAO_", "JUPYTERHUB_"))}
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub", "-f", str(hub_config)], cwd=self.base,
                env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        finally:
            log.close()
        self._wait(lambda: self._get("/hub/api/", auth=False) is not None, "the hub")
        return self

    def stop(self) -> None:
        if self._proc is None:
            return
        if self._proc.poll() is None:
            # the hub stops its proxy and the servers it spawned
            self._proc.send_signal(signal.SIGTERM)
            try:
                self._proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self._proc.pid, signal.SIGKILL)
                self._proc.wait(5)
        self._proc = None

    def spawn(self, *users: str) -> List[str]:
        """Create the users and start their servers, side by side; returns their public base
        URLs (.../user/NAME/)."""
        for user in users:
            (self.homes / user).mkdir(mode=0o700, exist_ok=True)
            self.request("POST", f"/hub/api/users/{user}", expect=(201, 409))
        for user in users:
            self.request("POST", f"/hub/api/users/{user}/server", expect=(201, 202, 400))

        def ready():
            return all(((self.request("GET", f"/hub/api/users/{user}").get("servers") or {})
                        .get("", {}).get("ready")) for user in users)

        self._wait(ready, "the single-user servers of " + ", ".join(users))
        return [f"{self.url}/user/{user}/" for user in users]

    def server_pid(self, user: str) -> int:
        model = self.request("GET", f"/hub/api/users/{user}")
        return int(model["servers"][""]["state"]["pid"])

    def start_session(self, user: str, path: str) -> str:
        """A notebook session on `user`'s server, as JupyterLab opens one; the kernel id."""
        body = {"path": path, "name": path.rsplit("/", 1)[-1], "type": "notebook",
                "kernel": {"name": "python3"}}
        model = self.request("POST", f"/user/{user}/api/sessions", body, expect=(201,))
        return model["kernel"]["id"]

    def run_code(self, user: str, kernel_id: str, code: str, timeout: float = 60.0) -> str:
        """Runs `code` in the kernel over its websocket channel (through the proxy); returns
        what it printed on stdout."""
        return run_sync(lambda: self._run_code(user, kernel_id, code), timeout + 5)

    async def _run_code(self, user: str, kernel_id: str, code: str) -> str:
        url = f"ws://127.0.0.1:{self.port}/user/{user}/api/kernels/{kernel_id}/channels"
        return await execute(url, {"Authorization": f"token {self.api_token}"}, code, user)

    def request(self, method: str, path: str, body: Optional[dict] = None,
                expect=(200,)) -> dict:
        data = json.dumps(body).encode() if body is not None else (b"" if method == "POST" else None)
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Authorization", f"token {self.api_token}")
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as reply:
                status, text = reply.status, reply.read()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read()
        if status not in expect:
            raise HubError(f"{method} {path} answered {status}: {text[:300]!r}")
        return json.loads(text) if text else {}

    def _get(self, path: str, auth: bool = True) -> Optional[dict]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=2) as reply:
                return json.loads(reply.read() or b"{}")
        except (urllib.error.URLError, OSError, ValueError):
            return None

    def _wait(self, done, what: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._proc is None or self._proc.poll() is not None:
                raise HubError(f"the hub exited while waiting for {what} (see {self.base}/hub.log)")
            try:
                if done():
                    return
            except HubError:
                pass
            time.sleep(0.2)
        raise HubError(f"{what} did not come up within {START_TIMEOUT:g} s (see {self.base}/hub.log)")

    def _hub_config(self, singleuser_config_dir: Path) -> str:
        env = {"JUPYTER_CONFIG_PATH": str(singleuser_config_dir),
               "JUPYTER_SECRETS_EVENTS_FILE": str(self.events_file), **self.singleuser_env}
        return "\n".join([
            "c = get_config()  # noqa",
            "c.JupyterHub.ip = '127.0.0.1'",
            f"c.JupyterHub.port = {self.port}",
            f"c.JupyterHub.public_url = 'http://127.0.0.1:{self.port}'",
            "c.JupyterHub.hub_ip = '127.0.0.1'",
            f"c.JupyterHub.hub_port = {free_port()}",
            f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{free_port()}'",
            f"c.ConfigurableHTTPProxy.command = [{self.proxy!r}]",
            f"c.ConfigurableHTTPProxy.pid_file = {str(self.base / 'proxy.pid')!r}",
            f"c.JupyterHub.db_url = 'sqlite:///{self.base / 'hub.sqlite'}'",
            f"c.JupyterHub.cookie_secret_file = {str(self.base / 'cookie_secret')!r}",
            "c.JupyterHub.authenticator_class = 'dummy'",
            "c.Authenticator.allow_all = True",
            "c.JupyterHub.spawner_class = 'simple'",
            f"c.SimpleLocalProcessSpawner.home_dir_template = {str(self.homes) + '/{username}'!r}",
            "c.Spawner.args = ['--allow-root']",
            "c.Spawner.default_url = '/tree'",
            "c.Spawner.http_timeout = 60",
            "c.JupyterHub.tornado_settings = {'slow_spawn_timeout': 0}  # spawns side by side",
            "c.Spawner.start_timeout = 60",
            f"c.Spawner.environment = {env!r}",
            "c.JupyterHub.services = [{'name': 'tests', 'api_token': %r}]" % self.api_token,
            "c.JupyterHub.load_roles = [{'name': 'tests', 'services': ['tests'], 'scopes': "
            "['admin:users', 'admin:servers', 'access:servers', 'read:users']}]",
            ""])


def run_sync(coroutine_function, timeout: float):
    from tornado.ioloop import IOLoop

    return IOLoop(make_current=False).run_sync(coroutine_function, timeout=timeout)


async def execute(url: str, headers: Dict[str, str], code: str, user: str = "tests") -> str:
    """Runs `code` in a kernel over its websocket channel `url`; what it printed on stdout
    (an error as one `ERROR name: value` line)."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    conn = await websocket_connect(HTTPRequest(url, headers=headers))
    msg_id = uuid.uuid4().hex
    try:
        conn.write_message(json.dumps({
            "header": {"msg_id": msg_id, "username": user, "session": uuid.uuid4().hex,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": False,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
        printed: List[str] = []
        while True:
            raw = await conn.read_message()
            if raw is None:
                raise HubError("the kernel's channel closed")
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg.get("msg_type") or msg["header"]["msg_type"]
            if kind == "stream" and msg["content"].get("name") == "stdout":
                printed.append(msg["content"]["text"])
            elif kind == "error":
                printed.append(f"ERROR {msg['content']['ename']}: {msg['content']['evalue']}")
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                return "".join(printed)
    finally:
        await websockets.close(conn)
