"""The installed commands end to end, and the pre-commit hook definitions."""
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from jupyter_secrets.detection.scanner import TEXT_NAMES, TEXT_SUFFIXES, is_scannable

from .tokens import GITHUB_PAT

REPO_ROOT = Path(__file__).resolve().parents[2]


def _command(*words):
    if shutil.which(words[0]) is None:
        pytest.fail(f"{words[0]} is not on PATH: install the package (pip install -e .)")
    return list(words)


@pytest.mark.parametrize("prefix", [("jupyter-secrets",), ("jupyter", "secrets")])
def test_scan_through_the_installed_command(project, prefix):
    done = subprocess.run(_command(*prefix) + ["scan", ".", "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert len(json.loads(done.stdout)["findings"]) == 3
    assert GITHUB_PAT not in done.stdout + done.stderr


def test_clean_and_a_usage_error_through_the_installed_command(project):
    done = subprocess.run(_command("jupyter-secrets", "clean", "."), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    done = subprocess.run(_command("jupyter-secrets", "scan", "."), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "no secrets found in 3 files" in done.stdout
    done = subprocess.run(_command("jupyter-secrets", "scan", "--format"), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_filter_through_the_installed_command(project):
    done = subprocess.run(_command("jupyter-secrets", "filter", "--path", "notes.txt"),
                          input=(project / "notes.txt").read_bytes(), capture_output=True, timeout=120)
    assert done.returncode == 0
    assert done.stdout.startswith(b"first line\n") and GITHUB_PAT.encode() not in done.stdout


def _hooks():
    return {hook["id"]: hook for hook in yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text())}


def test_pre_commit_hooks_run_scan_and_clean():
    hooks = _hooks()
    assert hooks["jupyter-secrets"]["entry"] == "jupyter-secrets scan"
    assert hooks["jupyter-secrets-clean"]["entry"] == "jupyter-secrets clean"
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["types"] == ["file"]


def test_pre_commit_file_pattern_matches_what_a_folder_scan_reads():
    for hook in _hooks().values():
        pattern = re.compile(hook["files"])
        samples = ([f"dir/x{suffix}" for suffix in TEXT_SUFFIXES] + [f"dir/{name}" for name in TEXT_NAMES]
                   + ["nb.ipynb", "a/B.IPYNB", ".env.local", "x.png", "x.bin", "x.pyc", "envy", "Makefile"])
        for sample in samples:
            assert bool(pattern.search(sample)) == is_scannable(sample), sample
