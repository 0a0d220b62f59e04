"""Bad input: each problem is named with its file (and position), the rest is still scanned,
nothing crashes, and the exit code is 2."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from jupyter_secrets.detection.scanner import Scanner

from .conftest import CHILD_MAIN, code_cell, notebook, python_env, stream, write_notebook
from .tokens import GITHUB_PAT


def _scan_with_one_bad_file(cli, project, name, content: bytes):
    (project / name).write_bytes(content)
    result = cli("scan", ".", "--format", "json")
    document = result.json()
    assert result.code == 2
    assert "Traceback" not in result.everything
    assert {f["path"] for f in document["findings"]} >= {"leaky.ipynb", "notes.txt"}  # rest scanned
    errors = [e for e in document["errors"] if e["path"] == name]
    assert errors, document["errors"]
    assert GITHUB_PAT not in result.everything
    return errors[0]["message"]


def test_malformed_json_is_named_with_its_position(cli, project):
    message = _scan_with_one_bad_file(cli, project, "broken.ipynb", b'{\n "cells": [\n  {"a": 1,}\n ]\n}\n')
    assert "not valid JSON" in message and "line 3" in message


def test_a_notebook_that_is_not_nbformat(cli, project):
    bad = {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
           "cells": [{"cell_type": "code", "source": 42, "outputs": "nope"}]}
    message = _scan_with_one_bad_file(cli, project, "shape.ipynb", json.dumps(bad).encode())
    assert "nbformat" in message


def test_json_that_is_not_a_notebook(cli, project):
    message = _scan_with_one_bad_file(cli, project, "list.ipynb", b"[1, 2, 3]")
    assert "not a Jupyter notebook" in message


def test_non_utf8_bytes_are_named_with_the_byte_offset_and_the_rest_is_scanned(cli, project):
    content = b"caf\xe9\n" + f"k = '{GITHUB_PAT}'\n".encode()
    message = _scan_with_one_bad_file(cli, project, "latin1.py", content)
    assert "UTF-8" in message and "byte 3" in message
    result = cli("scan", "latin1.py", "--format", "json")
    assert [f["line"] for f in result.json()["findings"]] == [2]  # still found


def test_deeply_nested_json(cli, project):
    content = b'{"cells": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    message = _scan_with_one_bad_file(cli, project, "deep.ipynb", content)
    assert "nested too deeply" in message


def test_a_missing_path(cli, project):
    result = cli("scan", ".", "does-not-exist.ipynb", "--format", "json")
    assert result.code == 2
    assert result.json()["errors"] == [{"path": "does-not-exist.ipynb", "message": "no such file or directory"}]
    assert len(result.json()["findings"]) == 3


def test_text_format_names_errors_on_stderr(cli, project):
    (project / "broken.ipynb").write_text("{", encoding="utf-8")
    result = cli("scan", ".")
    assert result.code == 2
    assert "error: broken.ipynb: not valid JSON" in result.err
    assert "3 secrets found" in result.out and "1 error" in result.out


def test_an_unexpected_exception_is_an_error_for_that_file_only(cli, project, monkeypatch):
    real = Scanner._read  # each file's step, alone or in a batch of files

    def failing(self, data, path):
        if path == "notes.txt":
            raise RuntimeError(f"boom {GITHUB_PAT}")  # whatever it says must not be shown
        return real(self, data, path)

    monkeypatch.setattr(Scanner, "_read", failing)
    result = cli("scan", ".", "--format", "json")
    assert result.code == 2
    document = result.json()
    assert document["errors"] == [{"path": "notes.txt", "message":
                                   "internal error while scanning (RuntimeError); this file was not checked"}]
    assert {f["path"] for f in document["findings"]} == {"leaky.ipynb"}
    assert GITHUB_PAT not in result.everything


def test_a_10_mb_single_line(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    line = "x" * (10 * 1024 * 1024) + f" {GITHUB_PAT}\n"
    (tmp_path / "one-line.txt").write_text(line, encoding="utf-8")
    result = cli("scan", ".", "--format", "json")
    assert result.code == 1
    [finding] = result.json()["findings"]
    assert (finding["line"], finding["column"]) == (1, 10 * 1024 * 1024 + 2)


def test_a_200_mb_output(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    chunk = "step 1234: loss=0.12345 acc=0.98765\n"
    big = chunk * (200 * 1024 * 1024 // len(chunk))
    nb = notebook(code_cell("train()\n", [stream(big), stream(f"done {GITHUB_PAT}\n")]))
    (tmp_path / "training.ipynb").write_text(json.dumps(nb))  # nbformat's validation is slow here
    del big, nb
    result = cli("scan", ".", "--format", "json")
    assert result.code == 1
    [finding] = result.json()["findings"]
    assert (finding["cell"], finding["where"], finding["output"]) == (0, "outputs", 1)
    assert result.json()["stats"]["bytes"] > 200 * 1024 * 1024


def test_a_folder_of_10000_files(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for i in range(100):
        folder = tmp_path / f"d{i:02d}"
        folder.mkdir()
        for j in range(100):
            (folder / f"f{j:02d}.py").write_text(f"value_{j} = {i * j}\n")
    (tmp_path / "d42" / "f17.py").write_text(f"key = '{GITHUB_PAT}'\n")
    (tmp_path / "d07" / "f03.py").write_bytes(b"\xff\xfe\x00\x00 binary")
    result = cli("scan", ".", "--format", "json")
    document = result.json()
    assert result.code == 2
    assert document["stats"]["files"] == 10_000
    assert [f["path"] for f in document["findings"]] == ["d42/f17.py"]
    assert [e["path"] for e in document["errors"]] == ["d07/f03.py"]
    assert "binary" in document["errors"][0]["message"]


def _without_file_read_override():
    """A command prefix that runs without root's power to read any file, or [] if not root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.fail("running as root needs util-linux's setpriv to test an unreadable file")
    return [setpriv, "--inh-caps=-dac_override,-dac_read_search",
            "--bounding-set=-dac_override,-dac_read_search", "--"]


def test_an_unreadable_file(project):
    (project / "private.py").write_text(f"k = '{GITHUB_PAT}'\n")
    (project / "private.py").chmod(0)
    command = _without_file_read_override() + [
        sys.executable, *CHILD_MAIN, "scan", ".", "--format", "json"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=python_env())
    assert done.returncode == 2, done.stderr
    document = json.loads(done.stdout)
    assert document["errors"] == [{"path": "private.py", "message": "cannot read: permission denied"}]
    assert len(document["findings"]) == 3
    assert "Traceback" not in done.stderr


def test_an_unreadable_folder(project):
    locked = project / "locked"
    locked.mkdir()
    (locked / "x.py").write_text("x = 1\n")
    locked.chmod(0)
    command = _without_file_read_override() + [
        sys.executable, *CHILD_MAIN, "scan", ".", "--format", "json"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=python_env())
    finally:
        locked.chmod(0o755)
    assert done.returncode == 2, done.stderr
    assert json.loads(done.stdout)["errors"] == [{"path": "locked", "message": "permission denied"}]
