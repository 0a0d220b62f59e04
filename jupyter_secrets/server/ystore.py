"""A collaboration store that keeps a room's document history in memory, for as long as the
room lives; jupyter_server_ydoc imports it by name (see ``collaboration``)."""
from __future__ import annotations

import logging
import time
from typing import AsyncIterator, List, Tuple

from pycrdt import Doc
from pycrdt.store import BaseYStore, YDocNotFound


class MemoryYStore(BaseYStore):
    """A Y store that writes nothing to disk: one room's updates, in memory."""

    def __init__(self, path: str = "", metadata_callback=None, log=None, config=None, **_kwargs):
        self.path = path
        self.metadata_callback = metadata_callback
        self.log = log or logging.getLogger(__name__)
        self._updates: List[Tuple[bytes, bytes, float]] = []

    async def write(self, data: bytes) -> None:
        self._updates.append((data, await self.get_metadata(), time.time()))

    async def read(self) -> AsyncIterator[Tuple[bytes, bytes, float]]:
        if not self._updates:
            raise YDocNotFound
        for update in list(self._updates):
            yield update

    async def forget_history(self) -> None:
        """Replaces the room's history by one update holding its current document only: what
        was deleted since (a key whose save was refused, then removed) is gone from it, so
        neither the timeline nor a room restored from this store brings it back."""
        if not self._updates:
            return
        doc = Doc()  # a fresh document collects what the updates delete
        for update, _metadata, _timestamp in self._updates:
            doc.apply_update(update)
        self._updates = [(doc.get_update(), await self.get_metadata(), time.time())]
