"""Workload identity as signed JWTs: the server is an OpenID-style issuer for its kernels.

Each JWT names the user the server runs for (under JupyterHub: the hub's user), the notebook,
the kernel, the environment, the named workloads that cover the notebook, and the one secret it
is meant to fetch. It lives for minutes. OpenBao/Vault's JWT auth method checks it against the
keys this server publishes (`jwks.json`) and maps its claims to policies, so the secret manager,
not this server alone, decides what the kernel may read.

Signing keys live in memory only: a restarted server has new keys, and Vault fetches them again
from the JWKS when it meets an unknown key id. A key signs for `key_lifetime` seconds, then a
new one takes over and the old one stays in the JWKS for `key_overlap` seconds more, so tokens
it signed keep verifying until they expire.
"""
from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence

from traitlets import Enum, Float, TraitError, Unicode, validate
from traitlets.config import Configurable

KERNEL, SERVER = "kernel", "server"


class WorkloadJwt(Configurable):
    """The JWTs this server issues to its kernels and to itself (for Vault/OpenBao JWT auth)."""

    audience = Unicode("jupyter-secrets", help="The JWT's `aud`; the Vault roles' "
                                               "bound_audiences must hold it.").tag(config=True)
    lifetime = Float(300.0, help="Seconds a JWT is valid. Kernels ask for a fresh one at each "
                                 "Vault login, so minutes are plenty.").tag(config=True)
    key_lifetime = Float(86400.0, help="Seconds a signing key signs before a new one takes "
                                       "over.").tag(config=True)
    key_overlap = Float(3600.0, help="Seconds a retired key stays in the JWKS, so that tokens "
                                     "it signed still verify; at least `lifetime`.").tag(config=True)
    algorithm = Enum(["RS256"], default_value="RS256",
                     help="Signature algorithm. RS256: Vault's default for JWT roles, in every "
                          "version (EdDSA's JOSE name is being replaced, RFC 9864).").tag(config=True)
    issuer = Unicode("", help="The `iss` claim and the base of the discovery URLs. Default: "
                              "under JupyterHub with c.JupyterHub.public_url set, the server's "
                              "public URL (`.../user/<name>/`), else this server's own URL with "
                              "its base URL; then `jupyter-secrets`.").tag(config=True)

    @validate("lifetime", "key_lifetime")
    def _positive(self, proposal):
        if proposal["value"] <= 0:
            raise TraitError(f"c.WorkloadJwt.{proposal['trait'].name} must be positive")
        return proposal["value"]


@dataclass
class _Key:
    jwk: object  # a joserfc key
    kid: str
    created: float
    retired: Optional[float] = None


class SigningKeys:
    """The current signing key and the retired ones still published."""

    def __init__(self, algorithm: str, key_lifetime: float, overlap: float,
                 clock: Callable[[], float] = time.time):
        self.algorithm = algorithm
        self.key_lifetime = key_lifetime
        self.overlap = overlap
        self._clock = clock
        self._keys: List[_Key] = []
        self._lock = threading.Lock()

    def current(self) -> _Key:
        now = self._clock()
        with self._lock:
            if not self._keys or now - self._keys[-1].created >= self.key_lifetime:
                if self._keys:
                    self._keys[-1].retired = now
                self._keys.append(self._generate(now))
            self._keys = [k for k in self._keys if k.retired is None or now - k.retired < self.overlap]
            return self._keys[-1]

    def rotate(self) -> _Key:
        """Retire the current key now (it stays published for the overlap)."""
        with self._lock:
            if self._keys:
                self._keys[-1].created = self._clock() - self.key_lifetime
        return self.current()

    def public_jwks(self) -> dict:
        self.current()  # rotates when due, drops keys past their overlap
        with self._lock:
            keys = list(self._keys)
        return {"keys": [k.jwk.as_dict(private=False) for k in keys]}

    def public_pems(self) -> List[str]:
        self.current()
        with self._lock:
            keys = list(self._keys)
        return [k.jwk.as_pem(private=False).decode("ascii") for k in keys]

    def _generate(self, now: float) -> _Key:
        from joserfc.jwk import RSAKey

        kid = f"js-{int(now)}-{secrets.token_hex(4)}"
        params = {"kid": kid, "use": "sig", "alg": self.algorithm}
        return _Key(RSAKey.generate_key(2048, parameters=params, private=True), kid, now)


