"""What governance costs a read, against its baselines, in one run.

- audit append (HMAC chain, one BEGIN IMMEDIATE transaction, synchronous=FULL) against a plain
  INSERT into the same kind of SQLite file with the same durability and no chain;
- a governed read (policy check, backend read, audit append) against a bare backend read of the
  encrypted local store;
- PROCS processes appending at once: records per second, then the time to verify the chain.

    python benchmarks/bench_audit.py [--records 2000] [--procs 4]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from traitlets.config import Config  # noqa: E402

from jupyter_secrets.governance.audit_store import AuditEvent, AuditStore, AuditTrail  # noqa: E402
from jupyter_secrets.governance.db import connect  # noqa: E402
from jupyter_secrets.governance.identity import Workload  # noqa: E402
from jupyter_secrets.governance.service import Governance  # noqa: E402

WRITER = textwrap.dedent("""
    import sys
    from traitlets.config import Config
    from jupyter_secrets.governance.audit_store import AuditEvent, AuditStore, AuditTrail
    store = AuditStore(AuditTrail(config=Config({"AuditTrail": {"db_path": sys.argv[1],
                                                                "key_file": sys.argv[2]}})))
    for i in range(int(sys.argv[3])):
        store.append(AuditEvent("read", "ok", secret="S", kernel_id=sys.argv[4], path=str(i)))
""")


def config(root: Path) -> Config:
    return Config({"SecretStore": {"backend": "local"},
                   "LocalStore": {"store_dir": str(root / "store"), "key_file": str(root / "k")},
                   "AuditTrail": {"db_path": str(root / "audit.sqlite"), "key_file": str(root / "ak")},
                   "GovernanceState": {"db_path": str(root / "state.sqlite")}})


def per_second(count: int, fn) -> float:
    start = time.perf_counter()
    for i in range(count):
        fn(i)
    return count / (time.perf_counter() - start)


def plain_inserts(root: Path, count: int) -> float:
    conn = connect(str(root / "plain.sqlite"),
                   "CREATE TABLE IF NOT EXISTS t (seq INTEGER PRIMARY KEY, secret TEXT, path TEXT);")

    def insert(i):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (secret, path) VALUES (?, ?)", ("S", str(i)))
        conn.execute("COMMIT")

    rate = per_second(count, insert)
    conn.close()
    return rate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--procs", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cfg = config(root)
        store = AuditStore(AuditTrail(config=cfg))
        chained = per_second(args.records, lambda i: store.append(
            AuditEvent("read", "ok", secret="S", path=str(i))))
        plain = plain_inserts(root, args.records)
        print(f"audit append: {chained:8.0f}/s   plain INSERT baseline: {plain:8.0f}/s   "
              f"ratio {plain / chained:.2f}x")

        gov = Governance(cfg, actor="bench", source="bench")
        workload = Workload("k", ("nb.ipynb",), "bench")
        gov.set_secret("S", "bench-value-123456", notebook="nb.ipynb")
        governed = per_second(args.records // 2, lambda i: gov.read_for(workload, "S"))
        bare = per_second(args.records // 2, lambda i: gov.backend.get("S"))
        print(f"governed read: {governed:7.0f}/s   bare backend read baseline: {bare:8.0f}/s   "
              f"ratio {bare / governed:.1f}x")

        each = args.records // args.procs
        start = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(root / "audit.sqlite"),
                                   str(root / "ak"), str(each), f"p{n}"]) for n in range(args.procs)]
        if any(p.wait() for p in procs):
            raise SystemExit("a writer failed")
        elapsed = time.perf_counter() - start
        print(f"{args.procs} processes appending at once: {args.procs * each / elapsed:.0f}/s "
              f"(process start included)")
        start = time.perf_counter()
        report = store.verify()
        print(f"verify: {report.records} records in {time.perf_counter() - start:.2f} s, "
              f"{'intact' if report.ok else report.problems[:3]}")


if __name__ == "__main__":
    main()
