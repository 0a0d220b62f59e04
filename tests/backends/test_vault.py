"""Vault KV v2 through hvac.

The integration tests talk to the server named by VAULT_ADDR (with VAULT_TOKEN), else to a dev
server started from a `vault` or OpenBao `bao` binary; with neither they are skipped and say so.
The configuration and connection-error tests need no server and always run.
"""
from __future__ import annotations

import base64
import json
import logging
import time
import uuid

import hvac
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from jupyter_secrets.backends.base import BackendError, SecretNotFound
from jupyter_secrets.backends.vault import VaultBackend
from jupyter_secrets.testing.vault_server import VaultDevServer, find_vault_binary

from .helpers import assert_not_logged, secret_like


@pytest.fixture
def root_client(vault_server):
    client = hvac.Client(url=vault_server["url"], token=vault_server["token"], timeout=10)
    yield client
    client.adapter.close()


@pytest.fixture
def scoped_policy(root_client, vault_backend):
    """A policy that allows exactly what the backend needs under its own path prefix."""
    name = f"jupyter-secrets-{uuid.uuid4().hex[:8]}"
    prefix = vault_backend.path_prefix
    rules = (f'path "secret/data/{prefix}*" {{ capabilities = ["create", "read", "update", "delete"] }}\n'
             f'path "secret/metadata/{prefix}*" {{ capabilities = ["read", "list", "delete"] }}\n')
    root_client.sys.create_or_update_policy(name=name, policy=rules)
    return name


# -- against a server --------------------------------------------------------------------------


def test_round_trip_and_list_without_values(vault_backend):
    info = vault_backend.set("OPENAI_API_KEY", secret_like("vault"))
    vault_backend.set("GITHUB_TOKEN", secret_like("gh"))

    assert info.version == "1"
    assert vault_backend.get("OPENAI_API_KEY") == secret_like("vault")
    listed = vault_backend.list()
    assert [i.name for i in listed] == ["GITHUB_TOKEN", "OPENAI_API_KEY"]
    assert listed[1].created and listed[1].version == "1"
    assert secret_like("vault") not in repr(listed)


def test_versions_come_from_kv_metadata(vault_backend):
    for n in (1, 2, 3):
        vault_backend.set("TOKEN", secret_like(f"v{n}"))

    assert [i.version for i in vault_backend.versions("TOKEN")] == ["3", "2", "1"]
    assert vault_backend.get("TOKEN", version="2") == secret_like("v2")
    for missing in ("9", "latest"):
        with pytest.raises(SecretNotFound, match="version"):
            vault_backend.get("TOKEN", version=missing)


def test_delete_removes_every_version_then_not_found(vault_backend):
    vault_backend.set("TOKEN", secret_like("1"))
    vault_backend.set("TOKEN", secret_like("2"))
    vault_backend.delete("TOKEN")

    assert vault_backend.list() == []
    with pytest.raises(SecretNotFound) as caught:
        vault_backend.get("TOKEN", version="1")
    assert "TOKEN" in str(caught.value)
    with pytest.raises(SecretNotFound):
        vault_backend.delete("TOKEN")


def test_soft_delete_keeps_the_older_versions(vault_backend):
    vault_backend.soft_delete = True
    vault_backend.set("TOKEN", secret_like("1"))
    vault_backend.set("TOKEN", secret_like("2"))
    vault_backend.delete("TOKEN")

    assert vault_backend.list() == []
    with pytest.raises(SecretNotFound):
        vault_backend.get("TOKEN")
    assert [i.version for i in vault_backend.versions("TOKEN")] == ["1"]
    assert vault_backend.get("TOKEN", version="1") == secret_like("1")


def test_folders_and_foreign_keys_are_handled(vault_backend, root_client):
    prefix = vault_backend.path_prefix
    root_client.secrets.kv.v2.create_or_update_secret(path=prefix + "team/NESTED", secret={"value": "x"})
    root_client.secrets.kv.v2.create_or_update_secret(path=prefix + "OTHER_SHAPE", secret={"password": "x"})
    vault_backend.set("MINE", secret_like("mine"))

    assert [i.name for i in vault_backend.list()] == ["MINE", "OTHER_SHAPE"]
    with pytest.raises(BackendError, match="value_key"):
        vault_backend.get("OTHER_SHAPE")


