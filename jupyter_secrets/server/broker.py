"""The kernel-facing broker under /jupyter-secrets/broker/.

    GET  broker/secrets                              {"secrets": [name, version, dates]} in scope
    POST broker/read     {"name"[, "version"]}       {"name", "version", "value"}
    POST broker/secrets  {"name", "value"}           store; a new secret is granted to the notebook
    GET  broker/whoami                               {"kernel_id", "paths", "user", "env"}

Names travel in the JSON body, never in the URL: a value passed where a name belongs would
otherwise land in the access log. A name is checked before anything records it; one that is
not a valid name, or that looks like a key, is refused without being repeated.

Requests authenticate with the kernel token in the `X-Jupyter-Secrets-Token` header, never with
the server's token or cookies (so the XSRF check, which guards cookie-authenticated browser
requests, does not apply). A missing, expired or foreign token is refused with 403 and audited.
Every value served or stored is noted in the guards' known values (by fingerprint), so a value
a kernel writes to a file or shows in a form its redaction missed still never leaves through a
save, a download or an export.
"""
from __future__ import annotations

from dataclasses import replace

from jupyter_server.auth.decorator import allow_unauthenticated
from tornado import web

from ..backends.base import InvalidSecretName
from ..governance.identity import TOKEN_HEADER, Workload
from ..governance.names import checked_name, is_safe_to_record
from ..governance.service import AccessDenied
from ..governance.tokens import TokenRefused
from .contents import SETTINGS_KEY as GUARDS_KEY
from .governed import GovernedHandler


def add_hint(name: str) -> str:
    """Said with every refusal, whether or not the secret exists: a notebook is never told
    which names exist that it may not read."""
    return (f"; if no secret {name} exists yet, add it from the notebook with "
            f"`%secret set {name}` (it is then granted to that notebook)")


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

    def body_name(self, body: dict) -> str:
        """The secret's name from the JSON body, checked before anything records it."""
        try:
            return checked_name("server", body.get("name"))
        except InvalidSecretName as e:
            raise web.HTTPError(400, str(e)) from None

    def known_values(self):
        return self.settings[GUARDS_KEY].known_values

    def _audit_refusal(self, action: str, secret: str, refused: TokenRefused) -> None:
        auditor = replace(self.services.governance.auditor, source="broker",
                          kernel_id=refused.kernel_id)
        shown = secret if is_safe_to_record(secret) else ""
        auditor.record(action, "refused", shown, detail=refused.reason[:120])


class BrokerReadHandler(BrokerHandler):
    @allow_unauthenticated
    async def post(self) -> None:
        body = self.json_body()
        workload = await self.workload("read", _shown(body))
        name = self.body_name(body)
        version = body.get("version") or None
        if version is not None and not isinstance(version, str):
            raise web.HTTPError(400, "the version must be a string: 'current' or 'previous'")
        gov = self.services.governance.with_source("broker")
        value, read_version = await self.blocking(_read, gov, workload, name, version,
                                                  self.known_values())
        self.no_store()
        self.finish({"name": name, "version": read_version, "value": value})


class BrokerSecretsHandler(BrokerHandler):
    @allow_unauthenticated
    async def get(self) -> None:
        workload = await self.workload("read")
        infos = await self.blocking(self.services.governance.names_for, workload)
        self.finish({"secrets": [{"name": i.name, "version": i.version, "created": i.created,
                                  "updated": i.updated} for i in infos]})

    @allow_unauthenticated
    async def post(self) -> None:
        body = self.json_body()
        workload = await self.workload("set", _shown(body))
        name = self.body_name(body)
        value = body.get("value")
        if not isinstance(value, str):
            raise web.HTTPError(400, "send the value as a string in the JSON body: {\"value\": ...}")
        gov = self.services.governance.with_source("broker")
        info = await self.blocking(_store, gov, workload, name, value, self.known_values())
        scope = await self.blocking(gov.scope, name)
        self.finish({"name": name, "version": info.version, "scope": [g.to_json() for g in scope]})


def _shown(body: dict) -> str:
    name = body.get("name")
    return name if isinstance(name, str) else ""


def _read(gov, workload: Workload, name: str, version, known):
    try:
        value, read_version = gov.read_for(workload, name, version)
    except AccessDenied as denied:
        raise AccessDenied(f"{denied}{add_hint(name)}") from None
    known.add(value)
    return value, read_version


def _store(gov, workload: Workload, name: str, value: str, known):
    known.add(value)  # before the write: a failed write may still have echoed it somewhere
    return gov.set_secret(name, value, "", workload)


class BrokerWhoamiHandler(BrokerHandler):
    @allow_unauthenticated
    async def get(self) -> None:
        workload = await self.workload("read")
        self.finish({"kernel_id": workload.kernel_id, "paths": list(workload.paths),
                     "user": workload.user, "env": self.services.governance.env})


def broker_handlers(prefix: str) -> list:
    return [(rf"/{prefix}/broker/secrets", BrokerSecretsHandler),
            (rf"/{prefix}/broker/read", BrokerReadHandler),
            (rf"/{prefix}/broker/whoami", BrokerWhoamiHandler)]

