"""Logging in to Vault: a token, AppRole, or a JWT (plain JWT auth, Kubernetes auth, or the
Jupyter server's own workload identity, see `server/workload_identity.py`).

Credentials come from files or the environment in preference to config values, so that no
token needs to sit in a Jupyter config file.
"""
from __future__ import annotations

import os
from typing import Any

from .base import BackendError

BACKEND = "vault"
AUTH_METHODS = ("token", "approle", "jwt", "kubernetes", "workload")
KUBERNETES_TOKEN_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/token"


def check_auth_settings(settings: Any) -> None:
    """Raise one BackendError naming the missing setting, before any request is sent."""
    method = settings.auth_method
    if method == "approle" and not settings.role_id:
        raise _missing("c.VaultBackend.role_id", "the AppRole's role_id")
    if method == "approle" and not (settings.secret_id or settings.secret_id_file
                                    or os.environ.get("VAULT_SECRET_ID")):
        raise _missing("c.VaultBackend.secret_id_file or $VAULT_SECRET_ID", "the AppRole's secret_id")
    if method in ("jwt", "kubernetes", "workload") and not settings.role:
        raise _missing("c.VaultBackend.role", f"the {method} auth role")
    if method == "jwt" and not settings.jwt_file:
        raise _missing("c.VaultBackend.jwt_file", "the file holding the JWT")
    if method == "workload" and not settings.auth_mount:
        raise _missing("c.VaultBackend.auth_mount", "the JWT auth mount that trusts this server")
    if method == "workload" and getattr(settings, "jwt_provider", None) is None:
        # never a fallback to another credential: the caller must fix its setup
        raise BackendError(BACKEND, "the 'workload' auth method needs the identity of a Jupyter "
                                    "server with jupyter-secrets, and this process has none",
                           "use it in the server's config only; from a terminal, log in to Vault "
                           "yourself (`bao login`/`vault login`) with c.VaultBackend.auth_method "
                           "= 'token'")


def login(client: Any, settings: Any) -> None:
    """Give `client` a token by the configured method; hvac errors pass through to the caller."""
    method = settings.auth_method
    mount = settings.auth_mount or method
    if method == "token":
        client.token = _token(settings)
    elif method == "approle":
        secret_id = (settings.secret_id or os.environ.get("VAULT_SECRET_ID")
                     or read_credential(settings.secret_id_file, "AppRole secret_id"))
        client.auth.approle.login(role_id=settings.role_id, secret_id=secret_id, mount_point=mount)
    elif method == "workload":
        from .vault_login import jwt_login

        jwt_login(client, mount, settings.role, settings.jwt_provider())
    elif method == "jwt":
        jwt = read_credential(settings.jwt_file, "JWT")
        client.auth.jwt.jwt_login(role=settings.role, jwt=jwt, path=mount)
    else:
        jwt = read_credential(settings.jwt_file or KUBERNETES_TOKEN_FILE, "service account token")
        client.auth.kubernetes.login(role=settings.role, jwt=jwt, mount_point=mount)


def read_credential(path: str, what: str) -> str:
    """The stripped content of a credential file; errors name the file, never its content."""
    path = os.path.expanduser(path)
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read().strip()
    except FileNotFoundError:
        raise BackendError(BACKEND, f"the {what} file {path} does not exist",
                           "create it or point the setting at the right file") from None
    except (OSError, UnicodeDecodeError) as e:
        reason = getattr(e, "strerror", None) or "not text"
        raise BackendError(BACKEND, f"cannot read the {what} file {path}: {reason}") from None
    if not text:
        raise BackendError(BACKEND, f"the {what} file {path} is empty")
    return text


def _token(settings: Any) -> str:
    if settings.token:
        return settings.token
    if os.environ.get("VAULT_TOKEN"):
        return os.environ["VAULT_TOKEN"]
    path = os.path.expanduser(settings.token_file)
    if os.path.exists(path):
        return read_credential(path, "Vault token")
    raise BackendError(BACKEND, "no Vault token",
                       "set $VAULT_TOKEN, log in with `vault login` (writes ~/.vault-token), or "
                       "use AppRole, JWT or Kubernetes auth via c.VaultBackend.auth_method")


def _missing(setting: str, what: str) -> BackendError:
    return BackendError(BACKEND, f"{what} is not configured", f"set {setting}")
