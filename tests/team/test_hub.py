"""JupyterHub end to end: two users, each with a single-user server behind /user/<name>/, one
OpenBao. Each user's kernels log in to Vault with JWTs their own server issues; Vault refuses
the other notebook and the other user; the hub's event log has the reads; no static Vault
credential sits in any config, environment or home."""
from __future__ import annotations

import json
import os
import re
import secrets
import time

import hvac
import pytest

from jupyter_secrets.cli.vault_setup import Plan, apply
from jupyter_secrets.governance.vault_policy import role_name
from jupyter_secrets.pytest_plugin import unavailable
from jupyter_secrets.testing.hub import HubError, TestHub, find_proxy

pytestmark = pytest.mark.slow

VALUE = "hub-value-" + secrets.token_hex(12)
#: Vault/OpenBao service, batch and recovery tokens (new and legacy prefixes)
VAULT_TOKEN = re.compile(rb"(?<![A-Za-z0-9])(?:hv[sbr]|[sbr])\.[A-Za-z0-9_-]{24,}")
SINGLEUSER_CONFIG = '''
import logging, os
user = os.environ["JUPYTERHUB_USER"]
# extensions the test does not need stay off, so the servers start sooner
c.ServerApp.jpserver_extensions = {"jupyter_secrets": True, "jupyter_lsp": False,
                                   "jupyterlab_jupytext": False, "notebook": False,
                                   "jupyter_server_ydoc": False}
c.SecretStore.backend = "vault"
c.VaultBackend.auth_method = "workload"
c.VaultBackend.auth_mount = f"jupyter-dev-{user}"
c.VaultBackend.role = "server"
c.VaultBackend.path_prefix = f"jupyter-secrets/dev/{user}/"
c.Environments.current = "dev"
c.Environments.unprefixed = "dev"
c.EventLogger.handlers = [logging.FileHandler(os.environ["JUPYTER_SECRETS_EVENTS_FILE"])]
'''
READ = '''
import hashlib
from jupyter_secrets import secret
try:
    print("OK", hashlib.sha256(secret({name!r}).encode()).hexdigest())
except Exception as e:
    print("ERR", type(e).__name__, e)
'''
REPLAY_ELSEWHERE = '''
import hvac
from jupyter_secrets.kernel.vault_identity import vault_identity_backend
from jupyter_secrets.backends.vault_login import jwt_login
login = vault_identity_backend().desk.login_for({name!r})
client = hvac.Client(url=login["vault"]["url"])
try:
    jwt_login(client, {mount!r}, {role!r}, login["jwt"])
    print("ACCEPTED")
except Exception as e:
    print("REFUSED", type(e).__name__, e)
'''
ENV = "import os, json; print(json.dumps(dict(os.environ)))"


def digest(value):
    import hashlib

    return hashlib.sha256(value.encode()).hexdigest()


@pytest.fixture(scope="module")
def hub(tmp_path_factory, vault_server):
    proxy = find_proxy()
    if proxy is None:
        unavailable("configurable-http-proxy is not installed (npm install --prefix "
                    "build/hub-proxy configurable-http-proxy)")
    hub = TestHub(str(tmp_path_factory.mktemp("hub")), proxy, SINGLEUSER_CONFIG,
                  {"VAULT_ADDR": vault_server["url"]})
    try:
        hub.start()
    except HubError as e:
        hub.stop()
        pytest.fail(str(e))
    yield hub
    hub.stop()


@pytest.fixture(scope="module")
def team(hub, vault_server):
    admin = hvac.Client(url=vault_server["url"], token=vault_server["token"], timeout=10)
    users = {}
    for name, base in zip(("alice", "bob"), hub.spawn("alice", "bob")):
        # the issuer as Vault reaches it: through the hub's proxy, under /user/<name>/
        plan = Plan(base + "jupyter-secrets", name, "dev", audit_file=vault_server["audit_file"])
        apply(admin, plan)
        users[name] = plan
    yield users
    admin.adapter.close()


