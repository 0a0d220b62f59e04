"""`jupyter-secrets filter` alone and as a real git clean filter."""
import shutil
import subprocess
import sys

import pytest

from .conftest import CHILD_MAIN, python_env
from .tokens import GITHUB_PAT


def test_redacts_stdin_to_stdout_and_says_nothing_unless_asked(cli, project):
    data = (project / "leaky.ipynb").read_bytes()
    result = cli("filter", "--path", "leaky.ipynb", stdin=data)
    assert result.code == 0
    assert GITHUB_PAT not in result.out and "REDACTED" in result.out
    assert result.err == ""  # git runs the filter on every status and diff: no line each time
    result = cli("filter", "--path", "leaky.ipynb", "--verbose", stdin=data)
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


COMMAND = " ".join([sys.executable, *[f"'{arg}'" if " " in arg else arg for arg in CHILD_MAIN]])


def configure_filter(repo, process: bool = True):
    """The README's git config, with this source tree's command line."""
    if process:
        _git(repo, "config", "filter.jupyter-secrets.process", f"{COMMAND} filter --process")
    _git(repo, "config", "filter.jupyter-secrets.clean", f"{COMMAND} filter --path %f")
    _git(repo, "config", "filter.jupyter-secrets.smudge", "cat")
    _git(repo, "config", "filter.jupyter-secrets.required", "true")


@pytest.fixture(params=["process", "clean"])
def repo(tmp_path, request):
    """A git repository with the filter: the long-running process, or one clean per file."""
    if shutil.which("git") is None:
        pytest.fail("git is needed to test the clean filter")
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "dev@example.invalid")
    _git(repo, "config", "user.name", "Dev")
    configure_filter(repo, process=request.param == "process")
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


def test_git_add_prints_nothing_when_all_is_well(repo, project):
    shutil.copy(project / "leaky.ipynb", repo / "leaky.ipynb")
    done = _git(repo, "add", "leaky.ipynb")
    assert done.stderr == "" and GITHUB_PAT not in _git(repo, "show", ":leaky.ipynb").stdout
    assert _git(repo, "status", "--porcelain").stderr == ""


def test_clone_checkout_restore_stash_and_rebase_work_with_the_filter(repo, project, tmp_path):
    # Given a history with a notebook whose key git stores redacted
    shutil.copy(project / "leaky.ipynb", repo / "leaky.ipynb")
    _git(repo, "add", ".gitattributes", "leaky.ipynb")
    _git(repo, "commit", "-q", "-m", "first")
    blob = _git(repo, "cat-file", "-p", "HEAD:leaky.ipynb").stdout
    assert GITHUB_PAT not in blob and "REDACTED" in blob
    assert GITHUB_PAT in (repo / "leaky.ipynb").read_text()  # the working copy keeps it
    # restore: a deleted file comes back (the smudge passes the blob through)
    (repo / "leaky.ipynb").unlink()
    _git(repo, "restore", "leaky.ipynb")
    assert (repo / "leaky.ipynb").read_text() == blob
    # stash and stash pop of a change
    (repo / "ok.py").write_text("print('one')\n")
    _git(repo, "add", "ok.py")
    _git(repo, "commit", "-q", "-m", "second")
    (repo / "ok.py").write_text(f"print('two')\nkey = '{GITHUB_PAT}'\n")
    _git(repo, "stash", "-q")
    assert (repo / "ok.py").read_text() == "print('one')\n"
    _git(repo, "stash", "pop", "-q")
    assert "print('two')" in (repo / "ok.py").read_text()
    _git(repo, "checkout", "-q", "--", "ok.py")
    # checkout of another branch, a commit there, and a rebase onto it
    _git(repo, "checkout", "-q", "-b", "side", "HEAD~1")
    assert not (repo / "ok.py").exists()
    (repo / "side.py").write_text(f"token = '{GITHUB_PAT}'\n")
    _git(repo, "add", "side.py")
    _git(repo, "commit", "-q", "-m", "side")
    _git(repo, "rebase", "-q", "master" if _has_branch(repo, "master") else "main")
    assert (repo / "ok.py").read_text() == "print('one')\n"
    assert GITHUB_PAT not in _git(repo, "show", "HEAD:side.py").stdout
    # clone: every file checks out through the smudge
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True, capture_output=True,
                   env=python_env(), timeout=60)
    configure_filter(clone, process=True)
    _git(clone, "checkout", "-q", "-f", "side")
    assert GITHUB_PAT not in (clone / "leaky.ipynb").read_text()
    assert _git(clone, "status", "--porcelain").stdout == ""


def _has_branch(repo, name: str) -> bool:
    return _git(repo, "rev-parse", "--verify", "-q", name, check=False).returncode == 0


def test_the_filter_process_stops_a_file_it_cannot_check_and_serves_the_rest(tmp_path, project):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    configure_filter(repo, process=True)
    _git(repo, "config", "--unset", "filter.jupyter-secrets.clean")  # the process alone
    (repo / ".gitattributes").write_text("*.ipynb filter=jupyter-secrets\n")
    (repo / "broken.ipynb").write_text('{"cells": [' + f'"{GITHUB_PAT}"')
    shutil.copy(project / "leaky.ipynb", repo / "leaky.ipynb")
    done = _git(repo, "add", "broken.ipynb", "leaky.ipynb", check=False)
    assert done.returncode != 0 and "broken.ipynb" in done.stderr and GITHUB_PAT not in done.stderr
    assert "broken.ipynb" not in _git(repo, "ls-files").stdout
    _git(repo, "add", "leaky.ipynb")
    assert GITHUB_PAT not in _git(repo, "show", ":leaky.ipynb").stdout
