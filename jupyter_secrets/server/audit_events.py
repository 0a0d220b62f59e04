"""Every audit record of the server, also emitted on jupyter_server's event bus.

The audit store stays the record (its hash chain, per server); this wraps it so that each
append is followed by an event under a stable, versioned schema id. A hub admin routes those
events with `c.EventLogger.handlers` in the single-user servers' config.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any, Optional

SCHEMA_ID = "https://schema.jupyter.org/jupyter_secrets/audit/v1"
SCHEMA_PATH = Path(__file__).parent / "events" / "audit-v1.yaml"

log = logging.getLogger(__name__)


class EventedAuditStore:
    """An audit store whose appends are also emitted; everything else is the inner store's."""

    def __init__(self, inner: Any, event_logger: Any, loop: Optional[asyncio.AbstractEventLoop] = None):
        self._inner = inner
        self._event_logger = event_logger
        self._loop = loop

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def append(self, event: Any) -> Any:
        record = self._inner.append(event)  # fails closed: nothing is emitted for a lost record
        data = record.to_json()
        data.pop("prev", None)
        self._emit({k: v for k, v in data.items() if v is not None})
        return record

    def _emit(self, data: dict) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # governance runs in worker threads: emit on the server's loop
            loop = None
        if loop is not None:
            self._loop = self._loop or loop
            self._emit_now(data)
        elif self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._emit_now, data)
        else:
            self._emit_now(data)

    def _emit_now(self, data: dict) -> None:
        try:
            self._event_logger.emit(schema_id=SCHEMA_ID, data=data)
        except Exception as e:  # the chain has the record; a broken handler must not undo it
            log.error("jupyter-secrets: an audit event could not be emitted: %s", type(e).__name__)


def install_audit_events(serverapp: Any, governance: Any) -> None:
    """Wrap the governance's audit store; register the schema with the server's event logger."""
    event_logger = getattr(serverapp, "event_logger", None)
    if event_logger is None:
        return
    if SCHEMA_ID not in event_logger.schemas.schema_ids:
        event_logger.register_event_schema(SCHEMA_PATH)
    store = EventedAuditStore(governance.audit, event_logger, _loop_of(serverapp))
    governance.audit = store
    governance.auditor = replace(governance.auditor, store=store)


def _loop_of(serverapp: Any) -> Optional[asyncio.AbstractEventLoop]:
    io_loop = getattr(serverapp, "io_loop", None)
    return getattr(io_loop, "asyncio_loop", None)
