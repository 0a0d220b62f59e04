"""`jupyter-secrets vault setup`: make an OpenBao/Vault trust one Jupyter server's workload JWTs.

Run by a Vault admin (with the admin's own token: $VAULT_TOKEN or ~/.vault-token), once per
Jupyter server, i.e. per user and environment. It reads the server's OpenID discovery document
and configures, changing only what differs (so a second run changes nothing):

- the KV v2 mount that holds the secrets (`secret/` by default), each server's secrets under
  `<path prefix>` = `jupyter-secrets/<env>/<user>/`;
- a JWT auth mount (`jupyter-<env>-<user>`) that trusts only this server's keys: fetched by
  Vault from the server's `jwks_url`, or given as `jwt_validation_pubkeys` with `--pubkeys`
  where Vault cannot reach the server (then run it again after each server start, as the
  server's keys live in its memory);
- a templated kernel policy: a token reads only the secret its own login's `secret` claim
  names, under this user's and environment's prefix; the grant roles (written by the server)
  decide which notebooks may log in for which secret;
- the server's policy and role: it manages its prefix and its own grant roles, with the role
  parameters pinned, so it cannot give a kernel any other policy;
- a file audit device, so Vault's log names the notebook behind every read.
"""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Dict, List

from jupyter_secrets.governance.vault_policy import (CLAIM_MAPPINGS, ROLE_PREFIX,
                                                     kernel_policy_name, server_policy_name)

SERVER_ROLE = "server"


class SetupError(Exception):
    """One line that says what is wrong and what to do."""


@dataclass
class Plan:
    issuer_url: str
    user: str
    env: str
    mount: str = ""
    kv_mount: str = "secret"
    path_prefix: str = ""
    audience: str = "jupyter-secrets"
    jwks_url: str = ""
    pubkeys: bool = False
    audit_file: str = ""
    token_ttl: int = 300
    leeway: int = 5
    changes: List[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for what, value in (("user", self.user), ("environment", self.env)):
            if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}", value or ""):
                raise SetupError(f"{value!r} is not a usable {what} name for Vault paths")
        self.mount = self.mount or f"jupyter-{self.env}-{_slug(self.user)}"
        prefix = self.path_prefix or f"jupyter-secrets/{self.env}/{self.user}/"
        self.path_prefix = prefix.strip("/") + "/"

    def note(self, what: str, thing: str) -> None:
        self.changes.append(f"{what}: {thing}")


def fetch_json(url: str, what: str, timeout: float = 10.0) -> dict:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as reply:
            return json.loads(reply.read().decode("utf-8"))
    except urllib.error.HTTPError as e:
        hint = (": the server issues no workload JWTs; set c.VaultBackend.auth_method = "
                "'workload' in its config" if e.code == 404 else "")
        raise SetupError(f"{what} at {url} answered {e.code}{hint}") from None
    except (urllib.error.URLError, OSError, ValueError) as e:
        reason = getattr(e, "reason", None) or type(e).__name__
        raise SetupError(f"cannot fetch the {what} at {url} ({reason}): start the Jupyter server, "
                         "or give the URL it is reached at") from None


def discover(plan: Plan) -> Dict[str, Any]:
    base = plan.issuer_url.rstrip("/")
    doc = fetch_json(f"{base}/.well-known/openid-configuration", "OpenID discovery document")
    if not doc.get("issuer") or not doc.get("jwks_uri"):
        raise SetupError(f"{base}/.well-known/openid-configuration has no issuer or jwks_uri")
    # fetched from here; Vault fetches plan.jwks_url itself, which may be another address
    jwks = fetch_json(doc["jwks_uri"], "JWKS")
    if not jwks.get("keys"):
        raise SetupError(f"the JWKS at {doc['jwks_uri']} holds no keys")
    plan.jwks_url = plan.jwks_url or doc["jwks_uri"]
    return {"issuer": doc["issuer"], "jwks": jwks}


def apply(client: Any, plan: Plan) -> List[str]:
    """Configure Vault for `plan`; returns what changed (empty when all was in place)."""
    found = discover(plan)
    _kv_mount(client, plan)
    accessor = _auth_mount(client, plan)
    _jwt_config(client, plan, found)
    _policy(client, plan, kernel_policy_name(plan.mount), kernel_policy(plan, accessor))
    _policy(client, plan, server_policy_name(plan.mount), server_policy(plan))
    _server_role(client, plan)
    if plan.audit_file:
        _audit_device(client, plan)
    return plan.changes


