"""Workload identity on the server: tokens for the kernels it launches, and the notebooks a
kernel serves right now.

A token names a kernel; which notebooks that kernel serves is looked up in the server's
sessions on every request, so a renamed notebook is followed at once and a kernel shared by a
notebook and a console answers for both. The notebook the kernel was launched for
(`JPY_SESSION_NAME`) is only a fallback for kernels that have no session.

Limitation: kernels of one user can read each other's environment (and so each other's
tokens). The token gives attribution and scoping against mistakes, not isolation from a
hostile user of the same account.
"""
from __future__ import annotations

import logging
import os
import urllib.parse
from typing import Any, Dict, List, Optional

from ..governance.globs import normalize_path
from ..governance.identity import ENV_BROKER_URL, ENV_TOKEN, Workload
from ..governance.tokens import KernelToken, TokenRefused, TokenStore

log = logging.getLogger(__name__)

SETTINGS_KEY = "jupyter_secrets_identity"
BROKER_PATH = "jupyter-secrets/broker"
WILDCARD_IPS = ("", "0.0.0.0", "::", "*")


class KernelIdentity:
    """Issues, refreshes and revokes kernel tokens; resolves a token to its workload."""

    def __init__(self, serverapp: Any, tokens: TokenStore, user: str):
        self.serverapp = serverapp
        self.tokens = tokens
        self.user = user

    @property
    def broker_url(self) -> Optional[str]:
        """Where kernels reach the broker; None when the server listens on a unix socket."""
        app = self.serverapp
        if getattr(app, "sock", ""):
            return None
        host = "127.0.0.1" if app.ip in WILDCARD_IPS else app.ip
        host = f"[{host}]" if ":" in host else host
        scheme = "https" if app.certfile else "http"
        return urllib.parse.urljoin(f"{scheme}://{host}:{app.port}{app.base_url}", BROKER_PATH)

    def launch_env(self, kernel_id: str, env: Dict[str, str]) -> Dict[str, str]:
        """Variables to add to a kernel's environment at (re)start."""
        url = self.broker_url
        if url is None:
            log.warning("jupyter-secrets: the server listens on a unix socket; kernel %s gets no "
                        "identity and reads secrets directly", kernel_id)
            return {}
        hint = self._api_path(env.get("JPY_SESSION_NAME", ""))
        token = self.tokens.issue(kernel_id, hint, self.user)
        log.debug("jupyter-secrets: issued a token to kernel %s (%s)", kernel_id, hint or "no notebook")
        return {ENV_TOKEN: token, ENV_BROKER_URL: url}

    def verify(self, token: Optional[str]) -> KernelToken:
        """The token's kernel, if the token is valid and the kernel still runs."""
        found = self.tokens.verify(token)
        if found.kernel_id not in self.serverapp.kernel_manager:
            self.tokens.revoke(found.kernel_id)
            raise TokenRefused("the token's kernel has shut down", found.kernel_id)
        return found

    def refresh(self) -> None:
        """Keep tokens of live kernels valid; drop those of kernels that are gone."""
        self.tokens.refresh(self.serverapp.kernel_manager.list_kernel_ids())

    async def workload(self, token: KernelToken) -> Workload:
        paths = await self._session_paths(token.kernel_id)
        if not paths and token.path_hint:
            paths = [token.path_hint]
        return Workload(token.kernel_id, tuple(paths), token.user)

    async def _session_paths(self, kernel_id: str) -> List[str]:
        sessions = await self.serverapp.session_manager.list_sessions()
        mine = [s for s in sessions if (s.get("kernel") or {}).get("id") == kernel_id]
        notebooks = [s for s in mine if s.get("type") == "notebook"]
        return sorted({normalize_path(s["path"]) for s in (notebooks or mine) if s.get("path")})

    def _api_path(self, os_path: str) -> str:
        """JPY_SESSION_NAME holds an OS path; policies speak of paths under the server root."""
        if not os_path:
            return ""
        root = os.path.abspath(self.serverapp.root_dir)
        full = os.path.abspath(os_path)
        if os.path.commonpath([root, full]) != root:
            return ""
        return normalize_path(os.path.relpath(full, root).replace(os.sep, "/"))


def apply_identity(provisioner: Any, env: Dict[str, str]) -> None:
    """Called by the kernel provisioner at each (re)start with the kernel's final environment."""
    for name in (ENV_TOKEN, ENV_BROKER_URL):
        env.pop(name, None)  # inherited from an enclosing server, they would point elsewhere
    identity = identity_from(provisioner.parent)
    if identity is not None:
        env.update(identity.launch_env(provisioner.kernel_id, env))


def identity_from(settings_owner: Any) -> Optional[KernelIdentity]:
    """The KernelIdentity of the server that owns a kernel manager, if any (walks parents)."""
    node, hops = settings_owner, 0
    while node is not None and hops < 5:
        web_app = getattr(node, "web_app", None)
        if web_app is not None:
            return web_app.settings.get(SETTINGS_KEY)
        node, hops = getattr(node, "parent", None), hops + 1
    return None
