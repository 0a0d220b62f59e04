"""The secrets API the panel calls: authenticated and authorized, values in once and out only
on an explicit, audited reveal; the guards' blocked saves land in the same trail."""
from __future__ import annotations

import json
import logging

import pytest
from tornado.httpclient import HTTPClientError
from traitlets.config import Config

from tests.governance.helpers import assert_value_nowhere, files_under

from .conftest import code, notebook, openai_key

VALUE = "sk-panel-test-0a9b8c7d6e5f4a3b"


@pytest.fixture
def jp_server_config():
    return Config({"ServerApp": {"jpserver_extensions": {"jupyter_secrets": True}},
                   "SecretStore": {"backend": "local"},
                   "SecretPolicy": {"workloads": {"training": ["train/**"]}}})


@pytest.fixture
def call(jp_fetch):
    async def call(*parts, method="GET", body=None, params=None, expect=200):
        kwargs = {"method": method, "params": params, "raise_error": False}
        if body is not None:
            kwargs["body"] = body if isinstance(body, str) else json.dumps(body)
        reply = await jp_fetch("jupyter-secrets", *parts, **kwargs)
        assert reply.code == expect, reply.body
        return json.loads(reply.body) if reply.body else None
    return call


async def test_status_names_backend_and_environment(call):
    status = await call("status")
    assert status["ok"] is True and status["backend"] == "local" and status["env"] == "dev"
    assert "dev" in status["environments"] and status["fix"] == ""


async def test_add_list_grant_reveal_delete(call, jp_data_dir, caplog):
    caplog.set_level(logging.DEBUG)
    # Add from a notebook: the value goes in once and is granted to that notebook only
    added = await call("secrets", method="POST", expect=201,
                       body={"name": "API_KEY", "value": VALUE, "notebook": "nb/a.ipynb"})
    assert VALUE not in json.dumps(added)
    assert [(g["kind"], g["target"]) for g in added["scope"]] == [("notebook", "nb/a.ipynb")]

    # Grant it to a workload, and list: metadata, never the value
    await call("secrets", "API_KEY", "grants", method="POST",
               body={"kind": "workload", "target": "training"})
    listed = await call("secrets")
    assert VALUE not in json.dumps(listed)
    [entry] = listed["secrets"]
    assert entry["name"] == "API_KEY" and entry["version"] == "1" and entry["last_used"] is None
    assert {(g["kind"], g["target"]) for g in entry["scope"]} == {("notebook", "nb/a.ipynb"),
                                                                  ("workload", "training")}

    # Revoke the workload grant
    await call("secrets", "API_KEY", "grants", method="DELETE",
               params={"kind": "workload", "target": "training"})
    await call("secrets", "API_KEY", "grants", method="DELETE", expect=404,
               params={"kind": "workload", "target": "training"})

    # Reveal only on request, audited
    revealed = await call("secrets", "API_KEY", "reveal", method="POST", body={})
    assert revealed["value"] == VALUE
    reveals = (await call("audit", params={"action": "reveal"}))["events"]
    assert [(e["secret"], e["outcome"], e["source"]) for e in reveals] == [("API_KEY", "ok", "api")]

    await call("secrets", "API_KEY", method="DELETE", expect=204)
    assert (await call("secrets"))["secrets"] == []
    await call("secrets", "API_KEY", "reveal", method="POST", body={}, expect=404)

    actions = [e["action"] for e in reversed((await call("audit"))["events"])]
    assert actions == ["set", "grant", "grant", "revoke", "revoke", "reveal", "delete"]
    assert (await call("audit", "verify"))["ok"]
    # the value was in the reveal reply only: not in the trail, the state or the log
    assert_value_nowhere(VALUE, files_under(jp_data_dir),
                         allowed=[jp_data_dir / "jupyter_secrets" / "store.json"])
    assert VALUE not in caplog.text


@pytest.mark.parametrize("parts, method, body, expect, says", [
    (("secrets",), "POST", "not json", 400, "not JSON"),
    (("secrets",), "POST", {"name": "X"}, 400, "with strings"),
    (("secrets",), "POST", {"name": "bad name!", "value": "v-1"}, 400, "a secret name is 1 to 128"),
    (("secrets",), "POST", {"name": "X", "value": ""}, 503, "must not be empty"),
    (("secrets", "NOPE", "grants"), "POST", {"kind": "group", "target": "x"}, 400, "kind"),
    (("secrets", "NOPE"), "DELETE", None, 404, "NOPE"),
    (("secrets", "NOPE", "rotation"), "POST", {"step": "dance"}, 400, "step must be one of"),
    (("secrets", "NOPE", "rotation"), "POST", {"step": "cutover"}, 409, "stage one first"),
    (("audit",), "GET", None, 400, "since"),
])
async def test_bad_requests_get_clear_errors(call, parts, method, body, expect, says):
    params = {"since": "last tuesday"} if parts == ("audit",) else None
    reply = await call(*parts, method=method, body=body, params=params, expect=expect)
    assert says in reply["message"]


async def test_every_path_refuses_an_unauthenticated_request(jp_fetch):
    for parts, method in [(("status",), "GET"), (("secrets",), "GET"), (("secrets",), "POST"),
                          (("secrets", "A", "reveal"), "POST"), (("audit",), "GET"),
                          (("audit", "report"), "GET"), (("secrets", "A", "rotation"), "POST")]:
        with pytest.raises(HTTPClientError) as refused:
            await jp_fetch("jupyter-secrets", *parts, method=method,
                           body="{}" if method == "POST" else None, headers={"Authorization": ""})
        assert refused.value.code == 403, parts


async def test_the_report_lists_never_used_secrets_and_new_readers(call):
    await call("secrets", method="POST", expect=201, body={"name": "UNUSED", "value": "v-unused-1"})
    report = await call("audit", "report", params={"unused_days": "30"})
    assert report["never_used"] == ["UNUSED"] and report["env"] == "dev"
    assert {"unused", "new_workloads", "sharp_changes"} <= set(report)
    await call("audit", "report", params={"unused_days": "-1"}, expect=400)


async def test_a_blocked_save_is_audited_without_the_key(call, save_notebook):
    leaked = openai_key()
    reply = await save_notebook("leak.ipynb", notebook(code(f"client = OpenAI(api_key='{leaked}')")))
    assert reply.code >= 400
    [event] = (await call("audit", params={"action": "save-blocked"}))["events"]
    assert event["path"] == "leak.ipynb" and event["outcome"] == "blocked"
    assert "openai" in event["detail"] and leaked not in json.dumps(event)


async def test_status_says_what_is_wrong_and_how_to_fix_it(call, jp_data_dir):
    # Given a store file that was damaged on disk
    await call("secrets", method="POST", expect=201, body={"name": "API_KEY", "value": VALUE})
    (jp_data_dir / "jupyter_secrets" / "store.json").write_text("{ not json")

    status = await call("status")
    assert status["ok"] is False and "damaged" in status["message"]
    assert "restore it from a backup" in status["fix"]
    # and the list answers with the same message instead of a traceback
    listed = await call("secrets", expect=503)
    assert "damaged" in listed["message"]
