"""What the model guard costs an assistant's request, in one run.

A chat request that carries a notebook as its context (the notebook's JSON in a user message,
as an assistant's "read the notebook" tool returns it, with a few keys in cells and outputs)
is posted to a recording OpenAI-compatible endpoint on 127.0.0.1, through the same HTTP
client seam the guard wraps, with and without the guard installed, interleaved, request by
request. The guard runs as the server runs it: the detection engine plus fingerprints of
values the kernels fetched, behind the cache of long texts already checked. It is timed on a
context it sees for the first time (a cache of its own per request) and on one it saw before
(a chat resends its history and the notebook every turn). Printed: the median round trip of
each, the differences, the guard's check alone, and the same scanner's check of the notebook
itself (what a save of it costs). Target: the guard's check of a request costs at most twice that save-time check (the
request carries the notebook as one escaped text, which the guard must also read unescaped).

    python benchmarks/bench_assistant_guard.py [--mb 1] [--requests 10] [--values 20]
"""
from __future__ import annotations

import argparse
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

from jupyter_secrets.assistants import http_guard  # noqa: E402
from jupyter_secrets.assistants.request_origin import Origin  # noqa: E402
from jupyter_secrets.assistants.scan_cache import ScanCache  # noqa: E402
from jupyter_secrets.detection.engine import Engine  # noqa: E402
from jupyter_secrets.detection.scanner import Scanner  # noqa: E402
from jupyter_secrets.model import Fingerprinter  # noqa: E402
from jupyter_secrets.server.known_values import KnownValues, KnownValuesEngine  # noqa: E402
from jupyter_secrets.testing.model_endpoint import ModelEndpoint  # noqa: E402
from jupyter_secrets.testing.model_keys import opaque_value  # noqa: E402

TARGET_RATIO = 2.0


def chat_request(nb: dict) -> dict:
    return {"model": "recorded-model", "stream": False, "messages": [
        {"role": "system", "content": "You help with Jupyter notebooks. Secrets are read with "
                                      "secret(\"NAME\"); never ask for their values."},
        {"role": "user", "content": "Here is the notebook:\n" + json.dumps(nb)},
        {"role": "user", "content": "What does this notebook do?"}]}


def client_module():
    """The HTTP client the openai client uses where it is installed, else httpx."""
    for name in ("httpx2", "httpx"):
        try:
            return __import__(name)
        except ImportError:
            continue
    raise SystemExit("neither httpx2 nor httpx is installed")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of the notebook context")
    parser.add_argument("--requests", type=int, default=10, help="requests of each kind")
    parser.add_argument("--values", type=int, default=20, help="fetched values the guard knows")
    args = parser.parse_args()

    known = KnownValues()
    for _ in range(args.values):
        known.add(opaque_value())
    engine = KnownValuesEngine(Engine(), known)
    engine.scan("warm-up")
    shared = ScanCache()
    guards = {"with the guard": lambda: http_guard.ModelRequestGuard(
                  lambda: ScanCache().over(engine)),  # nothing seen before
              "with it, seen before": lambda: http_guard.ModelRequestGuard(
                  lambda: shared.over(engine))}
    nb = notebook(random.Random(3), int(args.mb * 1e6), keys=3)
    body = json.dumps(chat_request(nb)).encode()
    lib = client_module()

    times = {"without the guard": [], "with the guard": [], "with it, seen before": []}
    redactions = 0
    with ModelEndpoint() as endpoint, lib.Client(timeout=60) as client:
        url = endpoint.base_url + "/chat/completions"
        headers = {"content-type": "application/json"}
        client.post(url, content=body, headers=headers)  # connection and endpoint warm
        for _ in range(args.requests):
            for kind in times:  # interleaved: the machine's noise falls on both
                if kind in guards:
                    http_guard.install(guards[kind]())
                started = time.perf_counter()
                answer = client.post(url, content=body, headers=headers)
                times[kind].append(time.perf_counter() - started)
                http_guard.uninstall()
                assert answer.status_code == 200, answer.text[:200]
        sent = endpoint.chat_requests()[-1].body
        redactions = sent.count(b"[REDACTED:")
        request = lib.Request("POST", url, content=body, headers=headers)
        guard = guards["with the guard"]()
        checks, saves = [], []
        scanner = Scanner(Fingerprinter(b"benchmark"), engine=engine)
        for _ in range(args.requests):
            started = time.perf_counter()
            guard.check(request, Origin("benchmark"))
            checks.append(time.perf_counter() - started)
            started = time.perf_counter()
            scanner.scan_notebook(nb, "benchmark.ipynb")
            saves.append(time.perf_counter() - started)

    medians = {kind: statistics.median(values) * 1000 for kind, values in times.items()}
    added = medians["with the guard"] - medians["without the guard"]
    print(f"request of {len(body) / 1e6:.2f} MB ({args.requests} of each, interleaved, "
          f"{lib.__name__}, {args.values} known values, {redactions} placeholders sent):")
    for kind, median in medians.items():
        print(f"  {kind:<21} median {median:8.1f} ms")
    check, save = statistics.median(checks) * 1000, statistics.median(saves) * 1000
    print(f"  added by the guard {added:8.1f} ms per request "
          f"({medians['with it, seen before'] - medians['without the guard']:.1f} ms on a "
          f"context seen before)")
    print(f"  the guard's check alone (nothing seen before): median {check:.1f} ms")
    print(f"  the notebook's check at save time: median {save:.1f} ms")
    ratio = check / max(save, 1e-9)
    ok = redactions >= 3 and ratio <= TARGET_RATIO
    print(f"  target: the request's check at most {TARGET_RATIO:.1f}x the save-time check: "
          f"{'met' if ok else 'MISSED'} ({ratio:.2f}x)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
