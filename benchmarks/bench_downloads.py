"""What the download guard adds to ``/files/`` downloads, against a server without it, in one run.

Starts two Jupyter servers (bench_save_guard.Server), one with jupyter-secrets and one without,
writes the same text files (printed tables and logs, no secret) into both roots and downloads
them through ``GET /files/<path>``, alternating between the servers. "warm" is a file already
served once and last changed more than DownloadGuard.verdict_settle_seconds before (the guard
keeps its clean verdict by inode, size and times, and reads the file to send what it checked);
"cold" is a file touched just before each download, so no verdict of it holds (the guard reads
it and looks its texts up again: the same text is not scanned twice).

    python benchmarks/bench_downloads.py [--sizes 1,10] [--repeat 9]

Each row gives the median wall time and the median of the server process's CPU time per
download.

Target: a warm download at most 1.2x the time without the guard.
"""
from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_save_guard import MB, Server  # noqa: E402

TARGET = 1.2
#: Past the guard's default DownloadGuard.verdict_settle_seconds.
SETTLE = 2.1


def log_text(size: int, seed: int = 3) -> bytes:
    rng = random.Random(seed)
    lines, total = [], 0
    while total < size:
        line = (f"{rng.randint(0, 10**6):>8} | user_{rng.randint(0, 999):03d} | "
                f"{rng.random():.6f} | {rng.choice(['ok', 'retry', 'fail'])} | "
                f"model=resnet{rng.choice([18, 34, 50])} loss={rng.random():.4f}\n")
        lines.append(line)
        total += len(line)
    return "".join(lines).encode()


def download(server: Server, path: str) -> float:
    started = time.perf_counter()
    server.connection.request("GET", f"/files/{path}",
                              headers={"Authorization": f"token {server.token}"})
    response = server.connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    if response.status != 200:
        raise RuntimeError(f"GET /files/{path}: HTTP {response.status}")
    return elapsed


def time_downloads(servers, name: str, repeat: int, cold: bool):
    for server in servers:
        download(server, name)  # the first one reads the file (and the guard scans it)
    times = {id(s): [] for s in servers}
    cpu = {id(s): [] for s in servers}
    for round_ in range(repeat):  # alternate who goes first: the machine's load drifts
        for server in (servers if round_ % 2 == 0 else servers[::-1]):
            if cold:
                os.utime(server.root / name, ns=(time.time_ns(), time.time_ns()))
            started = server.cpu()
            times[id(server)].append(download(server, name))
            cpu[id(server)].append(server.cpu_since(started))
    # the median wall time and the median of the server's CPU time per download
    return [(statistics.median(times[id(s)]), statistics.median(cpu[id(s)])) for s in servers]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10", help="file sizes in MB")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    os.environ.setdefault("JUPYTER_SECRETS_FINGERPRINT_KEY", secrets.token_hex(32))
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-downloads-") as workdir:
        servers = [Server(Path(workdir), "plain", False), Server(Path(workdir), "guarded", True)]
        try:
            for mb in (float(s) for s in args.sizes.split(",")):
                name = f"log-{mb}.txt"
                data = log_text(int(mb * MB))
                for server in servers:
                    (server.root / name).write_bytes(data)
                time.sleep(SETTLE)  # files downloaded warm were written a while before
                for cold in (False, True):
                    plain, guarded = time_downloads(servers, name, max(3, args.repeat), cold)
                    rows.append((f"{len(data) / MB:.1f} MB text, {'cold' if cold else 'warm'}",
                                 plain, guarded, cold))
        finally:
            for server in servers:
                server.stop()
    print(f"{'download':<28}{'without':>12}{'with':>12}{'ratio':>9}"
          f"{'CPU without':>14}{'CPU with':>11}{'ratio':>9}")
    met = True
    for label, (plain, plain_cpu), (guarded, guarded_cpu), cold in rows:
        ratio = guarded / plain
        met = met and (cold or ratio <= TARGET)
        cpu_ratio = f"{guarded_cpu / plain_cpu:>8.2f}x" if plain_cpu else f"{'-':>9}"
        print(f"{label:<28}{plain * 1000:>9.1f} ms{guarded * 1000:>9.1f} ms{ratio:>8.2f}x"
              f"{plain_cpu * 1000:>11.1f} ms{guarded_cpu * 1000:>8.1f} ms{cpu_ratio}")
    print(f"target: warm downloads at most {TARGET}x: {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
