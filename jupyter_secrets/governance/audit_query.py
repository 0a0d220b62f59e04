"""Searching the audit trail: filters for people, usage figures for the catalog."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Dict, List, Optional, Sequence

from .audit_chain import AuditRecord
from .audit_store import AuditStore
from .globs import glob_matches, is_glob

DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])")
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


@dataclass
class AuditFilter:
    """Every given field must match. `workload` is a notebook path or glob, a kernel id, or a
    workload name (resolved to its globs by the caller into `workload_globs`)."""

    secret: Optional[str] = None
    workload: Optional[str] = None
    workload_globs: Sequence[str] = field(default_factory=list)
    action: Optional[str] = None
    outcome: Optional[str] = None
    env: Optional[str] = None
    since: Optional[float] = None
    until: Optional[float] = None
    limit: int = 200

    def matches_workload(self, record: AuditRecord) -> bool:
        if self.workload_globs:
            paths = record.path.split(", ") if record.path else []
            return any(glob_matches(g, p) for g in self.workload_globs for p in paths)
        if not self.workload:
            return True
        if record.kernel_id == self.workload:
            return True
        paths = record.path.split(", ") if record.path else []
        if is_glob(self.workload):
            return any(glob_matches(self.workload, p) for p in paths)
        return self.workload in paths


def search(store: AuditStore, wanted: AuditFilter) -> List[AuditRecord]:
    """Matching records, newest first, at most `wanted.limit`."""
    clauses, params = [], []
    for column, value in (("secret", wanted.secret), ("action", wanted.action),
                          ("outcome", wanted.outcome), ("env", wanted.env)):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    if wanted.since is not None:
        clauses.append("ts >= ?")
        params.append(wanted.since)
    if wanted.until is not None:
        clauses.append("ts < ?")
        params.append(wanted.until)
    found = []
    for record in store.records(" AND ".join(clauses), tuple(params), order="DESC"):
        if wanted.matches_workload(record):
            found.append(record)
            if len(found) >= wanted.limit:
                break
    return found


@dataclass(frozen=True)
class Usage:
    last_used: float
    reads: int
    notebooks: List[str]


def usage(store: AuditStore, env: str) -> Dict[str, Usage]:
    """Per secret: when it was last read, how often, and by which notebooks."""
    totals = store.rows("SELECT secret, MAX(ts), COUNT(*) FROM audit WHERE env = ? AND "
                        "action = 'read' AND outcome = 'ok' GROUP BY secret", (env,))
    paths = store.rows("SELECT DISTINCT secret, path FROM audit WHERE env = ? AND "
                       "action = 'read' AND outcome = 'ok'", (env,))
    by_secret: Dict[str, set] = {}
    for secret, path in paths:
        for one in (path.split(", ") if path else []):
            by_secret.setdefault(secret, set()).add(one)
    return {secret: Usage(last, count, sorted(by_secret.get(secret, ())))
            for secret, last, count in totals}


def parse_when(text: str, now: Optional[float] = None) -> float:
    """`30m`, `2h`, `7d`, `1w` ago, or an ISO date/time (local time unless it has an offset)."""
    now = time.time() if now is None else now
    cleaned = text.strip()
    match = DURATION.fullmatch(cleaned)
    if match:
        return now - float(match.group(1)) * UNIT_SECONDS[match.group(2)]
    try:
        return datetime.fromisoformat(cleaned).timestamp()
    except ValueError:
        raise ValueError(f"{text!r} is neither a duration like 7d, 12h, 30m nor a date like "
                         "2024-05-01 or 2024-05-01T14:00") from None
