"""The hash-chained audit trail: append, verify, tamper detection, concurrent writers."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from jupyter_secrets.governance.audit_store import AuditError, AuditEvent, AuditStore, AuditTrail


def fill(store: AuditStore, count: int) -> None:
    for i in range(count):
        store.append(AuditEvent("read", "ok", secret=f"S{i % 3}", path=f"nb{i}.ipynb",
                                kernel_id=f"k{i}", env="dev", source="test"))


def test_a_fresh_trail_verifies(audit_store):
    # Given ten records
    fill(audit_store, 10)

    # then the chain verifies and counts all of them, in order
    report = audit_store.verify()
    assert report.ok, report.problems
    assert report.records == 10
    assert [r.seq for r in audit_store.records()] == list(range(1, 11))


def test_an_edited_record_is_detected(audit_store):
    fill(audit_store, 5)

    # When someone rewrites who read a secret, straight in the database
    with sqlite3.connect(audit_store.db_path) as conn:
        conn.execute("UPDATE audit SET path = 'innocent.ipynb' WHERE seq = 3")

    # then verification names that record
    report = audit_store.verify()
    assert not report.ok
    assert any("record 3 was edited" in p for p in report.problems)


def test_a_deleted_record_in_the_middle_is_detected(audit_store):
    fill(audit_store, 5)
    with sqlite3.connect(audit_store.db_path) as conn:
        conn.execute("DELETE FROM audit WHERE seq = 2")

    report = audit_store.verify()
    assert not report.ok
    assert any("records 2..2 are missing" in p for p in report.problems)


def test_deleting_the_newest_records_is_detected(audit_store):
    fill(audit_store, 5)
    with sqlite3.connect(audit_store.db_path) as conn:
        conn.execute("DELETE FROM audit WHERE seq >= 4")

    report = audit_store.verify()
    assert not report.ok
    assert any("newest records were deleted" in p for p in report.problems)


def test_a_rechained_edit_without_the_key_is_detected(audit_store, tmp_path):
    # Given an attacker who recomputes the chain with a plain hash (no key)
    fill(audit_store, 3)
    import hashlib

    with sqlite3.connect(audit_store.db_path) as conn:
        conn.execute("UPDATE audit SET actor = 'mallory' WHERE seq = 1")
        row = conn.execute("SELECT * FROM audit WHERE seq = 1").fetchone()
        forged = hashlib.sha256(json.dumps(list(row[:-1])).encode()).hexdigest()
        conn.execute("UPDATE audit SET mac = ? WHERE seq = 1", (forged,))

    assert not audit_store.verify().ok


def test_the_jsonl_sink_mirrors_the_chain(gov_config, tmp_path):
    # Given the JSON-lines sink switched on
    gov_config.AuditTrail.jsonl_path = str(tmp_path / "audit.jsonl")
    store = AuditStore(AuditTrail(config=gov_config))
    fill(store, 4)

    # then each record is one line, and the copy verifies on its own
    lines = (tmp_path / "audit.jsonl").read_text().splitlines()
    assert [json.loads(line)["seq"] for line in lines] == [1, 2, 3, 4]
    assert store.verify_jsonl(str(tmp_path / "audit.jsonl")).ok

    # and an edited line is detected
    edited = json.loads(lines[1])
    edited["outcome"] = "denied"
    lines[1] = json.dumps(edited)
    (tmp_path / "audit.jsonl").write_text("\n".join(lines) + "\n")
    report = store.verify_jsonl(str(tmp_path / "audit.jsonl"))
    assert not report.ok and any("record 2 was edited" in p for p in report.problems)


def test_an_unknown_action_is_refused(audit_store):
    with pytest.raises(AuditError, match="unknown audit action"):
        audit_store.append(AuditEvent("peek", "ok"))


def test_an_unwritable_trail_raises_instead_of_skipping(gov_config, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    gov_config.AuditTrail.db_path = str(blocker / "audit.sqlite")
    store = AuditStore(AuditTrail(config=gov_config))
    with pytest.raises(AuditError, match="cannot be written"):
        store.append(AuditEvent("read", "ok", secret="X"))


WRITER = textwrap.dedent("""
    import sys
    from traitlets.config import Config
    from jupyter_secrets.governance.audit_store import AuditEvent, AuditStore, AuditTrail
    db, key, worker, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    store = AuditStore(AuditTrail(config=Config({"AuditTrail": {"db_path": db, "key_file": key}})))
    for i in range(count):
        store.append(AuditEvent("read", "ok", secret="SHARED", kernel_id=worker, path=str(i)))
""")


def test_concurrent_processes_lose_no_record_and_keep_one_chain(audit_store):
    # Given eight processes appending at the same time (and this one too)
    workers, each = 8, 40
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, audit_store.db_path,
                               audit_store.key_file, f"w{n}", str(each)]) for n in range(workers)]
    fill(audit_store, each)
    assert [p.wait(timeout=120) for p in procs] == [0] * workers

    # then every record is there, once, and the chain verifies
    records = list(audit_store.records())
    assert len(records) == (workers + 1) * each
    for n in range(workers):
        assert sorted(int(r.path) for r in records if r.kernel_id == f"w{n}") == list(range(each))
    report = audit_store.verify()
    assert report.ok and report.records == (workers + 1) * each