def test_a_token_without_a_policy_gets_a_clear_message(vault_backend, root_client):
    weak = root_client.auth.token.create(policies=["default"], ttl="5m")["auth"]["client_token"]
    backend = VaultBackend(url=vault_backend.url, token=weak, path_prefix=vault_backend.path_prefix)

    with pytest.raises(BackendError) as caught:
        backend.set("TOKEN", secret_like("denied"))
    message = str(caught.value)
    assert "permission denied" in message and "secret/data/" in message
    assert secret_like("denied") not in message
    backend.close()


def test_a_wrong_mount_point_is_named(vault_backend):
    vault_backend.mount_point = "no-such-mount"
    with pytest.raises(BackendError, match="c.VaultBackend.mount_point"):
        vault_backend.get("TOKEN")


def test_the_token_comes_from_the_environment_or_a_token_file(vault_server, vault_backend, tmp_path, monkeypatch):
    vault_backend.set("TOKEN", secret_like("t"))
    monkeypatch.setenv("VAULT_ADDR", vault_server["url"])
    monkeypatch.setenv("VAULT_TOKEN", vault_server["token"])
    from_env = VaultBackend(path_prefix=vault_backend.path_prefix)
    assert from_env.get("TOKEN") == secret_like("t")
    from_env.close()

    monkeypatch.delenv("VAULT_TOKEN")
    token_file = tmp_path / "vault-token"
    token_file.write_text(vault_server["token"] + "\n")
    from_file = VaultBackend(path_prefix=vault_backend.path_prefix, token_file=str(token_file))
    assert from_file.get("TOKEN") == secret_like("t")
    from_file.close()


def test_approle_login(vault_backend, root_client, scoped_policy, tmp_path):
    mount = f"approle-{uuid.uuid4().hex[:8]}"
    root_client.sys.enable_auth_method("approle", path=mount)
    root_client.auth.approle.create_or_update_approle("notebooks", token_policies=[scoped_policy],
                                                      mount_point=mount)
    role_id = root_client.auth.approle.read_role_id("notebooks", mount_point=mount)["data"]["role_id"]
    secret_id = root_client.auth.approle.generate_secret_id("notebooks", mount_point=mount)["data"]["secret_id"]
    secret_file = tmp_path / "secret-id"
    secret_file.write_text(secret_id)

    backend = VaultBackend(url=vault_backend.url, path_prefix=vault_backend.path_prefix, auth_method="approle",
                           auth_mount=mount, role_id=role_id, secret_id_file=str(secret_file))
    backend.set("TOKEN", secret_like("approle"))
    assert backend.get("TOKEN") == secret_like("approle")
    backend.close()

    secret_file.write_text("not-the-secret-id")
    wrong = VaultBackend(url=vault_backend.url, path_prefix=vault_backend.path_prefix, auth_method="approle",
                         auth_mount=mount, role_id=role_id, secret_id_file=str(secret_file))
    with pytest.raises(BackendError, match="approle login failed"):
        wrong.get("TOKEN")


def signed_jwt(key, claims: dict) -> str:
    def part(data: dict) -> bytes:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=")

    signing_input = part({"alg": "RS256", "typ": "JWT"}) + b"." + part(claims)
    signature = key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    return (signing_input + b"." + base64.urlsafe_b64encode(signature).rstrip(b"=")).decode()


def test_jwt_login(vault_backend, root_client, scoped_policy, tmp_path):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    mount = f"jwt-{uuid.uuid4().hex[:8]}"
    root_client.sys.enable_auth_method("jwt", path=mount)
    root_client.auth.jwt.configure(jwt_validation_pubkeys=[public_pem], path=mount)
    root_client.auth.jwt.create_role("notebooks", user_claim="sub", allowed_redirect_uris=[], role_type="jwt",
                                     bound_audiences=["jupyter-secrets"], token_policies=[scoped_policy],
                                     path=mount)
    now = int(time.time())
    jwt_file = tmp_path / "jwt"
    jwt_file.write_text(signed_jwt(key, {"sub": "pod-1", "aud": "jupyter-secrets", "iat": now,
                                         "nbf": now - 5, "exp": now + 300}))

    backend = VaultBackend(url=vault_backend.url, path_prefix=vault_backend.path_prefix, auth_method="jwt",
                           auth_mount=mount, role="notebooks", jwt_file=str(jwt_file))
    backend.set("TOKEN", secret_like("jwt"))
    assert backend.get("TOKEN") == secret_like("jwt")
    backend.close()


