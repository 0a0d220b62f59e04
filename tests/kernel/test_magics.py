"""`%secret` and `secret()` in a real kernel, against the encrypted local store."""
from __future__ import annotations

import json

import time

import pytest

from .conftest import fresh_value

TTL = 1.5


@pytest.fixture(scope="module")
def kernel_config():
    return {"SecretClient.cache_ttl": TTL}


@pytest.fixture(scope="module")
def stored(store_dirs) -> dict:
    values = {"SERVICE_KEY": fresh_value("sk_"), "db-password": fresh_value("pw_")}
    for name, value in values.items():
        store_dirs.store.set(name, value)
    return values


def one_line_error(execution) -> str:
    """The error a cell shows, which must be one line and no traceback."""
    error = execution.error()
    assert error is not None, execution.dump()
    assert len(error["traceback"]) == 1 and "Traceback" not in error["traceback"][0]
    assert "\n" not in error["traceback"][0]
    return error["traceback"][0]


def usage_error(execution) -> str:
    """IPython shows a UsageError on stderr, with no traceback, and the cell fails."""
    assert execution.reply["content"]["ename"] == "UsageError", execution.dump()
    assert execution.error() is None
    shown = execution.stream("stderr")
    assert shown.startswith("UsageError: %secret") and "Traceback" not in shown
    return shown


def test_binds_the_variable_of_the_same_name(kernel, stored):
    execution = kernel.run("%secret SERVICE_KEY\nprint(len(SERVICE_KEY))")
    assert execution.stream() == f"{len(stored['SERVICE_KEY'])}\n"
    assert stored["SERVICE_KEY"] not in execution.dump()


def test_as_variable_and_env(kernel, stored):
    execution = kernel.run("%secret db-password as pw --env\n"
                           "import os\n"
                           "print(pw == os.environ['db-password'], len(pw))")
    assert execution.stream() == f"True {len(stored['db-password'])}\n"


def test_secret_function(kernel, stored):
    execution = kernel.run("from jupyter_secrets import secret\n"
                           "print(secret('SERVICE_KEY') == SERVICE_KEY)")
    assert execution.stream() == "True\n"


def test_name_that_is_no_python_variable(kernel, stored):
    shown = usage_error(kernel.run("%secret db-password"))
    assert shown == ("UsageError: %secret: 'db-password' is not a Python variable name; "
                     "use `%secret db-password as some_name`\n")


def test_no_arguments_shows_usage(kernel):
    shown = usage_error(kernel.run("%secret"))
    assert "expected a secret's name" in shown and "%secret set NAME" in shown


def test_missing_secret_says_how_to_add_it(kernel):
    line = one_line_error(kernel.run("%secret NOT_THERE"))
    assert line == ("SecretNotFound: no secret named 'NOT_THERE' in the local backend: add it from "
                    "the Secrets panel or with `%secret set NOT_THERE`")


def test_missing_secret_from_code_is_one_line_and_still_a_key_error(kernel):
    line = one_line_error(kernel.run("secret('NOT_THERE')"))
    assert line.startswith("SecretNotFound: no secret named 'NOT_THERE'")
    caught = kernel.run("try:\n    secret('NOT_THERE')\nexcept KeyError:\n    print('caught')")
    assert caught.stream() == "caught\n"


def test_backend_error_is_one_clear_line(kernel, store_dirs, stored):
    data_file = store_dirs.root / "store" / "store.json"
    original = data_file.read_bytes()
    data_file.write_bytes(b"{ not json")
    try:
        line = one_line_error(kernel.run("%secret NEVER_CACHED"))
    finally:
        data_file.write_bytes(original)
    assert line.startswith("BackendError: local: the store file") and "damaged" in line
    assert kernel.run("%secret SERVICE_KEY").status == "ok"


def test_set_asks_through_a_password_prompt(kernel, store_dirs):
    value = fresh_value("new_")
    execution = kernel.run("%secret set FRESH_TOKEN", answer=lambda request: value)
    assert execution.status == "ok", execution.dump()
    (request,) = execution.input_requests
    assert request["content"]["password"] is True
    assert "FRESH_TOKEN" in request["content"]["prompt"]
    assert execution.stream() == ("Stored FRESH_TOKEN in the local backend as version 1. "
                                  "Read it with `%secret FRESH_TOKEN`.\n")
    assert store_dirs.store.get("FRESH_TOKEN") == value
    assert value not in execution.dump()
    shown = kernel.run("%secret FRESH_TOKEN\nprint(FRESH_TOKEN)")
    assert shown.stream() == "[REDACTED:FRESH_TOKEN]\n"


def test_set_with_an_empty_answer_stores_nothing(kernel, store_dirs):
    execution = kernel.run("%secret set EMPTY_ONE", answer=lambda request: "")
    assert execution.stream() == "Nothing was stored: the value of EMPTY_ONE was empty.\n"
    assert "EMPTY_ONE" not in [info.name for info in store_dirs.store.list()]


def test_set_with_an_invalid_name_fails_before_asking(kernel):
    execution = kernel.run("%secret set 'two words'", answer=lambda request: "never asked")
    line = one_line_error(execution)
    # not a name, so perhaps a value: never repeated, and the rules are said instead
    assert line.startswith("NotAName: kernel: that looks like a value, not a name: a secret name "
                           "is 1 to 128 letters")
    assert "two words" not in json.dumps([m["content"] for m in execution.of_type("error")])
    assert execution.input_requests == []


def test_set_without_stdin_says_where_else(kernel):
    shown = usage_error(kernel.run("%secret set NO_STDIN"))
    assert "cannot ask for input" in shown and "jupyter-secrets set NO_STDIN" in shown


def test_list_shows_names_and_metadata_only(kernel, stored):
    execution = kernel.run("%secret list")
    text = execution.stream()
    assert text.splitlines()[1].split() == ["name", "version", "updated", "created"]
    for name in stored:
        assert any(line.split()[:2] == [name, "1"] for line in text.splitlines())
    for value in stored.values():
        assert value not in execution.dump()


def test_rotation_is_picked_up_after_the_cache_ttl(kernel, store_dirs):
    first, second = fresh_value("v1_"), fresh_value("v2_")
    store_dirs.store.set("ROTATING", first)
    assert kernel.run("before = secret('ROTATING')").status == "ok"
    store_dirs.store.set("ROTATING", second)
    within = kernel.run("print(secret('ROTATING') == before)")
    assert within.stream() == "True\n"
    time.sleep(TTL)
    after = kernel.run("after = secret('ROTATING')\n"
                       "print(after != before, secret('ROTATING', version='1') == before)\n"
                       "print(before, after)")
    assert after.stream() == "True True\n[REDACTED:ROTATING] [REDACTED:ROTATING]\n"
    for value in (first, second):
        assert value not in within.dump() + after.dump()


@pytest.fixture(scope="module")
def env_kernel(store_dirs):
    """A kernel whose backend is the read-only environment."""
    from .harness import KernelUnderTest

    under_test = KernelUnderTest(store_dirs, {"SecretStore.backend": "env"})
    yield under_test
    under_test.stop()


def test_set_on_a_read_only_backend_fails_before_asking(env_kernel):
    execution = env_kernel.run("%secret set SOMETHING", answer=lambda request: "never asked")
    line = one_line_error(execution)
    assert line == ("BackendError: env: the env backend is read-only: SOMETHING cannot be stored "
                    "there (choose a writable backend with c.SecretStore.backend)")
    assert execution.input_requests == []
