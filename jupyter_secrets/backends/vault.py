"""HashiCorp Vault (or OpenBao) KV version 2 through hvac.

Each secret is one KV path `<path_prefix><NAME>` whose data holds the value under
`value_key`; Vault's own version history gives `versions()`.
"""
from __future__ import annotations

import datetime
import logging
import os
import re
import time
from typing import Any, Callable, Dict, List, Optional, TypeVar

from traitlets import Bool, Enum, Float, Unicode, default

from .base import (BackendError, ConfigurableBackend, SecretInfo, SecretNotFound, check_name,
                   check_value, is_valid_name, scrub)
from .vault_auth import AUTH_METHODS, check_auth_settings, login

log = logging.getLogger(__name__)

BACKEND = "vault"
T = TypeVar("T")


class VaultBackend(ConfigurableBackend):
    """Secrets in a Vault KV v2 secrets engine."""

    name = BACKEND

    url = Unicode(help="Vault address, e.g. https://vault.example.org:8200. "
                       "Default: $VAULT_ADDR.").tag(config=True)
    namespace = Unicode(help="Vault Enterprise namespace. Default: $VAULT_NAMESPACE.").tag(config=True)
    ca_cert = Unicode(help="CA bundle to verify Vault's TLS certificate. Default: $VAULT_CACERT, "
                           "else the system's.").tag(config=True)
    tls_verify = Bool(True, help="Verify Vault's TLS certificate; turn off only for a "
                                 "throwaway test server.").tag(config=True)
    mount_point = Unicode("secret", help="Mount point of the KV v2 secrets engine.").tag(config=True)
    path_prefix = Unicode("jupyter-secrets/", help="Path under the mount where the secrets "
                                                   "live.").tag(config=True)
    value_key = Unicode("value", help="Key of the value within each KV secret's data.").tag(config=True)
    soft_delete = Bool(False, help="Delete only the latest version (recoverable with `vault kv "
                                   "undelete`) instead of the secret and its history.").tag(config=True)
    timeout = Float(5.0, help="Seconds to wait for Vault to connect and answer.").tag(config=True)

    auth_method = Enum(AUTH_METHODS, default_value="token", help="How to log in: 'token' "
                       "(token, $VAULT_TOKEN or token_file), 'approle' (role_id + secret_id), "
                       "'jwt' (role + jwt_file), 'kubernetes' (role + the pod's service account "
                       "token) or 'workload' (role + auth_mount: a Jupyter server logs in with a "
                       "JWT it signs itself, its kernels with JWTs it issues them; see `jupyter-"
                       "secrets vault setup`).").tag(config=True)
    auth_mount = Unicode("", help="Mount point of the auth method; empty: its default "
                                  "('approle', 'jwt', 'kubernetes').").tag(config=True)
    token = Unicode("", help="A Vault token. Prefer $VAULT_TOKEN or token_file: config files "
                             "are often readable by others.").tag(config=True)
    token_file = Unicode("~/.vault-token", help="File holding a Vault token (written by `vault "
                                                "login`).").tag(config=True)
    role_id = Unicode("", help="AppRole role_id.").tag(config=True)
    secret_id = Unicode("", help="AppRole secret_id; prefer secret_id_file or "
                                 "$VAULT_SECRET_ID.").tag(config=True)
    secret_id_file = Unicode("", help="File holding the AppRole secret_id.").tag(config=True)
    role = Unicode("", help="Role for JWT or Kubernetes auth.").tag(config=True)
    jwt_file = Unicode("", help="File holding the JWT for JWT auth; for Kubernetes auth, default "
                                "is the pod's service account token.").tag(config=True)

    @default("url")
    def _default_url(self) -> str:
        return os.environ.get("VAULT_ADDR", "")

    @default("namespace")
    def _default_namespace(self) -> str:
        return os.environ.get("VAULT_NAMESPACE", "")

    @default("ca_cert")
    def _default_ca_cert(self) -> str:
        return os.environ.get("VAULT_CACERT", "")

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._client: Any = None
        #: For auth_method 'workload': returns a fresh JWT (set by the server that owns this backend)
        self.jwt_provider: Optional[Callable[[], str]] = None

    def close(self) -> None:
        if self._client is not None:
            self._client.adapter.close()
            self._client = None

    def describe(self) -> str:
        return f"Vault at {self.url or '(no address)'}, {self.mount_point}/{self._prefix()}*"

    # -- the interface ---------------------------------------------------------------------

    def get(self, name: str, version: Optional[str] = None) -> str:
        check_name(BACKEND, name)
        number = None
        if version is not None:
            if not str(version).isdigit():
                raise SecretNotFound(name, BACKEND, str(version))
            number = int(version)
        reply = self._call(lambda c: c.secrets.kv.v2.read_secret_version(
            path=self._path(name), version=number, mount_point=self.mount_point,
            raise_on_deleted_version=True), name, version)
        data = (reply.get("data") or {}).get("data") or {}
        if self.value_key not in data:
            raise BackendError(BACKEND, f"the Vault secret {self._path(name)!r} has no key "
                                        f"{self.value_key!r}", "set c.VaultBackend.value_key to the "
                                                               "key that holds the value")
        return str(data[self.value_key])

    def set(self, name: str, value: str) -> SecretInfo:
        check_name(BACKEND, name)
        check_value(BACKEND, value)
        reply = self._call(lambda c: c.secrets.kv.v2.create_or_update_secret(
            path=self._path(name), secret={self.value_key: value}, mount_point=self.mount_point),
            name, value=value)
        data = reply.get("data") or {}
        log.info("vault: stored version %s of %s", data.get("version"), name)
        return SecretInfo(name, updated=_epoch(data.get("created_time")) or time.time(),
                          version=str(data.get("version")))

    def delete(self, name: str) -> None:
        check_name(BACKEND, name)
        self._metadata(name)  # Vault deletes a missing path without complaint; we report it
        kv = "delete_latest_version_of_secret" if self.soft_delete else "delete_metadata_and_all_versions"
        self._call(lambda c: getattr(c.secrets.kv.v2, kv)(path=self._path(name),
                                                           mount_point=self.mount_point), name)
        log.info("vault: deleted %s", name)

    def list(self) -> List[SecretInfo]:
        try:
            reply = self._call(lambda c: c.secrets.kv.v2.list_secrets(
                path=self._prefix(), mount_point=self.mount_point), name="")
        except SecretNotFound:  # Vault answers 404 for an empty folder
            return []
        infos = []
        for key in (reply.get("data") or {}).get("keys", []):
            if key.endswith("/") or not is_valid_name(key):
                continue
            try:
                meta = self._metadata(key)
            except SecretNotFound:  # deleted between the listing and now
                continue
            current = meta.get("versions", {}).get(str(meta.get("current_version")), {})
            if current.get("deletion_time") or current.get("destroyed"):
                continue
            infos.append(SecretInfo(key, created=_epoch(meta.get("created_time")),
                                    updated=_epoch(meta.get("updated_time")),
                                    version=str(meta.get("current_version"))))
        return infos

    def versions(self, name: str) -> List[SecretInfo]:
        check_name(BACKEND, name)
        meta = self._metadata(name)
        found = []
        for number, details in meta.get("versions", {}).items():
            if details.get("deletion_time") or details.get("destroyed"):
                continue
            created = _epoch(details.get("created_time"))
            found.append(SecretInfo(name, created=created, updated=created, version=str(number)))
        return sorted(found, key=lambda i: int(i.version or 0), reverse=True)

    def client(self) -> Any:
        """The logged-in hvac client (for grant data kept as Vault roles)."""
        return self._session()

    def kv_path(self, name: str) -> str:
        """The KV path of `name` under the mount."""
        return self._path(name)

    # -- internals -------------------------------------------------------------------------

    def _prefix(self) -> str:
        prefix = self.path_prefix.strip("/")
        return prefix + "/" if prefix else ""

    def _path(self, name: str) -> str:
        return self._prefix() + name

    def _metadata(self, name: str) -> Dict[str, Any]:
        reply = self._call(lambda c: c.secrets.kv.v2.read_secret_metadata(
            path=self._path(name), mount_point=self.mount_point), name)
        return reply.get("data") or {}

    def _connect(self) -> Any:
        if not self.url:
            raise BackendError(BACKEND, "no Vault address", "set $VAULT_ADDR or c.VaultBackend.url")
        if not re.match(r"https?://", self.url):
            raise BackendError(BACKEND, f"the Vault address {self.url!r} is not an http(s) URL",
                               "set c.VaultBackend.url to e.g. https://vault.example.org:8200")
        check_auth_settings(self)
        import hvac

        verify: Any = (self.ca_cert or True) if self.tls_verify else False
        client = hvac.Client(url=self.url, namespace=self.namespace or None, verify=verify,
                             timeout=self.timeout)
        self._guard(lambda: login(client, self), phase=f"{self.auth_method} login")
        return client

    def _call(self, op: Callable[[Any], T], name: Optional[str] = None,
              version: Optional[str] = None, value: Optional[str] = None) -> T:
        """Run one request; a refused token is replaced by logging in (or re-reading it) once."""
        try:
            return self._guard(lambda: op(self._session()), name=name, version=version, value=value)
        except _Rejected:
            self.close()
        try:
            return self._guard(lambda: op(self._session()), name=name, version=version, value=value)
        except _Rejected:
            raise _permission_error(self) from None

    def _session(self) -> Any:
        if self._client is None:
            self._client = self._connect()
        return self._client

    def _guard(self, op: Callable[[], T], name: Optional[str] = None, version: Optional[str] = None,
               value: Optional[str] = None, phase: str = "") -> T:
        """Turn hvac and requests errors into one clear exception."""
        import hvac.exceptions
        import requests

        try:
            return op()
        except hvac.exceptions.VaultError as e:
            errors = scrub("; ".join(map(str, e.errors or [])) if e.errors else "", value)
            log.debug("vault: %s failed: %s %s", phase or "request", type(e).__name__, errors)
            raise _vault_error(self, e, errors, name, version, phase) from None
        except requests.exceptions.SSLError:
            raise BackendError(BACKEND, f"TLS verification of {self.url} failed",
                               "set c.VaultBackend.ca_cert (or $VAULT_CACERT) to Vault's CA bundle") from None
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout):
            raise BackendError(BACKEND, f"cannot reach Vault at {self.url}",
                               "check that Vault is running, $VAULT_ADDR and the network") from None


