"""`jupyter-secrets filter` alone and as a real git clean filter."""
import shutil
import subprocess
import sys

import pytest

from .conftest import CHILD_MAIN, python_env
from .tokens import GITHUB_PAT


def test_redacts_stdin_to_stdout(cli, project):
    data = (project / "leaky.ipynb").read_bytes()
    result = cli("filter", "--path", "leaky.ipynb", stdin=data)
    assert result.code == 0
    assert GITHUB_PAT not in result.out and "REDACTED" in result.out
    assert "leaky.ipynb: redacted 2 secrets" in result.err


def test_clean_input_passes_byte_for_byte(cli, project):
    data = (project / "clean.ipynb").read_bytes() + b"\n\n"  # even a layout nbformat would change
    result = cli("filter", "--path", "clean.ipynb", stdin=data)
    assert (result.code, result.out.encode()) == (0, data)


def test_without_path_json_with_cells_is_a_notebook(cli, project):
    result = cli("filter", stdin=(project / "leaky.ipynb").read_bytes())
    assert result.code == 0 and '"cells"' in result.out and GITHUB_PAT not in result.out
    result = cli("filter", stdin=f"x = '{GITHUB_PAT}'\n".encode())
    assert result.code == 0 and result.out.startswith("x = 'REDACTED")


def test_input_it_cannot_check_fails_with_nothing_on_stdout(cli):
    for data in (b'{"cells": [' + GITHUB_PAT.encode(), b"\xff\xfe" + GITHUB_PAT.encode()):
        result = cli("filter", "--path", "nb.ipynb", stdin=data)
        assert result.code == 2
        assert result.out == ""
        assert "nb.ipynb was not checked, so it is not passed on" in result.err
        assert GITHUB_PAT not in result.err


def _git(repo, *args, check=True):
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=check, env=python_env(), timeout=60)


@pytest.fixture
def repo(tmp_path):
    if shutil.which("git") is None:
        pytest.fail("git is needed to test the clean filter")
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    command = " ".join([sys.executable, *[f"'{arg}'" if " " in arg else arg for arg in CHILD_MAIN]])
    _git(repo, "config", "filter.jupyter-secrets.clean", f'{command} filter --path %f')
    _git(repo, "config", "filter.jupyter-secrets.required", "true")
    (repo / ".gitattributes").write_text("*.ipynb filter=jupyter-secrets\n*.py filter=jupyter-secrets\n")
    return repo


def test_git_stores_the_redacted_file_and_keeps_the_working_copy(repo, project):
    shutil.copy(project / "leaky.ipynb", repo / "leaky.ipynb")
    (repo / "ok.py").write_text("print('fine')\n")
    _git(repo, "add", "leaky.ipynb", "ok.py")
    staged = _git(repo, "show", ":leaky.ipynb").stdout
    assert GITHUB_PAT not in staged and "REDACTED" in staged
    assert GITHUB_PAT in (repo / "leaky.ipynb").read_text()  # the working copy is the user's
    assert _git(repo, "show", ":ok.py").stdout == "print('fine')\n"


def test_git_refuses_to_stage_what_the_filter_cannot_check(repo):
    (repo / "broken.ipynb").write_text('{"cells": [' + f'"{GITHUB_PAT}"')
    done = _git(repo, "add", "broken.ipynb", check=False)
    assert done.returncode != 0
    assert "broken.ipynb" in done.stderr
    assert _git(repo, "ls-files", "--stage").stdout == ""
