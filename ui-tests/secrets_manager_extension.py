"""Puts the labextension of jupyter-secrets-manager (from its PyPI wheel) in a Jupyter data
folder of its own and prints that folder, for the browser tests that run JupyterLab with it.

Only the browser tests' second server adds the folder to JUPYTER_PATH, so the other server,
and every other JupyterLab on the machine, runs without the extension.
"""
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

VERSION = "0.5.1"
NAME = "jupyter-secrets-manager"
ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "build" / "secrets-manager-data"


def install() -> Path:
    extension = TARGET / "labextensions" / NAME
    marker = extension / ".version"
    if marker.exists() and marker.read_text() == VERSION:
        return TARGET
    with tempfile.TemporaryDirectory() as download:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "--disable-pip-version-check", f"{NAME}=={VERSION}", "-d", download],
                       check=True)
        wheel = next(Path(download).glob("*.whl"))
        prefix = f"share/jupyter/labextensions/{NAME}/"
        with zipfile.ZipFile(wheel) as archive:
            for member in archive.namelist():
                inside = member.split(".data/data/", 1)[-1]
                if ".data/data/" in member and inside.startswith(prefix) and not member.endswith("/"):
                    destination = extension / inside[len(prefix):]
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    destination.write_bytes(archive.read(member))
    if not (extension / "package.json").exists():
        sys.exit(f"{NAME} {VERSION}: no labextension found in its wheel")
    marker.write_text(VERSION)
    return TARGET


if __name__ == "__main__":
    print(install())