class _Rejected(Exception):
    """Vault refused the token: maybe expired, maybe no policy. Logging in again tells."""


def _vault_error(backend: VaultBackend, e: Exception, errors: str, name: Optional[str],
                 version: Optional[str], phase: str) -> Exception:
    import hvac.exceptions as hx

    if phase:
        return BackendError(BACKEND, f"{phase} failed ({errors or type(e).__name__})",
                            "check the credentials and the role configured in c.VaultBackend")
    if isinstance(e, hx.InvalidPath):
        if "no handler for route" in errors:
            return BackendError(BACKEND, f"no secrets engine is mounted at {backend.mount_point!r}",
                                "set c.VaultBackend.mount_point to your KV v2 mount")
        return SecretNotFound(name or "", BACKEND, None if version is None else str(version))
    if isinstance(e, (hx.Forbidden, hx.Unauthorized)):
        return _Rejected()
    if isinstance(e, (hx.VaultDown, hx.VaultNotInitialized)):
        return BackendError(BACKEND, f"Vault at {backend.url} is sealed or not initialised",
                            "ask its operator to unseal it")
    if isinstance(e, hx.InvalidRequest) and "not a kv" in errors.lower():
        return BackendError(BACKEND, f"the mount {backend.mount_point!r} is not a KV v2 engine",
                            "set c.VaultBackend.mount_point to your KV v2 mount")
    return BackendError(BACKEND, f"Vault refused the request ({type(e).__name__}: {errors})",
                        "see Vault's server log for details")


def _permission_error(backend: VaultBackend) -> BackendError:
    mount, prefix = backend.mount_point, backend._prefix()
    paths = f"{mount}/data/{prefix}* and {mount}/metadata/{prefix}*"
    return BackendError(BACKEND, "permission denied (the token is invalid, expired, or lacks a policy)",
                        f"log in again, or grant read, create, update, delete and list on {paths}")


_FRACTION = re.compile(r"(\.\d{6})\d+")


def _epoch(stamp: Any) -> Optional[float]:
    """Vault's RFC 3339 times carry nanoseconds, which fromisoformat does not take."""
    if not isinstance(stamp, str) or not stamp:
        return None
    text = _FRACTION.sub(r"\1", stamp).replace("Z", "+00:00")
    try:
        return datetime.datetime.fromisoformat(text).timestamp()
    except ValueError:
        return None

