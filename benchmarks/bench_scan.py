"""Scan throughput against its baselines, in one run, on two sets of notebooks:

- a generated corpus (code, long text outputs, embedded PNGs), and
- real notebooks: every ``.ipynb`` shipped inside installed packages (site-packages), plus the
  folders given with ``--notebooks``.

Baselines: ``json.load`` + ``json.dumps`` of the same files (reading and writing a notebook,
the least any notebook tool does; the standard library's C encoder, its fastest setting, and
the target's), ``json.load`` + ``json.dump`` to a file (the words of the issue: the Python
encoder, writing in pieces), ``json.load`` alone, and detect-secrets 1.5 over the generated
corpus. The scan is timed as
``jupyter-secrets scan FOLDER`` runs it (cli.runner: small files share an engine pass), and as
``Scanner.scan_bytes`` file by file (what one save or one download costs). CPU time.
Targets: the scan at most 1.0x ``json.load`` + ``json.dumps``; at least 20x detect-secrets.

    python benchmarks/bench_scan.py [--mb 24] [--repeat 5] [--notebooks DIR ...] [--skip-detect-secrets]
"""
from __future__ import annotations

import argparse
import json
import os
import site
import sys
import tempfile
import time
from pathlib import Path
from typing import List

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import training_log_notebook, word_lines, write_corpus  # noqa: E402

from jupyter_secrets.cli.discovery import Target  # noqa: E402
from jupyter_secrets.cli.runner import scan_all  # noqa: E402
from jupyter_secrets.detection.scanner import Scanner  # noqa: E402
from jupyter_secrets.model import Fingerprinter  # noqa: E402


def _timed(fn, paths, repeat: int = 1, clock=time.perf_counter):
    """Best of ``repeat`` passes of ``fn(paths)``: the machine's other work only ever adds time."""
    best = float("inf")
    for _ in range(repeat):
        start = clock()
        found = fn(paths)
        best = min(best, clock() - start)
    return best, found


def _json_load(path: Path) -> int:
    with open(path, "rb") as f:
        json.load(f)
    return 0


def _json_load_dump(path: Path) -> int:
    with open(path, "rb") as f:
        nb = json.load(f)
    return len(json.dumps(nb)) * 0


def _json_load_dump_to_file(path: Path) -> int:
    """The issue's words: ``json.dump`` to a file (the null device, so no disk time counts),
    which writes in pieces through the standard library's Python encoder."""
    with open(path, "rb") as f:
        nb = json.load(f)
    with open(os.devnull, "w") as out:
        json.dump(nb, out)
    return 0


def real_notebooks(folders: List[str]) -> List[Path]:
    """Notebooks shipped in installed packages, and those under ``folders``; readable JSON only."""
    roots = [Path(p) for p in site.getsitepackages() + [site.getusersitepackages()]]
    roots += [Path(folder) for folder in folders]
    found = []
    for root in roots:
        for path in sorted(root.rglob("*.ipynb")) if root.is_dir() else ():
            try:
                json.loads(path.read_bytes())
            except (OSError, ValueError, RecursionError):
                continue
            found.append(path)
    return found


def _our_scan(scanner: Scanner):
    def scan(path: Path) -> int:
        return len(scanner.scan_bytes(path.read_bytes(), str(path)).findings)
    return scan


def _folder_scan(scanner: Scanner):
    """The files scanned as ``jupyter-secrets scan FOLDER`` scans them (cli.runner: read one by
    one, small files scanned in batches that share one engine pass)."""
    def scan(paths: List[Path]) -> int:
        return len(scan_all(scanner, [Target(str(p), str(p)) for p in paths]).findings)
    return scan


def _each(fn):
    """A per-file function as a function of the list of files."""
    return lambda paths: sum(fn(p) for p in paths)


def _detect_secrets(path: Path) -> int:
    from detect_secrets import SecretsCollection
    from detect_secrets.settings import default_settings
    with default_settings():
        collection = SecretsCollection()
        collection.scan_file(str(path))
        return sum(len(v) for v in collection.data.values())


