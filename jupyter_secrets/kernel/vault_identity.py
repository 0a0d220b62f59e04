"""A kernel that reads from OpenBao/Vault with its own identity.

When the server says so (`JUPYTER_SECRETS_VAULT_IDENTITY` in the kernel's environment), a read
goes: ask the server for a JWT naming this kernel, its notebook and the secret (authenticated
with the kernel token); exchange it at Vault's JWT auth for a Vault token of minutes; read the
KV path with that token; tell the server, for its audit trail. Vault decides: a notebook outside
the secret's grant gets no token. The token is kept in memory per secret until shortly before
it expires and is never written anywhere; the kernel holds no other Vault credential.

Listing and storing secrets still go through the server's broker (which writes grants to Vault).
"""
from __future__ import annotations

import json
import os
import threading
import time
import urllib.error
import urllib.request
from typing import Any, Dict, List, Mapping, Optional, Tuple

from ..backends.base import BackendError, SecretBackend, SecretInfo, SecretNotFound
from ..backends.vault_login import LoginRefused, jwt_login
from ..governance.identity import ENV_BROKER_URL, ENV_TOKEN, TOKEN_HEADER

ENV_VAULT_IDENTITY = "JUPYTER_SECRETS_VAULT_IDENTITY"
BACKEND = "vault"
RENEW_MARGIN = 10.0  # seconds before a Vault token's end at which a new one is fetched


class AccessRefused(BackendError, PermissionError):
    """Vault refused this notebook the secret."""


def vault_identity_backend(environ: Mapping[str, str] = os.environ) -> Optional[SecretBackend]:
    """The backend for a kernel whose server issues workload JWTs, else None."""
    if environ.get(ENV_VAULT_IDENTITY) != "1":
        return None
    url, token = environ.get(ENV_BROKER_URL, ""), environ.get(ENV_TOKEN, "")
    if not url or not token:
        return None
    from ..governance.broker_client import BrokerClient
    from ..governance.kernel_access import BrokerBackend

    return VaultIdentityBackend(ServerDesk(url, token), BrokerBackend(BrokerClient(url, token)))


class ServerDesk:
    """The two broker calls this needs: a JWT for a secret, and a read to record."""

    def __init__(self, broker_url: str, token: str, timeout: float = 30.0):
        self.url = broker_url.rstrip("/")
        self._token = token
        self.timeout = timeout

    def __repr__(self) -> str:  # never show the token
        return f"ServerDesk({self.url!r})"

    def login_for(self, secret: str) -> Dict[str, Any]:
        return self._post("/identity", {"secret": secret})

    def record_read(self, secret: str, version: str, outcome: str) -> None:
        self._post("/identity/reads", {"secret": secret, "version": version, "outcome": outcome})

    def _post(self, path: str, body: dict) -> Dict[str, Any]:
        request = urllib.request.Request(self.url + path, data=json.dumps(body).encode("utf-8"),
                                         method="POST")
        request.add_header(TOKEN_HEADER, self._token)
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            try:
                message = json.loads(e.read().decode("utf-8")).get("message") or e.reason
            except (ValueError, OSError, AttributeError):
                message = str(e.reason)
            error = AccessRefused if e.code == 403 else BackendError
            raise error("server", f"the Jupyter server refused ({e.code}): {message}") from None
        except (urllib.error.URLError, OSError, ValueError) as e:
            reason = getattr(e, "reason", None) or type(e).__name__
            raise BackendError("server", f"the Jupyter server at {self.url} did not answer "
                                         f"({reason})", "restart the kernel") from None


