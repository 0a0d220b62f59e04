"""What the kernel extension costs a kernel: the same cells in two real kernels, in one run.

One kernel has the extension loaded and 100 secrets fetched (so 100 values, their encodings and
every fragment of their cheap transforms are redacted, and the detection engine scans every
output); the other has no extension. Each cell is timed at the client, from the request to the
last message of the cell, so the time includes the redaction in the kernel's sending thread.
Also timed: how long a kernel takes to be ready (start to kernel_info reply), with and without
the extension. Targets: outputs at most 1.1x, ready time at most +10%.

Beside each cell's time, the CPU time the kernel process spent on it (Linux), which a busy
machine disturbs less; and, with --parts, the redaction of the same outputs in this process,
split into its parts (known values, detection engine), to show where the cost goes.

    python benchmarks/bench_kernel_output.py [--lines 10000] [--line-bytes 1000]
                                             [--frame-mb 5] [--frames 1] [--ready 5] [--repeat 3]
                                             [--parts]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.kernel.harness import KernelUnderTest, SecretStoreDirs  # noqa: E402

SECRETS = 100
OUTPUT_TARGET = 1.1
READY_TARGET = 1.1


def bench_value(index: int) -> str:
    import secrets

    return f"bench-{index}-" + secrets.token_urlsafe(24)


def start_kernels(root: Path):
    dirs = SecretStoreDirs(root)
    for index in range(SECRETS):
        dirs.store.set(f"BENCH_SECRET_{index}", bench_value(index))
    with_extension = KernelUnderTest(dirs)
    fetched = with_extension.run(
        "from jupyter_secrets import secret\n"
        f"values = [secret(f'BENCH_SECRET_{{i}}') for i in range({SECRETS})]\n"
        "from jupyter_secrets.kernel.extension import current\n"
        "print(len(current().redactor.values))")
    if fetched.stream().strip() != str(SECRETS):
        raise SystemExit(f"setup failed: {fetched.dump()[:2000]}")
    without = KernelUnderTest(dirs, load_extension=False)
    return dirs, with_extension, without


def kernel_cpu(kernel: KernelUnderTest) -> Optional[float]:
    """CPU seconds the kernel process has used (user + system), where /proc tells."""
    try:
        pid = kernel.km.provisioner.process.pid
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (AttributeError, OSError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(kernel: KernelUnderTest, code: str, cpu: Optional[list] = None) -> float:
    before = kernel_cpu(kernel)
    start = time.perf_counter()
    execution = kernel.run(code, timeout=900)
    elapsed = time.perf_counter() - start
    after = kernel_cpu(kernel)
    if execution.status != "ok":
        raise SystemExit(f"benchmark cell failed: {execution.dump()[:2000]}")
    kernel.sent.clear()  # the harness keeps every message; a benchmark needs none of them
    if cpu is not None and before is not None and after is not None:
        cpu.append(after - before)
    return elapsed


def ready_time(dirs: SecretStoreDirs, load_extension: bool) -> float:
    start = time.perf_counter()
    kernel = KernelUnderTest(dirs, load_extension=load_extension)
    elapsed = time.perf_counter() - start
    kernel.stop()
    return elapsed


def setup_code(args) -> str:
    # words and numbers, as logs and printed tables have them; seeded, so both kernels print
    # the same text
    rows = max(1, int(args.frame_mb * 1e6 / 260))  # about 260 bytes of text/plain + html a row
    return ("import random, numpy as np, pandas as pd\n"
            "rng = random.Random(0)\n"
            "words = ['alpha', 'beta', 'gamma', 'delta', 'value', 'result', 'epoch', 'loss',\n"
            "         'accuracy', 'batch', 'step', 'model', 'token', 'train', 'eval']\n"
            f"def line(n):\n"
            f"    out = []\n"
            f"    while sum(map(len, out)) + len(out) < {args.line_bytes}:\n"
            "        out.append(rng.choice(words) if rng.random() < 0.7 else f'{rng.random():.6f}')\n"
            "    return ' '.join(out)\n"
            f"lines = [line(i) for i in range({args.lines})]\n"
            "pd.set_option('display.max_rows', None)\n"
            "pd.set_option('display.max_columns', None)\n"
            f"frame = pd.DataFrame(np.random.default_rng(0).random(({rows}, 5)), "
            "columns=list('abcde'))\n"
            "frame['label'] = [rng.choice(words) for _ in range(len(frame))]")


def searched_in_full(values, text: str) -> list:
    """The known values' search without its shortcuts, as it was before them: the lowered
    text, then both views of every second character, whole (the baseline of its part)."""
    from jupyter_secrets import fragments
    from jupyter_secrets.kernel.value_set import _lowered

    search = values.compiled()
    lowered = _lowered(text)
    found = search.spans(lowered)
    for view, offset, step in fragments.strided(lowered):
        found += search.spans(view)
    if fragments.NUL_ESCAPE in text:
        found.append(None)
    return found


def gated_by_halves(values, text: str) -> list:
    """The known values' search with the separator views' gate as it was before the rows of
    8 bytes: both halves built, then searched for runs (the baseline of that gate)."""
    from jupyter_secrets.kernel import value_set

    rows_gate = value_set._halves_with_runs
    value_set._halves_with_runs = lambda data, runs, length: None
    try:
        return values.spans(text)
    finally:
        value_set._halves_with_runs = rows_gate


def in_sequence(redact, output):
    """`redact(output)` with no part on a second thread: the baseline of the parallel search."""
    from jupyter_secrets.kernel import output_filter

    parallel_from = output_filter.PARALLEL_FROM
    output_filter.PARALLEL_FROM = sys.maxsize
    try:
        return redact(output)
    finally:
        output_filter.PARALLEL_FROM = parallel_from


def redaction_parts(args) -> None:
    """The redaction of the same outputs in this process, part by part: CPU time, best of
    --repeat. The printed lines leave as one stream message; the frame as text/plain + html."""
    from jupyter_secrets.kernel.output_filter import OutputRedactor

    space: dict = {}
    exec(setup_code(args), space)  # the same seeded lines and frame the kernels print
    redactor = OutputRedactor()
    for index in range(SECRETS):
        redactor.add(f"BENCH_SECRET_{index}", bench_value(index))
    engine = redactor.engine()
    printed = "".join(line + "\n" for line in space["lines"])
    frame = space["frame"]
    content = {"data": {"text/plain": repr(frame), "text/html": frame._repr_html_()},
               "metadata": {}}
    texts = list(content["data"].values())
    redactor.redact_text("warm up: compile the value search and the engine's tables")
    parts = {
        "print: known values": lambda: redactor.values.redact(printed),
        "print: known values, in full": lambda: searched_in_full(redactor.values, printed),
        "print: known values, halves built": lambda: gated_by_halves(redactor.values, printed),
        "print: detection engine": lambda: engine.scan(printed),
        "print: all (redact_text)": lambda: redactor.redact_text(printed),
        "print: all, one after the other": lambda: in_sequence(redactor.redact_text, printed),
        "frame: known values": lambda: [redactor.values.redact(t) for t in texts],
        "frame: detection engine": lambda: [engine.scan(t) for t in texts],
        "frame: all (redact_content)": lambda: redactor.redact_content(content),
        "frame: all, one after the other": lambda: in_sequence(redactor.redact_content, content),
    }
    # CPU of the whole process (both threads of a long output's redaction) and wall time
    print(f"redaction in this process, {SECRETS} values (best of {args.repeat}):"
          f"{'CPU':>10} {'wall':>10}")
    spent = {label: [] for label in parts}
    waited = {label: [] for label in parts}
    for _ in range(args.repeat):  # interleaved, so drift hits each part alike
        for label, run in parts.items():
            start, began = time.process_time(), time.perf_counter()
            run()
            spent[label].append(time.process_time() - start)
            waited[label].append(time.perf_counter() - began)
    for label in parts:
        print(f"  {label:<34} {min(spent[label]) * 1000:>8.1f} ms "
              f"{min(waited[label]) * 1000:>7.1f} ms")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--line-bytes", type=int, default=1000)
    parser.add_argument("--frame-mb", type=float, default=5.0)
    parser.add_argument("--frames", type=int, default=1, help="displays of the frame per cell")
    parser.add_argument("--ready", type=int, default=5, help="kernel starts timed each way")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--parts", action="store_true",
                        help="also time the redaction's parts in this process")
    args = parser.parse_args(argv)
    megabytes = args.lines * args.line_bytes / 1e6
    workloads = {
        f"print {megabytes:g} MB in {args.lines:,} lines": "for text in lines:\n    print(text)",
        f"display a {args.frame_mb:g} MB DataFrame x{args.frames}":
            f"for _ in range({args.frames}):\n    display(frame)",
    }
    with tempfile.TemporaryDirectory() as tmp:
        dirs, with_extension, without = start_kernels(Path(tmp))
        try:
            for kernel in (with_extension, without):
                timed(kernel, setup_code(args))
            rows, cpu_rows, pairs = [], [], []
            for label, code in workloads.items():
                times = {"with": [], "without": []}
                cpu = {"with": [], "without": []}
                for _ in range(args.repeat):  # alternate, so drift hits both alike
                    times["without"].append(timed(without, code, cpu["without"]))
                    times["with"].append(timed(with_extension, code, cpu["with"]))
                rows.append((label, min(times["without"]), min(times["with"]), OUTPUT_TARGET))
                pairs.append((label, sorted(ours / base for ours, base
                                            in zip(times["with"], times["without"]))))
                if cpu["with"] and cpu["without"]:
                    cpu_rows.append((label, min(cpu["without"]), min(cpu["with"])))
        finally:
            with_extension.stop()
            without.stop()
        ready = {"with": [], "without": []}
        for _ in range(args.ready):
            ready["without"].append(ready_time(dirs, load_extension=False))
            ready["with"].append(ready_time(dirs, load_extension=True))
        rows.append(("kernel ready", statistics.median(ready["without"]),
                     statistics.median(ready["with"]), READY_TARGET))
    print(f"{'workload':<36} {'no extension':>13} {f'{SECRETS} secrets':>12} {'ratio':>6} {'target':>7}")
    met = True
    for label, base, ours, target in rows:
        ratio = ours / base
        met = met and ratio <= target
        print(f"{label:<36} {base:>12.3f}s {ours:>11.3f}s {ratio:>5.2f}x {target:>6.2f}x"
              f"{'' if ratio <= target else '  NOT met'}")
    print(f"targets {'met' if met else 'NOT met'} (outputs: best of {args.repeat} runs each; "
          f"ready: median of {args.ready} starts each)")
    for label, ratios in pairs:  # a busy machine moves single runs by +-15%: the spread
        print(f"{'runs paired: ' + label:<36} median {statistics.median(ratios):.2f}x, "
              f"from {ratios[0]:.2f}x to {ratios[-1]:.2f}x over {len(ratios)} pairs")
    for label, base, ours in cpu_rows:  # clock ticks: 10 ms resolution
        print(f"{'kernel CPU: ' + label:<36} {base:>12.2f}s {ours:>11.2f}s "
              f"{ours / base if base else float('nan'):>5.2f}x")
    if args.parts:
        redaction_parts(args)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