def _compare(title: str, paths: List[Path], scanner: Scanner, repeat: int, detect_secrets: bool) -> float:
    """Prints one table; returns scan / (json.load + json.dumps)."""
    nbytes = sum(p.stat().st_size for p in paths)
    for p in paths:  # warm the page cache so every contender reads from memory
        p.read_bytes()
    contenders = [("json.load + json.dumps", _each(_json_load_dump)),
                  ("jupyter-secrets scan", _folder_scan(scanner)),
                  ("json.load", _each(_json_load)),
                  ("scan_bytes, file by file", _each(_our_scan(scanner))),
                  ("json.load + json.dump", _each(_json_load_dump_to_file))]
    best = {name: (float("inf"), 0) for name, _ in contenders}
    for _ in range(repeat):  # interleaved: a busy spell of the machine hits every contender
        for name, fn in contenders:
            seconds, found = _timed(fn, paths, clock=time.process_time)
            best[name] = min(best[name], (seconds, found))
    rows = [(name, *best[name]) for name, _ in contenders]
    if detect_secrets:
        rows.append(("detect-secrets 1.5", *_timed(_each(_detect_secrets), paths)))
    mb = nbytes / 1e6
    print(f"\n{title}: {len(paths)} notebooks, {mb:.2f} MB; CPU time, best of {repeat} interleaved "
          "passes" + (" (detect-secrets: one, wall time)" if detect_secrets else ""))
    print(f"{'contender':<26}{'ms':>10}{'MB/s':>10}{'findings':>10}")
    for name, seconds, found in rows:
        print(f"{name:<26}{seconds * 1000:>10.2f}{mb / seconds:>10.1f}{found:>10}")
    seconds = {name: spent for name, spent, _ in rows}
    scan = seconds["jupyter-secrets scan"]
    ratio = scan / seconds["json.load + json.dumps"]
    print(f"scan / (json.load + json.dumps): {ratio:.2f}x (target <= 1.0); "
          f"scan / (json.load + json.dump to a file): {scan / seconds['json.load + json.dump']:.2f}x; "
          f"scan / json.load: {scan / seconds['json.load']:.2f}x")
    if detect_secrets:
        print(f"speed-up over detect-secrets: {seconds['detect-secrets 1.5'] / scan:.1f}x (target >= 20)")
    return ratio


def _cpu_best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def _log_like(scanner: Scanner, megabytes: float, repeat: int) -> None:
    """Texts full of common words: what the save hook and the kernel's output filter scan
    most. CPU time, best of ``repeat`` interleaved passes; the engine's cost only."""
    size = int(megabytes * 1e6)
    printed = word_lines(size)
    nb = training_log_notebook(size)
    raw = json.dumps(nb).encode()
    engine = scanner.engine
    contenders = [
        ("engine.scan(printed word lines)", lambda: engine.scan(printed), len(printed)),
        ("scan_notebook(training-log notebook)", lambda: scanner.scan_notebook(nb, "log.ipynb"), len(raw)),
        ("json.loads + json.dumps (same notebook)", lambda: json.dumps(json.loads(raw)), len(raw)),
    ]
    for _, fn, _ in contenders:
        fn()  # compile what the texts need outside the timing
    best = {name: float("inf") for name, _, _ in contenders}
    for _ in range(repeat):
        for name, fn, _ in contenders:
            best[name] = min(best[name], _cpu_best(fn, 1))
    print(f"\nlog-like texts: {megabytes:.1f} MB each; CPU, best of {repeat} interleaved passes")
    print(f"{'contender':<42}{'ms':>10}{'MB/s':>10}")
    for name, _, nbytes in contenders:
        print(f"{name:<42}{best[name] * 1000:>10.1f}{nbytes / 1e6 / best[name]:>10.1f}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=24.0, help="generated corpus size in MB (default 24)")
    parser.add_argument("--skip-detect-secrets", action="store_true", help="leave out the slow baseline")
    parser.add_argument("--repeat", type=int, default=5,
                        help="passes of each contender; the best counts (default 5)")
    parser.add_argument("--log-mb", type=float, default=None,
                        help="size of each log-like text (default 10, or --mb when smaller)")
    parser.add_argument("--notebooks", nargs="*", default=[],
                        help="folders of real notebooks, besides those in site-packages")
    args = parser.parse_args(argv)

    scanner = Scanner(Fingerprinter(b"benchmark"))
    print(f"prefilter: {scanner.engine._prefilter.backend}, {len(scanner.engine.rules)} rules")
    ratios = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_corpus(Path(tmp), args.mb)
        _our_scan(scanner)(paths[0])  # build once outside the timing
        ratios.append(_compare("generated corpus", paths, scanner, args.repeat, not args.skip_detect_secrets))
    real = real_notebooks(args.notebooks)
    if real:
        ratios.append(_compare("real notebooks (site-packages and --notebooks)", real, scanner,
                               args.repeat, False))
    else:
        print("\nreal notebooks: none found in site-packages (add folders with --notebooks)")
    _log_like(scanner, args.log_mb if args.log_mb is not None else min(10.0, args.mb), args.repeat)
    return 0 if all(r <= 1.0 for r in ratios) else 1


if __name__ == "__main__":
    sys.exit(main())
