"""Given a kernel that fetched secrets, when cells print them in any form, then no message, and
no line of the kernel's own output, holds them in clear."""
from __future__ import annotations

import base64
import json
import sqlite3
import time
from urllib.parse import quote, quote_plus

import pytest

from jupyter_secrets.kernel.variants import variants

from .conftest import fresh_value
from .harness import KernelUnderTest, SecretStoreDirs
from .keys import github_token, rule_of

TOKEN_MARK = "[REDACTED:API_TOKEN]"
PASSWORD_MARK = "[REDACTED:DB_PASSWORD]"


@pytest.fixture(scope="module")
def token(store_dirs) -> str:
    value = fresh_value("tk_")
    store_dirs.store.set("API_TOKEN", value)
    return value


@pytest.fixture(scope="module")
def password(store_dirs) -> str:
    # escapes differ from the value in every encoding: quotes, backslash, space, '&', non-ASCII
    value = f'p@ss w0rd/"{fresh_value()}"\\+&é'
    store_dirs.store.set("DB_PASSWORD", value)
    return value


@pytest.fixture(scope="module")
def fetched(kernel, token, password):
    execution = kernel.run("import os, time, base64, json\n"
                           "from jupyter_secrets import secret\n"
                           "%secret API_TOKEN --env\n"
                           "%secret DB_PASSWORD as pw")
    assert execution.status == "ok", execution.dump()
    return kernel


def assert_clean(execution, *values):
    dumped = execution.dump()
    for value in values:
        for form in variants(value, 4):
            assert form not in dumped and json.dumps(form)[1:-1] not in dumped


def test_print_of_secret_shows_the_marker(fetched, token):
    execution = fetched.run('print(secret("API_TOKEN"))')
    assert execution.stream() == TOKEN_MARK + "\n"
    assert_clean(execution, token)


def test_environment_after_env_flag(fetched, token):
    execution = fetched.run('print(os.environ["API_TOKEN"] == secret("API_TOKEN")); print(os.environ)')
    assert execution.stream().startswith("True\n")
    assert f"'API_TOKEN': '{TOKEN_MARK}'" in execution.stream()
    assert_clean(execution, token)


def test_repr_fstring_and_result(fetched, token):
    execution = fetched.run('print(repr(API_TOKEN)); print(f"key={API_TOKEN}!"); [API_TOKEN]')
    assert execution.stream() == f"'{TOKEN_MARK}'\nkey={TOKEN_MARK}!\n"
    result = execution.of_type("execute_result")[0]["content"]["data"]["text/plain"]
    assert result == f"['{TOKEN_MARK}']"
    assert_clean(execution, token)


def test_dataframe_display_and_result(fetched, token, password):
    execution = fetched.run('import pandas as pd\n'
                            'df = pd.DataFrame({"name": ["api", "db"], "key": [API_TOKEN, pw]})\n'
                            'display(df)\n'
                            'df')
    assert execution.status == "ok", execution.dump()
    outputs = execution.of_type("display_data") + execution.of_type("execute_result")
    assert len(outputs) == 2
    for output in outputs:
        assert TOKEN_MARK in output["content"]["data"]["text/plain"]
        html = output["content"]["data"]["text/html"]
        assert TOKEN_MARK in html and "[REDACTED:DB_PASSWORD]" in html
    assert_clean(execution, token, password)


def test_exception_message_and_traceback(fetched, token):
    execution = fetched.run('def connect(key):\n'
                            '    raise ValueError(f"rejected key {key}")\n'
                            'connect(API_TOKEN)')
    error = execution.error()
    assert error["ename"] == "ValueError"
    assert error["evalue"] == f"rejected key {TOKEN_MARK}"
    assert TOKEN_MARK in "\n".join(error["traceback"])
    assert execution.reply["content"]["evalue"] == error["evalue"]
    assert_clean(execution, token)


def test_value_split_across_two_writes_with_a_pause(fetched, token):
    execution = fetched.run('print(API_TOKEN[:9], end="", flush=True)\n'
                            'time.sleep(0.5)\n'
                            'print(API_TOKEN[9:], "done")')
    assert execution.stream() == f"{TOKEN_MARK} done\n"
    assert_clean(execution, token)


