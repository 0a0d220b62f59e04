"""`scan --staged`: what the next commit holds, not the working copy."""
import subprocess

from .conftest import python_env
from .tokens import GITHUB_PAT


def _git(repo, *args):
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          env=python_env(), timeout=60)


def test_scans_the_staged_blobs_by_path(cli, tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    (repo / "sub").mkdir(parents=True)
    _git(repo, "init", "-q")
    (repo / "sub" / "staged.py").write_text(f"key = '{GITHUB_PAT}'\n")
    (repo / "fixed.py").write_text(f"key = '{GITHUB_PAT}'\n")
    (repo / "unstaged.py").write_text(f"key = '{GITHUB_PAT}'\n")  # never added
    _git(repo, "add", "sub/staged.py", "fixed.py")
    (repo / "fixed.py").write_text("key = secret('KEY')\n")  # fixed on disk, not in the index
    (repo / "sub" / "staged.py").write_text("clean now\n")
    monkeypatch.chdir(repo / "sub")
    result = cli("scan", "--staged", "--format", "json")
    assert result.code == 1
    assert sorted(f["path"] for f in result.json()["findings"]) == ["fixed.py", "sub/staged.py"]
    assert cli("scan", ".").code == 0  # the working copy is clean: only --staged sees it
    _git(repo, "reset", "-q")
    assert cli("scan", "--staged").code == 0


def test_staged_outside_a_repository_is_a_usage_error(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("scan", "--staged")
    assert result.code == 2 and "not inside a git work tree" in result.err
