"""What the guard on jupyter-mcp-server's answers costs an agent's request, in one run.

An MCP server of the `mcp` package answers a tool call with a notebook's JSON (as
jupyter-mcp-server's `read_notebook`/notebook resource do), a few keys in its cells and
outputs, to an in-process MCP client session; the same server is called without and with the
guard, interleaved, call by call. The guard runs as the server runs it: the detection engine
plus fingerprints of values the kernels fetched. Printed: the median round trip of each, their
difference, the guard's redaction of the answer alone, and the same scanner's check of the
notebook itself (what a save of it costs). Target: the guard's redaction of an answer costs at
most twice that save-time check (the answer carries the notebook as one escaped text).

    python benchmarks/bench_mcp_guard.py [--mb 1] [--requests 10] [--values 20]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from corpus import notebook  # noqa: E402
from mcp import Client  # noqa: E402
from mcp.server.mcpserver import MCPServer  # noqa: E402

from jupyter_secrets.assistants.mcp_guard import McpAnswerGuard, guard_server  # noqa: E402
from jupyter_secrets.detection.engine import Engine  # noqa: E402
from jupyter_secrets.detection.scanner import Scanner  # noqa: E402
from jupyter_secrets.model import Fingerprinter  # noqa: E402
from jupyter_secrets.server.known_values import KnownValues, KnownValuesEngine  # noqa: E402
from jupyter_secrets.testing.model_keys import opaque_value  # noqa: E402

TARGET_RATIO = 2.0


def notebook_server(text: str) -> MCPServer:
    server = MCPServer("bench")

    @server.tool()
    def read_notebook() -> str:
        """The notebook in use, as nbformat JSON."""
        return text

    return server


async def run(args) -> int:
    known = KnownValues()
    for _ in range(args.values):
        known.add(opaque_value())
    engine = KnownValuesEngine(Engine(), known)
    engine.scan("warm-up")
    nb = notebook(random.Random(3), int(args.mb * 1e6), keys=3)
    text = json.dumps(nb, indent=1)
    plain, guarded = notebook_server(text), notebook_server(text)
    guard = McpAnswerGuard(lambda: engine)
    guard_server(guarded, guard)

    times = {"without the guard": [], "with the guard": []}
    placeholders = 0
    async with Client(plain) as without, Client(guarded) as with_guard:
        sessions = {"without the guard": without, "with the guard": with_guard}
        for session in sessions.values():
            await session.call_tool("read_notebook", {})  # warm
        for _ in range(args.requests):
            for kind, session in sessions.items():  # interleaved: noise falls on both
                started = time.perf_counter()
                answer = await session.call_tool("read_notebook", {})
                times[kind].append(time.perf_counter() - started)
                if kind == "with the guard":
                    placeholders = answer.content[0].text.count("[REDACTED:")
    result = await plain.call_tool("read_notebook", {})
    checks, saves = [], []
    scanner = Scanner(Fingerprinter(b"benchmark"), engine=engine)
    for _ in range(args.requests):
        started = time.perf_counter()
        await guard.model("tool read_notebook", result)
        checks.append(time.perf_counter() - started)
        started = time.perf_counter()
        scanner.scan_notebook(nb, "benchmark.ipynb")
        saves.append(time.perf_counter() - started)

    medians = {kind: statistics.median(values) * 1000 for kind, values in times.items()}
    print(f"answer of {len(text) / 1e6:.2f} MB ({args.requests} of each, interleaved, "
          f"{args.values} known values, {placeholders} placeholders sent):")
    for kind, median in medians.items():
        print(f"  {kind:<18} median {median:8.1f} ms")
    print(f"  added by the guard {medians['with the guard'] - medians['without the guard']:8.1f}"
          f" ms per request")
    check, save = statistics.median(checks) * 1000, statistics.median(saves) * 1000
    print(f"  the guard's redaction median {check:8.1f} ms")
    print(f"  the notebook's check at save time: median {save:.1f} ms")
    ratio = check / max(save, 1e-9)
    ok = placeholders >= 3 and ratio <= TARGET_RATIO
    print(f"  target: the answer's redaction at most {TARGET_RATIO:.1f}x the save-time check: "
          f"{'met' if ok else 'MISSED'} ({ratio:.2f}x)")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of the notebook")
    parser.add_argument("--requests", type=int, default=10, help="calls of each kind")
    parser.add_argument("--values", type=int, default=20, help="fetched values the guard knows")
    return asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
