"""The OS keyring backend against a real gnome-keyring daemon on a private D-Bus session."""
from __future__ import annotations

import gc
import json
import logging
import os
import subprocess
from contextlib import closing

import pytest

from jupyter_secrets.backends.base import BackendError, SecretNotFound
from jupyter_secrets.backends.keyring_detect import detect_keyring, unusable_reason
from jupyter_secrets.backends.os_keyring import INDEX_ITEM, KeyringBackend
from jupyter_secrets.testing.keyring_daemon import KeyringDaemon

from .helpers import assert_not_logged, secret_like


def secret_tool_lookup(service: str, item: str) -> str:
    """Read an item with libsecret's own tool, independent of the keyring package."""
    done = subprocess.run(["secret-tool", "lookup", "service", service, "username", item],
                          capture_output=True, text=True, timeout=20)
    return done.stdout


def error_message(action) -> str:
    """The BackendError's text; its traceback is dropped before returning."""
    try:
        action()
    except BackendError as e:
        return str(e)
    raise AssertionError("no BackendError was raised")


def test_the_keyring_package_picks_the_secret_service(keyring_daemon):
    ring, why = detect_keyring()

    assert type(ring).__module__ == "keyring.backends.SecretService"
    assert "SecretService" in why


def test_round_trip_is_stored_in_the_real_daemon(keyring_backend):
    value = secret_like("kr")
    info = keyring_backend.set("OPENAI_API_KEY", value)

    assert info.version == "1"
    assert keyring_backend.get("OPENAI_API_KEY") == value
    assert secret_tool_lookup(keyring_backend.service, "OPENAI_API_KEY") == value
    assert "SecretService" in keyring_backend.describe()


def test_list_comes_from_an_index_that_holds_no_value(keyring_backend):
    keyring_backend.set("B_TOKEN", secret_like("b"))
    keyring_backend.set("A_TOKEN", secret_like("a"))

    assert [i.name for i in keyring_backend.list()] == ["A_TOKEN", "B_TOKEN"]
    index = secret_tool_lookup(keyring_backend.service, INDEX_ITEM)
    assert set(json.loads(index)["secrets"]) == {"A_TOKEN", "B_TOKEN"}
    assert secret_like("a") not in index and secret_like("b") not in index


def test_versions_and_reading_an_older_one(keyring_backend):
    keyring_backend.max_versions = 2
    for n in (1, 2, 3):
        keyring_backend.set("TOKEN", secret_like(f"v{n}"))

    assert [i.version for i in keyring_backend.versions("TOKEN")] == ["3", "2"]
    assert keyring_backend.get("TOKEN") == secret_like("v3")
    assert keyring_backend.get("TOKEN", version="2") == secret_like("v2")
    with pytest.raises(SecretNotFound):
        keyring_backend.get("TOKEN", version="1")
    assert secret_tool_lookup(keyring_backend.service, "TOKEN@1") == ""  # pruned from the daemon


def test_delete_removes_the_value_its_versions_and_its_index_entry(keyring_backend):
    keyring_backend.set("TOKEN", secret_like("1"))
    keyring_backend.set("TOKEN", secret_like("2"))
    keyring_backend.delete("TOKEN")

    assert keyring_backend.list() == []
    assert secret_tool_lookup(keyring_backend.service, "TOKEN") == ""
    assert secret_tool_lookup(keyring_backend.service, "TOKEN@1") == ""
    with pytest.raises(SecretNotFound) as caught:
        keyring_backend.get("TOKEN")
    assert "%secret set TOKEN" in str(caught.value)
    with pytest.raises(SecretNotFound):
        keyring_backend.delete("TOKEN")


def test_no_value_in_logs_or_errors(keyring_backend, caplog):
    caplog.set_level(logging.DEBUG)
    value = secret_like("kr-logs")
    keyring_backend.set("TOKEN", value)
    keyring_backend.get("TOKEN")
    keyring_backend.delete("TOKEN")

    assert caplog.records
    assert_not_logged(value, caplog)


# keyring's SecretService backend drops its D-Bus connection unclosed when it finds the collection
# locked (keyring 25.7, get_preferred_collection); the socket is closed by the garbage collector.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_locked_keyring_gives_one_message_with_the_fix(tmp_path, monkeypatch):
    from secretstorage import dbus_init, get_default_collection

    with KeyringDaemon(str(tmp_path / "locked")) as daemon:
        for key, val in daemon.env.items():
            monkeypatch.setenv(key, val)
        backend = KeyringBackend(lock_file=str(tmp_path / "lock"))
        backend.set("TOKEN", secret_like("locked"))
        with closing(dbus_init()) as connection:
            get_default_collection(connection).lock()

        for action in (lambda: backend.get("TOKEN"), lambda: backend.set("TOKEN", secret_like("x")),
                       backend.list):
            message = error_message(action)
            assert "locked" in message and "c.SecretStore.backend = 'local'" in message
            assert secret_like("x") not in message
        assert backend.status()["ok"] is False
    gc.collect()  # collect those sockets here, under this test's warning filter


def test_no_usable_keyring_gives_one_message_with_the_fix(no_os_keyring, tmp_path):
    backend = KeyringBackend(lock_file=str(tmp_path / "lock"))

    with pytest.raises(BackendError) as caught:
        backend.get("TOKEN")
    assert "c.SecretStore.backend = 'local'" in str(caught.value)
    assert backend.availability()[0] is False


def test_backends_that_store_nothing_or_plaintext_do_not_count():
    from keyring.backends import fail, null

    assert "stores nothing" in unusable_reason(fail.Keyring())
    assert "stores nothing" in unusable_reason(null.Keyring())


def test_a_configured_keyring_class_that_is_not_usable_is_refused(tmp_path):
    backend = KeyringBackend(keyring_class="keyring.backends.fail.Keyring", lock_file=str(tmp_path / "l"))
    with pytest.raises(BackendError, match="stores nothing"):
        backend.list()
    backend = KeyringBackend(keyring_class="no.such.Keyring", lock_file=str(tmp_path / "l"))
    with pytest.raises(BackendError, match="cannot load keyring class"):
        backend.list()


def test_the_fixture_daemon_stops_the_processes_it_started(tmp_path):
    daemon = KeyringDaemon(str(tmp_path / "kd")).start()
    pids = [p.pid for p in daemon._procs]
    assert len(pids) == 2 and all(os.path.exists(f"/proc/{pid}") for pid in pids)

    daemon.stop()
    assert not any(os.path.exists(f"/proc/{pid}") for pid in pids)
