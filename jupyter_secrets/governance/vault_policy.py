"""Grants kept in OpenBao/Vault as JWT auth roles, the data the whole team shares.

For each secret with a grant there is one role on the server's JWT auth mount, named after the
secret (`grant-<name>-<hash>`: Vault lowercases role names, the hash keeps `Key` and `key`
apart). Its `bound_claims` are the grant: the JWT's `secret` must be the secret's name and its
`scopes` must hold one of the granted targets (`notebook:<path>` or `workload:<name>`). A
kernel logs in with that role to read the secret, so Vault itself refuses a notebook outside the
grant. Every such role carries the same templated policy (written by `jupyter-secrets vault
setup`), which lets a token read only the secret named by its own login's `secret` claim.

`VaultGrantStore` has the interface of `GrantStore`, so policy decisions, the panel and the
broker read the grants from Vault when the backend is Vault.

Vault matches `*` in bound claims across folders, so notebook globs are limited to exact paths
and whole folders (`proj/**`); other globs are refused with a hint to use a named workload.
"""
from __future__ import annotations

import hashlib
from typing import Any, Dict, List, Optional

from .globs import is_glob, normalize_path
from .grants import NOTEBOOK, WORKLOAD, Grant

ROLE_PREFIX = "grant-"
#: Claims copied into the Vault token's metadata: Vault's audit log shows them with each request.
CLAIM_MAPPINGS = {"secret": "secret", "notebook": "notebook", "user": "user", "env": "env",
                  "kernel_id": "kernel_id"}


def role_name(secret: str) -> str:
    digest = hashlib.sha256(secret.encode("utf-8")).hexdigest()[:8]
    return f"{ROLE_PREFIX}{secret.lower()}-{digest}"


def kernel_policy_name(mount: str) -> str:
    return f"{mount}-kernel"


def server_policy_name(mount: str) -> str:
    return f"{mount}-server"


def to_scope(kind: str, target: str) -> str:
    """A grant target as a bound-claim value Vault's glob matching treats as we do."""
    if kind == WORKLOAD:
        return f"workload:{target}"
    path = normalize_path(target)
    if not is_glob(path):
        return f"notebook:{path}"
    if path == "**":
        return "notebook:*"
    folder = path[:-3] if path.endswith("/**") else ""
    if folder and not is_glob(folder):
        return f"notebook:{folder}/*"
    raise ValueError(f"Vault matches '*' across folders, so the glob {target!r} cannot be kept as "
                     "a Vault grant as it is: grant exact notebooks, a whole folder as "
                     "'folder/**', or a named workload (c.SecretPolicy.workloads)")


def from_scope(secret: str, scope: str) -> Optional[Grant]:
    kind, _, target = scope.partition(":")
    if kind == WORKLOAD and target:
        return Grant(secret, WORKLOAD, target, "vault")
    if kind == NOTEBOOK and target:
        if target == "*":
            target = "**"
        elif target.endswith("/*"):
            target += "*"
        return Grant(secret, NOTEBOOK, target, "vault")
    return None


