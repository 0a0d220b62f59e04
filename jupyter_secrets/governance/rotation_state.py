"""Where each secret stands in its rotation, per environment, in the governance state database."""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Dict, Optional

from .db import opened, write_transaction
from .state import SCHEMA

STAGED, VALIDATED, FAILED = "staged", "validated", "failed"
OVERLAP, COMPLETE, ROLLED_BACK, ABANDONED = "overlap", "complete", "rolled-back", "abandoned"


@dataclass(frozen=True)
class RotationRecord:
    env: str
    secret: str
    state: str
    current_version: str
    previous_version: str  # readable and restorable while the overlap lasts
    overlap_until: float
    updated: float
    reason: str

    def as_of(self, now: float) -> "RotationRecord":
        """The record with an overlap that has run out shown as complete."""
        if self.state == OVERLAP and now >= self.overlap_until:
            return RotationRecord(**{**asdict(self), "state": COMPLETE})
        return self

    def in_overlap(self, now: float) -> bool:
        return self.state == OVERLAP and now < self.overlap_until

    def to_json(self) -> dict:
        data = asdict(self)
        data["overlap_until"] = self.overlap_until or None
        return data


class RotationStore:
    def __init__(self, db_path: str, clock=time.time):
        self.db_path = db_path
        self._clock = clock

    def get(self, env: str, secret: str) -> Optional[RotationRecord]:
        with opened(self.db_path, SCHEMA) as conn:
            row = conn.execute("SELECT env, secret, state, current_version, previous_version, "
                               "overlap_until, updated, reason FROM rotation WHERE env = ? AND "
                               "secret = ?", (env, secret)).fetchone()
        return RotationRecord(*row).as_of(self._clock()) if row else None

    def all(self, env: str) -> Dict[str, RotationRecord]:
        with opened(self.db_path, SCHEMA) as conn:
            rows = conn.execute("SELECT env, secret, state, current_version, previous_version, "
                                "overlap_until, updated, reason FROM rotation WHERE env = ?",
                                (env,)).fetchall()
        now = self._clock()
        return {row[1]: RotationRecord(*row).as_of(now) for row in rows}

    def put(self, env: str, secret: str, state: str, current_version: str = "",
            previous_version: str = "", overlap_until: float = 0.0, reason: str = "") -> RotationRecord:
        record = RotationRecord(env, secret, state, str(current_version or ""),
                                str(previous_version or ""), overlap_until, self._clock(), reason)
        with opened(self.db_path, SCHEMA) as conn, write_transaction(conn):
            conn.execute("INSERT OR REPLACE INTO rotation (env, secret, state, current_version, "
                         "previous_version, overlap_until, updated, reason) VALUES "
                         "(?, ?, ?, ?, ?, ?, ?, ?)", (record.env, record.secret, record.state,
                                                      record.current_version,
                                                      record.previous_version,
                                                      record.overlap_until, record.updated,
                                                      record.reason))
        return record

    def forget(self, env: str, secret: str) -> None:
        with opened(self.db_path, SCHEMA) as conn, write_transaction(conn):
            conn.execute("DELETE FROM rotation WHERE env = ? AND secret = ?", (env, secret))
