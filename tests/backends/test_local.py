"""The encrypted local store: real files in a temporary directory, real processes racing."""
from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
import sys
import time

import pytest

from jupyter_secrets.backends.base import BackendError, InvalidSecretName, SecretNotFound
from jupyter_secrets.backends.files import locked
from jupyter_secrets.backends.local import LocalStore

from .helpers import assert_not_in_files, assert_not_logged, secret_like

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_round_trip_list_and_delete(local_store):
    info = local_store.set("OPENAI_API_KEY", secret_like("a"))
    local_store.set("GITHUB_TOKEN", secret_like("b"))

    assert info.name == "OPENAI_API_KEY" and info.version == "1" and info.created
    assert local_store.get("OPENAI_API_KEY") == secret_like("a")
    listed = local_store.list()
    assert [i.name for i in listed] == ["GITHUB_TOKEN", "OPENAI_API_KEY"]
    assert secret_like("a") not in repr(listed)

    local_store.delete("OPENAI_API_KEY")
    assert [i.name for i in local_store.list()] == ["GITHUB_TOKEN"]
    with pytest.raises(SecretNotFound) as caught:
        local_store.get("OPENAI_API_KEY")
    assert "%secret set OPENAI_API_KEY" in str(caught.value)


def test_a_second_instance_reads_what_the_first_wrote(local_store):
    local_store.set("TOKEN", secret_like("shared"))
    other = LocalStore(store_dir=local_store.store_dir, key_file=local_store.key_file)
    assert other.get("TOKEN") == secret_like("shared")


def test_versions_are_kept_newest_first_and_capped(local_store):
    local_store.max_versions = 3
    for n in range(1, 6):
        local_store.set("TOKEN", secret_like(f"v{n}"))

    assert [i.version for i in local_store.versions("TOKEN")] == ["5", "4", "3"]
    assert local_store.get("TOKEN") == secret_like("v5")
    assert local_store.get("TOKEN", version="3") == secret_like("v3")
    with pytest.raises(SecretNotFound) as caught:
        local_store.get("TOKEN", version="1")
    assert "version '1'" in str(caught.value)
    assert local_store.list()[0].version == "5"


def test_nothing_is_plaintext_at_rest_and_files_are_private(local_store, tmp_path):
    value = secret_like("at-rest")
    for n in range(3):
        local_store.set(f"KEY_{n}", value)

    assert assert_not_in_files(value, [str(tmp_path)]) >= 3
    assert mode(local_store.store_dir) == 0o700
    assert mode(os.path.dirname(local_store.key_file)) == 0o700
    assert mode(local_store.data_file) == 0o600
    assert mode(local_store.key_file) == 0o600
    assert not local_store.key_file.startswith(local_store.store_dir + os.sep)


def test_default_paths_keep_data_and_key_apart(isolated_jupyter_dirs):
    store = LocalStore()
    store.set("TOKEN", secret_like("defaults"))

    assert store.data_file.startswith(isolated_jupyter_dirs["JUPYTER_DATA_DIR"])
    assert store.key_file.startswith(isolated_jupyter_dirs["JUPYTER_CONFIG_DIR"])
    assert os.path.exists(store.data_file) and os.path.exists(store.key_file)


def test_a_ciphertext_moved_to_another_name_does_not_open(local_store):
    local_store.set("A", secret_like("a"))
    local_store.set("B", secret_like("b"))
    with open(local_store.data_file) as handle:
        doc = json.load(handle)
    doc["secrets"]["B"]["versions"][0]["sealed"] = doc["secrets"]["A"]["versions"][0]["sealed"]
    with open(local_store.data_file, "w") as handle:
        json.dump(doc, handle)

    with pytest.raises(BackendError) as caught:
        local_store.get("B")
    assert "cannot be decrypted" in str(caught.value)
    assert local_store.get("A") == secret_like("a")


@pytest.mark.parametrize("damage", [b"{not json", b"[]", b'{"format": 1, "secrets": {"A": 3}}', b"\xff\xfe"])
def test_a_damaged_store_is_reported_and_never_overwritten(local_store, damage):
    local_store.set("A", secret_like("a"))
    with open(local_store.data_file, "wb") as handle:
        handle.write(damage)

    for action in (lambda: local_store.get("A"), lambda: local_store.set("B", "x"),
                   lambda: local_store.delete("A"), local_store.list):
        with pytest.raises(BackendError) as caught:
            action()
        assert "damaged" in str(caught.value) and "left untouched" in str(caught.value)
    with open(local_store.data_file, "rb") as handle:
        assert handle.read() == damage
    assert local_store.status()["ok"] is False


def test_a_wrong_key_is_reported_and_the_store_kept(local_store, tmp_path):
    local_store.set("A", secret_like("a"))
    with open(local_store.data_file, "rb") as handle:
        before = handle.read()
    other_key = str(tmp_path / "other" / "store.key")
    wrong = LocalStore(store_dir=local_store.store_dir, key_file=other_key)
    LocalStore(store_dir=str(tmp_path / "elsewhere"), key_file=other_key).set("X", "y")  # makes the key

    for action in (lambda: wrong.get("A"), lambda: wrong.set("B", "x"), wrong.list):
        with pytest.raises(BackendError) as caught:
            action()
        assert "does not match" in str(caught.value)
    with open(local_store.data_file, "rb") as handle:
        assert handle.read() == before


