"""`secret(name)`: a secret's value for code running in the kernel (or any Python process)."""
from __future__ import annotations

import logging
import threading
import time
from typing import Any, Dict, List, Optional, Tuple

from traitlets import Float
from traitlets.config import Configurable

from jupyter_secrets.backends.base import BackendError, SecretBackend, SecretInfo, SecretNotFound

from .errors import one_line

log = logging.getLogger(__name__)


class SecretClient(Configurable):
    """Reads and writes secrets in the configured backend, through a short cache, and tells the
    output redactor about every value it hands out."""

    cache_ttl = Float(5.0, help="Seconds a fetched value is reused before the backend is asked "
                                "again; short, so that a rotated secret is picked up. 0 asks the "
                                "backend every time.").tag(config=True)

    def __init__(self, redactor: Optional[Any] = None, backend: Optional[SecretBackend] = None,
                 **kwargs: Any):
        super().__init__(**kwargs)
        self.redactor = redactor
        self._backend = backend
        self._backend_lock = threading.Lock()
        self._cache: Dict[Tuple[str, Optional[str]], Tuple[float, str]] = {}

    def backend(self) -> SecretBackend:
        """The configured backend, chosen on first use (user config, then kernel config)."""
        if self._backend is None:
            with self._backend_lock:
                if self._backend is None:
                    from jupyter_secrets.backends.registry import load_user_config
                    from jupyter_secrets.governance.kernel_access import kernel_backend

                    from .vault_identity import vault_identity_backend

                    config = load_user_config()  # a fresh Config: merging leaves ours as is
                    config.merge(self.config)
                    # the server's broker when the server gave this kernel a token, else direct
                    # Vault read with the kernel's own JWT when the server issues them
                    self._backend = vault_identity_backend() or kernel_backend(config)
        return self._backend

    def checked(self, name: object) -> str:
        """`name`, if it is a valid name and not a key; the error never repeats it."""
        from jupyter_secrets.governance.names import checked_name

        engine = self.redactor.engine() if self.redactor is not None else None
        return checked_name("kernel", name, engine)

    def get(self, name: str, version: Optional[str] = None) -> str:
        self.checked(name)  # before any backend, log or error sees it
        key = (name, None if version is None else str(version))
        cached = self._cache.get(key)
        now = time.monotonic()
        if cached is not None and now - cached[0] < self.cache_ttl:
            return cached[1]
        value = self.backend().get(name, key[1])
        self._remember(name, value)
        if self.cache_ttl > 0:
            self._cache[key] = (now, value)
        return value

    def set(self, name: str, value: str) -> SecretInfo:
        self.checked(name)
        # redacted before it is stored: a failed write may still have echoed it somewhere
        self._remember(name, value)
        info = self.backend().set(name, value)
        self.forget(name)
        return info

    def list(self) -> List[SecretInfo]:
        return self.backend().list()

    def forget(self, name: str) -> None:
        """Drops cached values of `name`; they stay redacted."""
        for key in [key for key in self._cache if key[0] == name]:
            self._cache.pop(key, None)

    def _remember(self, name: str, value: str) -> None:
        if self.redactor is not None:
            self.redactor.add(name, value)


_client: Optional[SecretClient] = None
_client_lock = threading.Lock()


def current_client() -> SecretClient:
    """The kernel extension's client, or one with the user's config when it is not loaded."""
    global _client
    if _client is None:
        with _client_lock:
            if _client is None:
                _client = SecretClient()
    return _client


def use_client(client: Optional[SecretClient]) -> None:
    """Makes `client` the one `secret()` uses (the kernel extension calls this on load)."""
    global _client
    _client = client


def secret(name: str, *, version: Optional[str] = None) -> str:
    """The value of the secret `name` (a given `version` where the backend keeps versions).

    In a kernel with the extension loaded, the value and its common encodings are redacted
    from every output from then on. A missing secret raises SecretNotFound (a KeyError); a
    backend that is locked, unreachable or misconfigured raises BackendError. In a cell, both
    show as one line that says what to do.
    """
    try:
        return current_client().get(name, version)
    except (SecretNotFound, BackendError) as e:
        raise one_line(e) from None
