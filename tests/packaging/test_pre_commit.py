"""The pre-commit hooks, installed by the real pre-commit from this source on a machine without
Node, as a project would use them (`repo: <this repository>`, `rev: <a commit>`)."""
from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from ..cli.tokens import GITHUB_PAT
from .fresh import env_without_node, source_snapshot

pytestmark = pytest.mark.slow


def _notebook(source: str) -> str:
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "id": "c0", "metadata": {}, "execution_count": None,
         "source": source.splitlines(keepends=True), "outputs": []}]}
    return json.dumps(nb, indent=1) + "\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A git project whose .pre-commit-config.yaml uses both hooks of this source tree, with
    the hooks installed by pre-commit into a fresh cache, Node hidden from PATH."""
    tmp = tmp_path_factory.mktemp("pre-commit")
    hooks_repo = tmp / "jupyter-secrets"
    sha = source_snapshot(hooks_repo)
    env = env_without_node(tmp)
    env["PRE_COMMIT_HOME"] = str(tmp / "cache")
    env["JUPYTER_DATA_DIR"] = str(tmp / "jupyter-data")
    env["JUPYTER_CONFIG_DIR"] = str(tmp / "jupyter-config")
    env.pop("JUPYTER_SECRETS_FINGERPRINT_KEY", None)
    repo = tmp / "project"
    repo.mkdir()
    git = ["git", "-C", str(repo), "-c", "user.email=dev@example.invalid", "-c", "user.name=Dev"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks_repo}\n    rev: {sha}\n    hooks:\n"
        "      - id: jupyter-secrets\n      - id: jupyter-secrets-clean\n        stages: [manual]\n")
    pre_commit = [sys.executable, "-m", "pre_commit"]
    started = time.monotonic()
    done = subprocess.run(pre_commit + ["install-hooks"], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=600)
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stdout + done.stderr
    print(f"pre-commit install-hooks without Node: {seconds:.1f} s")
    subprocess.run(pre_commit + ["install"], cwd=repo, env=env, check=True, capture_output=True)
    return {"repo": repo, "git": git, "env": env, "install_seconds": seconds, "pre_commit": pre_commit}


def _commit(project, *files, message="change"):
    subprocess.run(project["git"] + ["add", *files], check=True, env=project["env"])
    return subprocess.run(project["git"] + ["commit", "-m", message], capture_output=True,
                          text=True, env=project["env"], timeout=300)


def test_the_hook_installed_without_node_gives_the_command_line(project):
    # Installed from a checkout with no frontend build and no Node: no labextension, a working CLI.
    [venv] = [p for p in (project["repo"].parent / "cache").glob("repo*/py_env-*")]
    assert not list(venv.glob("share/jupyter/labextensions/jupyter-secrets"))
    # nor JupyterLab or a kernel: those are the `lab` extra's, and would double the install time
    assert not (venv / "bin" / "jupyter-lab").exists() and not list(venv.glob("lib/*/site-packages/ipykernel"))
    done = subprocess.run([str(venv / "bin" / "jupyter-secrets"), "--version"], capture_output=True,
                          text=True, env=project["env"], timeout=120)
    assert done.returncode == 0 and done.stdout.startswith("jupyter-secrets ")


def test_a_commit_with_a_key_is_stopped_and_a_clean_one_passes(project):
    repo = project["repo"]
    (repo / "analysis.ipynb").write_text(_notebook(f'token = "{GITHUB_PAT}"\nprint(1)\n'))
    done = _commit(project, ".pre-commit-config.yaml", "analysis.ipynb")
    assert done.returncode != 0
    output = done.stdout + done.stderr
    assert "analysis.ipynb:0:1:10" in output and "github-pat-classic" in output
    assert "1 secret found" in output and GITHUB_PAT not in output
    (repo / "analysis.ipynb").write_text(_notebook('token = secret("GITHUB_TOKEN")\n'))
    done = _commit(project, ".pre-commit-config.yaml", "analysis.ipynb")
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_clean_hook_redacts_and_keeps_the_final_newline(project):
    repo = project["repo"]
    (repo / "leak.ipynb").write_text(_notebook(f'token = "{GITHUB_PAT}"\n'))
    (repo / "leak.py").write_text(f'token = "{GITHUB_PAT}"\n')
    subprocess.run(project["git"] + ["add", "leak.ipynb", "leak.py"], check=True, env=project["env"])
    done = subprocess.run(project["pre_commit"] + ["run", "jupyter-secrets-clean", "--hook-stage",
                                                   "manual", "--files", "leak.ipynb", "leak.py"],
                          cwd=repo, env=project["env"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1  # files were modified: the commit stops for a review
    for name in ("leak.ipynb", "leak.py"):
        text = (repo / name).read_text()
        assert GITHUB_PAT not in text and "REDACTED" in text
        assert text.endswith("\n") and not text.endswith("\n\n")
