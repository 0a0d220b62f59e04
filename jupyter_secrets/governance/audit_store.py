"""The audit trail: one hash-chained record per secret operation, in SQLite, never a value.

Each append is one `BEGIN IMMEDIATE` transaction that reads the chain head, inserts the record
and moves the head, so concurrent kernels, servers and command-line runs lose nothing and keep
one chain. An optional JSON-lines file receives the same records for log shippers; it is
written inside the transaction, so its lines are in chain order. After each commit the chain's
head is also anchored outside the database (`audit_anchor`), so a trail rolled back or deleted
as a whole is reported by `verify`.

Writes run on one worker thread and wait for it a bounded time (`AuditTrail.write_timeout`):
a trail locked by another process, or a stalled disk, refuses the audited operation after that
long instead of holding the server's event loop (a save's pre-save hook runs on it).
"""
from __future__ import annotations

import concurrent.futures
import getpass
import hmac
import json
import logging
import os
import time
from dataclasses import dataclass
from typing import Iterator, List, Optional, Tuple

from jupyter_core.paths import jupyter_config_dir, jupyter_data_dir
from traitlets import Float, Unicode, default
from traitlets.config import Configurable

from .audit_anchor import Anchor, AnchorError, AnchorFile, anchor_path
from .audit_chain import GENESIS, AuditRecord, ChainReport, compute_mac, verify_chain
from .db import StoreError, opened, write_transaction
from ..key_files import KeyFileError, load_or_create_key

log = logging.getLogger(__name__)

#: Every action the trail records. Denied and refused attempts keep the action they attempted.
ACTIONS = ("read", "set", "delete", "grant", "revoke", "rotate-stage", "rotate-validate",
           "rotate-cutover", "rotate-abandon", "rollback", "reveal",
           # what the save, export and download guards did (their notices)
           "save-blocked", "save-stripped", "save-warned", "upload-blocked", "upload-stripped",
           "export-stripped", "download-redacted", "download-refused", "guard-failed",
           # what AI agents did over MCP, the grants they asked for, and what was redacted from
           # what they read back through jupyter-mcp-server
           "agent-list", "agent-insert-code", "grant-request", "agent-read-redacted",
           # what the model guard took out of an AI assistant's request to its model
           "model-request-redacted")
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
    write_timeout = Float(2.0, help="Seconds an audit write may wait for the trail (held by "
                                    "another process, or a slow disk). Past it the audited "
                                    "operation is refused, never done unrecorded.").tag(config=True)

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


#: One writer thread per process: appends queue there, never on the caller's thread.
_WRITER = concurrent.futures.ThreadPoolExecutor(max_workers=1,
                                                thread_name_prefix="jupyter-secrets-audit")


