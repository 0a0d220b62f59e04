"""Keys a save refused do not stay readable in a collaborative room's history.

Assistants and agents read the live document of a notebook that is open (jupyter-collaboration's
room), and its history through the timeline API (`/api/collaboration/timeline`, whose forks can
be undone step by step) and through the room's store. A key a person pasted, which the save guard
refused, and which they then removed, would stay in that history. So when the guard refuses a
save of a document, the document is marked; at its next save that the guard lets through, the
history of its rooms (`ystore.MemoryYStore`) is replaced by their current document, in which the
removed key no longer is.
"""
from __future__ import annotations

import logging
from typing import Any, Set

CONTENTS_EVENTS = "https://events.jupyter.org/jupyter_server/contents_service/v1"
#: The guard's notices after which a document's history may hold a key.
REFUSALS = ("save-blocked", "save-stripped")

log = logging.getLogger(__name__)


class RefusedHistory:
    """Remembers documents whose save was refused; forgets their rooms' history once a save of
    them goes through."""

    def __init__(self, serverapp: Any):
        self.serverapp = serverapp
        self.marked: Set[str] = set()
        #: documents whose save in progress was stripped: written without the key, which the
        #: live document still holds, so their history is kept until a save needs no strip
        self.stripped: Set[str] = set()

    def on_notice(self, notice: Any) -> None:
        if notice.action in REFUSALS:
            self.marked.add(notice.path.strip("/"))
        if notice.action == "save-stripped":
            self.stripped.add(notice.path.strip("/"))

    async def on_contents_event(self, logger: Any, schema_id: str, data: dict) -> None:
        path = str(data.get("path", "")).strip("/")
        if data.get("action") != "save" or path not in self.marked:
            return
        if path in self.stripped:  # this save still found a key in the document
            self.stripped.discard(path)
            return
        try:
            forgotten = await self.forget(path)
        except Exception as error:  # a listener must not take the contents service down
            log.error("jupyter-secrets: the collaboration history of %s could not be cleared "
                      "(%s); it may still hold a key whose save was refused", path,
                      type(error).__name__)
            return
        self.marked.discard(path)
        if forgotten:
            log.info("jupyter-secrets: %s saved without the refused keys; its collaboration "
                     "history was cleared", path)

    async def forget(self, path: str) -> int:
        """Clears the history of every room of ``path``; returns how many."""
        rooms = _rooms_of(self.serverapp, path)
        for room in rooms:
            forget = getattr(room.ystore, "forget_history", None)
            if forget is None:
                log.warning("jupyter-secrets: the collaboration store %s keeps the history of "
                            "%s, which may hold a key whose save was refused",
                            type(room.ystore).__name__, path)
                continue
            await forget()
        return len(rooms)


def _rooms_of(serverapp: Any, path: str) -> list:
    point = serverapp.extension_manager.extension_points.get("jupyter_server_ydoc")
    server = getattr(getattr(point, "app", None), "ywebsocket_server", None)
    ids = serverapp.web_app.settings.get("file_id_manager")
    file_id = ids.get_id(path) if ids is not None else None
    if server is None or file_id is None:
        return []
    return [room for room_id, room in list(server.rooms.items())
            if room_id.endswith(f":{file_id}") and getattr(room, "ystore", None) is not None]


def install_refused_history(extension: Any) -> None:
    """Listens to the save guard's notices and to the server's contents events."""
    if getattr(extension, "refused_history", None) is not None:
        return
    history = extension.refused_history = RefusedHistory(extension.serverapp)
    extension.guards.notices.connect(history.on_notice)
    extension.serverapp.event_logger.add_listener(schema_id=CONTENTS_EVENTS,
                                                  listener=history.on_contents_event)
