"""One Jupyter server and OpenBao: kernels log in to Vault with their own JWTs, and Vault
itself enforces which notebook reads what."""
from __future__ import annotations

import json

import pytest

from tests.governance.kernels import KernelRunner, digest, start_session

from .conftest import set_up_vault

pytestmark = pytest.mark.slow

VALUE = "team-value-" + "7c1d9e4b2a6f8e3d5c0b"


async def api(jp_fetch, *parts, method="GET", body=None):
    kwargs = {"method": method}
    if body is not None:
        kwargs["body"] = json.dumps(body)
    reply = await jp_fetch("jupyter-secrets", *parts, **kwargs)
    return json.loads(reply.body) if reply.body else None


async def test_granted_notebook_reads_through_its_own_vault_token(
        jp_serverapp, jp_fetch, admin, plan):
    await set_up_vault(admin, plan)
    # Given a secret added from the panel for a1.ipynb (the server writes it and its grant to Vault)
    await api(jp_fetch, "secrets", method="POST",
              body={"name": "API_KEY", "value": VALUE, "notebook": "a1.ipynb"})
    _, a1 = await start_session(jp_fetch, "a1.ipynb")
    _, a2 = await start_session(jp_fetch, "a2.ipynb")
    one, two = KernelRunner(jp_serverapp, a1), KernelRunner(jp_serverapp, a2)
    try:
        out_one = await one.read("API_KEY")
        out_two = await two.read("API_KEY")
    finally:
        one.close()
        two.close()
    assert out_one == f"OK {digest(VALUE)}"
    assert out_two.startswith("ERR AccessRefused"), out_two
    assert "not granted" in out_two