def server_config(plan: Plan, vault_url: str) -> str:
    """The lines for the Jupyter server's config (no credential among them)."""
    return "\n".join([
        'c.SecretStore.backend = "vault"',
        f'c.VaultBackend.url = "{vault_url}"',
        'c.VaultBackend.auth_method = "workload"',
        f'c.VaultBackend.auth_mount = "{plan.mount}"',
        f'c.VaultBackend.role = "{SERVER_ROLE}"',
        f'c.VaultBackend.mount_point = "{plan.kv_mount}"',
        f'c.VaultBackend.path_prefix = "{plan.path_prefix}"',
        f'c.Environments.current = "{plan.env}"',
        f'c.Environments.unprefixed = "{plan.env}"',
        f'c.WorkloadJwt.audience = "{plan.audience}"'])


# -- policies ------------------------------------------------------------------------------


def kernel_policy(plan: Plan, accessor: str) -> str:
    claim = f"{{{{identity.entity.aliases.{accessor}.metadata.secret}}}}"
    base = f"{plan.kv_mount}/%s/{plan.path_prefix}{claim}"
    return (f"# jupyter-secrets kernels of {plan.user} in {plan.env}: read the one secret named\n"
            f"# by the login's `secret` claim; the grant roles on auth/{plan.mount} decide who.\n"
            f'path "{base % "data"}" {{\n  capabilities = ["read"]\n}}\n'
            f'path "{base % "metadata"}" {{\n  capabilities = ["read"]\n}}\n')


def server_policy(plan: Plan) -> str:
    kv, prefix, mount = plan.kv_mount, plan.path_prefix, plan.mount
    pinned = {"role_type": '["jwt"]', "user_claim": '["sub"]',
              "bound_audiences": f'["{plan.audience}"]', "bound_claims_type": '["glob"]',
              "bound_claims": "[]", "claim_mappings": "[]",
              "token_policies": f'["{kernel_policy_name(mount)}"]',
              "token_ttl": f'["{plan.token_ttl}s"]', "token_max_ttl": f'["{plan.token_ttl}s"]',
              "expiration_leeway": "[]", "not_before_leeway": "[]", "clock_skew_leeway": "[]"}
    allowed = "\n".join(f'    "{k}" = {v}' for k, v in pinned.items())
    return (f"# jupyter-secrets server of {plan.user} in {plan.env}: its secrets, and the grant\n"
            f"# roles of its kernels, which may carry the kernel policy and nothing else.\n"
            f'path "{kv}/data/{prefix}*" {{\n'
            f'  capabilities = ["create", "read", "update", "delete"]\n}}\n'
            f'path "{kv}/metadata/{prefix}*" {{\n  capabilities = ["read", "list", "delete"]\n}}\n'
            f'path "auth/{mount}/role/{ROLE_PREFIX}*" {{\n'
            f'  capabilities = ["create", "read", "update", "delete"]\n'
            f"  allowed_parameters = {{\n{allowed}\n  }}\n}}\n"
            f'path "auth/{mount}/role" {{\n  capabilities = ["list"]\n}}\n')


# -- steps ---------------------------------------------------------------------------------


def _kv_mount(client: Any, plan: Plan) -> None:
    mounts = _data(client.sys.list_mounted_secrets_engines())
    current = mounts.get(plan.kv_mount + "/")
    if current is None:
        client.sys.enable_secrets_engine("kv", path=plan.kv_mount, options={"version": "2"})
        plan.note("created", f"KV v2 secrets engine at {plan.kv_mount}/")
        return
    version = str((current.get("options") or {}).get("version") or "1")
    if current.get("type") != "kv" or version != "2":
        raise SetupError(f"{plan.kv_mount}/ is a {current.get('type')} engine (version {version}), "
                         "not KV v2: choose another --kv-mount, or upgrade it with "
                         "`bao kv enable-versioning`")


def _auth_mount(client: Any, plan: Plan) -> str:
    methods = _data(client.sys.list_auth_methods())
    current = methods.get(plan.mount + "/")
    if current is None:
        client.sys.enable_auth_method("jwt", path=plan.mount,
                                      description=f"jupyter-secrets: {plan.user} in {plan.env}")
        plan.note("created", f"JWT auth method at auth/{plan.mount}/")
        current = _data(client.sys.list_auth_methods())[plan.mount + "/"]
    elif current.get("type") != "jwt":
        raise SetupError(f"auth/{plan.mount}/ is a {current.get('type')} auth method, not jwt: "
                         "choose another --mount")
    return current["accessor"]


