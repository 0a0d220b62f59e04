"""The base of the secrets API and the broker: one governance service per server, blocking
work off the event loop, and one mapping from failures to HTTP answers.

Error messages name secrets, notebooks and fixes; they never carry a value.
"""
from __future__ import annotations

import asyncio
import json
import logging
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Optional, TypeVar

from jupyter_server.base.handlers import APIHandler
from tornado import web

from ..backends.base import BackendError, InvalidSecretName, SecretNotFound
from ..governance.audit_store import AuditError
from ..governance.db import StoreError
from ..governance.environments import OtherEnvironmentName
from ..governance.grant_requests import UnknownRequest
from ..governance.rotation import RotationError
from ..governance.service import AccessDenied, Governance
from .identity import KernelIdentity

log = logging.getLogger(__name__)

SETTINGS_KEY = "jupyter_secrets_governance"
AUTH_RESOURCE = "jupyter_secrets"
MAX_BODY = 64 * 1024

T = TypeVar("T")


@dataclass
class GovernanceServices:
    """What the handlers share: set up once by the extension."""

    governance: Governance
    identity: KernelIdentity
    io: ThreadPoolExecutor  # backend and audit work, one at a time
    slow: ThreadPoolExecutor  # validators, which may take seconds


class GovernedHandler(APIHandler):
    auth_resource = AUTH_RESOURCE

    @property
    def services(self) -> GovernanceServices:
        services = self.settings.get(SETTINGS_KEY)
        if services is None:
            raise web.HTTPError(503, "jupyter-secrets governance is not set up in this server")
        return services

    async def blocking(self, fn: Callable[..., T], *args: Any, slow: bool = False) -> T:
        """Run `fn` in a worker thread, turning known failures into HTTP errors."""
        pool = self.services.slow if slow else self.services.io
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, fn, *args)
        except Exception as e:
            raise http_error(e) from None

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """JSON errors as jupyter_server writes them, but with the message as it was written:
        tornado doubles each `%` of a message given without arguments (`%%secret set`)."""
        error = (kwargs.get("exc_info") or (None, None, None))[1]
        if isinstance(error, web.HTTPError) and error.log_message and not error.args:
            self.set_header("Content-Type", "application/json")
            message = error.log_message % ()
            self.log.warning("wrote error: %r", message)
            self.finish(json.dumps({"message": message, "reason": error.reason}))
            return
        super().write_error(status_code, **kwargs)

    def governance_for_user(self) -> Governance:
        """The service recording the person behind this request as the actor."""
        return self.services.governance.with_source("api", self._actor())

    def _actor(self) -> str:
        from jupyter_server.auth.identity import IdentityProvider

        user = self.current_user
        # The default token identity makes up an anonymous name per browser; on a single-user
        # server the person is the account the server runs as.
        if type(self.identity_provider) is IdentityProvider or user is None:
            return self.services.governance.auditor.actor
        return getattr(user, "username", "") or self.services.governance.auditor.actor

    def json_body(self) -> dict:
        if len(self.request.body or b"") > MAX_BODY:
            raise web.HTTPError(413, f"the request body is larger than {MAX_BODY} bytes")
        try:
            body = json.loads(self.request.body or b"{}")
        except ValueError:
            raise web.HTTPError(400, "the request body is not JSON") from None
        if not isinstance(body, dict):
            raise web.HTTPError(400, "the request body must be a JSON object")
        return body

    def no_store(self) -> None:
        """Replies that carry a value must not be kept by any cache."""
        self.set_header("Cache-Control", "no-store")


def http_error(e: Exception) -> web.HTTPError:
    if isinstance(e, web.HTTPError):
        return e
    if isinstance(e, (AccessDenied, OtherEnvironmentName)):
        return web.HTTPError(403, str(e))
    if isinstance(e, (SecretNotFound, UnknownRequest)):
        return web.HTTPError(404, str(e))
    if isinstance(e, (InvalidSecretName, ValueError)):
        return web.HTTPError(400, str(e))
    if isinstance(e, RotationError):
        return web.HTTPError(409, str(e))
    if isinstance(e, AuditError):
        return web.HTTPError(503, f"{e}; the operation was refused because it could not be audited")
    if isinstance(e, (BackendError, StoreError)):
        return web.HTTPError(503, str(e))
    # The message of an unknown error may quote anything, so only its type and frames are logged.
    log.error("jupyter-secrets: unexpected %s at\n%s", type(e).__name__,
              "".join(traceback.format_tb(e.__traceback__)))
    return web.HTTPError(500, f"unexpected {type(e).__name__}; see the server log")


def text_arg(handler: APIHandler, name: str, default: Optional[str] = None) -> Optional[str]:
    value = handler.get_query_argument(name, default)
    return value.strip() if isinstance(value, str) and value.strip() else default
