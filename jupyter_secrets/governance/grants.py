"""Grants made at run time (panel, command line, a notebook creating a secret), stored per
environment. Grants written in the config are read from `SecretPolicy.grants` instead.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import List

from .db import opened, write_transaction
from .globs import is_glob, normalize_path, normalize_pattern
from .state import SCHEMA

NOTEBOOK = "notebook"
WORKLOAD = "workload"
KINDS = (NOTEBOOK, WORKLOAD)


@dataclass(frozen=True)
class Grant:
    """Who may read a secret: notebooks matching a glob, or a named workload."""

    secret: str
    kind: str
    target: str
    source: str = "stored"  # "stored", "config" or "default"
    granted_by: str = ""
    granted_at: float = 0.0

    def label(self) -> str:
        return f"{self.kind} {self.target}"

    def to_json(self) -> dict:
        return {"kind": self.kind, "target": self.target, "source": self.source,
                "granted_by": self.granted_by, "granted_at": self.granted_at or None}


class GrantStore:
    """Stored grants in the governance state database."""

    def __init__(self, db_path: str):
        self.db_path = db_path

    def add(self, env: str, secret: str, kind: str, target: str, granted_by: str) -> bool:
        """Store a grant; False if it was there already."""
        target = normalize_pattern(target) if kind == NOTEBOOK else target
        with opened(self.db_path, SCHEMA) as conn, write_transaction(conn):
            cursor = conn.execute(
                "INSERT OR IGNORE INTO grants (env, secret, kind, target, granted_by, granted_at) "
                "VALUES (?, ?, ?, ?, ?, ?)", (env, secret, kind, target, granted_by, time.time()))
            return cursor.rowcount == 1

    def remove(self, env: str, secret: str, kind: str, target: str) -> bool:
        target = normalize_pattern(target) if kind == NOTEBOOK else target
        with opened(self.db_path, SCHEMA) as conn, write_transaction(conn):
            cursor = conn.execute("DELETE FROM grants WHERE env = ? AND secret = ? AND kind = ? "
                                  "AND target = ?", (env, secret, kind, target))
            return cursor.rowcount > 0

    def for_secret(self, env: str, secret: str) -> List[Grant]:
        return self._select("env = ? AND secret = ?", (env, secret))

    def all(self, env: str) -> List[Grant]:
        return self._select("env = ?", (env,))

    def forget_secret(self, env: str, secret: str) -> int:
        with opened(self.db_path, SCHEMA) as conn, write_transaction(conn):
            return conn.execute("DELETE FROM grants WHERE env = ? AND secret = ?",
                                (env, secret)).rowcount

    def follow_rename(self, env: str, old: str, new: str) -> List[Grant]:
        """Move grants naming `old` (a notebook, or a folder's notebooks) to `new`.

        Only exact paths move: a glob says which paths it means and stays as written.
        """
        old, new = normalize_path(old), normalize_path(new)
        moved = []
        with opened(self.db_path, SCHEMA) as conn, write_transaction(conn):
            rows = conn.execute("SELECT secret, target, granted_by, granted_at FROM grants "
                                "WHERE env = ? AND kind = ?", (env, NOTEBOOK)).fetchall()
            for secret, target, granted_by, granted_at in rows:
                if is_glob(target) or not (target == old or target.startswith(old + "/")):
                    continue
                renamed = new + target[len(old):]
                conn.execute("DELETE FROM grants WHERE env = ? AND secret = ? AND kind = ? AND "
                             "target = ?", (env, secret, NOTEBOOK, target))
                conn.execute("INSERT OR IGNORE INTO grants (env, secret, kind, target, granted_by,"
                             " granted_at) VALUES (?, ?, ?, ?, ?, ?)",
                             (env, secret, NOTEBOOK, renamed, granted_by, granted_at))
                moved.append(Grant(secret, NOTEBOOK, renamed, "stored", granted_by, granted_at))
        return moved

    def _select(self, where: str, params: tuple) -> List[Grant]:
        with opened(self.db_path, SCHEMA) as conn:
            rows = conn.execute("SELECT secret, kind, target, granted_by, granted_at FROM grants "
                                f"WHERE {where} ORDER BY secret, kind, target", params).fetchall()
        return [Grant(s, k, t, "stored", by, at) for s, k, t, by, at in rows]
