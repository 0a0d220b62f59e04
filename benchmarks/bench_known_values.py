"""What knowing the kernels' fetched values costs the server's guards, in one run.

The guards' scanner with 100 known values (KnownValuesEngine) against the detection engine
alone, on the texts a download or an export hands them: log-like prose, source code, and a
base64 blob (an embedded image: one long run of token characters, the worst case). Target: a
10 MB download at most 1.5x the engine's own time, in every case.

    python benchmarks/bench_known_values.py [--mb 10] [--values 100] [--repeat 3]
"""
from __future__ import annotations

import argparse
import base64
import random
import secrets
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from jupyter_secrets.detection.engine import Engine  # noqa: E402
from jupyter_secrets.server.known_values import KnownValues, KnownValuesEngine  # noqa: E402

TARGET = 1.5


def texts(megabytes: float) -> dict:
    size = int(megabytes * 1e6)
    rng = random.Random(0)
    words = ["epoch", "loss", "accuracy", "batch", "step", "model", "train", "eval", "value"]
    prose = []
    while sum(map(len, prose)) < size:
        prose.append(" ".join(rng.choice(words) if rng.random() < 0.7 else f"{rng.random():.6f}"
                              for _ in range(20)))
    code = (REPO / "jupyter_secrets" / "server" / "known_values.py").read_text()
    blob = base64.b64encode(rng.randbytes(size * 3 // 4)).decode()
    return {"log lines": "\n".join(prose)[:size], "source code": (code * (size // len(code) + 1))[:size],
            "base64 blob": blob}


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=10.0)
    parser.add_argument("--values", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    engine = Engine()
    known = KnownValues()
    for _ in range(args.values):
        known.add(secrets.token_urlsafe(30))
    guarded = KnownValuesEngine(engine, known)
    guarded.scan("warm up: tables and rules compile on first use")
    print(f"{'text':<14} {'engine':>9} {f'+{args.values} known':>11} {'ratio':>6}")
    worst = 0.0
    for label, text in texts(args.mb).items():
        base = best(lambda: engine.scan(text), args.repeat)
        ours = best(lambda: guarded.scan(text), args.repeat)
        ratio = ours / base
        worst = max(worst, ratio)
        print(f"{label:<14} {base:>8.3f}s {ours:>10.3f}s {ratio:>5.2f}x")
    print(f"{args.mb:g} MB each; target: at most {TARGET}x -> "
          f"{'met' if worst <= TARGET else 'NOT met'} (worst {worst:.2f}x, best of {args.repeat})")
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
