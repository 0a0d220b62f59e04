"""`jupyter-secrets clean`: redacts in place, atomically, touching only what changes."""
import json
import os

import nbformat

from jupyter_secrets.cli import files as files_module

from .conftest import file_identity
from .tokens import GITHUB_PAT


def test_clean_then_scan_finds_nothing(cli, project):
    (project / "notes.txt").chmod(0o640)
    result = cli("clean", ".")
    assert result.code == 0
    assert "leaky.ipynb: redacted 2 secrets" in result.out
    assert "notes.txt: redacted 1 secret" in result.out
    assert result.out.splitlines()[-1] == "cleaned 2 files"
    assert GITHUB_PAT not in result.everything
    assert cli("scan", ".").code == 0
    assert GITHUB_PAT not in (project / "notes.txt").read_text()
    assert (project / "notes.txt").stat().st_mode & 0o777 == 0o640
    nb = nbformat.read(project / "leaky.ipynb", as_version=nbformat.NO_CONVERT)
    nbformat.validate(nb)
    assert "REDACTED" in nb.cells[1].source and "REDACTED" in nb.cells[1].outputs[0].text


def test_files_without_secrets_are_not_touched(cli, project):
    before = file_identity(project / "clean.ipynb")
    cli("clean", ".")
    assert file_identity(project / "clean.ipynb") == before
    second = {name: file_identity(project / name) for name in ("leaky.ipynb", "notes.txt")}
    result = cli("clean", ".")
    assert result.code == 0 and result.out.strip() == "cleaned 0 files"
    assert {name: file_identity(project / name) for name in second} == second


def test_check_reports_and_changes_nothing(cli, project):
    before = {p.name: p.read_bytes() for p in project.iterdir()}
    result = cli("clean", "--check", ".")
    assert result.code == 1
    assert "leaky.ipynb: would redact 2 secrets" in result.out
    assert result.out.splitlines()[-1] == "would clean 2 files"
    assert {p.name: p.read_bytes() for p in project.iterdir()} == before
    (project / "leaky.ipynb").unlink()
    (project / "notes.txt").unlink()
    assert cli("clean", "--check", ".").code == 0


def test_a_file_that_cannot_be_read_is_left_alone_and_named(cli, project):
    broken = b'{"cells": [' + f'"{GITHUB_PAT}"'.encode()
    (project / "broken.ipynb").write_bytes(broken)
    result = cli("clean", ".")
    assert result.code == 2
    assert "error: broken.ipynb: not valid JSON" in result.err
    assert (project / "broken.ipynb").read_bytes() == broken
    assert GITHUB_PAT not in (project / "notes.txt").read_text()  # the others were cleaned


def test_a_symlink_keeps_pointing_at_the_cleaned_file(cli, project):
    os.symlink("notes.txt", project / "link.txt")
    cli("clean", "link.txt")
    assert os.readlink(project / "link.txt") == "notes.txt"
    assert GITHUB_PAT not in (project / "notes.txt").read_text()


def test_a_failed_write_leaves_the_original_and_no_temporary_file(cli, project, monkeypatch):
    before = (project / "notes.txt").read_bytes()

    def failing_replace(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files_module.os, "replace", failing_replace)
    result = cli("clean", "notes.txt")
    assert result.code == 2
    assert "error: notes.txt: cannot write: permission denied" in result.err
    assert (project / "notes.txt").read_bytes() == before
    assert sorted(p.name for p in project.iterdir()) == ["clean.ipynb", "leaky.ipynb", "notes.txt"]


def test_cleaned_notebooks_keep_everything_else(cli, project):
    nb = json.loads((project / "leaky.ipynb").read_text())
    cli("clean", "leaky.ipynb")
    after = json.loads((project / "leaky.ipynb").read_text())
    assert after["cells"][0] == nb["cells"][0]
    assert after["cells"][1]["id"] == nb["cells"][1]["id"]
    assert "".join(after["cells"][1]["source"]).startswith('token = "REDACTED')
