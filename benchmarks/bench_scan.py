"""Scan throughput on a generated notebook corpus, against its baselines, in one run.

Baselines (from the foundation issue): a bare ``json.load`` of the same files (the floor of any
notebook reader) and detect-secrets 1.5 over the same files.
Targets: at least 20x detect-secrets' MB/s; the whole scan at most 2x ``json.load``.

    python benchmarks/bench_scan.py [--mb 24] [--repeat 5] [--skip-detect-secrets]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402

from jupyter_secrets.detection.scanner import Scanner  # noqa: E402
from jupyter_secrets.model import Fingerprinter  # noqa: E402


def _timed(fn, paths, repeat: int = 1):
    """Best of ``repeat`` passes: the machine's other work only ever adds time."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        found = sum(fn(p) for p in paths)
        best = min(best, time.perf_counter() - start)
    return best, found


def _json_load(path: Path) -> int:
    with open(path, "rb") as f:
        json.load(f)
    return 0


def _our_scan(scanner: Scanner):
    def scan(path: Path) -> int:
        return len(scanner.scan_bytes(path.read_bytes(), str(path)).findings)
    return scan


def _detect_secrets(path: Path) -> int:
    from detect_secrets import SecretsCollection
    from detect_secrets.settings import default_settings
    with default_settings():
        collection = SecretsCollection()
        collection.scan_file(str(path))
        return sum(len(v) for v in collection.data.values())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=24.0, help="corpus size in MB (default 24)")
    parser.add_argument("--skip-detect-secrets", action="store_true", help="leave out the slow baseline")
    parser.add_argument("--repeat", type=int, default=5,
                        help="passes of json.load and of the scan; the best counts (default 5)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        paths = write_corpus(Path(tmp), args.mb)
        nbytes = sum(p.stat().st_size for p in paths)
        for p in paths:  # warm the page cache so every contender reads from memory
            p.read_bytes()
        scanner = Scanner(Fingerprinter(b"benchmark"))
        _our_scan(scanner)(paths[0])  # compile once outside the timing
        rows = [("json.load", *_timed(_json_load, paths, args.repeat)),
                ("jupyter-secrets scan", *_timed(_our_scan(scanner), paths, args.repeat))]
        if not args.skip_detect_secrets:
            rows.append(("detect-secrets 1.5", *_timed(_detect_secrets, paths)))

    mb = nbytes / 1e6
    print(f"corpus: {len(paths)} notebooks, {mb:.1f} MB (code, text outputs, embedded PNGs); "
          f"best of {args.repeat} passes (detect-secrets: one)")
    print(f"{'contender':<24}{'seconds':>10}{'MB/s':>10}{'findings':>10}")
    for name, seconds, found in rows:
        print(f"{name:<24}{seconds:>10.3f}{mb / seconds:>10.1f}{found:>10}")
    load, ours = rows[0][1], rows[1][1]
    print(f"scan / json.load time: {ours / load:.2f}x (target <= 2.0)")
    if len(rows) > 2:
        print(f"speed-up over detect-secrets: {rows[2][1] / ours:.1f}x (target >= 20)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