class VaultIdentityBackend(SecretBackend):
    """Reads from Vault with per-secret tokens got with this kernel's JWTs."""

    name = BACKEND

    def __init__(self, desk: ServerDesk, broker: SecretBackend, clock=time.monotonic):
        self.desk = desk
        self.broker = broker
        self.reason = "this kernel logs in to Vault with a JWT from its Jupyter server"
        self._clock = clock
        self._sessions: Dict[str, Tuple[Any, Dict[str, Any], float]] = {}
        self._lock = threading.Lock()

    def describe(self) -> str:
        return f"Vault, with this kernel's identity from {self.desk.url}"

    def get(self, name: str, version: Optional[str] = None) -> str:
        if version not in (None, "", "current") and not str(version).isdigit():
            raise BackendError(BACKEND, "read a rotation's previous version through the server",
                               "use the Secrets panel, or a version number")
        number = int(version) if version and str(version).isdigit() else None
        for attempt in (0, 1):
            client, where = self._session(name, fresh=attempt == 1)
            try:
                value, read_version = self._read(client, where, name, number)
            except _TokenRefused:
                self._drop(name)
                continue
            except SecretNotFound:
                self.desk.record_read(name, str(version or ""), "not-found")
                raise
            self.desk.record_read(name, read_version, "ok")  # fails closed: no record, no value
            return value
        self.desk.record_read(name, str(version or ""), "denied")
        raise AccessRefused(BACKEND, f"Vault refused this kernel's token for {name!r}",
                            "the grant may have been revoked: grant it again from the Secrets panel")

    def set(self, name: str, value: str) -> SecretInfo:
        self._drop(name)
        return self.broker.set(name, value)

    def delete(self, name: str) -> None:
        self.broker.delete(name)

    def list(self) -> List[SecretInfo]:
        return self.broker.list()

    def close(self) -> None:
        with self._lock:
            sessions, self._sessions = self._sessions, {}
        for client, _where, _until in sessions.values():
            client.adapter.close()

    # -- internals -------------------------------------------------------------------------

    def _session(self, name: str, fresh: bool = False) -> Tuple[Any, Dict[str, Any]]:
        now = self._clock()
        with self._lock:
            found = self._sessions.get(name)
        if found is not None and not fresh and found[2] > now:
            return found[0], found[1]
        import hvac

        login = self.desk.login_for(name)  # the server refuses a kernel without one notebook
        where = login["vault"]
        verify: Any = (where.get("ca_cert") or True) if where.get("tls_verify", True) else False
        client = hvac.Client(url=where["url"], namespace=where.get("namespace") or None,
                             verify=verify, timeout=10)
        try:
            _token, ttl = jwt_login(client, where["auth_mount"], where["role"], login["jwt"])
        except LoginRefused as e:
            client.adapter.close()
            self.desk.record_read(name, "", "denied")
            raise AccessRefused(BACKEND, e.message, e.hint) from None
        except BackendError:
            client.adapter.close()
            raise
        until = now + max(ttl - RENEW_MARGIN, 0.0)
        with self._lock:
            old = self._sessions.get(name)
            self._sessions[name] = (client, where, until)
        if old is not None:
            old[0].adapter.close()
        return client, where

    def _drop(self, name: str) -> None:
        with self._lock:
            old = self._sessions.pop(name, None)
        if old is not None:
            old[0].adapter.close()

    def _read(self, client: Any, where: Dict[str, Any], name: str,
              number: Optional[int]) -> Tuple[str, str]:
        import hvac.exceptions
        import requests

        try:
            reply = client.secrets.kv.v2.read_secret_version(
                path=where["path"], version=number, mount_point=where["kv_mount"],
                raise_on_deleted_version=True)
        except (hvac.exceptions.Forbidden, hvac.exceptions.Unauthorized):
            raise _TokenRefused() from None
        except hvac.exceptions.InvalidPath:
            raise SecretNotFound(name, BACKEND, None if number is None else str(number)) from None
        except hvac.exceptions.VaultError as e:
            raise BackendError(BACKEND, f"Vault refused the read ({type(e).__name__})",
                               "see Vault's server log") from None
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout):
            raise BackendError(BACKEND, f"cannot reach Vault at {where['url']}",
                               "check that Vault is running and reachable from the kernel") from None
        data = reply.get("data") or {}
        key = where.get("value_key") or "value"
        if key not in (data.get("data") or {}):
            raise BackendError(BACKEND, f"the Vault secret has no key {key!r}",
                               "set c.VaultBackend.value_key on the server")
        return str(data["data"][key]), str((data.get("metadata") or {}).get("version") or "")


class _TokenRefused(Exception):
    """Vault refused a token it gave: expired or its grant was revoked. Log in again once."""
