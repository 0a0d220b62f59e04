"""The audit trail: one hash-chained record per secret operation, in SQLite, never a value.

Each append is one `BEGIN IMMEDIATE` transaction that reads the chain head, inserts the record
and moves the head, so concurrent kernels, servers and command-line runs lose nothing and keep
one chain. An optional JSON-lines file receives the same records for log shippers; it is
written inside the transaction, so its lines are in chain order.
"""
from __future__ import annotations

import getpass
import json
import logging
import os
import time
from dataclasses import dataclass
from typing import Iterator, Optional, Tuple

from jupyter_core.paths import jupyter_config_dir, jupyter_data_dir
from traitlets import Unicode, default
from traitlets.config import Configurable

from .audit_chain import GENESIS, AuditRecord, ChainReport, compute_mac, verify_chain
from .db import StoreError, opened, write_transaction
from ..key_files import KeyFileError, load_or_create_key

log = logging.getLogger(__name__)

#: Every action the trail records. Denied and refused attempts keep the action they attempted.
ACTIONS = ("read", "set", "delete", "grant", "revoke", "rotate-stage", "rotate-validate",
           "rotate-cutover", "rotate-abandon", "rollback", "reveal",
           # what the save, export and download guards did (their notices)
           "save-blocked", "save-stripped", "save-warned", "upload-blocked", "upload-stripped",
           "export-stripped", "download-redacted", "download-refused", "guard-failed")
MAX_DETAIL = 300

SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY, ts REAL NOT NULL, env TEXT NOT NULL, actor TEXT NOT NULL,
    path TEXT NOT NULL, kernel_id TEXT NOT NULL, secret TEXT NOT NULL, version TEXT NOT NULL,
    action TEXT NOT NULL, outcome TEXT NOT NULL, detail TEXT NOT NULL, source TEXT NOT NULL,
    prev TEXT NOT NULL, mac TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS audit_secret ON audit (secret, action, ts);
