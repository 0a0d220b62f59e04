"""SQLite connections for the governance databases, set up for many concurrent writers.

Every process (the server, each command-line run) opens its own short-lived connections. WAL
lets readers run beside one writer; the busy timeout makes writers queue instead of failing;
`BEGIN IMMEDIATE` takes the write lock before the first read, so a read-then-write (the audit
chain's previous hash) cannot interleave with another writer's.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
from typing import Iterator

BUSY_TIMEOUT_MS = 30_000
DIR_MODE = 0o700


class StoreError(Exception):
    """A governance database cannot be opened or written; the message says which and why."""


def connect(path: str, schema: str = "") -> sqlite3.Connection:
    """Open `path` (created owner-only), in WAL mode, with `schema` applied if given."""
    directory = os.path.dirname(os.path.abspath(path))
    try:
        if not os.path.isdir(directory):
            os.makedirs(directory, mode=DIR_MODE, exist_ok=True)
        if not os.path.exists(path):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False)
    except (OSError, sqlite3.Error) as e:
        raise StoreError(f"cannot open {path}: {_reason(e)}") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        if schema:
            conn.executescript(schema)
    except sqlite3.Error as e:
        conn.close()
        raise StoreError(f"cannot use {path}: {_reason(e)}") from None
    return conn


@contextlib.contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One `BEGIN IMMEDIATE` transaction: committed on success, rolled back on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextlib.contextmanager
def opened(path: str, schema: str = "") -> Iterator[sqlite3.Connection]:
    """A connection closed on exit; sqlite errors become StoreError naming the file."""
    conn = connect(path, schema)
    try:
        yield conn
    except sqlite3.Error as e:
        raise StoreError(f"{path}: {_reason(e)}") from None
    finally:
        conn.close()


def _reason(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error)
