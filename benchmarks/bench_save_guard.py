"""What the save guard adds to a save, against the same save without it, in one run.

Starts two Jupyter servers on free loopback ports, one with jupyter-secrets and one without,
and saves the same realistic notebooks (code, text outputs, base64 PNG images; no secret)
through the REST API (PUT /api/contents/...), alternating between the servers. Also times
the guard's pre-save hook on its own, in this process, on the same notebooks, and a 10 MB
notebook with a key in an output (the strip path). Each size is saved three ways: as it is
again (an autosave with nothing new: the guard keeps clean verdicts per cell, by the digest of
its bytes in the request, and per text), with one cell changed each time (the usual save: that
cell alone is walked), and with every text new (a notebook the guard never saw: everything is
scanned). Each row gives the median wall time of a save and the server process's median CPU time
per save (steadier than wall time on a busy machine); "hook alone" is the pre-save hook timed
in this process on the model parsed from the same bodies.

    python benchmarks/bench_save_guard.py [--sizes 0.2,1,10,50] [--repeat 5]

Targets: at most +10% on a 10 MB notebook saved again or with one cell changed, under
10 ms on a typical 200 KB one.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from corpus import training_log_notebook  # noqa: E402

MB = 1024 * 1024


def realistic_notebook(size: int, seed: int = 7) -> dict:
    """About ``size`` bytes of notebook: a third images (base64 PNG files), the rest code and
    text outputs such as printed data frames and training logs."""
    return training_log_notebook(size, seed, real_images=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class CpuReading:
    """CPU seconds of a process (Linux; 0 elsewhere), read two ways. Per thread, the
    scheduler's nanosecond count (/proc/PID/task/*/schedstat): precise, but a thread that ends
    (the server's worker threads come and go) takes its time with it. For the whole process,
    user + system clock ticks (/proc/PID/stat): ended threads included, but in steps of 10 ms.
    The difference of two readings is the precise one when every thread of the first is still
    there, else the ticks'."""

    def __init__(self, pid: int):
        self.threads = {}
        tasks = f"/proc/{pid}/task"
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            self.ticks = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            names = os.listdir(tasks)
        except (OSError, ValueError, IndexError):
            self.ticks, names = 0.0, []
        for thread in names:
            try:
                with open(f"{tasks}/{thread}/schedstat") as f:
                    self.threads[thread] = int(f.read().split()[0])
            except (OSError, ValueError, IndexError):  # a thread that ended meanwhile
                continue

    def seconds_since(self, before: "CpuReading") -> float:
        if before.threads.keys() <= self.threads.keys():
            return sum(self.threads[t] - before.threads.get(t, 0) for t in self.threads) / 1e9
        return self.ticks - before.ticks


class Server:
    """A Jupyter server in a subprocess, with or without the extension."""

    def __init__(self, workdir: Path, name: str, guarded: bool):
        self.root = workdir / name / "root"
        self.root.mkdir(parents=True)
        self.port, self.token = free_port(), secrets.token_hex(16)
        config = workdir / name / "config.py"
        config.write_text(f"c.ServerApp.jpserver_extensions = {{'jupyter_secrets': {guarded}}}\n")
        env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(workdir / name / "runtime"),
               "JUPYTER_SECRETS_FINGERPRINT_KEY": secrets.token_hex(32)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyter_server", f"--config={config}", "--ip=127.0.0.1",
             f"--port={self.port}", "--port-retries=0", f"--IdentityProvider.token={self.token}",
             f"--ServerApp.root_dir={self.root}", "--no-browser", "--allow-root",
             "--ServerApp.log_level=WARN"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait()
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)

    def _wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the Jupyter server did not start")

    def put(self, path: str, body: bytes) -> float:
        started = time.perf_counter()
        self.connection.request("PUT", f"/api/contents/{path}", body=body,
                                headers={"Authorization": f"token {self.token}",
                                         "Content-Type": "application/json"})
        response = self.connection.getresponse()
        response.read()
        elapsed = time.perf_counter() - started
        if response.status not in (200, 201):
            raise RuntimeError(f"PUT {path}: HTTP {response.status}")
        return elapsed

    def cpu(self) -> "CpuReading":
        """The CPU time the server process has used so far (see ``CpuReading``)."""
        return CpuReading(self.process.pid)

    def cpu_since(self, before: "CpuReading") -> float:
        return CpuReading(self.process.pid).seconds_since(before)

    def stop(self) -> None:
        self.connection.close()
        self.process.terminate()
        self.process.wait(timeout=30)


def time_saves(servers, name: str, body, repeat: int):
    """Per server: (median save time, median server CPU time per save); ``body`` is the bytes
    to save, or a function of the round giving them (the same bytes for both servers in a
    round). The CPU time is the server process's own: less disturbed by other work on the
    machine than the wall time."""
    body_of = body if callable(body) else (lambda _round: body)
    for server in servers:  # the first save creates the file and its checkpoint
        server.put(name, body_of(-1))
    times = {id(s): [] for s in servers}
    cpu = {id(s): [] for s in servers}
    for round_ in range(repeat):  # alternate who goes first: the machine's load drifts
        data = body_of(round_)
        for server in (servers if round_ % 2 == 0 else servers[::-1]):
            started = server.cpu()
            times[id(server)].append(server.put(name, data))
            cpu[id(server)].append(server.cpu_since(started))
    return [(statistics.median(times[id(s)]), statistics.median(cpu[id(s)])) for s in servers]