def test_a_missing_key_is_not_replaced_while_secrets_exist(local_store):
    local_store.set("A", secret_like("a"))
    os.unlink(local_store.key_file)
    fresh = LocalStore(store_dir=local_store.store_dir, key_file=local_store.key_file)

    with pytest.raises(BackendError) as caught:
        fresh.set("B", secret_like("b"))
    assert "key file" in str(caught.value) and "missing" in str(caught.value)
    assert not os.path.exists(local_store.key_file)


def test_a_key_file_readable_by_others_is_refused(local_store):
    local_store.set("A", secret_like("a"))
    os.chmod(local_store.key_file, 0o644)
    fresh = LocalStore(store_dir=local_store.store_dir, key_file=local_store.key_file)

    with pytest.raises(BackendError) as caught:
        fresh.get("A")
    assert "chmod 600" in str(caught.value)


def test_a_damaged_key_file_is_reported(local_store):
    local_store.set("A", secret_like("a"))
    with open(local_store.key_file, "w") as handle:
        handle.write("too-short\n")
    fresh = LocalStore(store_dir=local_store.store_dir, key_file=local_store.key_file)

    with pytest.raises(BackendError, match="damaged"):
        fresh.get("A")


def test_concurrent_processes_lose_no_write(local_store):
    writer = (
        "import sys\n"
        "from jupyter_secrets.backends.local import LocalStore\n"
        "s = LocalStore(store_dir=sys.argv[1], key_file=sys.argv[2], max_versions=100)\n"
        "for n in range(10):\n"
        "    s.set(f'P{sys.argv[3]}_{n}', 'v')\n"
        "    s.set('SHARED', f'{sys.argv[3]}-{n}')\n"
    )
    env = {**os.environ, "PYTHONPATH": PROJECT_ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")}
    procs = [subprocess.Popen([sys.executable, "-c", writer, local_store.store_dir,
                               local_store.key_file, str(p)], env=env) for p in range(4)]
    assert [p.wait(60) for p in procs] == [0, 0, 0, 0]

    names = {i.name for i in local_store.list()}
    assert names == {f"P{p}_{n}" for p in range(4) for n in range(10)} | {"SHARED"}
    assert local_store.versions("SHARED")[0].version == "40"


def test_a_held_lock_gives_a_clear_error_and_changes_nothing(local_store):
    local_store.set("A", secret_like("a"))
    local_store.lock_timeout = 0.2
    with locked(os.path.join(local_store.store_dir, "store.lock"), timeout=1):
        started = time.monotonic()
        with pytest.raises(BackendError) as caught:
            local_store.set("A", secret_like("b"))
        assert time.monotonic() - started < 2
    assert "another process" in str(caught.value)
    assert local_store.get("A") == secret_like("a")


def test_bad_names_and_values_are_refused_before_any_write(local_store):
    for bad in ("", "has space", "a/b", "x@1", "9LIVES", "N" * 129, None):
        with pytest.raises(InvalidSecretName):
            local_store.set(bad, "v")
    for bad in ("", None, 42, "nul\x00byte"):
        with pytest.raises(BackendError):
            local_store.set("OK", bad)
    assert not os.path.exists(local_store.data_file)


def test_no_value_in_logs_or_errors(local_store, caplog):
    caplog.set_level(logging.DEBUG)
    value = secret_like("logs")
    local_store.set("A", value)
    local_store.get("A")
    with open(local_store.data_file, "w") as handle:
        handle.write("{")
    with pytest.raises(BackendError) as caught:
        local_store.set("A", value)

    assert value not in str(caught.value)
    assert caplog.records, "the store should say what it did"
    assert_not_logged(value, caplog)


def test_get_reads_the_file_once_until_it_changes(local_store, monkeypatch):
    # its speed is measured in benchmarks; here: repeated gets use the parsed file, and a
    # change on disk (another process's write) is read again
    from jupyter_secrets.backends import local as local_module
    for n in range(50):
        local_store.set(f"KEY_{n}", secret_like(str(n)))
    parsed = []
    real_parse = local_module._parse
    monkeypatch.setattr(local_module, "_parse", lambda *a: parsed.append(1) or real_parse(*a))

    for _ in range(500):
        assert local_store.get("KEY_7") == secret_like("7")
    assert len(parsed) == 1

    other = LocalStore(store_dir=local_store.store_dir, key_file=local_store.key_file)
    other.set("KEY_7", secret_like("changed"))
    assert local_store.get("KEY_7") == secret_like("changed")


def test_max_versions_below_one_is_refused():
    with pytest.raises(BackendError, match="at least 1"):
        LocalStore(max_versions=0)
