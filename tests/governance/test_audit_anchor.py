"""The audit trail cannot be rolled back silently: its head is anchored outside the database
(and in the JSON-lines mirror when that is on), and writes never wait longer than their bound."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from jupyter_secrets.governance.audit_anchor import anchor_path
from jupyter_secrets.governance.audit_store import AuditError, AuditEvent, AuditStore, AuditTrail


def fill(store: AuditStore, count: int) -> None:
    for i in range(count):
        store.append(AuditEvent("read", "ok", secret="S", path=f"nb{i}.ipynb", env="dev",
                                source="test"))


def problems(store: AuditStore) -> str:
    report = store.verify()
    assert not report.ok
    return " | ".join(report.problems)


def test_the_anchor_follows_every_append(audit_store):
    fill(audit_store, 3)
    assert os.path.exists(anchor_path(audit_store.key_file))
    assert audit_store.verify().ok
    assert audit_store.check_head() == []


def test_newest_records_deleted_and_the_head_row_moved_back_is_reported(audit_store):
    fill(audit_store, 5)
    # When someone deletes the two newest records and moves the head row back to match
    with sqlite3.connect(audit_store.db_path) as conn:
        mac3 = conn.execute("SELECT mac FROM audit WHERE seq = 3").fetchone()[0]
        conn.execute("DELETE FROM audit WHERE seq >= 4")
        conn.execute("UPDATE audit_head SET seq = 3, mac = ?", (mac3,))
    # then the chain alone still looks whole, but the anchor outside the database says not
    assert "the head anchor says record 5" in problems(audit_store)
    assert audit_store.check_head()


def test_an_emptied_trail_is_reported(audit_store):
    fill(audit_store, 4)
    with sqlite3.connect(audit_store.db_path) as conn:
        conn.execute("DELETE FROM audit")
        conn.execute("DELETE FROM audit_head")
    assert "newest records were deleted" in problems(audit_store)


def test_a_deleted_database_is_reported_and_not_recreated(audit_store):
    fill(audit_store, 2)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(audit_store.db_path + suffix):
            os.unlink(audit_store.db_path + suffix)
    assert "is missing" in problems(audit_store)
    assert not os.path.exists(audit_store.db_path)


def test_a_replaced_newest_record_is_reported(audit_store):
    fill(audit_store, 3)
    with sqlite3.connect(audit_store.db_path) as conn:
        conn.execute("UPDATE audit SET mac = ? WHERE seq = 3", ("0" * 64,))
        conn.execute("UPDATE audit_head SET mac = ?", ("0" * 64,))
    assert "record 3 was replaced" in problems(audit_store)


def test_an_edited_anchor_is_reported(audit_store):
    fill(audit_store, 3)
    path = anchor_path(audit_store.key_file)
    with open(path) as handle:
        data = json.load(handle)
    (entry,) = data["trails"].values()
    entry["seq"] = 1  # moved back to hide records 2 and 3 later
    with open(path, "w") as handle:
        json.dump(data, handle)
    assert "was edited" in problems(audit_store)


def test_a_deleted_anchor_is_reported(audit_store):
    fill(audit_store, 2)
    os.unlink(anchor_path(audit_store.key_file))
    assert "anchor" in problems(audit_store) and "missing" in problems(audit_store)


def test_the_json_lines_mirror_anchors_too(gov_config, tmp_path):
    gov_config.AuditTrail.jsonl_path = str(tmp_path / "audit.jsonl")
    store = AuditStore(AuditTrail(config=gov_config))
    fill(store, 4)
    # When the database and the anchor file are both rolled back to an older copy
    anchor = anchor_path(store.key_file)
    with open(anchor) as handle:
        old_anchor = handle.read()
    with sqlite3.connect(store.db_path) as conn:
        old = conn.execute("SELECT seq, mac FROM audit WHERE seq = 4").fetchone()
    fill(store, 2)
    with sqlite3.connect(store.db_path) as conn:
        conn.execute("DELETE FROM audit WHERE seq > 4")
        conn.execute("UPDATE audit_head SET seq = ?, mac = ?", old)
    with open(anchor, "w") as handle:
        handle.write(old_anchor)
    # then the mirror still knows record 6
    assert "the JSON-lines mirror says record 6" in problems(store)


HOLD_LOCK = textwrap.dedent("""
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    conn.execute("ROLLBACK")
""")


def hold_lock(db_path: str, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, db_path, str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_a_write_to_a_locked_trail_is_refused_within_its_bound(gov_config):
    gov_config.AuditTrail.write_timeout = 0.5
    store = AuditStore(AuditTrail(config=gov_config))
    fill(store, 1)
    holder = hold_lock(store.db_path, 30)  # far longer than the bound: waiting for it shows
    try:
        started = time.monotonic()
        with pytest.raises(AuditError, match="busy"):
            fill(store, 1)
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert waited < 7.5
    # and the refused record never lands later
    time.sleep(0.2)
    fill(store, 1)
    assert [r.seq for r in store.records()] == [1, 2]
    assert store.verify().ok
