"""The per-installation fingerprint key."""
import stat
import subprocess
import sys

import pytest

from jupyter_secrets.fingerprint_key import (FingerprintKeyError, key_check, key_file_path,
                                             load_fingerprint_key)

from .conftest import python_env


def test_created_on_first_use_owner_only_and_then_reused():
    key = load_fingerprint_key()
    path = key_file_path()
    assert len(key) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_fingerprint_key() == key
    assert [p.name for p in path.parent.iterdir()] == ["fingerprint.key"]  # no temporary left


def test_the_environment_wins(monkeypatch):
    monkeypatch.setenv("JUPYTER_SECRETS_FINGERPRINT_KEY", "0f" * 32)
    assert load_fingerprint_key() == bytes.fromhex("0f" * 32)
    assert not key_file_path().exists()


@pytest.mark.parametrize("value, message", [("not-hex", "hex string"), ("abcd", "at least 16")])
def test_a_bad_key_says_what_is_wrong_without_echoing_it(monkeypatch, value, message):
    monkeypatch.setenv("JUPYTER_SECRETS_FINGERPRINT_KEY", value)
    with pytest.raises(FingerprintKeyError, match=message) as info:
        load_fingerprint_key()
    assert value not in str(info.value)


def test_a_corrupt_key_file_is_reported():
    path = key_file_path()
    path.parent.mkdir(parents=True)
    path.write_text("zz\n")
    with pytest.raises(FingerprintKeyError, match="fingerprint.key"):
        load_fingerprint_key()


def test_concurrent_first_uses_agree_on_one_key():
    code = "from jupyter_secrets.fingerprint_key import load_fingerprint_key as k; print(k().hex())"
    children = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                                 env=python_env()) for _ in range(6)]
    keys = {child.communicate(timeout=60)[0].strip() for child in children}
    assert len(keys) == 1 and all(child.returncode == 0 for child in children)
    assert bytes.fromhex(keys.pop()) == load_fingerprint_key()


def test_key_check_tells_keys_apart():
    assert key_check(b"a" * 32) == key_check(b"a" * 32) != key_check(b"b" * 32)
