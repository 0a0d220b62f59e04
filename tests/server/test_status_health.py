"""The panel's status says when the guards cannot check anything, and when the audit trail
was rolled back: a server that refuses every save must not look healthy."""
from __future__ import annotations

import json
import sqlite3

import pytest
from traitlets.config import Config


async def status(jp_fetch) -> dict:
    return json.loads((await jp_fetch("jupyter-secrets", "status")).body)


class TestABrokenScanner:
    @pytest.fixture
    def jp_server_config(self):
        return Config({"ServerApp": {"jpserver_extensions": {"jupyter_secrets": True}},
                       "SecretStore": {"backend": "local"},
                       "ScanConfig": {"allowlist_regexes": ["(unclosed"]}})

    async def test_the_status_says_saves_are_not_being_checked(self, jp_fetch):
        reply = await status(jp_fetch)
        assert reply["guards"]["ok"] is False
        assert "(unclosed" in reply["guards"]["problem"]
        assert "refused" in reply["guards"]["fix"]


class TestAHealthyServer:
    @pytest.fixture
    def jp_server_config(self):
        return Config({"ServerApp": {"jpserver_extensions": {"jupyter_secrets": True}},
                       "SecretStore": {"backend": "local"}})

    async def test_guards_and_audit_are_ok(self, jp_fetch):
        reply = await status(jp_fetch)
        assert reply["guards"] == {"ok": True, "problem": "", "fix": ""}
        assert reply["audit"]["ok"] is True

    async def test_a_trail_rolled_back_behind_the_server_shows_in_the_status(self, jp_fetch,
                                                                           jp_serverapp):
        # Given a few audited operations
        for name in ("A_KEY", "B_KEY", "C_KEY"):
            await jp_fetch("jupyter-secrets", "secrets", method="POST",
                           body=json.dumps({"name": name, "value": "v-" + name * 4}))
        services = jp_serverapp.web_app.settings["jupyter_secrets_governance"]
        db = services.governance.audit.db_path
        # When the newest records are deleted and the head row moved back
        with sqlite3.connect(db) as conn:
            mac = conn.execute("SELECT mac FROM audit WHERE seq = 1").fetchone()[0]
            conn.execute("DELETE FROM audit WHERE seq > 1")
            conn.execute("UPDATE audit_head SET seq = 1, mac = ?", (mac,))
        # Then the panel's status says so
        reply = await status(jp_fetch)
        assert reply["audit"]["ok"] is False
        assert any("deleted" in p for p in reply["audit"]["problems"])
        # and so does the full verification the panel offers
        verify = json.loads((await jp_fetch("jupyter-secrets", "audit", "verify")).body)
        assert verify["ok"] is False
