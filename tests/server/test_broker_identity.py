"""Workload identity on a real server: kernels started through the sessions API get a token
from the provisioner; the broker serves only what their notebook is granted, audits every
attempt, refuses forged, foreign and expired tokens, and follows a renamed notebook."""
from __future__ import annotations

import asyncio
import json
import logging
import urllib.parse

import pytest
from tornado.httpclient import AsyncHTTPClient, HTTPClientError
from traitlets.config import Config

from jupyter_secrets.governance.identity import TOKEN_HEADER
from tests.governance.helpers import assert_value_nowhere, files_under
from tests.governance.kernels import KernelRunner, digest, start_session

VALUE = "sk-broker-test-4f1e9a7c2b3d5e6f"


@pytest.fixture
def jp_server_config():
    return Config({"ServerApp": {"jpserver_extensions": {"jupyter_secrets": True}},
                   "SecretStore": {"backend": "local"}})


@pytest.fixture
def services(jp_serverapp):
    return jp_serverapp.web_app.settings["jupyter_secrets_governance"]


async def api(jp_fetch, *parts, method="GET", body=None, params=None):
    kwargs = {"method": method, "params": params}
    if body is not None:
        kwargs["body"] = json.dumps(body)
    reply = await jp_fetch("jupyter-secrets", *parts, **kwargs)
    return json.loads(reply.body) if reply.body else None


async def broker_get(jp_serverapp, name, token=None, headers=None):
    """A kernel's read, made from outside any kernel: no jp_fetch auth header. The name goes
    in the body, as the broker client sends it."""
    url = urllib.parse.urljoin(f"http://127.0.0.1:{jp_serverapp.port}{jp_serverapp.base_url}",
                               "jupyter-secrets/broker/read")
    headers = dict(headers or {})
    if token is not None:
        headers[TOKEN_HEADER] = token
    return await AsyncHTTPClient().fetch(url, method="POST", body=json.dumps({"name": name}),
                                         headers=headers, raise_error=True)


async def test_only_the_granted_notebook_reads_the_secret_and_both_are_audited(
        jp_serverapp, jp_fetch, jp_data_dir, caplog):
    caplog.set_level(logging.DEBUG)
    # Given a secret added from the panel for granted.ipynb, and kernels for two notebooks
    await api(jp_fetch, "secrets", method="POST",
              body={"name": "API_KEY", "value": VALUE, "notebook": "granted.ipynb"})
    _, granted_id = await start_session(jp_fetch, "granted.ipynb")
    _, other_id = await start_session(jp_fetch, "other.ipynb")
    granted, other = KernelRunner(jp_serverapp, granted_id), KernelRunner(jp_serverapp, other_id)
    try:
        # When both ask for it
        granted_out, other_out = await asyncio.gather(granted.read("API_KEY"), other.read("API_KEY"))
    finally:
        granted.close()
        other.close()

    # then only the granted one gets it, and the other is told how to grant it
    assert granted_out == f"OK {digest(VALUE)}"
    assert other_out.startswith("ERR AccessRefused")
    assert "'API_KEY'" in other_out and "'other.ipynb'" in other_out
    assert "jupyter-secrets grant API_KEY other.ipynb" in other_out

    # and both attempts are in the trail, with notebook and kernel
    events = (await api(jp_fetch, "audit", params={"secret": "API_KEY", "action": "read"}))["events"]
    assert sorted((e["path"], e["kernel_id"], e["outcome"]) for e in events) == [
        ("granted.ipynb", granted_id, "ok"), ("other.ipynb", other_id, "denied")]
    assert all(e["source"] == "broker" for e in events)

    # and the value reached neither the server's log nor any file but the backend's
    assert VALUE not in caplog.text
    assert_value_nowhere(VALUE, files_under(jp_data_dir),
                         allowed=[jp_data_dir / "jupyter_secrets" / "store.json"])


