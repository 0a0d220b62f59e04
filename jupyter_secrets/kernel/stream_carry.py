"""Holding back the end of a stream message that may be the start of a secret value.

`OutStream` merges writes made within 0.2 s; a value printed in two parts across a longer pause
leaves in two messages, and neither holds the whole value. So the end of each stream message that
could begin a value is kept until the next write to that stream for the same cell shows how it
continues, or until the cell goes idle.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

Key = Tuple[Optional[str], str]  # (parent message id, stream name)


@dataclass(frozen=True)
class Held:
    text: str
    socket: Any  # where the stream message was going
    ident: Any
    parent: Dict[str, Any]  # parent header of the stream message


class StreamCarry:
    """Texts held back, per (parent message id, stream name). Safe to use from any thread."""

    def __init__(self) -> None:
        self._held: Dict[Key, Held] = {}
        self._lock = threading.Lock()

    def __bool__(self) -> bool:
        return bool(self._held)

    def take(self, key: Key) -> str:
        """The text held for `key`, no longer held."""
        with self._lock:
            held = self._held.pop(key, None)
        return held.text if held else ""

    def hold(self, key: Key, held: Held) -> None:
        with self._lock:
            self._held[key] = held

    def release(self, parent_id: Optional[str] = None) -> List[Tuple[Key, Held]]:
        """Everything held for one parent message (all parents if None), no longer held."""
        with self._lock:
            keys = [key for key in self._held if parent_id is None or key[0] == parent_id]
            return [(key, self._held.pop(key)) for key in keys]
