"""Real-time collaboration keeps every document update in a store (by default the SQLite file
``.jupyter_ystore.db``, never cleared), also the updates of a save the guard refused. With the
extension enabled, rooms keep their history in memory instead (``ystore.MemoryYStore``): what
the guard kept off disk stays off disk.

This module imports nothing from the collaboration packages, which are optional.
"""
from __future__ import annotations

import logging
import os

from traitlets.config import Config

MEMORY_YSTORE = "jupyter_secrets.server.ystore.MemoryYStore"
_DEFAULT_DB = ".jupyter_ystore.db"


def keep_ystore_in_memory(config: Config, log: logging.Logger) -> None:
    """Makes MemoryYStore the collaboration store unless the config names one already.

    Called when the extension is linked: extensions link in alphabetical order, so this
    happens before jupyter_server_ydoc reads its config.
    """
    chosen = config.YDocExtension.get("ystore_class") if "YDocExtension" in config else None
    if chosen is None:
        config.YDocExtension.ystore_class = MEMORY_YSTORE
    elif chosen != MEMORY_YSTORE and getattr(chosen, "__name__", "") != "MemoryYStore":
        log.warning("jupyter-secrets: YDocExtension.ystore_class is set to %s; its document "
                    "history may keep secrets that the save guard kept off disk", chosen)
    if os.path.exists(_DEFAULT_DB):
        log.warning("jupyter-secrets: %s holds collaboration history written before; it may "
                    "keep secrets that were never saved. Delete it when no server uses it.",
                    os.path.abspath(_DEFAULT_DB))
