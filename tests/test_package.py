"""The package's entry points, as Jupyter, pip and the shell see them."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jupyter_secrets

ROOT = Path(__file__).resolve().parents[1]
HEAVY_MODULES = ("tornado", "jupyter_server", "IPython", "ipykernel", "zmq")


def test_importing_the_package_loads_no_server_or_kernel_code():
    # The detection engine and the command line import the package: they must stay light.
    probe = (
        "import json, sys, jupyter_secrets; "
        f"print(json.dumps([m for m in {HEAVY_MODULES!r} if m in sys.modules]))"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, cwd=ROOT)
    assert json.loads(loaded.stdout) == []


def test_server_extension_point_names_the_extension_app():
    from jupyter_secrets.server.app import SecretsExtensionApp

    points = jupyter_secrets._jupyter_server_extension_points()
    assert points == [{"module": "jupyter_secrets.server.app", "app": SecretsExtensionApp}]
    assert SecretsExtensionApp.name == "jupyter_secrets"


def test_labextension_path_matches_the_frontend_package():
    package = json.loads((ROOT / "package.json").read_text())
    [path] = jupyter_secrets._jupyter_labextension_paths()
    assert path["dest"] == package["name"]
    assert (ROOT / "jupyter_secrets" / path["src"]).as_posix().endswith(
        package["jupyterlab"]["outputDir"])


def test_jupyter_finds_the_command_as_a_subcommand():
    # `jupyter secrets` runs the `jupyter-secrets` console script found next to `jupyter`.
    result = subprocess.run([sys.executable, "-m", "jupyter", "secrets", "--version"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("jupyter-secrets ")
