"""How a kernel (or any Python process) reaches secrets.

With a token from the server that launched it, through the server's broker, so the server's
policy and audit apply. Without one (plain IPython, scripts, batch jobs), directly from the
current environment's backend, each read and write recorded in the audit trail, unless
`c.WorkloadIdentity.allow_direct_read` is False.
"""
from __future__ import annotations

import os
from typing import List, Optional

from traitlets.config import Config

from ..backends.base import BackendError, SecretBackend, SecretInfo
from .audit_store import AuditError, AuditStore, AuditTrail, default_actor
from .auditor import Auditor
from .broker_client import BrokerClient, BrokerDenied, BrokerError
from .environments import Environments, open_backend
from .identity import WorkloadIdentity


class AccessRefused(BackendError, PermissionError):
    """The server refused: the secret is not granted to this notebook, or the token is bad."""


def kernel_backend(config: Config) -> SecretBackend:
    """The way this process reads secrets; see the module docstring."""
    client = BrokerClient.from_environment()
    if client is not None:
        return BrokerBackend(client)
    if not WorkloadIdentity(config=config).allow_direct_read:
        raise BackendError("policy", "this process has no identity from a Jupyter server and "
                                     "c.WorkloadIdentity.allow_direct_read is False",
                           "run it in a Jupyter server with jupyter-secrets enabled")
    env = Environments(config=config).current
    auditor = Auditor(AuditStore(AuditTrail(config=config)), env, default_actor(), "kernel")
    return AuditedBackend(open_backend(config, env), auditor)


class BrokerBackend(SecretBackend):
    """The server that launched this kernel, seen as a backend."""

    name = "server"

    def __init__(self, client: BrokerClient):
        self.client = client
        self.reason = "this kernel's Jupyter server gave it an identity: policy and audit apply"

    def get(self, name: str, version: Optional[str] = None) -> str:
        return self._call(self.client.get, name, version)

    def set(self, name: str, value: str) -> SecretInfo:
        reply = self._call(self.client.set, name, value)
        return SecretInfo(name, version=reply.get("version"))

    def delete(self, name: str) -> None:
        raise BackendError(self.name, "a kernel cannot delete secrets",
                           f"delete {name!r} from the Secrets panel or with jupyter-secrets")

    def list(self) -> List[SecretInfo]:
        return [SecretInfo(e["name"], e.get("created"), e.get("updated"), e.get("version"))
                for e in self._call(self.client.list)]

    def describe(self) -> str:
        return f"the Jupyter server at {self.client.url}"

    def _call(self, method, *args):
        try:
            return method(*args)
        except BrokerDenied as e:
            raise AccessRefused(self.name, e.message) from None
        except BrokerError as e:
            raise BackendError(self.name, e.message) from None


class AuditedBackend(SecretBackend):
    """A backend read directly, with each read and write in the audit trail (fail closed)."""

    def __init__(self, inner: SecretBackend, auditor: Auditor):
        self.inner = inner
        self.auditor = auditor
        self.name, self.read_only, self.reason = inner.name, inner.read_only, inner.reason
        self.path = _notebook_hint()

    def get(self, name: str, version: Optional[str] = None) -> str:
        try:
            value = self.inner.get(name, version)
        except BackendError:
            raise
        except KeyError:
            self._record("read", "not-found", name, version)
            raise
        self._record("read", "ok", name, version, "direct read: no server identity")
        return value

    def set(self, name: str, value: str) -> SecretInfo:
        info = self.inner.set(name, value)
        self._record("set", "ok", name, info.version, "direct write: no server identity")
        return info

    def delete(self, name: str) -> None:
        self.inner.delete(name)
        self._record("delete", "ok", name, None)

    def list(self) -> List[SecretInfo]:
        return self.inner.list()

    def versions(self, name: str) -> List[SecretInfo]:
        return self.inner.versions(name)

    def describe(self) -> str:
        return self.inner.describe()

    def status(self) -> dict:
        return self.inner.status()

    def close(self) -> None:
        self.inner.close()

    def _record(self, action: str, outcome: str, name: str, version: Optional[str],
                detail: str = "") -> None:
        try:
            self.auditor.record(action, outcome, name, version, detail, path=self.path)
        except AuditError as e:
            raise BackendError("audit", str(e), "fix the audit trail (c.AuditTrail.db_path), or "
                                                "read secrets through a Jupyter server") from None


def _notebook_hint() -> str:
    return os.path.basename(os.environ.get("JPY_SESSION_NAME", "")) or ""