def test_no_value_in_logs_or_errors(vault_backend, caplog):
    caplog.set_level(logging.DEBUG)
    value = secret_like("vault-logs")
    vault_backend.set("TOKEN", value)
    vault_backend.get("TOKEN")
    vault_backend.delete("TOKEN")
    with pytest.raises(SecretNotFound) as caught:
        vault_backend.get("TOKEN")

    assert value not in str(caught.value)
    assert caplog.records
    assert_not_logged(value, caplog)


def test_a_sealed_vault_says_so(tmp_path):
    binary = find_vault_binary()
    if binary is None:
        pytest.skip("no `vault` or `bao` binary to start a dev server that can be sealed")
    with VaultDevServer(str(tmp_path), binary) as server:
        root = hvac.Client(url=server.url, token=server.root_token)
        root.sys.seal()
        root.adapter.close()
        backend = VaultBackend(url=server.url, token=server.root_token)
        with pytest.raises(BackendError, match="sealed"):
            backend.list()
        backend.close()


# -- no server needed --------------------------------------------------------------------------


@pytest.mark.parametrize("settings, expected", [
    ({"url": ""}, "no Vault address"),
    ({"url": "vault.example.org:8200"}, "not an http(s) URL"),
    ({"auth_method": "approle"}, "c.VaultBackend.role_id"),
    ({"auth_method": "approle", "role_id": "r"}, "secret_id"),
    ({"auth_method": "jwt"}, "c.VaultBackend.role"),
    ({"auth_method": "jwt", "role": "r"}, "c.VaultBackend.jwt_file"),
    ({"auth_method": "kubernetes"}, "c.VaultBackend.role"),
])
def test_incomplete_settings_are_named_before_any_request(settings, expected, monkeypatch):
    monkeypatch.delenv("VAULT_ADDR", raising=False)
    monkeypatch.delenv("VAULT_SECRET_ID", raising=False)
    backend = VaultBackend(**{"url": "http://127.0.0.1:1", **settings})
    with pytest.raises(BackendError) as caught:
        backend.get("TOKEN")
    assert expected in str(caught.value)


def test_an_unknown_auth_method_is_refused():
    from traitlets import TraitError

    with pytest.raises(TraitError):
        VaultBackend(auth_method="password")


def test_a_missing_credential_file_is_named_not_read(tmp_path, free_closed_port):
    backend = VaultBackend(url=f"http://127.0.0.1:{free_closed_port}", auth_method="kubernetes", role="nb",
                           jwt_file=str(tmp_path / "no-token"))
    with pytest.raises(BackendError, match="does not exist"):
        backend.get("TOKEN")


def test_no_token_anywhere_says_how_to_log_in(tmp_path, monkeypatch, free_closed_port):
    monkeypatch.delenv("VAULT_TOKEN", raising=False)
    backend = VaultBackend(url=f"http://127.0.0.1:{free_closed_port}", token_file=str(tmp_path / "none"))
    with pytest.raises(BackendError, match="vault login"):
        backend.list()


def test_a_closed_port_fails_fast_and_clearly(free_closed_port):
    backend = VaultBackend(url=f"http://127.0.0.1:{free_closed_port}", token="t", timeout=2)
    started = time.monotonic()
    with pytest.raises(BackendError) as caught:
        backend.set("TOKEN", secret_like("nowhere"))
    assert time.monotonic() - started < 5
    assert "cannot reach Vault" in str(caught.value)
    assert secret_like("nowhere") not in str(caught.value)
    assert backend.status()["ok"] is False
