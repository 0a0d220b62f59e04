"""Stops a Jupyter server on which jupyter-secrets is enabled but did not load.

jupyter_server only logs a warning when an extension fails to import or load (a missing native
wheel, a broken dependency) and then serves without it: every save, export and download would go
unguarded while the user believes otherwise. This second extension, enabled by the same config
file, loads after ``jupyter_secrets`` (extensions load in the order of their names) and ends the
server when that one is enabled and has not marked itself loaded. It imports nothing of
jupyter-secrets, so the failure it looks for cannot take it down too. An extension turned off on
purpose (``jupyter server extension disable jupyter_secrets``) is left off.
"""
from __future__ import annotations

from typing import Any, Dict, List

#: The extension this one stands behind, and the setting it puts in place once fully loaded.
GUARDED = "jupyter_secrets"
LOADED_SETTING = "jupyter_secrets_loaded"


def _jupyter_server_extension_points() -> List[Dict[str, Any]]:
    return [{"module": "jupyter_secrets_failsafe"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    if not serverapp.jpserver_extensions.get(GUARDED):
        return  # turned off on purpose: nothing was promised
    if serverapp.web_app.settings.get(LOADED_SETTING):
        return
    serverapp.log.critical(
        "jupyter-secrets is enabled but failed to load (see the warning above), so this server "
        "would save, export and serve files without its guards; it stops instead. Repair the "
        "installation (pip install --force-reinstall jupyter-secrets), or turn the guard off on "
        "purpose: jupyter server extension disable jupyter_secrets")
    # SystemExit passes the extension manager's `except Exception`: the server does not start
    raise SystemExit(1)
