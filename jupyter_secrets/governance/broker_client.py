"""The kernel's side of the broker: ask the server that launched this kernel for a secret.

The server put a token and the broker's URL in the kernel's environment. Names go in the JSON
body of a POST, never in the URL, so no access log line carries one. An optional cache
keeps values for `cache_ttl` seconds (the kernel's `SecretClient` has its own short cache, so
a rotation reaches running kernels without a restart). Plain standard library.
"""
from __future__ import annotations

import json
import os
import threading
import time
import urllib.error
import urllib.request
from typing import Callable, Dict, Mapping, Optional, Tuple

from ..backends.base import SecretNotFound, is_valid_name
from .identity import ENV_BROKER_URL, ENV_TOKEN, TOKEN_HEADER
from .names import NotAName

BACKEND_LABEL = "server"


class BrokerError(Exception):
    """The server refused or could not answer; the message is the server's, never a value."""

    def __init__(self, status: int, message: str):
        self.status = status
        self.message = message
        super().__init__(message)


class BrokerDenied(BrokerError, PermissionError):
    """403: the secret is not granted to this notebook, or the kernel's token is not valid."""


class BrokerNotFound(SecretNotFound):
    """404 from the server: its message already says which secret and what to do."""

    def __init__(self, name: str, message: str):
        super().__init__(name, BACKEND_LABEL)
        self.message = message

    def __str__(self) -> str:
        return self.message


class BrokerClient:
    def __init__(self, url: str, token: str, cache_ttl: float = 0.0, timeout: float = 30.0,
                 clock: Callable[[], float] = time.monotonic):
        self.url = url.rstrip("/")
        self._token = token
        self.cache_ttl = cache_ttl
        self.timeout = timeout
        self._clock = clock
        self._cache: Dict[Tuple[str, str], Tuple[float, str, str]] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> Optional["BrokerClient"]:
        """A client if the server gave this kernel an identity, else None."""
        url, token = environ.get(ENV_BROKER_URL, ""), environ.get(ENV_TOKEN, "")
        if not url or not token:
            return None
        return cls(url, token)

    def __repr__(self) -> str:  # never show the token
        return f"BrokerClient({self.url!r})"

    def get(self, name: str, version: Optional[str] = None) -> str:
        """The value of `name` (version None/'current', or 'previous' during an overlap)."""
        return self.get_with_version(name, version)[0]

    def get_with_version(self, name: str, version: Optional[str] = None) -> Tuple[str, str]:
        _check(name)
        key = (name, version or "current")
        now = self._clock()
        with self._lock:
            hit = self._cache.get(key)
        if hit is not None and hit[0] > now:
            return hit[1], hit[2]
        body = {"name": name, **({"version": version} if version else {})}
        reply = self._request("POST", "/read", body, name=name)  # names never in a URL
        value, read_version = reply["value"], str(reply.get("version") or "")
        if self.cache_ttl > 0:
            with self._lock:
                self._cache[key] = (now + self.cache_ttl, value, read_version)
        return value, read_version

    def set(self, name: str, value: str) -> dict:
        """Store a value; a new secret is granted to this kernel's notebook."""
        _check(name)
        reply = self._request("POST", "/secrets", {"name": name, "value": value}, name=name)
        self.invalidate(name)
        return reply

    def list(self) -> list:
        """Names and metadata of the secrets this kernel's notebooks may read."""
        return self._request("GET", "/secrets")["secrets"]

    def whoami(self) -> dict:
        return self._request("GET", "/whoami")

    def invalidate(self, name: Optional[str] = None) -> None:
        with self._lock:
            for key in [k for k in self._cache if name is None or k[0] == name]:
                del self._cache[key]

    def _request(self, method: str, path: str, body: Optional[dict] = None, name: str = "") -> dict:
        data = json.dumps(body).encode("utf-8") if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header(TOKEN_HEADER, self._token)
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            raise _error(e, name) from None
        except (urllib.error.URLError, OSError, ValueError) as e:
            reason = getattr(e, "reason", None) or type(e).__name__
            raise BrokerError(0, f"the Jupyter server at {self.url} did not answer ({reason}); "
                                 "the kernel may have outlived its server: restart it") from None


def _check(name: object) -> None:
    """Nothing that is not a valid name leaves the kernel (the server checks it for keys)."""
    if not is_valid_name(name):
        raise NotAName(BACKEND_LABEL)


def _error(e: urllib.error.HTTPError, name: str) -> Exception:
    try:
        message = json.loads(e.read().decode("utf-8")).get("message") or e.reason
    except (ValueError, OSError, AttributeError):
        message = str(e.reason)
    if e.code == 404 and name:
        return BrokerNotFound(name, message)
    if e.code == 403:
        return BrokerDenied(403, message)
    return BrokerError(e.code, message)
