"""The kernel-facing broker under /jupyter-secrets/broker/.

    GET  broker/secrets                           {"secrets": [name, version, dates]} in scope
    GET  broker/secrets/NAME[?version=previous]   {"name", "version", "value"}
    POST broker/secrets/NAME   {"value"}          store; a new secret is granted to the notebook
    GET  broker/whoami                            {"kernel_id", "paths", "user", "env"}

Requests authenticate with the kernel token in the `X-Jupyter-Secrets-Token` header, never with
the server's token or cookies (so the XSRF check, which guards cookie-authenticated browser
requests, does not apply). A missing, expired or foreign token is refused with 403 and audited.
"""
from __future__ import annotations

from dataclasses import replace

from jupyter_server.auth.decorator import allow_unauthenticated
from tornado import web

from ..governance.identity import TOKEN_HEADER, Workload
from ..governance.names import is_safe_to_record
from ..governance.tokens import TokenRefused
from .governed import GovernedHandler, text_arg

NAME = r"(?P<name>[^/]+)"


class BrokerHandler(GovernedHandler):
    """Authenticated by kernel token only."""

    def check_xsrf_cookie(self) -> None:
        return None  # cookies are never consulted here; the token header cannot be forged cross-site

    async def workload(self, action: str, secret: str = "") -> Workload:
        services = self.services
        try:
            token = services.identity.verify(self.request.headers.get(TOKEN_HEADER))
        except TokenRefused as refused:
            await self.blocking(self._audit_refusal, action, secret, refused)
            raise web.HTTPError(403, f"kernel token refused: {refused.reason}") from None
        return await services.identity.workload(token)

    def _audit_refusal(self, action: str, secret: str, refused: TokenRefused) -> None:
        auditor = replace(self.services.governance.auditor, source="broker",
                          kernel_id=refused.kernel_id)
        shown = secret if is_safe_to_record(secret) else ""
        auditor.record(action, "refused", shown, detail=refused.reason[:120])


class BrokerSecretHandler(BrokerHandler):
    @allow_unauthenticated
    async def get(self, name: str) -> None:
        workload = await self.workload("read", name)
        version = text_arg(self, "version")
        gov = self.services.governance
        value, read_version = await self.blocking(gov.with_source("broker").read_for, workload,
                                                  name, version)
        self.no_store()
        self.finish({"name": name, "version": read_version, "value": value})

    @allow_unauthenticated
    async def post(self, name: str) -> None:
        workload = await self.workload("set", name)
        value = self.json_body().get("value")
        if not isinstance(value, str):
            raise web.HTTPError(400, "send the value as a string in the JSON body: {\"value\": ...}")
        gov = self.services.governance.with_source("broker")
        info = await self.blocking(gov.set_secret, name, value, "", workload)
        scope = await self.blocking(gov.scope, name)
        self.finish({"name": name, "version": info.version, "scope": [g.to_json() for g in scope]})


class BrokerListHandler(BrokerHandler):
    @allow_unauthenticated
    async def get(self) -> None:
        workload = await self.workload("read")
        infos = await self.blocking(self.services.governance.names_for, workload)
        self.finish({"secrets": [{"name": i.name, "version": i.version, "created": i.created,
                                  "updated": i.updated} for i in infos]})


class BrokerWhoamiHandler(BrokerHandler):
    @allow_unauthenticated
    async def get(self) -> None:
        workload = await self.workload("read")
        self.finish({"kernel_id": workload.kernel_id, "paths": list(workload.paths),
                     "user": workload.user, "env": self.services.governance.env})


def broker_handlers(prefix: str) -> list:
    return [(rf"/{prefix}/broker/secrets", BrokerListHandler),
            (rf"/{prefix}/broker/secrets/{NAME}", BrokerSecretHandler),
            (rf"/{prefix}/broker/whoami", BrokerWhoamiHandler)]