class AuditStore:
    """Append, read and verify the trail of one `AuditTrail` configuration."""

    def __init__(self, trail: AuditTrail, clock=time.time):
        self.db_path = trail.db_path
        self.key_file = trail.key_file
        self.jsonl_path = trail.jsonl_path
        self.write_timeout = trail.write_timeout
        self._clock = clock
        self._key: Optional[bytes] = None

    def append(self, event: AuditEvent) -> AuditRecord:
        """Write one record; raise AuditError if it could not be written in time."""
        if event.action not in ACTIONS:
            raise AuditError(f"unknown audit action {event.action!r}")
        key = self._chain_key()
        deadline = time.monotonic() + self.write_timeout
        future = _WRITER.submit(self._append_before, event, key, deadline)
        try:
            return future.result(timeout=self.write_timeout + 0.5)
        except concurrent.futures.TimeoutError:
            log.error("audit trail %s: a %s record could not be written within %.1f s",
                      self.db_path, event.action, self.write_timeout)
            raise self._busy() from None

    def _busy(self) -> AuditError:
        return AuditError(f"the audit trail is busy (locked by another process, or a slow "
                          f"disk): nothing was recorded within {self.write_timeout:g} s, so the "
                          "operation was refused; try again")

    def _append_before(self, event: AuditEvent, key: bytes, deadline: float) -> AuditRecord:
        """On the writer thread: commit one record unless `deadline` passes first."""
        remaining_ms = int((deadline - time.monotonic()) * 1000)
        if remaining_ms <= 0:
            raise self._busy()
        try:
            with opened(self.db_path, SCHEMA) as conn:
                conn.execute(f"PRAGMA busy_timeout = {remaining_ms}")
                with write_transaction(conn):
                    seq, prev = _head(conn)
                    record = self._record(event, seq + 1, prev, key)
                    conn.execute(f"INSERT INTO audit ({COLUMNS}) VALUES "
                                 "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", record.body() +
                                 (record.prev, record.mac))
                    conn.execute("INSERT OR REPLACE INTO audit_head (id, seq, mac) "
                                 "VALUES (1, ?, ?)", (record.seq, record.mac))
                    if self.jsonl_path:
                        self._append_line(record)
        except (StoreError, OSError) as e:
            log.error("audit trail %s: cannot append a %s record: %s", self.db_path, event.action, e)
            if "locked" in str(e) or "busy" in str(e):
                raise self._busy() from None
            raise AuditError(f"the audit trail cannot be written: {e}") from None
        try:
            self._anchor_file(key).advance(self.db_path, Anchor(record.seq, record.mac))
        except AnchorError as e:
            # The record is committed; the next append moves the anchor on. Said loudly, since
            # until then a rollback of this record would go unnoticed.
            log.error("audit trail %s: %s", self.db_path, e)
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
        """Check the whole chain, its head, the anchor outside the database and (when on) the
        JSON-lines mirror's newest record."""
        key = self._chain_key()
        if not os.path.exists(self.db_path):
            report = ChainReport()
            report.problems.extend(self.check_head())
            return report
        try:
            with opened(self.db_path, SCHEMA) as conn:
                head = _head(conn)
                cursor = conn.execute(f"SELECT {COLUMNS} FROM audit ORDER BY seq ASC")
                report = verify_chain(key, (AuditRecord(*row) for row in cursor), head)
        except StoreError as e:
            raise AuditError(f"the audit trail cannot be read: {e}") from None
        report.problems.extend(self.check_head())
        return report

    def check_head(self) -> List[str]:
        """What is wrong with the trail's newest end, from the anchor and the JSON-lines
        mirror: cheap (no walk of the chain), for the panel's status. [] when nothing is."""
        key = self._chain_key()
        problems: List[str] = []
        try:
            anchor = self._anchor_file(key).read(self.db_path)
        except AnchorError as e:
            return [str(e)]
        expected = [] if anchor is None else [("the head anchor", anchor)]
        mirrored = self._mirror_tail()
        if mirrored is not None:
            expected.append(("the JSON-lines mirror", mirrored))
        exists = os.path.exists(self.db_path)
        for source, want in expected:
            if want.seq == 0:
                continue
            if not exists:
                problems.append(f"the audit database {self.db_path} is missing: {source} says "
                                f"the trail holds {want.seq} record(s)")
                continue
            stored = self._record_mac(want.seq)
            if stored is None:
                problems.append(f"the newest records were deleted: {source} says record "
                                f"{want.seq}, the database ends before it")
            elif not hmac.compare_digest(stored, want.mac):
                problems.append(f"record {want.seq} was replaced: it differs from {source}")
        if anchor is None and exists and self._record_mac(1) is not None:
            problems.append(f"the audit head anchor {self._anchor_path()} is missing (deleted, "
                            "or the trail was copied from elsewhere)")
        return problems

    def _record_mac(self, seq: int) -> Optional[str]:
        try:
            with opened(self.db_path, SCHEMA) as conn:
                row = conn.execute("SELECT mac FROM audit WHERE seq = ?", (seq,)).fetchone()
        except StoreError as e:
            raise AuditError(f"the audit trail cannot be read: {e}") from None
        return row[0] if row else None

    def _mirror_tail(self) -> Optional[Anchor]:
        """The newest record of the JSON-lines mirror, when it is on and exists."""
        if not self.jsonl_path or not os.path.exists(self.jsonl_path):
            return None
        try:
            with open(self.jsonl_path, "rb") as handle:
                handle.seek(0, os.SEEK_END)
                size = handle.tell()
                handle.seek(max(0, size - 65536))
                lines = [line for line in handle.read().splitlines() if line.strip()]
        except OSError as e:
            raise AuditError(f"cannot read {self.jsonl_path}: {e.strerror}") from None
        if not lines:
            return None
        last = _parse_line(lines[-1].decode("utf-8", "replace"), 0, self.jsonl_path)
        return Anchor(last.seq, last.mac)

    def _anchor_path(self) -> str:
        return anchor_path(self.key_file)

    def _anchor_file(self, key: bytes) -> AnchorFile:
        return AnchorFile(self._anchor_path(), key)

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