CREATE INDEX IF NOT EXISTS audit_ts ON audit (ts);
CREATE TABLE IF NOT EXISTS audit_head (id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL, mac TEXT NOT NULL);
"""
COLUMNS = ("seq, ts, env, actor, path, kernel_id, secret, version, action, outcome, detail, "
           "source, prev, mac")


class AuditError(Exception):
    """The trail cannot be written or read. Callers refuse the operation rather than skip it."""


class AuditTrail(Configurable):
    """Where the audit trail is kept."""

    db_path = Unicode(help="SQLite database of the audit trail. Default: "
                           "<jupyter data dir>/jupyter_secrets/audit.sqlite").tag(config=True)
    key_file = Unicode(help="Key of the trail's hash chain, kept apart from the database. "
                            "Default: <jupyter config dir>/jupyter_secrets/audit.key"
                      ).tag(config=True)
    jsonl_path = Unicode("", help="If set, every record is also appended to this JSON-lines "
                                  "file, for log shippers.").tag(config=True)

    @default("db_path")
    def _default_db_path(self) -> str:
        return os.path.join(jupyter_data_dir(), "jupyter_secrets", "audit.sqlite")

    @default("key_file")
    def _default_key_file(self) -> str:
        return os.path.join(jupyter_config_dir(), "jupyter_secrets", "audit.key")


@dataclass(frozen=True)
class AuditEvent:
    """What happened; the store adds the time, sequence number and chain."""

    action: str
    outcome: str
    secret: str = ""
    version: str = ""
    actor: str = ""
    path: str = ""
    kernel_id: str = ""
    env: str = ""
    detail: str = ""
    source: str = ""


def default_actor() -> str:
    """The person behind a command-line run or a single-user server."""
    hub_user = os.environ.get("JUPYTERHUB_USER")
    if hub_user:
        return hub_user
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid:{os.getuid()}"


class AuditStore:
    """Append, read and verify the trail of one `AuditTrail` configuration."""

    def __init__(self, trail: AuditTrail, clock=time.time):
        self.db_path = trail.db_path
        self.key_file = trail.key_file
        self.jsonl_path = trail.jsonl_path
        self._clock = clock
        self._key: Optional[bytes] = None

    def append(self, event: AuditEvent) -> AuditRecord:
        """Write one record; raise AuditError if it could not be written."""
        if event.action not in ACTIONS:
            raise AuditError(f"unknown audit action {event.action!r}")
        key = self._chain_key()
        try:
            with opened(self.db_path, SCHEMA) as conn, write_transaction(conn):
                seq, prev = _head(conn)
                record = self._record(event, seq + 1, prev, key)
                conn.execute(f"INSERT INTO audit ({COLUMNS}) VALUES "
                             "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", record.body() +
                             (record.prev, record.mac))
                conn.execute("INSERT OR REPLACE INTO audit_head (id, seq, mac) VALUES (1, ?, ?)",
                             (record.seq, record.mac))
                if self.jsonl_path:
                    self._append_line(record)
        except (StoreError, OSError) as e:
            log.error("audit trail %s: cannot append a %s record: %s", self.db_path, event.action, e)
            raise AuditError(f"the audit trail cannot be written: {e}") from None
        return record

    def records(self, where: str = "", params: Tuple = (), order: str = "ASC",
                limit: Optional[int] = None) -> Iterator[AuditRecord]:
        """Records matching an SQL condition built by audit_query (never from user text)."""
        sql = f"SELECT {COLUMNS} FROM audit {('WHERE ' + where) if where else ''} ORDER BY seq {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        if not os.path.exists(self.db_path):
            return
        try:
            with opened(self.db_path, SCHEMA) as conn:
                cursor = conn.execute(sql, params)
                while True:
                    rows = cursor.fetchmany(500)
                    if not rows:
                        return
                    yield from (AuditRecord(*row) for row in rows)
        except StoreError as e:
            raise AuditError(f"the audit trail cannot be read: {e}") from None

    def rows(self, sql: str, params: Tuple = ()) -> list:
        """Rows of a read-only aggregate query written by audit_query or audit_report."""
        if not os.path.exists(self.db_path):
            return []
        try:
            with opened(self.db_path, SCHEMA) as conn:
                return conn.execute(sql, params).fetchall()
        except StoreError as e:
            raise AuditError(f"the audit trail cannot be read: {e}") from None

    def verify(self) -> ChainReport:
        """Check the whole chain and its head."""
        key = self._chain_key()
        try:
            with opened(self.db_path, SCHEMA) as conn:
                head = _head(conn)
                cursor = conn.execute(f"SELECT {COLUMNS} FROM audit ORDER BY seq ASC")
                return verify_chain(key, (AuditRecord(*row) for row in cursor), head)
        except StoreError as e:
            raise AuditError(f"the audit trail cannot be read: {e}") from None

    def verify_jsonl(self, path: str) -> ChainReport:
        """Check a JSON-lines copy of the trail (no head: its last line is its end)."""
        records = []
        try:
            with open(path, encoding="utf-8") as handle:
                for number, line in enumerate(handle, 1):
                    if line.strip():
                        records.append(_parse_line(line, number, path))
        except OSError as e:
            raise AuditError(f"cannot read {path}: {e.strerror}") from None
        records.sort(key=lambda r: r.seq)
        return verify_chain(self._chain_key(), records)

    def _record(self, event: AuditEvent, seq: int, prev: str, key: bytes) -> AuditRecord:
        detail = event.detail if len(event.detail) <= MAX_DETAIL else event.detail[:MAX_DETAIL - 1] + "…"
        body = AuditRecord(seq=seq, ts=self._clock(), env=event.env, actor=event.actor or default_actor(),
                           path=event.path, kernel_id=event.kernel_id, secret=event.secret,
                           version=str(event.version or ""), action=event.action,
                           outcome=event.outcome, detail=detail, source=event.source,
                           prev=prev, mac="")
        return AuditRecord(*body.body(), prev, compute_mac(key, prev, body.body()))

    def _append_line(self, record: AuditRecord) -> None:
        line = (json.dumps(record.to_json(), sort_keys=True) + "\n").encode("utf-8")
        fd = os.open(self.jsonl_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)  # one write per line: O_APPEND keeps concurrent lines whole
        finally:
            os.close(fd)

    def _chain_key(self) -> bytes:
        if self._key is None:
            try:
                self._key = load_or_create_key(self.key_file)
            except KeyFileError as e:
                raise AuditError(str(e)) from None
        return self._key


def _head(conn) -> Tuple[int, str]:
    row = conn.execute("SELECT seq, mac FROM audit_head WHERE id = 1").fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def _parse_line(line: str, number: int, path: str) -> AuditRecord:
    try:
        return AuditRecord.from_json(json.loads(line))
    except (ValueError, KeyError, TypeError):
        raise AuditError(f"{path}, line {number}: not an audit record") from None
