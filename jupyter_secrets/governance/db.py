"""SQLite connections for the governance databases, set up for many concurrent writers.

Each thread of each process (the server's worker, a command-line run) keeps its own few
connections. WAL
lets readers run beside one writer; the busy timeout makes writers queue instead of failing;
`BEGIN IMMEDIATE` takes the write lock before the first read, so a read-then-write (the audit
chain's previous hash) cannot interleave with another writer's.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections import OrderedDict
from typing import Iterator, Tuple

BUSY_TIMEOUT_MS = 30_000
DIR_MODE = 0o700
KEEP_PER_THREAD = 8


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


class _ThreadConnections(threading.local):
    """A few open connections per thread, so a busy server does not reopen files per record."""

    def __init__(self) -> None:
        self.by_path: "OrderedDict[Tuple[int, str], sqlite3.Connection]" = OrderedDict()


_connections = _ThreadConnections()


@contextlib.contextmanager
def opened(path: str, schema: str = "") -> Iterator[sqlite3.Connection]:
    """This thread's connection to `path`; sqlite errors become StoreError naming the file."""
    conn = _reuse(path, schema)
    try:
        yield conn
    except sqlite3.Error as e:
        _forget(path)  # a broken connection is not handed out again
        raise StoreError(f"{path}: {_reason(e)}") from None


def _reuse(path: str, schema: str) -> sqlite3.Connection:
    key = (os.getpid(), os.path.abspath(path))  # a forked child opens its own
    cached = _connections.by_path.get(key)
    if cached is not None and os.path.exists(path):
        _connections.by_path.move_to_end(key)
        return cached
    _forget(path)
    conn = connect(path, schema)
    _connections.by_path[key] = conn
    while len(_connections.by_path) > KEEP_PER_THREAD:
        _connections.by_path.popitem(last=False)[1].close()
    return conn


def _forget(path: str) -> None:
    conn = _connections.by_path.pop((os.getpid(), os.path.abspath(path)), None)
    if conn is not None:
        conn.close()


def _reason(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error)
