"""A server whose environment's names carry a prefix in the shared KV folder (prod beside an
unprefixed dev): the JWT, the grant role and the templated policy all use the name as Vault
stores it."""
from __future__ import annotations

import pytest
from traitlets.config import Config

from jupyter_secrets.governance.vault_policy import role_name
from tests.governance.kernels import KernelRunner, digest, start_session

from .conftest import set_up_vault
from .test_single_server import VALUE, add_secret

pytestmark = pytest.mark.slow


@pytest.fixture
def team_env():
    return "prod"


@pytest.fixture
def jp_server_config(vault_server, plan):
    return Config({
        "ServerApp": {"jpserver_extensions": {"jupyter_secrets": True}},
        "SecretStore": {"backend": "vault"},
        "VaultBackend": {"url": vault_server["url"], "auth_method": "workload",
                         "auth_mount": plan.mount, "role": "server",
                         "path_prefix": plan.path_prefix},
        "Environments": {"current": "prod", "unprefixed": "dev"},
    })


async def test_prefixed_names_are_granted_and_read_as_vault_stores_them(
        jp_serverapp, jp_fetch, admin, plan):
    await set_up_vault(admin, plan)
    await add_secret(jp_fetch, "API_KEY", VALUE, "a1.ipynb")
    stored = admin.secrets.kv.v2.read_secret_version(path=f"{plan.path_prefix}prod.API_KEY",
                                                     raise_on_deleted_version=True)
    assert stored["data"]["data"]["value"] == VALUE
    role = admin.auth.jwt.read_role(role_name("prod.API_KEY"), path=plan.mount)["data"]
    assert role["bound_claims"]["secret"] == "prod.API_KEY"
    _, a1 = await start_session(jp_fetch, "a1.ipynb")
    runner = KernelRunner(jp_serverapp, a1)
    try:
        assert await runner.read("API_KEY") == f"OK {digest(VALUE)}"
    finally:
        runner.close()