def test_held_back_start_is_released_when_the_cell_ends(fetched, token):
    execution = fetched.run('print("starts like the key:", API_TOKEN[:6], end="")')
    assert execution.stream() == f"starts like the key: {token[:6]}"
    assert_clean(execution, token)


@pytest.mark.parametrize("code, expected_marks", [
    ('for pad in ("", "x", "xy"):\n'
     '    print(base64.b64encode((pad + API_TOKEN + "!").encode()).decode())', 3),
    ('print(base64.urlsafe_b64encode(("ab" + API_TOKEN).encode()).decode())', 1),
    ('print(API_TOKEN.encode().hex()); print(API_TOKEN.encode().hex().upper())', 2),
    ('from urllib.parse import quote, quote_plus\nprint(quote(pw, safe="")); print(quote_plus(pw))', 2),
    ('print(json.dumps({"password": pw}))', 1),
    ('print(repr(pw)); print(repr(pw.encode("utf-8")))', 1),
])
def test_encoded_forms(fetched, token, password, code, expected_marks):
    execution = fetched.run(code)
    assert execution.status == "ok", execution.dump()
    text = execution.stream()
    assert text.count("[REDACTED:") >= expected_marks
    assert_clean(execution, token, password)
    for form in (quote(password, safe=""), quote_plus(password), json.dumps(password)[1:-1],
                 repr(password)[1:-1], base64.b64encode(token.encode()).decode()[:-2]):
        assert form not in text


def test_fd_level_output_of_subprocess_and_c_code(fetched, token):
    execution = fetched.run('os.system("echo from a shell: $API_TOKEN")\n'
                            'os.system("printf \'%s\\\\n\' \\"$API_TOKEN\\" >&2")\n'
                            'os.write(1, ("raw fd write " + API_TOKEN + "\\n").encode())\n'
                            'time.sleep(0.3)')
    assert execution.status == "ok", execution.dump()
    shown = execution.stream("stdout") + execution.stream("stderr")
    assert f"from a shell: {TOKEN_MARK}" in shown
    assert f"raw fd write {TOKEN_MARK}" in shown
    assert TOKEN_MARK + "\n" in execution.stream("stderr")
    assert_clean(execution, token)
    # ipykernel also copies fd output to the kernel's original stdout, the server's log
    log = wait_for(lambda: fetched.log_text(), lambda text: "raw fd write" in text)
    assert f"from a shell: {TOKEN_MARK}" in log and f"raw fd write {TOKEN_MARK}" in log
    assert token not in log


def test_plaintext_key_never_fetched_is_redacted(fetched):
    key = github_token()
    # built inside the kernel from two halves, so the cell's source holds no key
    execution = fetched.run(f'k = "{key[:4]}" + "{key[4:]}"\nprint("found", k)\nk')
    assert execution.status == "ok", execution.dump()
    mark = f"[REDACTED:{rule_of(key)}]"
    assert execution.stream() == f"found {mark}\n"
    result = execution.of_type("execute_result")[0]["content"]["data"]["text/plain"]
    assert result == f"'{mark}'"
    assert key not in execution.dump()


def test_a_long_print_is_redacted_as_a_short_one(fetched, token):
    # longer than the filter's threshold, so it is serialised while it is searched
    from jupyter_secrets.kernel.output_filter import PARALLEL_FROM

    key = github_token()
    lines = PARALLEL_FROM // 40 + 100
    execution = fetched.run(
        f'k = "{key[:4]}" + "{key[4:]}"\n'
        f'filler = "epoch 3 loss 0.1234 accuracy 0.98\\n" * {lines}\n'
        'print(filler + "token " + API_TOKEN + " key " + k + "\\n" + filler, end="")\n'
        'print(filler, end="")')
    assert execution.status == "ok", execution.dump()
    filler = "epoch 3 loss 0.1234 accuracy 0.98\n" * lines
    mark = f"[REDACTED:{rule_of(key)}]"
    assert execution.stream() == f"{filler}token {TOKEN_MARK} key {mark}\n{filler}{filler}"
    assert key not in execution.dump()
    assert_clean(execution, token)