def test_each_users_kernels_read_only_their_granted_secrets_and_vault_enforces_it(
        hub, team, vault_server):
    alice = team["alice"]
    # Alice adds a secret from the panel for a1.ipynb; her server writes value and grant to Vault
    hub.request("POST", "/user/alice/jupyter-secrets/secrets",
                {"name": "SHARED", "value": VALUE, "notebook": "a1.ipynb"}, expect=(201,))
    a1 = hub.start_session("alice", "a1.ipynb")
    a2 = hub.start_session("alice", "a2.ipynb")
    b1 = hub.start_session("bob", "a1.ipynb")  # the same path, another user

    assert hub.run_code("alice", a1, READ.format(name="SHARED")).strip() == f"OK {digest(VALUE)}"
    refused_a2 = hub.run_code("alice", a2, READ.format(name="SHARED"))
    assert refused_a2.startswith("ERR AccessRefused") and "not granted" in refused_a2
    refused_b = hub.run_code("bob", b1, READ.format(name="SHARED"))
    assert refused_b.startswith("ERR AccessRefused"), refused_b
    # Bob's JWT taken to Alice's mount and role: Vault does not trust Bob's server there
    replay = hub.run_code("bob", b1, REPLAY_ELSEWHERE.format(
        name="SHARED", mount=alice.mount, role=role_name("SHARED")))
    assert replay.startswith("REFUSED"), replay

    # Vault's audit log names Alice's notebook, kernel and user with the read
    time.sleep(0.3)
    with open(vault_server["audit_file"], encoding="utf-8") as handle:
        text = handle.read()
    entries = [json.loads(line) for line in text.splitlines() if line.strip()]
    reads = [e for e in entries if e["type"] == "response"
             and e["request"]["path"] == f"secret/data/{alice.path_prefix}SHARED"
             and (e.get("auth") or {}).get("metadata", {}).get("notebook") == "a1.ipynb"]
    assert reads and reads[-1]["auth"]["metadata"]["user"] == "alice"
    assert reads[-1]["auth"]["metadata"]["kernel_id"] == a1
    assert VALUE not in text

    # The hub's one event log has the same reads, from both users' servers
    events = _events(hub)
    vault_reads = {(e["actor"], e["path"], e["outcome"]) for e in events
                   if e.get("action") == "read" and e.get("source") == "vault"}
    assert ("alice", "a1.ipynb", "ok") in vault_reads
    assert ("alice", "a2.ipynb", "denied") in vault_reads
    assert ("bob", "a1.ipynb", "denied") in vault_reads
    assert all(VALUE not in json.dumps(e) for e in events)


def test_no_static_vault_credential_in_config_env_or_home(hub, team, vault_server):
    kernel = hub.start_session("alice", "env.ipynb")
    kernel_env = json.loads(hub.run_code("alice", kernel, ENV))
    server_envs = [_proc_env(hub.server_pid(user)) for user in team]
    root_token = vault_server["token"]
    for env in [kernel_env, *server_envs]:
        assert not any(k in env for k in ("VAULT_TOKEN", "BAO_TOKEN", "VAULT_SECRET_ID",
                                          "VAULT_ROLE_ID"))
        assert not any(root_token in v or VAULT_TOKEN.search(v.encode()) for v in env.values())
        assert env.get("JUPYTERHUB_USER") in team
    for root, _dirs, files in os.walk(hub.base):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as handle:
                data = handle.read()
            assert root_token.encode() not in data, path
            assert not VAULT_TOKEN.search(data), path


def _events(hub):
    found = []
    with open(hub.events_file, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                found.append(json.loads(line))
    return found


def _proc_env(pid):
    with open(f"/proc/{pid}/environ", "rb") as handle:
        pairs = handle.read().split(b"\0")
    return dict(p.decode(errors="replace").split("=", 1) for p in pairs if b"=" in p)
