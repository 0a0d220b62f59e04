"""What `pip install` of the package pulls in: the command line's and the extensions' needs,
with JupyterLab and a kernel in the `lab` extra that the README's quick start names."""
from __future__ import annotations

import re
import sys

import pytest

from .fresh import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    tomllib = pytest.importorskip("tomli")


def _names(requirements):
    return {re.split(r"[\s<>=!~;\[]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


@pytest.fixture(scope="module")
def project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_the_core_install_needs_no_jupyterlab_and_no_kernel(project):
    # pre-commit and `pip install git+...` install the core: every package here costs its time
    core = _names(project["dependencies"])
    assert not core & {"jupyterlab", "ipykernel", "notebook", "ipython"}
    assert "jupyter-server" in core  # the server extension works wherever a server runs


def test_the_lab_extra_brings_jupyterlab_and_a_kernel(project):
    assert {"jupyterlab", "ipykernel"} <= _names(project["optional-dependencies"]["lab"])


def test_the_readme_quick_start_names_the_lab_extra():
    from .test_quickstart import quick_start_commands

    _, install, _ = quick_start_commands((ROOT / "README.md").read_text())
    assert ".[lab]" in install
