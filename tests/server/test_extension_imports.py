"""Given a server with jupyter-secrets, when it loads the extension, then what only an export
needs (nbconvert and its HTML stack) is not imported: the server pays for it on the first export,
which the guard still redacts (``test_export.py``)."""
from __future__ import annotations

import json
import os
import subprocess
import sys

#: Imported by nbconvert, by nothing else a server loads at start.
EXPORT_ONLY = ("nbconvert", "bs4", "bleach", "mistune")

LOAD_THE_SERVER = """
import json, sys
from jupyter_server.serverapp import ServerApp

app = ServerApp()
app.initialize(argv=sys.argv[1:])
loaded = "jupyter_secrets_guards" in app.web_app.settings  # its guards are in place
print(json.dumps({"loaded": loaded, "modules": sorted(sys.modules)}))
"""


def test_loading_the_server_extension_does_not_import_nbconvert(tmp_path):
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
           "JUPYTER_DATA_DIR": str(tmp_path / "data"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    done = subprocess.run(
        [sys.executable, "-c", LOAD_THE_SERVER, "--ServerApp.open_browser=False",
         '--ServerApp.jpserver_extensions={"jupyter_secrets": True}',
         f"--ServerApp.root_dir={tmp_path}", "--ServerApp.port_retries=0"],
        capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["loaded"]
    modules = set(report["modules"])
    assert "jupyter_secrets.server.app" in modules
    assert not [name for name in EXPORT_ONLY if name in modules]
