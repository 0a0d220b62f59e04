"""The one interface every secret backend implements."""
from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import List, Optional


class BackendError(Exception):
    """A backend is locked, unreachable or misconfigured.

    The message says which backend and what to do; it never holds a secret value.
    """

    def __init__(self, backend: str, message: str, hint: str = ""):
        self.backend = backend
        self.hint = hint
        super().__init__(f"{backend}: {message}" + (f" ({hint})" if hint else ""))


class SecretNotFound(KeyError):
    """No secret of that name in the backend."""

    def __init__(self, name: str, backend: str):
        self.name = name
        self.backend = backend
        super().__init__(name)

    def __str__(self) -> str:
        return (f"no secret named {self.name!r} in the {self.backend} backend: add it from the "
                f"Secrets panel or with `%secret set {self.name}`")


@dataclass(frozen=True)
class SecretInfo:
    """What may be shown about a secret: everything but its value."""

    name: str
    created: Optional[float] = None  # epoch seconds
    updated: Optional[float] = None
    version: Optional[str] = None


class SecretBackend(abc.ABC):
    """Get, set, delete and list secrets. Implementations raise BackendError / SecretNotFound."""

    #: Short name shown to users ("keyring", "local", "aws", "vault", "env").
    name: str = ""
    read_only: bool = False

    @abc.abstractmethod
    def get(self, name: str, version: Optional[str] = None) -> str: ...

    @abc.abstractmethod
    def set(self, name: str, value: str) -> SecretInfo: ...

    @abc.abstractmethod
    def delete(self, name: str) -> None: ...

    @abc.abstractmethod
    def list(self) -> List[SecretInfo]: ...

    def versions(self, name: str) -> List[SecretInfo]:
        """Versions, newest first, where the backend keeps them; else just the current one."""
        return [i for i in self.list() if i.name == name]

    def status(self) -> dict:
        """{"backend": name, "ok": bool, "message": str}: for the panel and `jupyter-secrets status`."""
        try:
            self.list()
        except BackendError as e:
            return {"backend": self.name, "ok": False, "message": str(e)}
        return {"backend": self.name, "ok": True, "message": ""}
