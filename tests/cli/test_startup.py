"""What `jupyter-secrets scan` imports before it has anything to report: a git filter or a
pre-commit hook starts it once per run, so start-up must not pay for what a scan does not use."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import code_cell, notebook, python_env, write_notebook
from .tokens import AWS_ACCESS_KEY_ID

#: Runs the command line, then prints which of these modules it imported.
CHILD = """
import json, sys
from jupyter_secrets.cli.main import main
code = main(sys.argv[1:])
watched = ("jupyter_secrets.detection.rules", "logging", "nbformat", "jsonschema", "cryptography",
           "keyring", "traitlets", "tornado", "jupyter_server", "IPython", "numpy")
print(json.dumps([code, sorted(w for w in watched if w in sys.modules)]))
"""
NEVER = {"nbformat", "jsonschema", "cryptography", "keyring", "traitlets", "tornado",
         "jupyter_server", "IPython", "numpy"}


def child(*argv):
    env = python_env()
    env.pop("JUPYTER_SECRETS_CACHE_DIR", None)  # the usual folder: the fixture's first run fills it
    done = subprocess.run([sys.executable, "-c", CHILD, *argv], capture_output=True, text=True,
                          env=env, timeout=120)
    code, imported = json.loads(done.stdout.splitlines()[-1])
    return code, set(imported)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("startup")
    (tmp_path / "empty.py").write_text("")
    write_notebook(tmp_path / "plain.ipynb", notebook(code_cell("print(1 + 1)\n")))
    (tmp_path / "leak.py").write_text(f"aws_key = '{AWS_ACCESS_KEY_ID}'\n")
    child("scan", str(tmp_path / "leak.py"))  # writes the caches, as a first run does
    return tmp_path


@pytest.mark.parametrize("name", ["empty.py", "plain.ipynb"])
def test_a_scan_that_meets_no_keyword_imports_no_rules_no_logging(files, name):
    code, imported = child("scan", str(files / name))
    assert code == 0
    assert imported == set()


def test_a_scan_with_a_finding_imports_the_rules_but_nothing_of_jupyter(files):
    code, imported = child("scan", str(files / "leak.py"), "--format", "json")
    assert code == 1
    assert "jupyter_secrets.detection.rules" in imported and not imported & NEVER


def test_debug_still_logs(files):
    code, imported = child("--debug", "scan", str(files / "empty.py"))
    assert code == 0 and "logging" in imported