@dataclass(frozen=True)
class IssuedJwt:
    token: str
    expires: float
    claims: Dict[str, object]


class JwtIssuer:
    """Signs workload JWTs for one server (one user, one environment)."""

    def __init__(self, settings: WorkloadJwt, issuer: str, user: str, env: str,
                 clock: Callable[[], float] = time.time):
        self.settings = settings
        self.issuer = issuer.rstrip("/")
        self.user = user
        self.env = env
        self._clock = clock
        self.keys = SigningKeys(settings.algorithm, settings.key_lifetime,
                                max(settings.key_overlap, settings.lifetime), clock)

    @property
    def jwks_uri(self) -> str:
        return f"{self.issuer}/jwks.json"

    def for_kernel(self, kernel_id: str, notebook: str, secret: str,
                   workloads: Sequence[str]) -> IssuedJwt:
        """A JWT a kernel serving `notebook` exchanges for a Vault token that reads `secret`."""
        scopes = [f"notebook:{notebook}"] + [f"workload:{w}" for w in workloads]
        return self._issue({"sub": f"kernel:{kernel_id}:{secret}", "kind": KERNEL,
                            "notebook": notebook, "kernel_id": kernel_id, "secret": secret,
                            "workloads": list(workloads), "scopes": scopes})

    def for_server(self) -> IssuedJwt:
        """The server's own JWT: it manages its user's secrets and grants in Vault."""
        return self._issue({"sub": f"server:{self.user}", "kind": SERVER})

    def discovery(self) -> dict:
        """The OpenID Provider metadata Vault (or anyone) can read to find the keys."""
        return {"issuer": self.issuer, "jwks_uri": self.jwks_uri,
                "id_token_signing_alg_values_supported": [self.settings.algorithm],
                "response_types_supported": ["id_token"], "subject_types_supported": ["public"],
                "claims_supported": ["iss", "sub", "aud", "exp", "nbf", "iat", "jti", "kind",
                                     "user", "env", "notebook", "kernel_id", "secret",
                                     "workloads", "scopes"]}

    def _issue(self, claims: Dict[str, object]) -> IssuedJwt:
        from joserfc import jwt

        key = self.keys.current()
        now = int(self._clock())
        expires = now + int(self.settings.lifetime)
        body = {"iss": self.issuer, "aud": self.settings.audience, "iat": now, "nbf": now,
                "exp": expires, "jti": secrets.token_urlsafe(12), "user": self.user,
                "env": self.env, **claims}
        header = {"alg": self.settings.algorithm, "kid": key.kid, "typ": "JWT"}
        token = jwt.encode(header, body, key.jwk, algorithms=[self.settings.algorithm])
        return IssuedJwt(token, float(expires), body)


def default_issuer(serverapp) -> Optional[str]:
    """Under JupyterHub with a public URL, the server's public address (`.../user/<name>/`),
    where Vault reaches it through the hub's proxy; else this server's own URL and base URL.
    Then `jupyter-secrets`. None on a unix socket."""
    import os

    from .identity import WILDCARD_IPS

    public = os.environ.get("JUPYTERHUB_PUBLIC_URL", "")
    if public.startswith(("http://", "https://")):
        return public.rstrip("/") + "/jupyter-secrets"

    if getattr(serverapp, "sock", ""):
        return None
    host = "127.0.0.1" if serverapp.ip in WILDCARD_IPS else serverapp.ip
    host = f"[{host}]" if ":" in host else host
    scheme = "https" if serverapp.certfile else "http"
    base = serverapp.base_url if serverapp.base_url.endswith("/") else serverapp.base_url + "/"
    return f"{scheme}://{host}:{serverapp.port}{base}jupyter-secrets"
