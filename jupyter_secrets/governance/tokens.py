"""Kernel tokens: short-lived, bound to one kernel, its launch path and user, kept hashed.

The server issues a token when it launches a kernel and puts it in the kernel's environment.
Only a SHA-256 of each token is kept (the tokens are 256 random bits, so a plain hash is
enough). A token expires unless the server refreshes it, which it does while the kernel is
alive; restarting the kernel replaces it, and shutting the kernel down revokes it.
"""
from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass, replace
from typing import Callable, Dict, Iterable, Optional

TOKEN_PREFIX = "jsk_"
MAX_TOKEN_LENGTH = 200


class TokenRefused(Exception):
    """A request's token is missing, malformed, unknown or expired. Never holds the token."""

    def __init__(self, reason: str, kernel_id: str = ""):
        self.reason = reason
        self.kernel_id = kernel_id
        super().__init__(reason)


@dataclass(frozen=True)
class KernelToken:
    """What a token stands for."""

    kernel_id: str
    path_hint: str  # the notebook the kernel was launched for; sessions are asked first
    user: str
    issued: float
    expires: float


class TokenStore:
    """Issued tokens of one server, by hash."""

    def __init__(self, ttl: float, clock: Callable[[], float] = time.time):
        self.ttl = ttl
        self._clock = clock
        self._by_hash: Dict[str, KernelToken] = {}
        self._lock = threading.Lock()

    def issue(self, kernel_id: str, path_hint: str, user: str) -> str:
        """A new token for `kernel_id`; earlier tokens of that kernel stop working."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = self._clock()
        with self._lock:
            self._drop(lambda t: t.kernel_id == kernel_id)
            self._by_hash[_digest(token)] = KernelToken(kernel_id, path_hint, user, now, now + self.ttl)
        return token

    def verify(self, token: Optional[str]) -> KernelToken:
        if not token:
            raise TokenRefused("no kernel token was sent")
        if len(token) > MAX_TOKEN_LENGTH or not token.startswith(TOKEN_PREFIX):
            raise TokenRefused("the token is not a kernel token")
        with self._lock:
            found = self._by_hash.get(_digest(token))
        if found is None:
            raise TokenRefused("the token is unknown: it was not issued by this server, or its "
                               "kernel was restarted or shut down")
        if found.expires <= self._clock():
            raise TokenRefused("the token has expired", found.kernel_id)
        return found

    def refresh(self, live_kernel_ids: Iterable[str]) -> None:
        """Extend the tokens of live kernels; forget those of kernels that are gone."""
        live = set(live_kernel_ids)
        now = self._clock()
        with self._lock:
            self._drop(lambda t: t.kernel_id not in live)
            for digest, info in list(self._by_hash.items()):
                if info.expires > now:  # an expired token stays expired
                    self._by_hash[digest] = replace(info, expires=now + self.ttl)

    def revoke(self, kernel_id: str) -> None:
        with self._lock:
            self._drop(lambda t: t.kernel_id == kernel_id)

    def kernel_ids(self) -> set:
        with self._lock:
            return {t.kernel_id for t in self._by_hash.values()}

    def _drop(self, doomed: Callable[[KernelToken], bool]) -> None:
        for digest in [d for d, t in self._by_hash.items() if doomed(t)]:
            del self._by_hash[digest]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