class VaultGrantStore:
    """Grants of one server's user and environment, as roles on its JWT auth mount."""

    def __init__(self, client: Any, mount: str, env: str, user: str, audience: str,
                 name_prefix: str = "", token_ttl: int = 300, leeway: int = 5):
        self._client = client  # a callable returning a logged-in hvac client
        self.mount = mount
        self.name_prefix = name_prefix  # the environment's prefix of names in a shared KV folder
        self.env = env
        self.user = user
        self.audience = audience
        self.token_ttl = token_ttl
        self.leeway = leeway

    # -- the GrantStore interface -----------------------------------------------------------

    def add(self, env: str, secret: str, kind: str, target: str, granted_by: str) -> bool:
        self._check_env(env)
        scope = to_scope(kind, target)
        scopes = self._scopes(secret)
        if scope in scopes:
            return False
        self._write(secret, scopes + [scope])
        return True

    def remove(self, env: str, secret: str, kind: str, target: str) -> bool:
        self._check_env(env)
        try:
            scope = to_scope(kind, target)
        except ValueError:
            return False
        scopes = self._scopes(secret)
        if scope not in scopes:
            return False
        rest = [s for s in scopes if s != scope]
        if rest:
            self._write(secret, rest)
        else:
            self._delete(secret)
        return True

    def for_secret(self, env: str, secret: str) -> List[Grant]:
        if env != self.env:
            return []
        return [g for g in (from_scope(secret, s) for s in self._scopes(secret)) if g]

    def all(self, env: str) -> List[Grant]:
        if env != self.env:
            return []
        grants: List[Grant] = []
        for role in self._role_names():
            data = self._read(role)
            if data is None:
                continue
            claims = data.get("bound_claims") or {}
            full = claims.get("secret")
            if isinstance(full, list):
                full = full[0] if full else ""
            if not isinstance(full, str) or not full.startswith(self.name_prefix):
                continue
            secret = full[len(self.name_prefix):]
            if secret and role == role_name(full):
                grants += [g for g in (from_scope(secret, s) for s in _as_list(claims.get("scopes"))) if g]
        return sorted(grants, key=lambda g: (g.secret, g.kind, g.target))

    def forget_secret(self, env: str, secret: str) -> int:
        self._check_env(env)
        count = len(self._scopes(secret))
        if count:
            self._delete(secret)
        return count

    def follow_rename(self, env: str, old: str, new: str) -> List[Grant]:
        if env != self.env:
            return []
        old, new = normalize_path(old), normalize_path(new)
        moved: List[Grant] = []
        by_secret: Dict[str, List[Grant]] = {}
        for grant in self.all(env):
            by_secret.setdefault(grant.secret, []).append(grant)
        for secret, grants in by_secret.items():
            scopes, changed = [], False
            for grant in grants:
                target = grant.target
                if grant.kind == NOTEBOOK and not is_glob(target) and (
                        target == old or target.startswith(old + "/")):
                    target = new + target[len(old):]
                    moved.append(Grant(secret, NOTEBOOK, target, "vault"))
                    changed = True
                scopes.append(to_scope(grant.kind, target))
            if changed:
                self._write(secret, sorted(set(scopes)))
        return moved

    # -- Vault -----------------------------------------------------------------------------

    def _check_env(self, env: str) -> None:
        if env != self.env:
            raise ValueError(f"this server keeps grants of the environment {self.env!r} in Vault, "
                             f"not of {env!r}: grant from a server of that environment")

    def _scopes(self, secret: str) -> List[str]:
        data = self._read(role_name(self.name_prefix + secret))
        return _as_list((data or {}).get("bound_claims", {}).get("scopes"))

    def _read(self, role: str) -> Optional[dict]:
        import hvac.exceptions

        try:
            return self._client().auth.jwt.read_role(role, path=self.mount).get("data")
        except hvac.exceptions.InvalidPath:
            return None

    def _role_names(self) -> List[str]:
        import hvac.exceptions

        try:
            reply = self._client().auth.jwt.list_roles(path=self.mount)
        except hvac.exceptions.InvalidPath:
            return []
        return [r for r in (reply.get("data") or {}).get("keys", []) if r.startswith(ROLE_PREFIX)]

    def _write(self, secret: str, scopes: List[str]) -> None:
        full = self.name_prefix + secret
        # Scalars where the server's Vault policy pins a value (its allowed_parameters compare
        # strings): Vault reads comma-separated lists and duration strings.
        self._client().adapter.post(f"/v1/auth/{self.mount}/role/{role_name(full)}",
                                    json=role_body(self.audience, self.mount, {
                                        "kind": "kernel", "user": self.user, "env": self.env,
                                        "secret": full, "scopes": sorted(scopes)},
                                        self.token_ttl, self.leeway))

    def _delete(self, secret: str) -> None:
        self._client().auth.jwt.delete_role(role_name(self.name_prefix + secret), path=self.mount)


def role_body(audience: str, mount: str, bound_claims: dict, token_ttl: int, leeway: int) -> dict:
    """A grant role's parameters, exactly those the server's policy allows it to send."""
    return {"role_type": "jwt", "user_claim": "sub", "bound_audiences": audience,
            "bound_claims_type": "glob", "bound_claims": bound_claims,
            "claim_mappings": CLAIM_MAPPINGS, "token_policies": kernel_policy_name(mount),
            "token_ttl": f"{token_ttl}s", "token_max_ttl": f"{token_ttl}s",
            "expiration_leeway": leeway, "not_before_leeway": leeway, "clock_skew_leeway": leeway}


def grants_in_vault_for_cli(gov: Any, config: Any) -> None:
    """From a terminal, a server config with `auth_method = 'workload'` means: the grants are
    the roles on that server's JWT auth mount. The command has no server identity, so it uses
    the person's own Vault login ($VAULT_TOKEN or ~/.vault-token, asked for by name when
    missing) for the secrets and the grant roles, never the server's."""
    from ..server.team_identity import uses_workload_auth, vault_of
    from ..server.workload_identity import WorkloadJwt

    if not uses_workload_auth(config, gov.env):
        return
    view = gov.backend
    vault = vault_of(view)
    if vault is None:
        return
    vault.auth_method = "token"
    prefix = getattr(view, "prefix", "") if view is not vault else ""
    gov.grants = VaultGrantStore(vault.client, vault.auth_mount, gov.env, gov.auditor.actor,
                                 WorkloadJwt(config=config).audience, name_prefix=prefix,
                                 token_ttl=int(WorkloadJwt(config=config).lifetime))


def _as_list(value: Any) -> List[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value or [] if isinstance(v, str)]
