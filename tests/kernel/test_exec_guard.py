"""A cell whose source holds a plaintext key: refused in 'block' mode, warned about by default.
The module's kernel also sets a single redaction marker, to show the settings reach the kernel."""
from __future__ import annotations

import sqlite3

import pytest

from .conftest import fresh_value
from .harness import KernelUnderTest
from .keys import github_token, rule_of


@pytest.fixture(scope="module")
def kernel_config():
    return {"ExecutionGuard.mode": "block", "OutputRedactor.marker": "<hidden>"}


@pytest.fixture(scope="module")
def warning_kernel(store_dirs):
    """A kernel with the default settings."""
    under_test = KernelUnderTest(store_dirs)
    yield under_test
    under_test.stop()


def test_block_mode_refuses_the_cell(kernel, store_dirs):
    key = github_token()
    execution = kernel.run(f'token = "{key}"\nprint("this ran")')
    assert execution.status == "error"
    (line,) = execution.error()["traceback"]
    assert line == (f"PlaintextKeyInCell: this cell holds a plaintext key ({rule_of(key)} on "
                    "line 1) and was not run: store it with `%secret set NAME` (or in the "
                    "Secrets panel) and read it with `%secret NAME` or `secret(\"NAME\")` instead")
    assert execution.stream() == ""
    assert kernel.run("print('token' in globals())").stream() == "False\n"
    assert key not in execution.dump()  # not even in the echo of the cell's code


def test_blocked_cell_leaves_no_key_in_the_history_file(kernel, store_dirs):
    key = github_token()
    kernel.run(f'other = "{key}"')
    kernel.run("get_ipython().history_manager.writeout_cache()")
    history = store_dirs.ipython_dir / "profile_default" / "history.sqlite"
    with sqlite3.connect(history) as db:
        rows = db.execute("select source, source_raw from history").fetchall()
    assert rows and not any(key in source or key in raw for source, raw in rows)


def test_pragma_allows_a_key_on_purpose(kernel):
    key = github_token()
    execution = kernel.run(f'sample = "{key}"  # pragma: allowlist secret\nprint("ran")')
    assert execution.stream() == "ran\n"


def test_cells_without_keys_run(kernel):
    assert kernel.run("print(1 + 1)").stream() == "2\n"


def test_single_marker_setting(kernel, store_dirs):
    value = fresh_value("m_")
    store_dirs.store.set("MARKED", value)
    execution = kernel.run("%secret MARKED\nprint(MARKED, 'and', MARKED)")
    assert execution.stream() == "<hidden> and <hidden>\n"
    key = github_token()
    detected = kernel.run(f'print("{key[:5]}" + "{key[5:]}")')
    assert detected.stream() == "<hidden>\n"


def test_default_mode_warns_in_one_line_and_runs(warning_kernel):
    key = github_token()
    execution = warning_kernel.run(f'x = 1\ntoken = "{key}"\nprint("ran", len(token))')
    assert execution.status == "ok"
    assert execution.stream("stdout") == "ran 40\n"
    assert execution.stream("stderr") == (
        f"Warning: this cell holds a plaintext key ({rule_of(key)} on line 2): store it with "
        "`%secret set NAME` (or in the Secrets panel) and read it with `%secret NAME` or "
        "`secret(\"NAME\")` instead.\n")
    assert key not in execution.dump()
