"""Helpers for tests that install this project the way a new user or a tool would."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Dict

ROOT = Path(__file__).resolve().parents[2]
NODE_COMMANDS = frozenset({"node", "nodejs", "npm", "npx", "yarn", "yarnpkg", "corepack", "jlpm"})


def path_without_node(bin_dir: Path) -> str:
    """A PATH with every command of this one but Node's: a folder of links to each of them."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        if not directory or not os.path.isdir(directory):
            continue
        for name in os.listdir(directory):
            link = bin_dir / name
            if name in NODE_COMMANDS or link.exists() or link.is_symlink():
                continue
            target = os.path.join(directory, name)
            if os.path.isfile(target) and os.access(target, os.X_OK):
                link.symlink_to(target)
    return str(bin_dir)


def env_without_node(tmp: Path) -> Dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = path_without_node(tmp / "bin-without-node")
    assert shutil.which("node", path=env["PATH"]) is None
    return env


def source_snapshot(dest: Path) -> str:
    """This checkout as it is now (tracked and new files, not ignored ones) committed to a new
    git repository at dest, as pre-commit or `pip install git+...` would fetch it. Returns the
    commit's sha."""
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    git = ["git", "-C", str(dest), "-c", "user.email=dev@example.invalid", "-c", "user.name=Dev"]
    subprocess.run(["git", "init", "-q", str(dest)], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "snapshot", "--no-verify"], check=True)
    return subprocess.run(git + ["rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()
