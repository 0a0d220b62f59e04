"""Rotation: validators see the candidate on stdin only; failure keeps the current value;
cut-over keeps the previous version for the overlap; roll back restores it in one step."""
from __future__ import annotations

import hashlib
import shlex
import sys
import textwrap

import pytest

from jupyter_secrets.governance.audit_query import AuditFilter, search
from jupyter_secrets.governance.rotation import RotationError

OLD, NEW = "old-value-7f3a9c", "new-value-19be02"


def rotation_gov(make_gov, command=None, entry_point=None, overlap=3600.0):
    validators = {}
    if command:
        validators["API_KEY"] = {"command": command, "timeout": 10}
    if entry_point:
        validators["API_KEY"] = {"entry_point": entry_point}
    gov = make_gov(Rotation={"validators": validators, "overlap_window": overlap})
    gov.set_secret("API_KEY", OLD)
    return gov


def py(code: str) -> str:
    return f"{shlex.quote(sys.executable)} -c {shlex.quote(textwrap.dedent(code))}"


def actions(gov):
    return [(r.action, r.outcome) for r in reversed(search(gov.audit, AuditFilter(secret="API_KEY")))]


def test_a_failing_validator_leaves_the_current_value_and_says_why(make_gov):
    # Given a validator that rejects the candidate, echoing it in its complaint
    gov = rotation_gov(make_gov, py("""
        import sys
        print("key " + sys.stdin.read() + " was refused: 401 Unauthorized", file=sys.stderr)
        sys.exit(3)"""))

    # When rotating
    with pytest.raises(RotationError) as failed:
        gov.rotator().rotate("API_KEY", NEW)

    # then the current value stays, the reason is given without the candidate in it
    assert gov.backend.get("API_KEY") == OLD
    assert "401 Unauthorized" in str(failed.value) and NEW not in str(failed.value)
    assert "[secret]" in str(failed.value)
    assert gov.rotator().status("API_KEY").state == "failed"
    assert actions(gov)[-2:] == [("rotate-stage", "ok"), ("rotate-validate", "failed")]


def test_the_validator_reads_the_candidate_from_stdin_not_argv(make_gov, tmp_path):
    seen = tmp_path / "seen"
    gov = rotation_gov(make_gov, py(f"""
        import hashlib, os, sys
        data = sys.stdin.read()
        open({str(seen)!r}, "w").write(hashlib.sha256(data.encode()).hexdigest() + " "
                                       + " ".join(sys.argv) + " " + os.environ["JUPYTER_SECRETS_NAME"])"""))
    gov.rotator().rotate("API_KEY", NEW)
    digest, *rest = seen.read_text().split(" ")
    assert digest == hashlib.sha256(NEW.encode()).hexdigest()
    assert NEW not in " ".join(rest) and rest[-1] == "API_KEY"


def test_rotation_then_rollback_restores_the_old_value(make_gov):
    gov = rotation_gov(make_gov, py("import sys; sys.exit(0 if sys.stdin.read().startswith('new-') else 1)"))
    rotator = gov.rotator()
    old_version = rotator.current_version("API_KEY")

    record = rotator.rotate("API_KEY", NEW)
    assert gov.backend.get("API_KEY") == NEW
    assert record.state == "overlap" and record.previous_version == old_version
    # the previous version stays readable during the overlap
    assert gov.backend.get("API_KEY", record.previous_version) == OLD

    restored = rotator.rollback("API_KEY")
    assert gov.backend.get("API_KEY") == OLD
    assert restored.state == "rolled-back"
    assert actions(gov)[-4:] == [("rotate-stage", "ok"), ("rotate-validate", "ok"),
                                 ("rotate-cutover", "ok"), ("rollback", "ok")]
    with pytest.raises(RotationError, match="no rotation to roll back"):
        rotator.rollback("API_KEY")


def test_rollback_after_the_overlap_needs_force(make_gov):
    gov = rotation_gov(make_gov, overlap=0.0)
    gov.rotator().rotate("API_KEY", NEW)
    assert gov.rotator().status("API_KEY").state == "complete"
    with pytest.raises(RotationError, match="overlap window .* ended"):
        gov.rotator().rollback("API_KEY")
    gov.rotator().rollback("API_KEY", force=True)
    assert gov.backend.get("API_KEY") == OLD


def test_a_stage_cutover_race_is_refused(make_gov):
    gov = rotation_gov(make_gov)
    rotator = gov.rotator()
    staged = rotator.stage("API_KEY", NEW)
    rotator.validate(staged)
    gov.backend.set("API_KEY", "someone-else-1")  # another rotation won meanwhile
    with pytest.raises(RotationError, match="changed .* since the candidate was staged"):
        rotator.cutover(staged)
    assert gov.backend.get("API_KEY") == "someone-else-1"
    assert NEW not in repr(staged)


def test_a_slow_validator_times_out(make_gov):
    gov = rotation_gov(make_gov, py("import time; time.sleep(30)"))
    gov.rotation.validators = {"API_KEY": {"command": py("import time; time.sleep(30)"), "timeout": 0.5}}
    with pytest.raises(RotationError, match="did not answer within 0.5 s"):
        gov.rotator().rotate("API_KEY", NEW)
    assert gov.backend.get("API_KEY") == OLD


def test_an_entry_point_validator_runs_in_its_own_process(make_gov, tmp_path, monkeypatch):
    # Given an installed distribution that registers a validator
    site = tmp_path / "site"
    (site / "demo_validators-1.0.dist-info").mkdir(parents=True)
    (site / "demo_validators-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: demo-validators\nVersion: 1.0\n")
    (site / "demo_validators-1.0.dist-info" / "entry_points.txt").write_text(
        "[jupyter_secrets.validators]\nprefix = demo_validators:must_be_new\n")
    (site / "demo_validators.py").write_text(
        "def must_be_new(value):\n    return None if value.startswith('new-') else 'not a new key'\n")
    monkeypatch.setenv("PYTHONPATH", str(site))
    gov = rotation_gov(make_gov, entry_point="prefix")

    with pytest.raises(RotationError, match="not a new key"):
        gov.rotator().rotate("API_KEY", "bad-value-123")
    gov.rotator().rotate("API_KEY", NEW)
    assert gov.backend.get("API_KEY") == NEW


def test_rotating_to_the_same_value_is_refused(make_gov):
    gov = rotation_gov(make_gov)
    with pytest.raises(RotationError, match="is the current value"):
        gov.rotator().rotate("API_KEY", OLD)


def test_require_validator_refuses_a_secret_without_one(make_gov):
    gov = rotation_gov(make_gov)
    gov.rotation.require_validator = True
    with pytest.raises(RotationError, match="has no validator"):
        gov.rotator().rotate("API_KEY", NEW)
