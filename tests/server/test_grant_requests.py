"""Grant requests from agents, decided by the person through the panel's API."""
from __future__ import annotations

import pytest
from traitlets.config import Config

from .conftest import api_call

from jupyter_secrets.governance import grant_requests


@pytest.fixture
def jp_server_config():
    return Config({"ServerApp": {"jpserver_extensions": {"jupyter_secrets": True}},
                   "SecretStore": {"backend": "local"}})


def agent(jp_serverapp):
    services = jp_serverapp.web_app.settings["jupyter_secrets_governance"]
    return services.governance.with_source("mcp", "agent:helper-bot")


async def test_a_person_approves_an_agents_request_and_the_grant_is_theirs(jp_fetch, jp_serverapp):
    await api_call(jp_fetch, "secrets", method="POST", body={"name": "DB_URL", "value": "v-12345678"})
    filed = grant_requests.request_grant(agent(jp_serverapp), "DB_URL", "proj/etl.ipynb", "load data")
    code, pending = await api_call(jp_fetch, "grant-requests")
    assert code == 200
    assert [(r["id"], r["secret"], r["target"], r["requested_by"]) for r in pending["requests"]] == [
        (filed.id, "DB_URL", "proj/etl.ipynb", "agent:helper-bot")]

    code, decided = await api_call(jp_fetch, "grant-requests", filed.id, method="POST",
                               body={"decision": "approve"})
    assert code == 200 and decided["state"] == "approved"
    _, grants = await api_call(jp_fetch, "secrets", "DB_URL", "grants")
    assert [g["target"] for g in grants["scope"]] == ["proj/etl.ipynb"]
    # decided once: a second decision finds nothing pending
    code, _ = await api_call(jp_fetch, "grant-requests", filed.id, method="POST",
                         body={"decision": "deny"})
    assert code == 404
    _, pending = await api_call(jp_fetch, "grant-requests")
    assert pending["requests"] == []


async def test_a_denied_request_writes_no_grant(jp_fetch, jp_serverapp):
    await api_call(jp_fetch, "secrets", method="POST", body={"name": "S3_KEY", "value": "v-12345678"})
    filed = grant_requests.request_grant(agent(jp_serverapp), "S3_KEY", "**")
    code, decided = await api_call(jp_fetch, "grant-requests", filed.id, method="POST",
                               body={"decision": "deny"})
    assert code == 200 and decided["state"] == "denied"
    _, grants = await api_call(jp_fetch, "secrets", "S3_KEY", "grants")
    assert grants["scope"] == []
    _, audit = await api_call(jp_fetch, "audit", params={"secret": "S3_KEY"})
    assert {(e["action"], e["outcome"]) for e in audit["events"]} >= {
        ("grant-request", "pending"), ("grant-request", "denied")}


@pytest.mark.parametrize("parts, body, expect", [
    (("grant-requests", "0123abcd"), {"decision": "approve"}, 404),
    (("grant-requests", "0123abcd"), {"decision": "maybe"}, 400),
])
async def test_bad_decisions_get_clear_errors(jp_fetch, parts, body, expect):
    code, _ = await api_call(jp_fetch, *parts, method="POST", body=body)
    assert code == expect
