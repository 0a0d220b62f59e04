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

from .keys import github_token, rule_of


@pytest.fixture
def jp_server_config():
    return Config({"ServerApp": {"jpserver_extensions": {"jupyter_secrets": True}}})


@pytest.fixture
def provisioner_default_restored():
    """The provisioner factory is one per process: put its default back for other tests."""
    before = (KernelProvisionerFactory.instance().default_provisioner_name
              if KernelProvisionerFactory.initialized() else None)
    yield
    if before is None:
        KernelProvisionerFactory.clear_instance()  # the next kernel manager builds a fresh one
    else:
        KernelProvisionerFactory.instance().default_provisioner_name = before


async def run_cell(client, code: str) -> str:
    shown = []

    def collect(msg):
        if msg["msg_type"] == "stream":
            shown.append(msg["content"]["text"])

    reply = await client.execute_interactive(code, output_hook=collect, timeout=60)
    assert reply["content"]["status"] == "ok", reply["content"]
    return "".join(shown)


async def test_server_started_kernel_loads_the_extension(
        jp_serverapp, jp_fetch, provisioner_default_restored):
    key = github_token()
    assert use_secrets_provisioner(jp_serverapp)
    response = await jp_fetch("api", "kernels", method="POST", body=json.dumps({"name": "python3"}))
    kernel_id = json.loads(response.body)["id"]
    client = jp_serverapp.kernel_manager.get_kernel(kernel_id).client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=60)
        loaded = await run_cell(client, "print('secret' in get_ipython().magics_manager.magics['line'])")
        # built from halves in the kernel: the output holds a key, the cell's source does not
        shown = await run_cell(client, f"print('{key[:5]}' + '{key[5:]}')")
    finally:
        client.stop_channels()
        await jp_fetch("api", "kernels", kernel_id, method="DELETE")
    assert loaded == "True\n"
    assert shown == f"[REDACTED:{rule_of(key)}]\n"


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