def _jwt_config(client: Any, plan: Plan, found: Dict[str, Any]) -> None:
    import hvac.exceptions

    wanted: Dict[str, Any] = {"bound_issuer": found["issuer"]}
    if plan.pubkeys:
        wanted["jwt_validation_pubkeys"] = _pems(found["jwks"])
    else:
        wanted["jwks_url"] = plan.jwks_url
    try:
        current = _data(client.auth.jwt.read_config(path=plan.mount))
    except hvac.exceptions.InvalidPath:
        current = {}
    same = all(_same(current.get(k), v) for k, v in wanted.items())
    other = "jwks_url" if plan.pubkeys else "jwt_validation_pubkeys"
    if same and not current.get(other) and not current.get("oidc_discovery_url"):
        return
    try:
        client.auth.jwt.configure(path=plan.mount, **wanted)
    except hvac.exceptions.InvalidRequest as e:
        if "jwks" in str(e).lower():
            raise SetupError(f"Vault cannot fetch the JWKS at {plan.jwks_url} (Vault fetches it "
                             "itself, from its own network): give --jwks-url an address Vault "
                             "reaches, or use --pubkeys") from None
        raise SetupError(f"Vault refused the JWT configuration: {e}") from None
    how = "public keys" if plan.pubkeys else f"jwks_url {plan.jwks_url}"
    plan.note("configured", f"auth/{plan.mount}/ trusts {found['issuer']} ({how})")


def _policy(client: Any, plan: Plan, name: str, text: str) -> None:
    import hvac.exceptions

    try:
        current = _data(client.sys.read_acl_policy(name)).get("policy")
    except hvac.exceptions.InvalidPath:
        current = None
    if current == text:
        return
    client.sys.create_or_update_acl_policy(name, text)
    plan.note("created" if current is None else "updated", f"policy {name}")


def _server_role(client: Any, plan: Plan) -> None:
    import hvac.exceptions

    wanted = {"role_type": "jwt", "user_claim": "sub", "bound_audiences": [plan.audience],
              "bound_claims_type": "string",
              "bound_claims": {"kind": "server", "user": plan.user, "env": plan.env},
              "claim_mappings": {k: v for k, v in CLAIM_MAPPINGS.items() if k in ("user", "env")},
              "token_policies": [server_policy_name(plan.mount)],
              "token_ttl": plan.token_ttl * 3, "token_max_ttl": plan.token_ttl * 3,
              "expiration_leeway": plan.leeway, "not_before_leeway": plan.leeway,
              "clock_skew_leeway": plan.leeway}
    try:
        current = _data(client.auth.jwt.read_role(SERVER_ROLE, path=plan.mount))
    except hvac.exceptions.InvalidPath:
        current = None
    if current is not None and all(_same(current.get(k), v) for k, v in wanted.items()):
        return
    client.adapter.post(f"/v1/auth/{plan.mount}/role/{SERVER_ROLE}", json=wanted)
    plan.note("created" if current is None else "updated", f"role {SERVER_ROLE} at auth/{plan.mount}/")


def _audit_device(client: Any, plan: Plan) -> None:
    import hvac.exceptions

    devices = _data(client.sys.list_enabled_audit_devices())
    for device in devices.values():
        options = device.get("options") or {}
        if device.get("type") == "file" and options.get("file_path") == plan.audit_file:
            return
    path = "jupyter-secrets"
    if path + "/" in devices:
        raise SetupError(f"an audit device at {path}/ writes elsewhere "
                         f"({devices[path + '/'].get('options', {}).get('file_path')}): give that "
                         "--audit-file, or disable it first")
    try:
        client.sys.enable_audit_device("file", path=path, options={"file_path": plan.audit_file})
    except hvac.exceptions.InvalidRequest as e:
        if "declarative" not in str(e) and "config" not in str(e):
            raise
        # OpenBao 2 takes audit devices from its config file only
        raise SetupError("this Vault enables audit devices from its config file only; add\n"
                         + audit_stanza(path, plan.audit_file)
                         + "to its config, reload it (SIGHUP) and run this again") from None
    plan.note("enabled", f"file audit device {path}/ writing {plan.audit_file}")


def audit_stanza(path: str, file_path: str) -> str:
    """OpenBao's declarative audit device for `file_path`."""
    return (f'audit "file" "{path}" {{\n  options = {{\n    file_path = "{file_path}"\n'
            "  }\n}\n")


# -- helpers -------------------------------------------------------------------------------


def _data(reply: Any) -> Dict[str, Any]:
    if isinstance(reply, dict):
        data = reply.get("data")
        return data if isinstance(data, dict) else {k: v for k, v in reply.items()
                                                    if isinstance(v, dict)}
    return {}


def _same(current: Any, wanted: Any) -> bool:
    if isinstance(wanted, list):
        return sorted(str(v).strip() for v in current or []) == sorted(str(v).strip() for v in wanted)
    if isinstance(wanted, dict):
        return isinstance(current, dict) and {k: _flat(v) for k, v in current.items()} == {
            k: _flat(v) for k, v in wanted.items()}
    return str(current) == str(wanted)


def _flat(value: Any) -> Any:
    return sorted(map(str, value)) if isinstance(value, list) else [str(value)]


def _pems(jwks: dict) -> List[str]:
    from joserfc.jwk import JWKRegistry

    return [JWKRegistry.import_key(key).as_pem(private=False).decode("ascii").strip()
            for key in jwks["keys"]]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-") or "user"
