"""The one interface every secret backend implements."""
from __future__ import annotations

import abc
import re
from dataclasses import dataclass
from typing import List, Optional

from traitlets.config import Configurable

#: Letters, digits, `_ . -`; starts with a letter or `_`. Keeps names safe as keyring usernames,
#: file keys, AWS names and Vault paths, and leaves `@` and `/` free for internal item names.
NAME_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]{0,127}")


class BackendError(Exception):
    """A backend is locked, unreachable or misconfigured.

    The message says which backend and what to do; it never holds a secret value.
    """

    def __init__(self, backend: str, message: str, hint: str = ""):
        self.backend = backend
        self.message = message
        self.hint = hint
        super().__init__(f"{backend}: {message}" + (f" ({hint})" if hint else ""))


class InvalidSecretName(BackendError, ValueError):
    """A name no backend accepts; raised before any backend is touched."""

    def __init__(self, backend: str, name: object):
        shown = repr(name) if isinstance(name, str) and len(name) <= 140 else "the given name"
        super().__init__(
            backend,
            f"{shown} is not a valid secret name",
            "use 1 to 128 letters, digits, '_', '.' or '-', starting with a letter or '_'",
        )


class SecretNotFound(KeyError):
    """No secret of that name (or no such version of it) in the backend."""

    def __init__(self, name: str, backend: str, version: Optional[str] = None,
                 hint: Optional[str] = None):
        self.name = name
        self.backend = backend
        self.version = version
        self.hint = hint
        super().__init__(name)

    def __str__(self) -> str:
        if self.hint:
            which = f"version {self.version!r} of the secret" if self.version is not None else "secret named"
            return f"no {which} {self.name!r} in the {self.backend} backend: {self.hint}"
        if self.version is not None:
            return (f"no version {self.version!r} of the secret {self.name!r} in the {self.backend} "
                    f"backend: list its versions with `jupyter-secrets get {self.name}`")
        return (f"no secret named {self.name!r} in the {self.backend} backend: add it from the "
                f"Secrets panel or with `%secret set {self.name}`")


@dataclass(frozen=True)
class SecretInfo:
    """What may be shown about a secret: everything but its value."""

    name: str
    created: Optional[float] = None  # epoch seconds
    updated: Optional[float] = None
    version: Optional[str] = None


def check_name(backend: str, name: object) -> str:
    """Return `name` if it is a valid secret name, else raise InvalidSecretName."""
    if not is_valid_name(name):
        raise InvalidSecretName(backend, name)
    return name


def is_valid_name(name: object) -> bool:
    """Whether `name` may name a secret (foreign stores hold other names too: skip those)."""
    return isinstance(name, str) and NAME_PATTERN.fullmatch(name) is not None


def check_value(backend: str, value: object) -> str:
    """Return `value` if it can be stored; the error never shows the value."""
    if not isinstance(value, str):
        raise BackendError(backend, f"a secret value must be a string, not {type(value).__name__}")
    if not value:
        raise BackendError(backend, "a secret value must not be empty")
    if "\x00" in value:
        raise BackendError(backend, "a secret value must not contain NUL characters")
    return value


#: A piece of a value this long (or the whole value, when shorter) is enough to hide.
SCRUB_FRAGMENT = 8
#: Messages longer than this are scrubbed of whole forms only (the fragment search is quadratic).
SCRUB_FRAGMENTS_UP_TO = 4096


def scrub(text: str, value: Optional[str]) -> str:
    """Remove a value from a message that came from a library or a validator, in case it echoed
    its input: the value, its common encodings (base64, hex, URL, JSON, HTML), and any piece of
    one of them at least SCRUB_FRAGMENT characters long."""
    if not value or not text:
        return text
    from ..kernel.variants import variants  # pure functions; no kernel is involved

    forms = variants(value, min_length=min(len(value), SCRUB_FRAGMENT))
    for form in forms:
        if form in text:
            text = text.replace(form, "[secret]")
    if len(text) > SCRUB_FRAGMENTS_UP_TO:
        return text
    return _scrub_fragments(text, forms, min(len(value), SCRUB_FRAGMENT))


def _scrub_fragments(text: str, forms, size: int) -> str:
    pieces = {form[i:i + size] for form in forms for i in range(len(form) - size + 1)}
    hidden = [False] * len(text)
    for start in range(len(text) - size + 1):
        if text[start:start + size] in pieces:
            hidden[start:start + size] = [True] * size
    if not any(hidden):
        return text
    out, i = [], 0
    while i < len(text):
        if hidden[i]:
            while i < len(text) and hidden[i]:
                i += 1
            out.append("[secret]")
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


class SecretBackend(abc.ABC):
    """Get, set, delete and list secrets. Implementations raise BackendError / SecretNotFound."""

    #: Short name shown to users ("keyring", "local", "aws", "vault", "env").
    name: str = ""
    read_only: bool = False
    #: Why this backend is the one in use; set by the registry, shown by the panel.
    reason: str = ""

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

    def close(self) -> None:
        """Release connections; the backend may still be used afterwards (it reconnects)."""

    def describe(self) -> str:
        """Where the secrets live, in a few words for people (no credentials)."""
        return self.name

    def status(self) -> dict:
        """For the panel and `jupyter-secrets status`.

        {"backend": name, "ok": bool, "message": str, "reason": str, "detail": str}
        """
        result = {"backend": self.name, "ok": True, "message": "", "reason": self.reason,
                  "detail": self.describe(), "read_only": self.read_only}
        try:
            self.list()
        except BackendError as e:
            result.update(ok=False, message=str(e))
        return result


class _BackendMeta(abc.ABCMeta, type(Configurable)):
    """Lets a backend be both an abstract SecretBackend and a traitlets Configurable."""


class ConfigurableBackend(SecretBackend, Configurable, metaclass=_BackendMeta):
    """Base of the built-in backends: settings are traitlets, e.g. `c.LocalStore.store_dir`."""
