"""The audit report: stale secrets, unused ones, new readers, and reads that changed sharply."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional

from .audit_store import AuditStore

DAY = 86400.0
READS = "env = ? AND action = 'read' AND outcome = 'ok'"


@dataclass(frozen=True)
class ReportSettings:
    unused_days: float = 30.0  # a secret last read longer ago than this is stale
    new_days: float = 7.0  # a notebook whose first read of a secret is this recent is new
    window_days: float = 1.0  # read counts are compared per window of this length
    baseline_windows: int = 7  # the recent window is compared with the mean of this many before
    factor: float = 3.0  # a change by at least this factor, up or down, is sharp
    min_reads: int = 5  # and it involves at least this many reads


def build_report(store: AuditStore, env: str, names: Iterable[str],
                 settings: ReportSettings = ReportSettings(), now: Optional[float] = None) -> dict:
    now = time.time() if now is None else now
    names = sorted(set(names))
    last = dict(store.rows(f"SELECT secret, MAX(ts) FROM audit WHERE {READS} GROUP BY secret", (env,)))
    return {
        "env": env,
        "generated": now,
        "settings": settings.__dict__,
        "unused": [{"secret": n, "last_used": last[n]} for n in names
                   if n in last and last[n] < now - settings.unused_days * DAY],
        "never_used": [n for n in names if n not in last],
        "new_workloads": _new_workloads(store, env, now - settings.new_days * DAY),
        "sharp_changes": _sharp_changes(store, env, settings, now),
    }


def _new_workloads(store: AuditStore, env: str, since: float) -> List[dict]:
    rows = store.rows(f"SELECT secret, path, MIN(ts), COUNT(*) FROM audit WHERE {READS} "
                      "GROUP BY secret, path HAVING MIN(ts) >= ? ORDER BY MIN(ts) DESC",
                      (env, since))
    return [{"secret": s, "path": p, "first_read": first, "reads": count}
            for s, p, first, count in rows if p]


def _sharp_changes(store: AuditStore, env: str, settings: ReportSettings, now: float) -> List[dict]:
    window = settings.window_days * DAY
    start = now - window * (settings.baseline_windows + 1)
    rows = store.rows(f"SELECT secret, CAST((? - ts) / ? AS INTEGER) AS w, COUNT(*) FROM audit "
                      f"WHERE {READS} AND ts >= ? AND ts <= ? GROUP BY secret, w",
                      (now, window, env, start, now))
    counts: Dict[str, Dict[int, int]] = {}
    for secret, w, count in rows:
        counts.setdefault(secret, {})[int(w)] = count
    changes = []
    for secret, per_window in sorted(counts.items()):
        recent = per_window.get(0, 0)
        baseline = sum(per_window.get(w, 0) for w in range(1, settings.baseline_windows + 1)) \
            / settings.baseline_windows
        rose = recent >= settings.min_reads and recent >= settings.factor * max(baseline, 1e-9)
        fell = baseline >= settings.min_reads and recent * settings.factor <= baseline
        if rose or fell:
            changes.append({"secret": secret, "recent": recent, "baseline": round(baseline, 2),
                            "direction": "up" if rose else "down"})
    return changes