def save_body(nb: dict) -> bytes:
    return json.dumps({"type": "notebook", "format": "json", "content": nb}).encode()


def one_cell_changed(nb: dict):
    """Bodies of ``nb`` with one cell's source different in each round."""
    def body(round_: int) -> bytes:
        cell = nb["cells"][(round_ * 7) % len(nb["cells"])]
        kept = cell["source"]
        cell["source"] = kept + f"\nnote_{round_ + 2} = {round_}"
        try:
            return save_body(nb)
        finally:
            cell["source"] = kept
    return body


def all_new(size: int):
    """Bodies of a notebook whose every text is new in each round."""
    return lambda round_: save_body(realistic_notebook(size, seed=1000 + round_))


def time_hook(nb: dict, repeat: int, fresh: bool = False, body=None) -> float:
    """The pre-save hook alone, as the server calls it, on the model parsed from the save's
    body: after a first call (texts known clean), or with ``fresh`` each time on a new scanner
    (nothing known). ``body``: a function of the round giving the bytes (one cell changed)."""
    from jupyter_server.services.contents.filemanager import FileContentsManager

    from jupyter_secrets.server import save_body as body_parser
    from jupyter_secrets.server.notices import GuardNotices
    from jupyter_secrets.server.save_guard import SaveGuard, current_body
    from jupyter_secrets.server.scanning import build_scanner

    def guard():
        scanner = build_scanner()
        scanner.engine.scan("warm-up: compile the rules")
        return SaveGuard(scanner=lambda: scanner, notices=GuardNotices())

    same = save_body(nb)
    body_of = body or (lambda _round: same)
    cm = FileContentsManager(root_dir=tempfile.gettempdir())

    def save(saver, data: bytes) -> float:
        # the body parsed as the contents handler parses it (with its cells' spans: in place
        # of the server's json.loads, so not counted), then the hook, timed
        cm._pre_save_hooks[:] = [saver.pre_save]
        parsed = body_parser.parse(data)
        token = current_body.set(parsed.save_body("bench.ipynb"))
        try:
            started = time.perf_counter()
            saver.pre_save(model=parsed.model, path="bench.ipynb", contents_manager=cm)
            return time.perf_counter() - started
        finally:
            current_body.reset(token)

    kept = guard()
    if not fresh:
        save(kept, body_of(-1))
    runs = [save(guard() if fresh else kept, body_of(round_)) for round_ in range(repeat)]
    return statistics.median(runs)


def with_key_in_output(nb: dict) -> dict:
    rng = random.Random(1)  # one generator: a key of one repeated letter is no key to a rule
    key = "sk-" + "proj-" + "".join(rng.choice("abcdefghijkLMNOPQ0123456789") for _ in range(120))
    nb["cells"][len(nb["cells"]) // 2]["outputs"][0]["text"] += f"key: {key}\n"
    return nb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.2,1,10,50", help="notebook sizes in MB")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("JUPYTER_SECRETS_FINGERPRINT_KEY", secrets.token_hex(32))
    with tempfile.TemporaryDirectory(prefix="bench-save-guard-") as workdir:
        servers = [Server(Path(workdir), "plain", False), Server(Path(workdir), "guarded", True)]
        try:
            rows = []
            for mb in (float(s) for s in args.sizes.split(",")):
                nb = realistic_notebook(int(mb * MB))
                body = save_body(nb)
                repeat = max(2, args.repeat if mb >= 10 else args.repeat * 4)
                size = f"{len(body) / MB:.1f} MB"
                plain, guarded = time_saves(servers, f"nb-{mb}.ipynb", body, repeat)
                rows.append((f"{size}, saved again as it is", plain, guarded,
                             time_hook(nb, repeat)))
                plain, guarded = time_saves(servers, f"nb-{mb}.ipynb", one_cell_changed(nb), repeat)
                rows.append((f"{size}, one cell changed", plain, guarded,
                             time_hook(nb, repeat, body=one_cell_changed(nb))))
                plain, guarded = time_saves(servers, f"new-{mb}.ipynb", all_new(int(mb * MB)),
                                            max(2, repeat // 2))
                rows.append((f"{size}, every text new", plain, guarded, time_hook(nb, 1, fresh=True)))
            if any(float(s) >= 10 for s in args.sizes.split(",")):
                nb = with_key_in_output(realistic_notebook(10 * MB))
                body = save_body(nb)
                plain, guarded = time_saves(servers, "key.ipynb", body, args.repeat)
                rows.append((f"{len(body) / MB:.1f} MB, key in an output (stripped)", plain, guarded,
                             time_hook(nb, args.repeat)))
        finally:
            for server in servers:
                server.stop()
    print(f"{'notebook':<42}{'save without':>14}{'save with':>12}{'overhead':>10}"
          f"{'CPU without':>14}{'CPU with':>11}{'overhead':>10}{'hook alone':>13}")
    for label, (plain, plain_cpu), (guarded, guarded_cpu), hook in rows:
        shown = "" if hook is None else f"{hook * 1000:>10.1f} ms"
        cpu_overhead = (guarded_cpu - plain_cpu) / plain_cpu if plain_cpu else 0.0
        print(f"{label:<42}{plain * 1000:>11.1f} ms{guarded * 1000:>9.1f} ms"
              f"{(guarded - plain) / plain:>+10.0%}{plain_cpu * 1000:>11.1f} ms"
              f"{guarded_cpu * 1000:>8.1f} ms{cpu_overhead:>+10.0%}{shown}")


if __name__ == "__main__":
    main()
