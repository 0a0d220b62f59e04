"""Fixtures for the command line: an isolated Jupyter home, notebooks on disk, a CLI runner."""
from __future__ import annotations

import io
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from jupyter_secrets.cli.main import main

from .tokens import GITHUB_PAT


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)

    @property
    def everything(self) -> str:
        return self.out + self.err


@pytest.fixture(autouse=True)
def jupyter_home(tmp_path_factory, monkeypatch):
    """Own config and data folders, and no fingerprint key from the environment."""
    home = tmp_path_factory.mktemp("jupyter-home")
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(home / "data"))
    monkeypatch.delenv("JUPYTER_SECRETS_FINGERPRINT_KEY", raising=False)
    monkeypatch.delenv("JUPYTER_CONFIG_PATH", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home


@pytest.fixture
def cli(capsysbinary, monkeypatch):
    """Run main() in-process; returns exit code and decoded stdout and stderr."""

    def run(*argv: str, stdin: bytes = b"") -> Result:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        code = main(list(argv))
        captured = capsysbinary.readouterr()
        return Result(code, captured.out.decode("utf-8"), captured.err.decode("utf-8"))

    return run


def notebook(*cells: dict, metadata: dict | None = None) -> dict:
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": metadata or {}, "cells": list(cells)}


def code_cell(source: str, outputs: list | None = None, index: int = 0) -> dict:
    return {"cell_type": "code", "id": f"cell-{index}", "metadata": {}, "execution_count": None,
            "source": source, "outputs": outputs or []}


def stream(text: str) -> dict:
    return {"output_type": "stream", "name": "stdout", "text": text}


def write_notebook(path: Path, nb: dict) -> Path:
    """Writes nb as Jupyter does (nbformat's layout, sources split into lines)."""
    import nbformat

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nbformat.writes(nbformat.from_dict(nb)), encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A folder with a notebook holding a key in a source and in an output, a clean notebook and
    a text file with a key; the working directory is that folder."""
    root = tmp_path / "project"
    write_notebook(root / "leaky.ipynb", notebook(
        code_cell("import os\n", index=0),
        code_cell(f'token = "{GITHUB_PAT}"\nprint(token)\n', [stream(GITHUB_PAT + "\n")], index=1),
    ))
    write_notebook(root / "clean.ipynb", notebook(code_cell("print(1 + 1)\n", [stream("2\n")])))
    (root / "notes.txt").write_text(f"first line\n  key: {GITHUB_PAT}\n", encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def file_identity(path: Path):
    st = os.stat(path)
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def python_env() -> dict:
    """The environment for a child Python that must import this source tree."""
    import jupyter_secrets

    source_root = os.path.dirname(os.path.dirname(os.path.abspath(jupyter_secrets.__file__)))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [source_root, env.get("PYTHONPATH")]))
    return env


#: Runs the command line in a child Python (for tests that need another process's privileges).
CHILD_MAIN = ["-c", "import sys; from jupyter_secrets.cli.main import main; sys.exit(main())"]
