"""Start-up costs, each against its baseline in one run.

1. CLI: ``jupyter-secrets scan`` of an empty file vs ``python -c pass`` (target: at most 3x).
2. git filter: ``git add`` of N notebooks with the long-running filter process vs one clean
   process per file (run once: it is two orders slower), and vs one ``jupyter-secrets scan`` of
   the same files (target: at most 2x). Two more runs split the cost: ``git add`` without the
   filter (git's own hashing and compression) and with a filter process that speaks the same
   protocol but passes every file through (git's side of the pipe and a bare Python process).
3. Server: time until ``jupyter server`` answers ``/api/status``, with vs without the extension,
   and until the extension's own API answers (target: at most +10%).
4. Kernel: time until an IPython kernel answers ``kernel_info``, with vs without the kernel
   extension (``--IPKernelApp.extra_extensions=jupyter_secrets``, as the provisioner adds it).

Runs are interleaved and the best of ``--repeat`` is kept: other work on the machine only ever
adds time. Each figure is given as wall time and as CPU time (user + system, of the process and
the children it waited for); the targets are judged on CPU time, which stays true on a busy
machine, where wall time mostly measures the wait for a core.

    python benchmarks/bench_startup.py [--repeat 7] [--notebooks 200] [--skip-server] [--skip-kernel]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Optional
from urllib.request import Request, urlopen

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import notebook  # noqa: E402

PY = sys.executable
CLI = [PY, "-c", "import sys; from jupyter_secrets.cli.main import main; sys.exit(main())"]


def _console_script() -> list:
    """The installed `jupyter-secrets` script next to this Python, as users run it."""
    script = Path(PY).with_name("jupyter-secrets")
    return [str(script)] if script.exists() else CLI


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Timing:
    """Best wall and CPU seconds over several runs."""

    def __init__(self):
        self.wall = self.cpu = float("inf")

    def add(self, wall: float, cpu: float) -> None:
        self.wall, self.cpu = min(self.wall, wall), min(self.cpu, cpu)

    def __str__(self) -> str:
        return f"{_ms(self.wall)} wall, {_ms(self.cpu)} CPU"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def _run(argv, timing: Timing, **kwargs) -> None:
    cpu, start = _children_cpu(), time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, **kwargs)
    timing.add(time.perf_counter() - start, _children_cpu() - cpu)


def best_interleaved(commands: dict, repeat: int, **kwargs) -> dict:
    best = {name: Timing() for name in commands}
    for _ in range(repeat):
        for name, argv in commands.items():
            _run(argv, best[name], **kwargs)
    return best


def bench_cli(tmp: Path, repeat: int, env: dict, against: Optional[str] = None) -> bool:
    empty = tmp / "empty.py"
    empty.write_text("")
    scan = _console_script() + ["scan", str(empty)]
    _run(scan, Timing(), env=env)  # the first run fills caches
    libraries = {name: [PY, "-c", f"import {name}"] for name in ("re2", "hyperscan")}
    commands = {"python -c pass": [PY, "-c", "pass"], "jupyter-secrets scan <empty file>": scan, **libraries}
    if against:  # the same command with the package of another source tree, in the same runs
        other = dict(env, PYTHONPATH=os.pathsep.join(filter(None, [against, env.get("PYTHONPATH")])))
        _run(scan, Timing(), env=other)
        commands["against"] = ["env", f"PYTHONPATH={other['PYTHONPATH']}"] + scan
    best = best_interleaved(commands, repeat, env=env)
    if against:
        print(f"CLI start-up of the package in {against}: {best['against']}, "
              f"{best['against'].cpu / best['python -c pass'].cpu:.2f}x python -c pass in CPU")
    base, ours = best["python -c pass"], best["jupyter-secrets scan <empty file>"]
    ratio = ours.cpu / base.cpu
    print(f"CLI start-up: python -c pass {base}; scan of an empty file {ours}: "
          f"{ratio:.2f}x in CPU, {ours.wall / base.wall:.2f}x in wall time (target <= 3x); of that, "
          + ", ".join(f"import {name} +{_ms(best[name].cpu - base.cpu)} CPU" for name in libraries))
    return ratio <= 3


def _git(repo: Path, *args, env=None) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


#: A filter process that answers git's protocol and changes nothing: what remains is the pipe.
PASS_THROUGH = ("import sys; from jupyter_secrets.cli.filter_process import serve; "
                "from jupyter_secrets.cli.pkt_line import PktLine; "
                "sys.exit(serve(PktLine(sys.stdin.buffer, sys.stdout.buffer), lambda data, name: (data, [])))")


def _filter_repo(root: Path, name: str, files: Path, process, env: dict) -> Path:
    """process: True (our filter process), "pass" (the pass-through one), False (clean per file)."""
    repo = root / name
    shutil.copytree(files, repo)
    _git(repo, "init", "-q")
    command = " ".join(_console_script())
    if process == "pass":
        _git(repo, "config", "filter.jupyter-secrets.process", f"{shlex.quote(PY)} -c {shlex.quote(PASS_THROUGH)}")
    elif process:
        _git(repo, "config", "filter.jupyter-secrets.process", f"{command} filter --process")
    _git(repo, "config", "filter.jupyter-secrets.clean", f"{command} filter --path %f")
    _git(repo, "config", "filter.jupyter-secrets.smudge", "cat")
    _git(repo, "config", "filter.jupyter-secrets.required", "true")
    (repo / ".gitattributes").write_text("*.ipynb filter=jupyter-secrets\n")
    return repo


def bench_filter(tmp: Path, count: int, kb: float, repeat: int, env: dict) -> bool:
    files = tmp / "notebooks"
    files.mkdir()
    rng = random.Random(11)
    for i in range(count):
        nb = notebook(rng, int(kb * 1000), keys=1 if i % 10 == 0 else 0)
        (files / f"nb{i:03d}.ipynb").write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    size = sum(p.stat().st_size for p in files.iterdir())
    best = {"scan": Timing(), "process": Timing(), "per file": Timing(), "no filter": Timing(),
            "pass-through": Timing()}
    for attempt in range(repeat):
        _run(_console_script() + ["scan", str(files)], best["scan"], env=env)
        for name, process in (("process", True), ("per file", False), ("no filter", None),
                              ("pass-through", "pass")):
            if name == "per file" and attempt:
                continue
            repo = _filter_repo(tmp, f"repo-{name.replace(' ', '-')}-{attempt}", files, process, env)
            if process is None:  # git's own work: hashing and compressing the blobs
                (repo / ".gitattributes").unlink()
            _run(["git", "-C", str(repo), "add", "."], best[name], env=env)
            shutil.rmtree(repo)
    ratio = best["process"].cpu / best["scan"].cpu
    print(f"git add of {count} notebooks ({size / 1e6:.1f} MB): one scan {best['scan']}; "
          f"with the filter process {best['process']} ({ratio:.2f}x the scan in CPU, target <= 2x); "
          f"one filter process per file {best['per file']} "
          f"({best['per file'].cpu / best['scan'].cpu:.2f}x); git add without the filter "
          f"{best['no filter']} ({best['no filter'].cpu / best['scan'].cpu:.2f}x), with a "
          f"pass-through filter process {best['pass-through']}; so the filter's own share is "
          f"{(best['process'].cpu - best['no filter'].cpu) / best['scan'].cpu:.2f}x the scan, "
          f"{(best['process'].cpu - best['pass-through'].cpu) / best['scan'].cpu:.2f}x without the pipe")
    return ratio <= 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str, token: str) -> bool:
    try:
        with urlopen(Request(url, headers={"Authorization": f"token {token}"}), timeout=5) as reply:
            return reply.status == 200
    except OSError:
        return False


def _process_cpu(pid: int) -> float:
    """User + system CPU seconds of a running process so far (Linux /proc; 0 elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _server_ready(with_extension: bool, env: dict, root: Path) -> tuple:
    """(Timing until /api/status answers, Timing until the extension's API answers)."""
    port, token = _free_port(), uuid.uuid4().hex
    argv = [PY, "-m", "jupyter_server", "--no-browser", f"--port={port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--allow-root"]
    if not with_extension:
        argv.append('--ServerApp.jpserver_extensions={"jupyter_secrets": False}')
    base = f"http://127.0.0.1:{port}"
    status, extension = Timing(), Timing()
    start = time.perf_counter()
    server = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - start < 120 and server.poll() is None:
            if status.wall == float("inf") and _answers(base + "/api/status", token):
                status.add(time.perf_counter() - start, _process_cpu(server.pid))
            if status.wall < float("inf") and (
                    not with_extension or _answers(base + "/jupyter-secrets/version", token)):
                extension.add(time.perf_counter() - start, _process_cpu(server.pid))
                return status, extension
            time.sleep(0.01)
        return None, None
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def bench_server(tmp: Path, repeat: int, env: dict) -> bool:
    root = tmp / "server-root"
    root.mkdir()
    best = {flag: (Timing(), Timing()) for flag in (False, True)}
    for _ in range(repeat):
        for with_extension in (False, True):
            status, extension = _server_ready(with_extension, env, root)
            if status is None:
                print(f"server {'with' if with_extension else 'without'} the extension did not start")
                return False
            best[with_extension][0].add(status.wall, status.cpu)
            best[with_extension][1].add(extension.wall, extension.cpu)
    base, ours = best[False][0], best[True][0]
    ratio = ours.cpu / base.cpu
    print(f"server ready (/api/status): without the extension {base}; with it {ours} "
          f"({(ratio - 1) * 100:+.0f}% in CPU, {(ours.wall / base.wall - 1) * 100:+.0f}% in wall time, "
          f"target <= +10%); the extension's API answers after {best[True][1]}")
    return ratio <= 1.10


def _kernel_ready(with_extension: bool, env: dict) -> Timing:
    from jupyter_client.manager import KernelManager

    extra = ["--IPKernelApp.extra_extensions=jupyter_secrets"] if with_extension else []
    manager = KernelManager(kernel_name="python3")
    timing = Timing()
    start = time.perf_counter()
    manager.start_kernel(extra_arguments=extra, env=env)
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)
        timing.add(time.perf_counter() - start, _process_cpu(manager.provisioner.process.pid))
        return timing
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def bench_kernel(repeat: int, env: dict) -> bool:
    best = {True: Timing(), False: Timing()}
    for _ in range(repeat):
        for with_extension in (False, True):
            ready = _kernel_ready(with_extension, env)
            best[with_extension].add(ready.wall, ready.cpu)
    base, ours = best[False], best[True]
    ratio = ours.cpu / base.cpu
    print(f"kernel ready (kernel_info): without the extension {base}; with it {ours} "
          f"({(ratio - 1) * 100:+.0f}% in CPU, {(ours.wall / base.wall - 1) * 100:+.0f}% in wall time, "
          f"target <= +10%)")
    return ratio <= 1.10


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7, help="runs of each, best kept (default 7)")
    parser.add_argument("--notebooks", type=int, default=200, help="notebooks in the git add (default 200)")
    parser.add_argument("--notebook-kb", type=float, default=50, help="size of each notebook (default 50 KB)")
    parser.add_argument("--skip-server", action="store_true", help="leave out the server start-up")
    parser.add_argument("--skip-kernel", action="store_true", help="leave out the kernel start-up")
    parser.add_argument("--against", metavar="SRC",
                        help="also time the CLI start-up with the package from this source folder "
                             "(e.g. `git archive OLD jupyter_secrets | tar -x -C SRC`), interleaved")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env = dict(os.environ)
        env.update(JUPYTER_DATA_DIR=str(tmp / "data"), JUPYTER_CONFIG_DIR=str(tmp / "config"),
                   JUPYTER_RUNTIME_DIR=str(tmp / "runtime"))
        env.pop("JUPYTER_SECRETS_FINGERPRINT_KEY", None)
        # as installed: pip writes every module's bytecode at install time, so a source checkout
        # must be allowed to write it on the first run (else every run compiles every module)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        met = [bench_cli(tmp, args.repeat, env, args.against),
               bench_filter(tmp, args.notebooks, args.notebook_kb, max(1, args.repeat // 3), env)]
        if not args.skip_server:
            met.append(bench_server(tmp, max(1, args.repeat // 2), env))
        if not args.skip_kernel:
            met.append(bench_kernel(max(1, args.repeat // 2), env))
    return 0 if all(met) else 1


if __name__ == "__main__":
    sys.exit(main())
