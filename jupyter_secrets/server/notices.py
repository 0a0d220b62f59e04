"""What the guards did with a secret, told to the frontend and to whoever listens.

Every guard action goes through `GuardNotices.publish`: it emits a versioned server event
(the frontend hears it on its event stream), keeps the last notices per path for the
`/jupyter-secrets/saves` call, and calls the listeners connected with `connect`. That call is
the seam for the audit trail: a listener that raises stops the action (fail closed).
"""
from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Deque, Iterable, List, Optional, Tuple

from ..model import Finding

SCHEMA_ID = "https://schema.jupyter.org/jupyter_secrets/guard/v1"
SCHEMA_PATH = Path(__file__).parent / "events" / "guard-v1.yaml"

SAVE_ACTIONS = frozenset({"save-blocked", "save-stripped", "save-warned", "upload-blocked",
                          "upload-stripped", "guard-failed"})


@dataclass(frozen=True)
class Notice:
    action: str
    path: str
    findings: Tuple[Finding, ...]
    message: str = ""
    time: float = field(default_factory=time.time)

    def event_data(self) -> dict:
        return {"action": self.action, "path": self.path, "message": self.message,
                "findings": [f.to_dict() for f in self.findings]}

    def to_dict(self) -> dict:
        return {**self.event_data(), "time": self.time}


Listener = Callable[[Notice], None]


class GuardNotices:
    """Publishes guard notices; safe to call from the event loop and from worker threads."""

    def __init__(self, event_logger=None, log: Optional[logging.Logger] = None,
                 keep_paths: int = 1000, keep_per_path: int = 20):
        self._event_logger = event_logger
        self.log = log or logging.getLogger(__name__)
        self._listeners: List[Listener] = []
        self._recent: "OrderedDict[str, Deque[Notice]]" = OrderedDict()
        self._keep_paths, self._keep_per_path = keep_paths, keep_per_path
        self._lock = threading.Lock()
        self._loop: Optional[asyncio.AbstractEventLoop] = None

    def bind_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        """The server's loop: events published from worker threads are emitted there."""
        self._loop = loop

    def connect(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def disconnect(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    def publish(self, action: str, path: str, findings: Iterable[Finding], message: str = "") -> Notice:
        notice = Notice(action, path, tuple(findings), message)
        self.log.info("jupyter-secrets %s: %s (%d finding(s): %s)", action, path,
                      len(notice.findings), ", ".join(sorted({f.rule for f in notice.findings})))
        for listener in list(self._listeners):
            listener(notice)
        self._remember(notice)
        self._emit(notice)
        return notice

    def recent(self, path: str, actions: Optional[Iterable[str]] = None) -> List[dict]:
        wanted = frozenset(actions) if actions is not None else None
        with self._lock:
            notices = list(self._recent.get(path, ()))
        return [n.to_dict() for n in notices if wanted is None or n.action in wanted]

    def _remember(self, notice: Notice) -> None:
        with self._lock:
            kept = self._recent.pop(notice.path, None) or deque(maxlen=self._keep_per_path)
            kept.append(notice)
            self._recent[notice.path] = kept
            while len(self._recent) > self._keep_paths:
                self._recent.popitem(last=False)

    def _emit(self, notice: Notice) -> None:
        if self._event_logger is None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # a worker thread (nbconvert runs in one): emit on the server's loop
            if self._loop is not None and not self._loop.is_closed():
                self._loop.call_soon_threadsafe(self._emit_now, notice)
            return
        self._loop = self._loop or loop
        self._emit_now(notice)

    def _emit_now(self, notice: Notice) -> None:
        self._event_logger.emit(schema_id=SCHEMA_ID, data=notice.event_data())
