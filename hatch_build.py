"""Build hook: the JupyterLab frontend is built with Node where Node is, and left out where not.

With Node on PATH (or a frontend already built in the tree) the wheel holds the labextension, as
a JupyterLab extension's wheel should. Without Node (pre-commit, `pip install git+...` on a CI
runner or server) the wheel holds the command line, the kernel and the server extensions only,
and the build says so: scanning needs no browser code. The heavy build requirements (JupyterLab
for `jlpm` and `jupyter labextension build`, hatch-jupyter-builder) are asked for only when the
frontend is really built, so such a build environment stays small.
"""
from __future__ import annotations

import os
import shutil

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LABEXTENSION = "jupyter_secrets/labextension"
BUILT = f"{LABEXTENSION}/static/style.js"
SHARED = "share/jupyter/labextensions/jupyter-secrets"
BUILD_REQUIREMENTS = ["hatch-jupyter-builder>=0.5", "jupyterlab>=4.6.0,<5"]
NOT_BUILT = ("jupyter-secrets: Node.js was not found, so the JupyterLab frontend was NOT built: "
             "this install has the command line, the kernel and the server extensions, but no "
             "Secrets panel or masking in JupyterLab. Install Node.js 18+ and reinstall for those "
             "(pip install \".[lab]\" brings JupyterLab and a kernel too).")


class FrontendBuildHook(BuildHookInterface):
    PLUGIN_NAME = "frontend"

    def _path(self, relative: str) -> str:
        return os.path.join(self.root, relative)

    def _built(self) -> bool:
        return os.path.exists(self._path(BUILT))

    def _stale(self) -> bool:
        """An editable install rebuilds only when a source file is newer than the build."""
        built = os.path.getmtime(self._path(BUILT))
        for directory, _, files in os.walk(self._path("src")):
            if any(os.path.getmtime(os.path.join(directory, f)) > built for f in files):
                return True
        return False

    def _will_build(self, version: str) -> bool:
        if os.environ.get("HATCH_JUPYTER_BUILDER_SKIP_NPM") == "1" or shutil.which("node") is None:
            return False
        if not self._built():
            return True
        return version == "editable" and self._stale()

    def dependencies(self) -> list:
        # Called before the build, without the version: a standard build is the one to size for.
        return BUILD_REQUIREMENTS if self._will_build("standard") else []

    def initialize(self, version: str, build_data: dict) -> None:
        if self._will_build(version):
            self._build(version)
        if not self._built():
            self.app.display_warning(NOT_BUILT)
            return
        if self.target_name == "wheel":
            build_data["shared_data"][LABEXTENSION] = SHARED
            build_data["shared_data"]["install.json"] = f"{SHARED}/install.json"
        elif self.target_name == "sdist":
            build_data["artifacts"].append(LABEXTENSION)

    def _build(self, version: str) -> None:
        from hatch_jupyter_builder import npm_builder

        try:
            npm_builder(self.target_name, version, path=self.root, npm=["jlpm"],
                        build_cmd="install:extension" if version == "editable" else "build:prod")
        except Exception as e:  # an editable install serves Python work without the frontend
            if version != "editable":
                raise
            self.app.display_warning(f"jupyter-secrets: the frontend build failed ({e}); "
                                     "run `jlpm build` for the JupyterLab part")