def test_json_mimetype_keeps_its_structure(fetched, token):
    execution = fetched.run('from IPython.display import JSON\n'
                            'display(JSON({"key": API_TOKEN, "list": [1, "a " + API_TOKEN]}))')
    data = execution.of_type("display_data")[0]["content"]["data"]["application/json"]
    assert data == {"key": TOKEN_MARK, "list": [1, f"a {TOKEN_MARK}"]}
    assert_clean(execution, token)


def test_comm_messages_as_widgets_send_them(fetched, token):
    execution = fetched.run('from comm import create_comm\n'
                            'c = create_comm(target_name="probe", data={"value": API_TOKEN})\n'
                            'c.send({"text": "typed: " + API_TOKEN})')
    assert execution.status == "ok", execution.dump()
    opened = execution.of_type("comm_open")[0]["content"]["data"]
    sent = execution.of_type("comm_msg")[0]["content"]["data"]
    assert opened == {"value": TOKEN_MARK} and sent == {"text": f"typed: {TOKEN_MARK}"}
    assert_clean(execution, token)


def test_input_request_prompt(fetched, token):
    execution = fetched.run('answer = input("the key is " + API_TOKEN + ", retype it: ")',
                            answer=lambda request: "typed")
    assert execution.status == "ok", execution.dump()
    assert execution.input_requests[0]["content"]["prompt"] == f"the key is {TOKEN_MARK}, retype it: "
    assert_clean(execution, token)


def test_inspect_reply(fetched, token):
    msg_id = fetched.kc.inspect("API_TOKEN", 9, detail_level=0)
    reply = fetched.shell_reply(msg_id, time.monotonic() + 30)
    assert reply["msg_type"] == "inspect_reply" and reply["content"]["found"]
    assert TOKEN_MARK in reply["content"]["data"]["text/plain"]
    assert token not in json.dumps(reply, default=str)


def test_history_file_keeps_no_value(fetched, token, store_dirs):
    fetched.run('history_probe = "' + token + '"')
    fetched.run("get_ipython().history_manager.writeout_cache()")
    history = store_dirs.ipython_dir / "profile_default" / "history.sqlite"
    with sqlite3.connect(history) as db:
        rows = db.execute("select source, source_raw from history").fetchall()
    assert any(TOKEN_MARK in raw for _, raw in rows)
    assert not any(token in source or token in raw for source, raw in rows)


def test_nothing_ever_left_in_clear(fetched, token, password):
    """Every message of every test in this module, on every channel, and the kernel's log."""
    everything = fetched.all_sent()
    log = fetched.log_text()
    for value in (token, password):
        for form in variants(value, 6):
            assert form not in everything and json.dumps(form)[1:-1] not in everything
            assert form not in log


def test_output_at_exit_reaches_the_log_redacted(tmp_path):
    dirs = SecretStoreDirs(tmp_path)
    value = fresh_value("exit_")
    dirs.store.set("AT_EXIT", value)
    kernel = KernelUnderTest(dirs)
    try:
        execution = kernel.run("import atexit, os\n"
                               "from jupyter_secrets import secret\n"
                               "v = secret('AT_EXIT')\n"
                               "atexit.register(lambda: os.write(2, ('bye ' + v + '\\n').encode()))")
        assert execution.status == "ok", execution.dump()
    finally:
        kernel.stop()
    log = wait_for(kernel.log_text, lambda text: "bye" in text)
    assert "bye [REDACTED:AT_EXIT]" in log and value not in log


def test_the_kernels_identity_token_is_redacted(tmp_path):
    token = fresh_value("id_")
    kernel = KernelUnderTest(SecretStoreDirs(tmp_path), env={"JUPYTER_SECRETS_TOKEN": token})
    try:
        execution = kernel.run("import os\nprint(os.environ['JUPYTER_SECRETS_TOKEN'])")
    finally:
        kernel.stop()
    assert execution.stream() == "[REDACTED:JUPYTER_SECRETS_TOKEN]\n"
    assert token not in kernel.all_sent() and token not in kernel.log_text()


def wait_for(read, ready, timeout=5.0):
    deadline = time.monotonic() + timeout
    value = read()
    while not ready(value) and time.monotonic() < deadline:
        time.sleep(0.05)
        value = read()
    return value
