"""Choosing a backend: entry points, traitlets config, config files and the automatic choice."""
from __future__ import annotations

import json

import pytest
from traitlets.config import Config

from jupyter_secrets.backends.base import BackendError
from jupyter_secrets.backends.env import EnvBackend
from jupyter_secrets.backends.local import LocalStore
from jupyter_secrets.backends.os_keyring import KeyringBackend
from jupyter_secrets.backends.registry import backend_class, backend_names, get_backend

from .helpers import secret_like

BUILT_IN = {"keyring", "local", "aws", "vault", "env"}


def config(**sections) -> Config:
    return Config(sections)


def test_auto_picks_the_os_keyring_when_it_works(keyring_daemon, isolated_jupyter_dirs):
    backend = get_backend(Config())

    assert isinstance(backend, KeyringBackend)
    assert backend.reason.startswith("auto:") and "SecretService" in backend.reason
    assert backend.status()["reason"] == backend.reason


def test_auto_falls_back_to_the_encrypted_local_store(no_os_keyring, isolated_jupyter_dirs):
    backend = get_backend(Config())

    assert isinstance(backend, LocalStore)
    assert "auto:" in backend.reason and "local store" in backend.reason
    backend.set("TOKEN", secret_like("fallback"))
    assert backend.get("TOKEN") == secret_like("fallback")
    assert backend.status() == {"backend": "local", "ok": True, "message": "", "reason": backend.reason,
                                "detail": backend.describe(), "read_only": False}


def test_a_configured_backend_gets_its_own_settings(isolated_jupyter_dirs, tmp_path):
    backend = get_backend(config(SecretStore={"backend": "local"},
                                 LocalStore={"store_dir": str(tmp_path / "s"), "max_versions": 2}))

    assert isinstance(backend, LocalStore)
    assert backend.store_dir == str(tmp_path / "s") and backend.max_versions == 2
    assert backend.reason == "configured: c.SecretStore.backend = 'local'"


def test_the_users_json_config_file_is_read(isolated_jupyter_dirs):
    path = f"{isolated_jupyter_dirs['JUPYTER_CONFIG_DIR']}/jupyter_secrets_config.json"
    with open(path, "w") as handle:
        json.dump({"SecretStore": {"backend": "env"}, "EnvBackend": {"prefix": "NB_"}}, handle)

    backend = get_backend()
    assert isinstance(backend, EnvBackend) and backend.prefix == "NB_"


def test_the_users_python_config_file_is_read(isolated_jupyter_dirs):
    path = f"{isolated_jupyter_dirs['JUPYTER_CONFIG_DIR']}/jupyter_secrets_config.py"
    with open(path, "w") as handle:
        handle.write("c.SecretStore.backend = 'env'\nc.EnvBackend.names = ['ONE']\n")

    backend = get_backend()
    assert isinstance(backend, EnvBackend) and backend.names == ["ONE"]


def test_a_broken_config_file_gives_a_clear_error(isolated_jupyter_dirs):
    path = f"{isolated_jupyter_dirs['JUPYTER_CONFIG_DIR']}/jupyter_secrets_config.json"
    with open(path, "w") as handle:
        handle.write("{oops")

    with pytest.raises(BackendError) as caught:
        get_backend()
    assert "jupyter_secrets_config.json" in str(caught.value)


def test_the_environment_variable_chooses_when_no_config_does(isolated_jupyter_dirs, monkeypatch):
    monkeypatch.setenv("JUPYTER_SECRETS_BACKEND", "env")
    assert isinstance(get_backend(Config()), EnvBackend)
    assert isinstance(get_backend(config(SecretStore={"backend": "local"})), LocalStore)


def test_an_unknown_backend_names_the_known_ones(isolated_jupyter_dirs):
    with pytest.raises(BackendError) as caught:
        get_backend(config(SecretStore={"backend": "s3cret-sauce"}))
    assert "unknown backend 's3cret-sauce'" in str(caught.value)
    for name in BUILT_IN:
        assert name in str(caught.value)


def test_every_built_in_backend_is_registered_and_loads():
    assert BUILT_IN <= set(backend_names())
    for name in BUILT_IN:
        assert backend_class(name).name == name


def write_plugin(root, module: str, body: str, entry: str) -> None:
    """A minimal installed distribution: a module and a dist-info with one entry point."""
    (root / f"{module}.py").write_text(body)
    info = root / f"{module}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[jupyter_secrets.backends]\n{entry}\n")


def test_a_third_party_backend_is_found_through_its_entry_point(tmp_path, monkeypatch, isolated_jupyter_dirs):
    write_plugin(tmp_path, "shouty_backend",
                 "from jupyter_secrets.backends.env import EnvBackend\n"
                 "class ShoutyEnv(EnvBackend):\n    name = 'shouty'\n",
                 "shouty = shouty_backend:ShoutyEnv")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("LOUD", secret_like("loud"))

    assert "shouty" in backend_names()
    backend = get_backend(config(SecretStore={"backend": "shouty"}))
    assert backend.name == "shouty" and backend.get("LOUD") == secret_like("loud")


def test_a_broken_or_wrong_plugin_is_reported_not_raised_raw(tmp_path, monkeypatch):
    write_plugin(tmp_path, "broken_backend", "raise ImportError('missing dependency')\n",
                 "broken = broken_backend:Nothing")
    (tmp_path / "wrong_backend.py").write_text("class NotABackend:\n    pass\n")
    info = tmp_path / "wrong_backend-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: wrong_backend\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[jupyter_secrets.backends]\nwrong = wrong_backend:NotABackend\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    with pytest.raises(BackendError, match="could not be loaded"):
        backend_class("broken")
    with pytest.raises(BackendError, match="not name a SecretBackend"):
        backend_class("wrong")
