"""The audit report: stale, never used, new readers, sharp changes."""
from __future__ import annotations

from jupyter_secrets.governance.audit_report import DAY, ReportSettings, build_report
from jupyter_secrets.governance.audit_store import AuditEvent, AuditStore, AuditTrail

NOW = 1_700_000_000.0


def store_with_clock(gov_config):
    clock = {"now": NOW}
    store = AuditStore(AuditTrail(config=gov_config), clock=lambda: clock["now"])
    return store, clock


def read(store, clock, secret, path, days_ago, outcome="ok"):
    clock["now"] = NOW - days_ago * DAY
    store.append(AuditEvent("read", outcome, secret=secret, path=path, env="dev"))


def test_the_report_finds_stale_unused_new_and_sharp(gov_config):
    store, clock = store_with_clock(gov_config)
    read(store, clock, "STALE", "old.ipynb", 45)
    for day in range(1, 8):  # a steady 2 reads a day...
        for _ in range(2):
            read(store, clock, "BURST", "steady.ipynb", day + 0.5)
    for _ in range(30):  # ...then 30 today
        read(store, clock, "BURST", "steady.ipynb", 0.1)
    read(store, clock, "BURST", "newcomer.ipynb", 2)
    read(store, clock, "DENIED_ONLY", "x.ipynb", 1, outcome="denied")
    read(store, clock, "PROD", "p.ipynb", 1)
    store.append(AuditEvent("read", "ok", secret="PROD", path="p.ipynb", env="prod"))

    report = build_report(store, "dev", ["STALE", "BURST", "NEVER", "DENIED_ONLY"],
                          ReportSettings(unused_days=30, new_days=7), now=NOW)

    assert [u["secret"] for u in report["unused"]] == ["STALE"]
    assert report["never_used"] == ["DENIED_ONLY", "NEVER"]
    assert {(n["secret"], n["path"]) for n in report["new_workloads"]} >= {("BURST", "newcomer.ipynb")}
    assert ("BURST", "steady.ipynb") not in {(n["secret"], n["path"]) for n in report["new_workloads"]}
    assert [(c["secret"], c["direction"]) for c in report["sharp_changes"]] == [("BURST", "up")]


def test_a_drop_in_reads_is_sharp_too(gov_config):
    store, clock = store_with_clock(gov_config)
    for day in range(1, 8):
        for _ in range(10):
            read(store, clock, "QUIET", "a.ipynb", day + 0.5)
    report = build_report(store, "dev", ["QUIET"], now=NOW)
    assert [(c["secret"], c["direction"]) for c in report["sharp_changes"]] == [("QUIET", "down")]
