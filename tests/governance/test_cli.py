"""The governance commands: grant, rotate, rollback, diff and audit, on real stores."""
from __future__ import annotations

import io
import json
import os
import shlex
import sqlite3
import subprocess
import sys

import pytest

from jupyter_secrets.cli.main import main
from jupyter_secrets.governance.environments import open_backend
from jupyter_secrets.governance.identity import Workload
from jupyter_secrets.governance.service import Governance

from .conftest import governance_config

VALUE, NEW = "sk-cli-value-5e4d3c2b1a", "sk-cli-value-next-9f8e7d"


@pytest.fixture
def cli_config(tmp_path, isolated_jupyter_dirs, monkeypatch):
    """The installation's jupyter_secrets_config.json, as a user would write it."""
    config = governance_config(tmp_path)
    config.SecretPolicy.workloads = {"training": ["train/**"]}
    check = f"{shlex.quote(sys.executable)} -c " + shlex.quote(
        "import sys; sys.exit(0 if sys.stdin.read().startswith('sk-') else 'the key was refused')")
    config.Rotation.validators = {"API_KEY": {"command": check}}
    path = os.path.join(isolated_jupyter_dirs["JUPYTER_CONFIG_DIR"], "jupyter_secrets_config.json")
    with open(path, "w") as handle:
        json.dump(config, handle)
    monkeypatch.setenv("JUPYTER_SECRETS_FINGERPRINT_KEY", "ab" * 32)
    return config


def run(capsys, *argv, stdin=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_grant_list_and_revoke(cli_config, capsys):
    open_backend(cli_config, "dev").set("API_KEY", VALUE)
    code, out, _ = run(capsys, "grant", "API_KEY", "nb/a.ipynb", "workload:training")
    assert code == 0 and "notebook  nb/a.ipynb" in out and "workload  training" in out

    code, out, _ = run(capsys, "grant", "API_KEY", "--workload", "training", "--revoke")
    assert code == 0 and "training" not in out

    code, _, err = run(capsys, "grant", "API_KEY", "workload:serving")
    assert code == 2 and "no workload named 'serving'" in err and "training" in err
    code, _, err = run(capsys, "grant", "API_KEY")
    assert code == 2 and "give at least one TARGET" in err


def test_rotate_with_a_failing_validator_keeps_the_value(cli_config, capsys, monkeypatch):
    open_backend(cli_config, "dev").set("API_KEY", VALUE)
    code, out, err = run(capsys, "rotate", "API_KEY", stdin="not-a-key-123\n", monkeypatch=monkeypatch)
    assert code == 1 and "the key was refused" in err and "not-a-key-123" not in err + out
    assert open_backend(cli_config, "dev").get("API_KEY") == VALUE
    code, out, _ = run(capsys, "rotate", "API_KEY", "--status")
    assert code == 0 and "failed" in out


def test_rotate_then_rollback(cli_config, capsys, monkeypatch):
    open_backend(cli_config, "dev").set("API_KEY", VALUE)
    code, out, _ = run(capsys, "rotate", "API_KEY", stdin=NEW + "\n", monkeypatch=monkeypatch)
    assert code == 0 and "version 2 replaced 1" in out and NEW not in out
    assert open_backend(cli_config, "dev").get("API_KEY") == NEW

    code, out, _ = run(capsys, "rollback", "API_KEY")
    assert code == 0 and "restored the value of version 1 as version 3" in out
    assert open_backend(cli_config, "dev").get("API_KEY") == VALUE
    code, _, err = run(capsys, "rollback", "API_KEY")
    assert code == 1 and "no rotation to roll back" in err


def test_rotate_a_missing_secret_fails_before_asking(cli_config, capsys):
    code, _, err = run(capsys, "rotate", "NOPE")
    assert code == 2 and "NOPE" in err


def test_rotate_in_a_real_process_takes_the_value_from_stdin(cli_config, isolated_jupyter_dirs):
    open_backend(cli_config, "dev").set("API_KEY", VALUE)
    done = subprocess.run([sys.executable, "-m", "jupyter_secrets.cli.main", "rotate", "API_KEY"],
                          input=NEW, capture_output=True, text=True, timeout=60,
                          env={**os.environ, **isolated_jupyter_dirs})
    assert done.returncode == 0, done.stderr
    assert open_backend(cli_config, "dev").get("API_KEY") == NEW
    assert NEW not in done.stdout + done.stderr


def test_diff_compares_names_and_optionally_fingerprints(cli_config, capsys):
    dev, prod = open_backend(cli_config, "dev"), open_backend(cli_config, "prod")
    dev.set("ONLY_DEV", "dev-only-value-1")
    dev.set("SHARED", "dev-shared-value-1")
    prod.set("SHARED", "prod-shared-value-1")
    prod.set("ONLY_PROD", "prod-only-value-1")

    code, out, _ = run(capsys, "diff", "dev", "prod")
    assert code == 1 and out.splitlines() == ["only in dev: ONLY_DEV", "only in prod: ONLY_PROD"]
    code, out, _ = run(capsys, "diff", "dev", "prod", "--fingerprints", "--json")
    assert json.loads(out) == {"env_a": "dev", "env_b": "prod", "only_a": ["ONLY_DEV"],
                               "only_b": ["ONLY_PROD"], "both": ["SHARED"], "differ": ["SHARED"]}
    assert "value" not in out
    code, _, err = run(capsys, "diff", "dev", "Prod!")
    assert code == 2 and "not a valid environment name" in err


def test_audit_search_verify_and_report(cli_config, capsys, monkeypatch):
    open_backend(cli_config, "dev").set("API_KEY", VALUE)
    run(capsys, "grant", "API_KEY", "train/a.ipynb")
    run(capsys, "rotate", "API_KEY", stdin=NEW, monkeypatch=monkeypatch)

    code, out, _ = run(capsys, "audit", "--secret", "API_KEY")
    assert code == 0 and "rotate-cutover" in out and "grant" in out and VALUE not in out
    code, out, _ = run(capsys, "audit", "--action", "grant", "--json")
    assert [json.loads(line)["detail"] for line in out.splitlines()] == ["notebook train/a.ipynb"]
    reader = Governance(cli_config, actor="bob", source="broker")
    reader.read_for(Workload("k-123456789", ("train/a.ipynb",), "bob"), "API_KEY")
    code, out, _ = run(capsys, "audit", "--workload", "training")
    assert code == 0 and "train/a.ipynb [k-123456]" in out and "bob" in out
    assert len(out.splitlines()) == 2  # the header and the one read
    code, _, err = run(capsys, "audit", "--since", "yesterday-ish")
    assert code == 2 and "neither a duration" in err

    code, out, _ = run(capsys, "audit", "report")
    assert code == 0 and "never read:\n  none" in out
    assert "API_KEY by train/a.ipynb" in out

    code, out, _ = run(capsys, "audit", "verify")
    assert code == 0 and "intact" in out
    with sqlite3.connect(cli_config.AuditTrail.db_path) as conn:
        conn.execute("UPDATE audit SET path = 'elsewhere.ipynb' WHERE action = 'read'")
    code, out, _ = run(capsys, "audit", "verify")
    assert code == 1 and "was edited" in out
