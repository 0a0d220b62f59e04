"""--baseline / --update-baseline: only new findings are reported; no secret in the file."""
import json

from .tokens import AWS_ACCESS_KEY_ID, GITHUB_PAT


def test_update_then_scan_reports_only_new_findings(cli, project):
    result = cli("scan", ".", "--baseline", "baseline.json", "--update-baseline")
    assert result.code == 0
    assert "wrote baseline.json with 1 fingerprint" in result.err
    assert cli("scan", ".", "--baseline", "baseline.json").code == 0

    (project / "new.py").write_text(f"aws = '{AWS_ACCESS_KEY_ID}'\n")
    result = cli("scan", ".", "--baseline", "baseline.json", "--format", "json")
    assert result.code == 1
    assert [f["path"] for f in result.json()["findings"]] == ["new.py"]
    text = cli("scan", ".", "--baseline", "baseline.json")
    assert "3 known from the baseline not shown" in text.out


def test_the_baseline_holds_fingerprints_rules_and_paths_never_secrets(cli, project):
    cli("scan", ".", "--baseline", "baseline.json", "--update-baseline")
    raw = (project / "baseline.json").read_text()
    assert GITHUB_PAT not in raw and GITHUB_PAT[4:] not in raw
    document = json.loads(raw)
    assert document["version"] == 1
    assert sorted(e["path"] for e in document["fingerprints"]) == ["leaky.ipynb", "notes.txt"]
    assert all(set(e) == {"fingerprint", "rule", "path"} for e in document["fingerprints"])


def test_a_baseline_from_another_key_is_refused_clearly(cli, project, monkeypatch):
    cli("scan", ".", "--baseline", "baseline.json", "--update-baseline")
    monkeypatch.setenv("JUPYTER_SECRETS_FINGERPRINT_KEY", "ab" * 32)
    result = cli("scan", ".", "--baseline", "baseline.json")
    assert result.code == 2
    assert "another fingerprint key" in result.err and "JUPYTER_SECRETS_FINGERPRINT_KEY" in result.err


def test_a_shared_key_makes_the_baseline_portable(cli, project, monkeypatch, tmp_path):
    monkeypatch.setenv("JUPYTER_SECRETS_FINGERPRINT_KEY", "cd" * 32)
    cli("scan", ".", "--baseline", "baseline.json", "--update-baseline")
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "elsewhere"))  # another machine
    assert cli("scan", ".", "--baseline", "baseline.json").code == 0


def test_missing_or_malformed_baselines_are_usage_errors(cli, project):
    result = cli("scan", ".", "--baseline", "nope.json")
    assert result.code == 2 and "baseline nope.json: cannot read: no such file or directory" in result.err
    (project / "bad.json").write_text("{\n  oops")
    result = cli("scan", ".", "--baseline", "bad.json")
    assert result.code == 2 and "baseline bad.json: not valid JSON at line 2" in result.err
    (project / "other.json").write_text('{"version": 7, "fingerprints": []}')
    result = cli("scan", ".", "--baseline", "other.json")
    assert result.code == 2 and "not a version 1 jupyter-secrets baseline" in result.err


def test_a_scan_with_errors_does_not_rewrite_the_baseline(cli, project):
    cli("scan", ".", "--baseline", "baseline.json", "--update-baseline")
    before = (project / "baseline.json").read_bytes()
    (project / "broken.ipynb").write_text("{")
    (project / "more.py").write_text(f"k = '{GITHUB_PAT}'\n")
    result = cli("scan", ".", "--baseline", "baseline.json", "--update-baseline")
    assert result.code == 2
    assert "not updated" in result.err
    assert (project / "baseline.json").read_bytes() == before
