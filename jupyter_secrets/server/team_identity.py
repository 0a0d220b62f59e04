"""Wires workload JWTs into a server whose backend is OpenBao/Vault with `auth_method =
'workload'`: the issuer, the server's own Vault login, grants kept as Vault roles, and the
variable that tells kernels to log in to Vault themselves.

Nothing here holds a Vault token or an AppRole secret: the server logs in with a JWT it signs,
each kernel with a JWT the server issues it for one secret.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Dict, Optional

from ..backends.base import SecretBackend
from ..backends.vault import VaultBackend
from ..governance.vault_policy import VaultGrantStore, role_name
from .workload_identity import IssuedJwt, JwtIssuer, WorkloadJwt, default_issuer

log = logging.getLogger(__name__)

SETTINGS_KEY = "jupyter_secrets_workload_identity"
#: Tells the kernel extension to read from Vault with its own identity.
ENV_VAULT_IDENTITY = "JUPYTER_SECRETS_VAULT_IDENTITY"


class NotOneNotebook(Exception):
    """A JWT names one notebook; a kernel serving none or several cannot get one."""


@dataclass
class WorkloadService:
    issuer: JwtIssuer
    vault: VaultBackend
    view: SecretBackend  # the environment's view of the backend
    governance: Any
    name_prefix: str = ""  # the environment's prefix of names in a shared KV folder

    def kernel_login(self, kernel_id: str, paths: tuple, secret: str) -> Dict[str, Any]:
        """What a kernel needs to read `secret` from Vault itself: a JWT and where to use it."""
        if len(paths) != 1:
            raise NotOneNotebook(
                "a kernel reads from Vault for exactly one notebook; this one serves "
                + (f"{len(paths)} ({', '.join(paths)})" if paths else "none")
                + ": open the notebook with its own kernel")
        notebook = paths[0]
        full = self.name_prefix + secret  # as Vault knows it: the roles, the policy's path
        workloads = self.governance.policy.workloads_of(notebook)
        issued: IssuedJwt = self.issuer.for_kernel(kernel_id, notebook, full, workloads)
        vault = self.vault
        return {"jwt": issued.token, "expires": issued.expires,
                "vault": {"url": vault.url, "namespace": vault.namespace,
                          "ca_cert": vault.ca_cert, "tls_verify": vault.tls_verify,
                          "auth_mount": vault.auth_mount, "role": role_name(full),
                          "kv_mount": vault.mount_point, "path": vault.kv_path(full),
                          "value_key": vault.value_key}}


def setup_workload_identity(serverapp: Any, governance: Any, config: Any) -> Optional[WorkloadService]:
    """The service when this server's backend is Vault with workload auth, else None."""
    if not uses_workload_auth(config, governance.env):
        return None
    try:
        view = governance.backend
    except Exception as e:  # a misconfigured backend is reported where it is used
        log.debug("jupyter-secrets: no workload identity: the backend did not open (%s)",
                  type(e).__name__)
        return None
    vault = vault_of(view)
    if vault is None or vault.auth_method != "workload":
        return None
    settings = WorkloadJwt(config=config)
    issuer_url = settings.issuer or default_issuer(serverapp)
    if not issuer_url:
        log.error("jupyter-secrets: the server listens on a unix socket: set c.WorkloadJwt.issuer "
                  "to the URL Vault reaches it at; no workload identity")
        return None
    issuer = JwtIssuer(settings, issuer_url, governance.auditor.actor, governance.env)
    vault.jwt_provider = lambda: issuer.for_server().token
    prefix = getattr(view, "prefix", "") if view is not vault else ""
    governance.grants = VaultGrantStore(vault.client, vault.auth_mount, governance.env,
                                        issuer.user, settings.audience, name_prefix=prefix,
                                        token_ttl=int(settings.lifetime))
    log.info("jupyter-secrets: workload identity for %s (%s), issuer %s, Vault auth/%s",
             issuer.user, governance.env, issuer.issuer, vault.auth_mount)
    return WorkloadService(issuer, vault, view, governance, prefix)


def uses_workload_auth(config: Any, env: str) -> bool:
    """From the config alone, so other backends are not opened early."""
    import copy

    from traitlets.config import Config

    from ..backends.registry import SecretStore
    from ..governance.environments import Environments

    own = Environments(config=config).backends.get(env)
    if own:
        config = copy.deepcopy(config)
        config.merge(Config(own))
    return (SecretStore(config=config).backend == "vault"
            and VaultBackend(config=config).auth_method == "workload")


def vault_of(backend: Any) -> Optional[VaultBackend]:
    """The VaultBackend under an environment's view, if that is what it is."""
    for _ in range(4):
        if isinstance(backend, VaultBackend):
            return backend
        backend = getattr(backend, "inner", None)
    return None


def apply_workload_identity(provisioner: Any, env: Dict[str, str]) -> None:
    """Called by the kernel provisioner: tells the kernel to read from Vault itself."""
    env.pop(ENV_VAULT_IDENTITY, None)
    from .identity import ENV_TOKEN, identity_from

    identity = identity_from(provisioner.parent)
    if identity is None or not env.get(ENV_TOKEN):
        return
    web_app = getattr(identity.serverapp, "web_app", None)
    if web_app is not None and web_app.settings.get(SETTINGS_KEY) is not None:
        env[ENV_VAULT_IDENTITY] = "1"
