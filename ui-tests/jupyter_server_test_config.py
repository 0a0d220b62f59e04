"""Jupyter server configuration for the browser tests (never use it anywhere else).

Galata's settings remove the token and XSRF checks so the test browser can drive JupyterLab.
"""
import os

from jupyterlab.galata import configure_jupyter_server

c = get_config()  # noqa: F821 (provided by the config loader)

configure_jupyter_server(c)
c.ServerApp.port = int(os.environ.get("UI_TESTS_PORT", "8888"))
# CI machines run the tests as root.
c.ServerApp.allow_root = True
c.ServerApp.jpserver_extensions = {"jupyter_secrets": True}
