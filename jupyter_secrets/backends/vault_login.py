"""Exchanging a workload JWT for a Vault token, with refusals explained.

Vault's JWT auth answers a bad login with one line of text; each kind of refusal here gets a
message that names its fix. A refused login is never retried with another credential.
"""
from __future__ import annotations

import re
from typing import Any, Tuple

from .base import BackendError

BACKEND = "vault"
SETUP = "run `jupyter-secrets vault setup` against this Vault (README: For a team)"


class LoginRefused(BackendError, PermissionError):
    """Vault refused the JWT: the claims are outside the role's scope."""


def jwt_login(client: Any, mount: str, role: str, jwt: str) -> Tuple[str, float]:
    """Log `client` in; (token, seconds it is valid). Raises BackendError naming the fix."""
    import hvac.exceptions
    import requests

    try:
        reply = client.auth.jwt.jwt_login(role=role, jwt=jwt, path=mount)
    except hvac.exceptions.VaultError as e:
        text = "; ".join(map(str, e.errors or [])) if e.errors else type(e).__name__
        raise explain(text, mount, role) from None
    except (requests.exceptions.ConnectionError, requests.exceptions.Timeout):
        raise BackendError(BACKEND, f"cannot reach Vault at {client.url}",
                           "check that Vault is running and its address") from None
    auth = reply.get("auth") or {}
    client.token = auth.get("client_token", "")
    return client.token, float(auth.get("lease_duration") or 0)


def explain(text: str, mount: str, role: str) -> BackendError:
    """The BackendError for one of Vault's login refusals (its text holds no secret)."""
    low = text.lower()
    where = f"auth/{mount}/"
    if "permission denied" in low or "no handler for route" in low:
        return BackendError(BACKEND, f"Vault has no JWT auth method at {where}", SETUP)
    if "could not be found" in low and "role" in low:
        if role.startswith("grant-"):
            return LoginRefused(BACKEND, "Vault holds no grant for this secret",
                                "grant it from the Secrets panel or with `jupyter-secrets grant`")
        return BackendError(BACKEND, f"Vault has no role {role!r} at {where}", SETUP)
    if "audience" in low:
        return BackendError(BACKEND, f"the role {role!r} at {where} expects another audience "
                                     "(aud) than this server's JWTs carry",
                            "set c.WorkloadJwt.audience to the role's bound_audiences, or rerun "
                            "`jupyter-secrets vault setup --audience` with this server's")
    if "not yet valid" in low or "expired" in low or "(iat)" in low or "in the future" in low:
        return BackendError(BACKEND, f"Vault found the JWT expired or not yet valid ({text[:160]})",
                            "the clocks of this Jupyter server and Vault differ by more than the "
                            "role's leeway: synchronise both (NTP)")
    if "issuer" in low:
        return BackendError(BACKEND, f"the JWT's issuer is not the one {where} trusts",
                            "set c.WorkloadJwt.issuer to Vault's bound_issuer, or rerun "
                            "`jupyter-secrets vault setup` against this server")
    if "signature" in low or "keys" in low or "jwks" in low or "key set" in low:
        return BackendError(BACKEND, f"Vault could not verify the JWT with the keys it has for "
                                     f"{where} ({text[:160]})",
                            "Vault must reach this server's JWKS (the jwks_url given to vault "
                            "setup); where it cannot, rerun `jupyter-secrets vault setup "
                            "--pubkeys` after each server start")
    claim = re.search(r'claim "([^"]+)"', text)
    if claim and claim.group(1) in ("scopes", "secret"):
        # Vault checks the bound claims in no fixed order: a JWT replayed for another secret
        # may fail on either
        return LoginRefused(BACKEND, "Vault refused: the secret is not granted to this notebook"
                                     + (" (the JWT names another secret)"
                                        if claim.group(1) == "secret" else ""),
                            "grant it from the Secrets panel or with `jupyter-secrets grant`")
    if claim:
        return LoginRefused(BACKEND, f"Vault refused the login: the claim {claim.group(1)!r} "
                                     f"does not match the role {role!r} at {where}",
                            "this server's user or environment is not the one the role was set "
                            "up for; " + SETUP)
    return BackendError(BACKEND, f"Vault refused the JWT login at {where} ({text[:200]})",
                        "see Vault's server log")
