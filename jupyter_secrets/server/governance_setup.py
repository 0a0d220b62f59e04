"""Wires governance into the server extension: the service, kernel identity (tokens are added
to each kernel's environment by the kernel provisioner, see `identity.apply_identity`), token
refresh, grants that follow renamed notebooks, and the handlers."""
from __future__ import annotations

import asyncio
import copy
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any, List

from tornado.ioloop import PeriodicCallback
from traitlets.config import Config

from ..backends.base import BackendError
from ..governance.audit_store import default_actor
from ..governance.identity import WorkloadIdentity
from ..governance.service import Governance
from ..governance.tokens import TokenStore
from .audit_events import install_audit_events
from .audit_handlers import audit_handlers
from .broker import broker_handlers
from .governed import SETTINGS_KEY, GovernanceServices
from .grant_request_handlers import grant_request_handlers
from .guard_audit import guard_listener
from .identity import SETTINGS_KEY as IDENTITY_KEY
from .identity import KernelIdentity
from .rotation_handlers import DESK_KEY, StagingDesk, rotation_handlers
from .secrets_handlers import secrets_handlers
from .team_identity import SETTINGS_KEY as WORKLOAD_KEY
from .team_identity import setup_workload_identity

log = logging.getLogger(__name__)

CONTENTS_EVENTS = "https://events.jupyter.org/jupyter_server/contents_service/v1"


def governance_handlers(prefix: str) -> List[tuple]:
    return (broker_handlers(prefix) + secrets_handlers(prefix) + rotation_handlers(prefix)
            + audit_handlers(prefix) + grant_request_handlers(prefix))


def setup_governance(extension: Any) -> GovernanceServices:
    """Create the shared services and put them in the extension's settings."""
    serverapp = extension.serverapp
    config = _config(extension)
    governance = Governance(config, actor=default_actor(), source="server")
    install_audit_events(serverapp, governance)  # every audit record also on the event bus
    settings = WorkloadIdentity(config=config)
    identity = KernelIdentity(serverapp, TokenStore(settings.token_ttl), governance.auditor.actor)
    services = GovernanceServices(governance, identity,
                                  io=ThreadPoolExecutor(1, thread_name_prefix="jupyter-secrets-io"),
                                  slow=ThreadPoolExecutor(2, thread_name_prefix="jupyter-secrets-slow"))
    extension.settings.update({SETTINGS_KEY: services, IDENTITY_KEY: identity,
                               DESK_KEY: StagingDesk(),
                               WORKLOAD_KEY: setup_workload_identity(serverapp, governance, config)})
    extension._governance_refresh = _start_refresh(identity, settings.token_ttl)
    _follow_renames(serverapp, services)
    _use_kernel_provisioner(serverapp)
    guards = getattr(extension, "guards", None)
    if guards is not None:
        guards.notices.connect(guard_listener(governance.with_source("server").auditor))
    log.info("jupyter-secrets: environment %s; kernels get a workload identity", governance.env)
    return services


async def teardown_governance(extension: Any) -> None:
    refresh = getattr(extension, "_governance_refresh", None)
    if refresh is not None:
        refresh.stop()
    services = extension.settings.get(SETTINGS_KEY)
    if services is not None:
        services.io.shutdown(wait=False)
        services.slow.shutdown(wait=False)


def _config(extension: Any) -> Config:
    """The user's jupyter_secrets_config files, overridden by the server's own config."""
    from ..backends.registry import load_user_config

    try:
        merged = load_user_config()
    except BackendError as e:
        log.error("jupyter-secrets: %s; using the server's config only", e)
        merged = Config()
    # Config.merge shares sub-sections instead of copying them: merge copies, so a later merge
    # into ``merged`` cannot write through into the live server config.
    merged.merge(copy.deepcopy(extension.serverapp.config))
    merged.merge(copy.deepcopy(extension.config))
    return merged


def _use_kernel_provisioner(serverapp: Any) -> None:
    """Kernels get their token from the package's kernel provisioner, made the default here."""
    from ..kernel.provisioner import use_secrets_provisioner

    if not use_secrets_provisioner(serverapp):
        log.warning("jupyter-secrets: kernels are not started by the jupyter-secrets provisioner, "
                    "so they get no workload identity and read secrets directly")


def _start_refresh(identity: KernelIdentity, ttl: float) -> PeriodicCallback:
    callback = PeriodicCallback(identity.refresh, max(ttl / 3.0, 1.0) * 1000)
    callback.start()
    return callback


def _follow_renames(serverapp: Any, services: GovernanceServices) -> None:
    """Grants naming a notebook move with it when it is renamed through the server."""

    async def on_contents_event(logger: Any, schema_id: str, data: dict) -> None:
        if data.get("action") != "rename" or not data.get("source_path"):
            return
        gov = services.governance.with_source("server")
        try:
            await asyncio.get_running_loop().run_in_executor(
                services.io, gov.follow_rename, data["source_path"], data["path"])
        except Exception as e:  # a listener must not take the contents service down
            log.error("jupyter-secrets: grants did not follow the rename of %s: %s",
                      data["source_path"], type(e).__name__)

    serverapp.event_logger.add_listener(schema_id=CONTENTS_EVENTS, listener=on_contents_event)
