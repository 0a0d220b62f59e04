"""Given a kernel with the extension, when it starts, then it says it is ready without waiting for
the detection engine (only its own status and kernel_info, whose exact content no code wrote,
skip the engine), and the first cell's output is still redacted in full."""
from __future__ import annotations

import time

import pytest
from ipykernel.inprocess.manager import InProcessKernelManager

from jupyter_secrets.kernel.output_filter import OutputRedactor
from jupyter_secrets.kernel.own_messages import OwnMessages
from jupyter_secrets.kernel.session_filter import SessionFilter

from .conftest import fresh_value
from .keys import github_token, rule_of

BANNER_KEY = github_token()


@pytest.fixture(scope="module")
def kernel_config() -> dict:
    # a key in the config's banner: the kernel's own reply is then not trusted as it is
    return {"InteractiveShell.banner2": BANNER_KEY}


@pytest.fixture
def in_process_kernel():
    manager = InProcessKernelManager()
    manager.start_kernel()
    try:
        yield manager.kernel
    finally:
        manager.shutdown_kernel()


@pytest.fixture
def sent(in_process_kernel):
    """A session filter on the kernel's session; what it passes on is recorded."""
    session = in_process_kernel.session
    passed = []
    original = session.send

    def record(stream, msg, ident=None, buffers=None, track=False):
        passed.append(msg)
        return original(stream, msg, ident=ident, buffers=buffers, track=track)

    session.send = record
    redactor = OutputRedactor()
    session_filter = SessionFilter(session, redactor, OwnMessages(in_process_kernel))
    session_filter.install()
    try:
        yield redactor, passed
    finally:
        session_filter.uninstall()  # takes away the recorder too: both were on the instance


def _send(kernel, msg_type, content):
    kernel.session.send(kernel.iopub_socket, msg_type, content)


def test_status_and_kernel_info_go_out_without_building_the_engine(in_process_kernel, sent):
    redactor, passed = sent
    for state in ("starting", "busy"):
        _send(in_process_kernel, "status", {"execution_state": state})
    _send(in_process_kernel, "kernel_info_reply", {"status": "ok", **in_process_kernel.kernel_info})
    _send(in_process_kernel, "status", {"execution_state": "idle"})
    assert redactor._engine is None and not redactor._build_began.is_set()
    assert [m["header"]["msg_type"] for m in passed] == ["status", "status", "kernel_info_reply",
                                                         "status"]
    # answered: the engine is built in the background right after
    deadline = time.monotonic() + 30
    while redactor._engine is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert redactor._engine is not None


def test_a_fetched_value_is_redacted_from_the_kernels_own_messages(in_process_kernel, sent):
    redactor, passed = sent
    redactor.add("SHORT_STATE", "busy")
    redactor.add("BANNER_PART", "IPython")
    _send(in_process_kernel, "status", {"execution_state": "busy"})
    _send(in_process_kernel, "kernel_info_reply", {"status": "ok", **in_process_kernel.kernel_info})
    status, info = passed
    assert status["content"] == {"execution_state": "[REDACTED:SHORT_STATE]"}
    assert "IPython" not in info["content"]["banner"]
    assert "[REDACTED:BANNER_PART]" in info["content"]["banner"]


@pytest.mark.parametrize("msg_type, content", [
    ("status", {"execution_state": "idle", "note": BANNER_KEY}),
    ("status", {"execution_state": BANNER_KEY}),
    ("kernel_info_reply", {"status": "ok", "banner": BANNER_KEY}),
    ("stream", {"name": "stdout", "text": BANNER_KEY}),
    ("execute_result", {"data": {"text/plain": BANNER_KEY}, "metadata": {}, "execution_count": 1}),
])
def test_anything_else_is_detected_in_full(in_process_kernel, sent, msg_type, content):
    _, passed = sent
    _send(in_process_kernel, msg_type, content)
    out = str([m["content"] for m in passed])
    assert BANNER_KEY not in out and f"[REDACTED:{rule_of(BANNER_KEY)}]" in out


@pytest.mark.parametrize("change", ["help_links", "banner2", "language_info", "a cell ran"])
def test_a_kernel_info_changed_by_config_or_code_is_detected_in_full(in_process_kernel, change,
                                                                     monkeypatch):
    kernel = in_process_kernel  # its shell is the process's one: monkeypatch puts it back
    if change == "help_links":
        monkeypatch.setattr(kernel, "help_links", [
            {"text": "docs", "url": f"https://user:{BANNER_KEY}@example.org/"}])
    elif change == "banner2":
        monkeypatch.setattr(kernel.shell, "banner2", BANNER_KEY)
    elif change == "a cell ran":
        monkeypatch.setattr(kernel.shell, "execution_count", 2)
    own = OwnMessages(kernel)
    if change == "language_info":  # changed after the extension loaded
        monkeypatch.setattr(kernel, "language_info", {**kernel.language_info, "name": BANNER_KEY})
    assert not own.hold_no_output("kernel_info_reply", {"status": "ok", **kernel.kernel_info})


def test_the_reply_a_pristine_kernel_gives_is_its_own(in_process_kernel):
    own = OwnMessages(in_process_kernel)
    assert own.hold_no_output("kernel_info_reply", {"status": "ok", **in_process_kernel.kernel_info})
    assert own.hold_no_output("status", {"execution_state": "idle"})


def test_a_key_in_the_configured_banner_is_redacted_from_kernel_info(kernel):
    msg_id = kernel.kc.kernel_info()
    reply = kernel.shell_reply(msg_id, time.monotonic() + 30)
    assert BANNER_KEY not in kernel.all_sent()
    assert f"[REDACTED:{rule_of(BANNER_KEY)}]" in reply["content"]["banner"]


def test_the_first_cell_is_redacted_in_full(kernel, store_dirs):
    value = fresh_value("first_")
    store_dirs.store.set("FIRST_TOKEN", value)
    key = github_token()
    execution = kernel.run("from jupyter_secrets import secret\n"
                           "print(secret('FIRST_TOKEN'))\n"
                           f"print('{key[:6]}' + '{key[6:]}')\n")
    assert execution.status == "ok", execution.reply
    assert execution.stream() == f"[REDACTED:FIRST_TOKEN]\n[REDACTED:{rule_of(key)}]\n"
    assert value not in kernel.all_sent() and key not in kernel.all_sent()
