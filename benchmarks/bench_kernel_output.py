"""What output redaction costs a kernel: the same cells in two real kernels, in one run.

One kernel has the extension loaded and 50 secrets fetched (so 50 values and their encodings
are redacted, and the detection engine scans every output); the other has no extension.
Each cell is timed at the client, from the request to the last message of the cell, so the
time includes the redaction in the kernel's sending thread. Target: at most 1.2x.

    python benchmarks/bench_kernel_output.py [--lines 200000] [--frames 1000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.kernel.harness import KernelUnderTest, SecretStoreDirs  # noqa: E402

SECRETS = 50
TARGET = 1.2


def start_kernels(root: Path):
    dirs = SecretStoreDirs(root)
    for index in range(SECRETS):
        dirs.store.set(f"BENCH_SECRET_{index}", f"bench-{index}-" + "k7Hq2Lm9" * 4)
    with_extension = KernelUnderTest(dirs)
    fetched = with_extension.run(
        "from jupyter_secrets import secret\n"
        f"values = [secret(f'BENCH_SECRET_{{i}}') for i in range({SECRETS})]\n"
        "from jupyter_secrets.kernel.extension import current\n"
        "print(len(current().redactor.values))")
    if fetched.stream().strip() != str(SECRETS):
        raise SystemExit(f"setup failed: {fetched.dump()[:2000]}")
    without = KernelUnderTest(dirs, load_extension=False)
    return with_extension, without


def timed(kernel: KernelUnderTest, code: str) -> float:
    start = time.perf_counter()
    execution = kernel.run(code, timeout=600)
    elapsed = time.perf_counter() - start
    if execution.status != "ok":
        raise SystemExit(f"benchmark cell failed: {execution.dump()[:2000]}")
    kernel.sent.clear()  # the harness keeps every message; a benchmark needs none of them
    return elapsed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--frames", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    workloads = {
        f"print {args.lines:,} lines":
            f"for i in range({args.lines}):\n    print('line', i, 'of the benchmark output, words')",
        f"display {args.frames:,} DataFrames":
            f"for i in range({args.frames}):\n    display(frame)",
    }
    setup = ("import numpy as np, pandas as pd\n"
             "frame = pd.DataFrame(np.random.default_rng(0).random((10, 5)), "
             "columns=list('abcde'))")
    with tempfile.TemporaryDirectory() as tmp:
        with_extension, without = start_kernels(Path(tmp))
        try:
            for kernel in (with_extension, without):
                timed(kernel, setup)
            rows = []
            for label, code in workloads.items():
                times = {"with": [], "without": []}
                for _ in range(args.repeat):  # alternate, so drift hits both alike
                    times["without"].append(timed(without, code))
                    times["with"].append(timed(with_extension, code))
                rows.append((label, statistics.median(times["without"]),
                             statistics.median(times["with"])))
        finally:
            with_extension.stop()
            without.stop()
    print(f"{'workload':<28} {'no extension':>13} {f'{SECRETS} secrets':>11} {'ratio':>6}")
    worst = 0.0
    for label, base, ours in rows:
        ratio = ours / base
        worst = max(worst, ratio)
        print(f"{label:<28} {base:>12.2f}s {ours:>10.2f}s {ratio:>5.2f}x")
    print(f"target: at most {TARGET}x -> {'met' if worst <= TARGET else 'NOT met'} "
          f"(worst {worst:.2f}x, median of {args.repeat} runs each)")
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
