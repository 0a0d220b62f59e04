"""A save that must be audited while another process holds the audit trail locked: refused
after a bounded wait, and the server keeps answering other requests meanwhile."""
from __future__ import annotations

import asyncio
import json
import time

import pytest
from traitlets.config import Config

from tests.governance.test_audit_anchor import hold_lock

from .conftest import code, notebook, stream

WRITE_TIMEOUT = 0.5
LOCK_HELD = 60


@pytest.fixture
def jp_server_config():
    return Config({"ServerApp": {"jpserver_extensions": {"jupyter_secrets": True}},
                   "SecretStore": {"backend": "local"},
                   "AuditTrail": {"write_timeout": WRITE_TIMEOUT}})


async def test_a_locked_trail_refuses_the_save_quickly_and_stalls_nobody(
        jp_serverapp, save_notebook, jp_fetch, jp_root_dir, key):
    services = jp_serverapp.web_app.settings["jupyter_secrets_governance"]
    db = services.governance.audit.db_path
    # Given a trail with a record in it, locked by another process for far longer than the
    # bound (a save that waited for the lock would take LOCK_HELD; loaded machines stay far below)
    await jp_fetch("jupyter-secrets", "secrets", method="POST",
                   body=json.dumps({"name": "SOME_KEY", "value": "value-for-the-lock-test"}))
    holder = hold_lock(db, LOCK_HELD)
    try:
        # When a save that strips a key from an output (and so must be audited) arrives,
        # beside a plain request to the server
        started = time.monotonic()
        save = asyncio.ensure_future(save_notebook(
            "nb.ipynb", notebook(code("print(k)", outputs=[stream(key + "\n")]))))
        await asyncio.sleep(0.05)
        other_started = time.monotonic()
        await jp_fetch("api", "status")
        other_waited = time.monotonic() - other_started
        response = await save
        save_waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    # Then the save is refused with a clear reason, within the bound, and nothing was written
    assert response.code == 503, response.body
    assert "audit trail is busy" in json.loads(response.body)["message"]
    assert save_waited < LOCK_HELD / 4
    assert not (jp_root_dir / "nb.ipynb").exists()
    # and the other request did not wait for the lock either
    assert other_waited < LOCK_HELD / 4