async def test_missing_forged_foreign_and_expired_tokens_are_refused_and_audited(
        jp_serverapp, jp_fetch, services):
    await api(jp_fetch, "secrets", method="POST", body={"name": "API_KEY", "value": VALUE})
    server_token = jp_serverapp.identity_provider.token
    attempts = {
        "missing": {},
        "forged": {TOKEN_HEADER: "jsk_" + "A" * 43},
        "server token as kernel token": {TOKEN_HEADER: server_token},
        "server token only": {"Authorization": f"token {server_token}"},
    }
    for what, headers in attempts.items():
        with pytest.raises(HTTPClientError) as refused:
            await broker_get(jp_serverapp, "API_KEY", headers=headers)
        assert refused.value.code == 403, what
        assert VALUE not in refused.value.response.body.decode()

    # an expired token: issued for a live kernel, never refreshed
    _, kernel_id = await start_session(jp_fetch, "a.ipynb")
    services.identity.tokens.ttl = 0.2
    stale = services.identity.tokens.issue(kernel_id, "a.ipynb", "alice")
    await asyncio.sleep(0.3)
    with pytest.raises(HTTPClientError) as expired:
        await broker_get(jp_serverapp, "API_KEY", token=stale)
    assert expired.value.code == 403 and b"expired" in expired.value.response.body

    events = (await api(jp_fetch, "audit", params={"outcome": "refused"}))["events"]
    assert len(events) == len(attempts) + 1
    assert {e["secret"] for e in events} == {"API_KEY"}
    assert any(e["kernel_id"] == kernel_id and "expired" in e["detail"] for e in events)


async def kernel_token(runner, tmp_path) -> str:
    """The kernel's token, passed through a file: the kernel redacts it from its output."""
    path = tmp_path / "token"
    await runner.run(f"import os; open({str(path)!r}, 'w').write(os.environ['JUPYTER_SECRETS_TOKEN'])")
    return path.read_text()


async def test_a_token_dies_with_its_kernel_and_a_restart_replaces_it(jp_serverapp, jp_fetch,
                                                                     tmp_path):
    await api(jp_fetch, "secrets", method="POST",
              body={"name": "API_KEY", "value": VALUE, "notebook": "a.ipynb"})
    session_id, kernel_id = await start_session(jp_fetch, "a.ipynb")
    runner = KernelRunner(jp_serverapp, kernel_id)
    try:
        token = await kernel_token(runner, tmp_path)
        assert token.startswith("jsk_")
        assert (await broker_get(jp_serverapp, "API_KEY", token=token)).code == 200
        assert jp_serverapp.identity_provider.token not in token

        await jp_fetch("api", "kernels", kernel_id, "restart", method="POST", body="{}")
        with pytest.raises(HTTPClientError) as replaced:
            await broker_get(jp_serverapp, "API_KEY", token=token)
        assert replaced.value.code == 403
        fresh = await kernel_token(runner, tmp_path)
        assert fresh != token
        assert (await runner.read("API_KEY")) == f"OK {digest(VALUE)}"
    finally:
        runner.close()

    await jp_fetch("api", "sessions", session_id, method="DELETE")
    with pytest.raises(HTTPClientError) as gone:
        await broker_get(jp_serverapp, "API_KEY", token=fresh)
    assert gone.value.code == 403


async def test_a_renamed_notebook_keeps_its_kernel_identity_and_grants(jp_serverapp, jp_fetch,
                                                                       jp_root_dir):
    # Given a notebook whose kernel stored a secret (so it is granted to that notebook)
    (jp_root_dir / "draft.ipynb").write_text(json.dumps(
        {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    session_id, kernel_id = await start_session(jp_fetch, "draft.ipynb")
    runner = KernelRunner(jp_serverapp, kernel_id)
    try:
        await runner.run("from jupyter_secrets.kernel.api import current_client\n"
                         f"current_client().set('DB_PASSWORD', {VALUE!r})")

        # When the notebook is renamed as JupyterLab does it (contents, then the session)
        await jp_fetch("api", "contents", "draft.ipynb", method="PATCH",
                       body=json.dumps({"path": "final.ipynb"}))
        await jp_fetch("api", "sessions", session_id, method="PATCH",
                       body=json.dumps({"path": "final.ipynb", "name": "final.ipynb"}))
        await asyncio.sleep(0.2)  # the grant follows on the contents event

        # then the same kernel, now for final.ipynb, still reads it
        assert (await runner.read("DB_PASSWORD")) == f"OK {digest(VALUE)}"
        whoami = json.loads(await runner.run(
            "import json\nfrom jupyter_secrets.governance.broker_client import BrokerClient\n"
            "print(json.dumps(BrokerClient.from_environment().whoami()))"))
    finally:
        runner.close()
    assert whoami["kernel_id"] == kernel_id and whoami["paths"] == ["final.ipynb"]
    scope = (await api(jp_fetch, "secrets", "DB_PASSWORD", "grants"))["scope"]
    assert [(g["kind"], g["target"]) for g in scope] == [("notebook", "final.ipynb")]
    reads = (await api(jp_fetch, "audit", params={"secret": "DB_PASSWORD", "action": "read"}))["events"]
    assert [(e["path"], e["kernel_id"]) for e in reads] == [("final.ipynb", kernel_id)]
