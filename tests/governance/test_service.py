"""The governance facade: policy before every read, an audit record for every operation, and
never a value outside the backend."""
from __future__ import annotations

import logging

import pytest

from jupyter_secrets.governance.audit_query import AuditFilter, search, usage
from jupyter_secrets.governance.audit_store import AuditError
from jupyter_secrets.governance.catalog import catalog, status
from jupyter_secrets.governance.grants import NOTEBOOK, WORKLOAD
from jupyter_secrets.governance.identity import Workload
from jupyter_secrets.governance.service import AccessDenied

from .helpers import assert_value_nowhere, files_under

VALUE = "sk-test-9d8c7b6a5f4e3d2c1b0a"
A = Workload("kernel-a", ("a.ipynb",), "alice")
B = Workload("kernel-b", ("b.ipynb",), "alice")


def test_a_secret_created_from_a_notebook_is_granted_to_it_only(make_gov):
    gov = make_gov()
    gov.set_secret("API_KEY", VALUE, workload=A)

    assert gov.read_for(A, "API_KEY")[0] == VALUE
    with pytest.raises(AccessDenied) as denied:
        gov.read_for(B, "API_KEY")
    assert "'b.ipynb'" in str(denied.value) and "jupyter-secrets grant API_KEY b.ipynb" in str(denied.value)

    # both attempts are in the trail, with the workload, and without the value
    reads = search(gov.audit, AuditFilter(secret="API_KEY", action="read"))
    assert [(r.path, r.kernel_id, r.outcome) for r in reversed(reads)] == [
        ("a.ipynb", "kernel-a", "ok"), ("b.ipynb", "kernel-b", "denied")]


def test_a_notebook_cannot_overwrite_a_secret_it_may_not_read(make_gov):
    gov = make_gov()
    gov.set_secret("API_KEY", VALUE, workload=A)
    with pytest.raises(AccessDenied):
        gov.set_secret("API_KEY", "overwritten-by-b", workload=B)
    assert gov.read_for(A, "API_KEY")[0] == VALUE


def test_an_explicit_grant_widens_the_scope(make_gov):
    gov = make_gov(SecretPolicy={"workloads": {"batch": ["jobs/**"]}})
    gov.set_secret("DB", VALUE, notebook="a.ipynb")
    gov.grant("DB", WORKLOAD, "batch")
    nightly = Workload("k", ("jobs/nightly.ipynb",), "cron")
    assert gov.read_for(nightly, "DB")[0] == VALUE
    assert gov.revoke("DB", WORKLOAD, "batch")
    with pytest.raises(AccessDenied):
        gov.read_for(nightly, "DB")


def test_previous_is_readable_only_during_the_overlap(make_gov):
    gov = make_gov()
    gov.set_secret("DB", "first-value-1", workload=A)
    from jupyter_secrets.governance.rotation import RotationError

    with pytest.raises(RotationError, match="no previous version"):
        gov.read_for(A, "DB", "previous")
    gov.rotator().rotate("DB", "second-value-2")
    assert gov.read_for(A, "DB")[0] == "second-value-2"
    assert gov.read_for(A, "DB", "previous")[0] == "first-value-1"


def test_the_catalog_shows_scope_use_and_rotation_but_no_value(make_gov):
    gov = make_gov()
    gov.set_secret("API_KEY", VALUE, workload=A)
    gov.read_for(A, "API_KEY")
    gov.rotator().rotate("API_KEY", VALUE + "-2")

    [entry] = catalog(gov)
    assert entry["name"] == "API_KEY" and entry["version"] == "2"
    assert entry["scope"] == [{"kind": NOTEBOOK, "target": "a.ipynb", "source": "stored",
                               "granted_by": "alice", "granted_at": entry["scope"][0]["granted_at"]}]
    assert entry["used_by"] == ["a.ipynb"] and entry["reads"] == 1 and entry["last_used"]
    assert entry["rotation"]["state"] == "overlap"
    assert VALUE not in repr(entry)
    assert usage(gov.audit, "dev")["API_KEY"].reads == 1
    assert status(gov)["ok"] is True and status(gov)["env"] == "dev"


def test_a_read_that_cannot_be_audited_is_refused(make_gov, tmp_path):
    gov = make_gov()
    gov.set_secret("API_KEY", VALUE, workload=A)
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    gov.audit.db_path = str(blocker / "audit.sqlite")
    with pytest.raises(AuditError):
        gov.read_for(A, "API_KEY")


def test_no_value_reaches_a_governance_file_or_the_log(make_gov, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    gov = make_gov(AuditTrail={"db_path": str(tmp_path / "audit" / "audit.sqlite"),
                               "key_file": str(tmp_path / "keys" / "audit.key"),
                               "jsonl_path": str(tmp_path / "audit" / "audit.jsonl")})
    gov.set_secret("API_KEY", VALUE, workload=A)
    gov.read_for(A, "API_KEY")
    with pytest.raises(AccessDenied):
        gov.read_for(B, "API_KEY")
    gov.grant("API_KEY", NOTEBOOK, "b.ipynb")
    gov.reveal("API_KEY")
    gov.rotator().rotate("API_KEY", VALUE + "-next")
    gov.rotator().rollback("API_KEY")
    gov.delete_secret("API_KEY")

    assert_value_nowhere(VALUE, files_under(tmp_path), allowed=[tmp_path / "store"])
    assert VALUE not in caplog.text
    assert len(list(gov.audit.records())) >= 10 and gov.audit.verify().ok


def test_a_value_passed_as_a_name_is_refused_and_never_recorded(make_gov):
    from jupyter_secrets.governance.names import ValueAsName

    gov = make_gov()
    key = "AKIA" + "QWERTYUIOPASDFGH"
    for attempt in (lambda: gov.read_for(A, key), lambda: gov.set_secret(key, "v-1"),
                    lambda: gov.rotator().rollback(key)):
        with pytest.raises(ValueAsName) as refused:
            attempt()
        assert key not in str(refused.value) and "aws-access-key-id" in str(refused.value)
    gov.auditor.record("read", "refused", key, detail="bad token")
    [record] = list(gov.audit.records())
    assert record.secret == "" and "withheld" in record.detail
