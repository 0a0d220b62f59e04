"""One engine, many threads: the server scans from its event loop and worker threads at once,
a kernel from its shell and IOPub threads. Hyperscan's scratch space must not be shared."""
from __future__ import annotations

import threading

from jupyter_secrets.detection.engine import Engine
from jupyter_secrets.kernel.value_set import ValueSet
from tests.token_formats import github_token

KEY = github_token(body="Z8kQ2mV7xN4pL1rT6wY9bC3dF5gH0j")


def in_four_threads(step) -> list:
    """Runs `step` 30 times in each of four threads at once; the errors they raised."""
    errors = []

    def work():
        try:
            for _ in range(30):
                step()
        except Exception as e:  # ScratchInUseError before the fix
            errors.append(repr(e))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_an_engine_scans_from_many_threads_at_once():
    engine = Engine()
    text = ("x = 1\nprint('hello world')\n" * 2000) + f"token = '{KEY}'\n"
    counts = []
    assert in_four_threads(lambda: counts.append(len(engine.scan(text)))) == []
    assert set(counts) == {1}


def test_a_kernels_value_set_redacts_from_two_threads_at_once():
    values = ValueSet().with_value("FETCHED", "fetched-value-0a1b2c3d4e5f6a7b")
    text = "log line\n" * 5000 + "fetched-value-0a1b2c3d4e5f6a7b\n"
    redacted = []
    assert in_four_threads(lambda: redacted.append(values.redact(text))) == []
    assert all("fetched-value-0a1b2c3d4e5f6a7b" not in r for r in redacted)
