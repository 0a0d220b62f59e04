"""Every benchmark still runs, on tiny inputs: figures belong in the benchmarks, not in tests,
but a benchmark that no longer starts measures nothing."""
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"

CASES = {
    "bench_scan.py": ["--mb", "0.3", "--skip-detect-secrets"],
    "bench_save_guard.py": ["--sizes", "0.2", "--repeat", "1"],
    "bench_downloads.py": ["--sizes", "0.05", "--repeat", "1"],
    "bench_kernel_output.py": ["--lines", "200", "--frame-mb", "0.02", "--ready", "1",
                               "--repeat", "1", "--parts"],
    "bench_secret_get.py": ["--reads", "20"],
    "bench_known_values.py": ["--mb", "0.05", "--values", "5", "--repeat", "1"],
    "bench_audit.py": ["--records", "50", "--procs", "2"],
    "bench_peers.py": ["--limit", "12", "--clean", "2", "--image-side", "16", "--repeat", "1",
                       "--skip-detect-secrets"],
    "bench_startup.py": ["--repeat", "1", "--notebooks", "5", "--notebook-kb", "5"],
    "bench_team_read.py": ["--reads", "5", "--first", "2"],
    "bench_assistant_guard.py": ["--mb", "0.05", "--requests", "2", "--values", "3"],
    "bench_mcp_guard.py": ["--mb", "0.05", "--requests", "2", "--values", "3"],
    "bench_pattern_gate.py": ["--mb", "0.05", "--repeat", "1"],
}


def test_every_benchmark_has_a_smoke_case():
    assert sorted(CASES) == sorted(p.name for p in BENCHMARKS.glob("bench_*.py"))


@pytest.mark.parametrize("script", sorted(CASES))
def test_benchmark_runs_on_tiny_inputs(script, tmp_path):
    done = subprocess.run([sys.executable, str(BENCHMARKS / script), *CASES[script]],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    # tiny inputs may miss a target (exit 1); a crash is what this test is for
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.stdout.strip(), "a benchmark prints its figures"
