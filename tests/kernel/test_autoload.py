"""Given a Jupyter server with jupyter-secrets, when it starts an IPython kernel, then the kernel
has `%secret` and redacts its outputs without anyone typing `%load_ext`."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from jupyter_client.provisioning.factory import KernelProvisionerFactory
from traitlets.config import Config

from jupyter_secrets.kernel.provisioner import (
    PROVISIONER_NAME,
    is_ipython_kernel,
    use_secrets_provisioner,
)

from .conftest import fresh_value


@pytest.fixture
def jp_server_config():
    return Config({"ServerApp": {"jpserver_extensions": {"jupyter_secrets": True}}})


@pytest.fixture
def provisioner_default_restored():
    """The provisioner factory is one per process: put its default back for other tests."""
    before = (KernelProvisionerFactory.instance().default_provisioner_name
              if KernelProvisionerFactory.initialized() else None)
    yield
    if before is not None:
        KernelProvisionerFactory.instance().default_provisioner_name = before


@pytest.fixture
def local_store_config(jp_config_dir, tmp_path):
    """The server's kernels read secrets from a local store of this test's own."""
    from jupyter_secrets.backends.local import LocalStore

    store = LocalStore(store_dir=str(tmp_path / "store"), key_file=str(tmp_path / "keys" / "k"))
    (jp_config_dir / "jupyter_secrets_config.json").write_text(json.dumps(
        {"SecretStore": {"backend": "local"},
         "LocalStore": {"store_dir": store.store_dir, "key_file": store.key_file}}))
    return store


async def run_cell(client, code: str) -> str:
    shown = []

    def collect(msg):
        if msg["msg_type"] == "stream":
            shown.append(msg["content"]["text"])

    reply = await client.execute_interactive(code, output_hook=collect, timeout=60)
    assert reply["content"]["status"] == "ok", reply["content"]
    return "".join(shown)


async def test_server_started_kernel_loads_the_extension(
        jp_serverapp, jp_fetch, local_store_config, provisioner_default_restored):
    value = fresh_value("srv_")
    local_store_config.set("SERVER_TOKEN", value)
    assert use_secrets_provisioner(jp_serverapp)
    response = await jp_fetch("api", "kernels", method="POST", body=json.dumps({"name": "python3"}))
    kernel_id = json.loads(response.body)["id"]
    client = jp_serverapp.kernel_manager.get_kernel(kernel_id).client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=60)
        loaded = await run_cell(client, "print('secret' in get_ipython().magics_manager.magics['line'])")
        shown = await run_cell(client, "from jupyter_secrets import secret\nprint(secret('SERVER_TOKEN'))")
    finally:
        client.stop_channels()
        await jp_fetch("api", "kernels", kernel_id, method="DELETE")
    assert loaded == "True\n"
    assert shown == "[REDACTED:SERVER_TOKEN]\n"


def test_a_provisioner_the_user_chose_is_kept(monkeypatch):
    monkeypatch.delenv(KernelProvisionerFactory.default_provisioner_name_env, raising=False)
    chosen = SimpleNamespace(config=Config(
        {"KernelProvisionerFactory": {"default_provisioner_name": "local-provisioner"}}))
    assert not use_secrets_provisioner(chosen)
    assert chosen.config.KernelProvisionerFactory.default_provisioner_name == "local-provisioner"


def test_the_default_is_set_when_none_was_chosen(monkeypatch, provisioner_default_restored):
    monkeypatch.delenv(KernelProvisionerFactory.default_provisioner_name_env, raising=False)
    server = SimpleNamespace(config=Config())
    assert use_secrets_provisioner(server)
    assert server.config.KernelProvisionerFactory.default_provisioner_name == PROVISIONER_NAME


@pytest.mark.parametrize("argv, expected", [
    (["/usr/bin/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"], True),
    (["python", "-m", "ipykernel", "-f", "{connection_file}"], True),
    (["R", "--slave", "-e", "IRkernel::main()", "--args", "{connection_file}"], False),
    (["julia", "-i", "kernel.jl", "{connection_file}"], False),
])
def test_only_ipython_kernels_get_the_extension(argv, expected):
    assert is_ipython_kernel(argv) is expected
