"""The issuer's public face and the kernels' JWT desk, under /jupyter-secrets/.

    GET  .well-known/openid-configuration     OpenID Provider metadata (issuer, jwks_uri)
    GET  jwks.json                            the public signing keys, retired ones included
    POST broker/identity        {"secret"}    a kernel's JWT for one secret and where to use it
    POST broker/identity/reads  {"secret", "version", "outcome"}
                                              a kernel's direct read, for the audit trail

The first two are public (Vault fetches them without credentials, and they hold public keys
only). The broker paths authenticate with the kernel token, as the rest of the broker does.
All of them answer 404 when the server has no workload identity (backend not Vault/workload).
"""
from __future__ import annotations

from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.base.handlers import APIHandler
from tornado import web

from ..backends.base import InvalidSecretName
from ..governance.names import checked_name
from .broker import BrokerHandler
from .team_identity import SETTINGS_KEY, NotOneNotebook, WorkloadService

NOT_SET_UP = ("this server issues no workload JWTs: its backend is not Vault with "
              "c.VaultBackend.auth_method = 'workload'")
READ_OUTCOMES = ("ok", "denied", "not-found")


def _service(handler: web.RequestHandler) -> WorkloadService:
    service = handler.settings.get(SETTINGS_KEY)
    if service is None:
        raise web.HTTPError(404, NOT_SET_UP)
    return service


class PublicIssuerHandler(APIHandler):
    auth_resource = "jupyter_secrets"

    def check_xsrf_cookie(self) -> None:
        return None  # GET only, public data

    def publish(self, body: dict) -> None:
        self.set_header("Cache-Control", "public, max-age=60")
        self.finish(body)


class DiscoveryHandler(PublicIssuerHandler):
    @allow_unauthenticated
    def get(self) -> None:
        self.publish(_service(self).issuer.discovery())


class JwksHandler(PublicIssuerHandler):
    @allow_unauthenticated
    def get(self) -> None:
        self.publish(_service(self).issuer.keys.public_jwks())


class KernelJwtHandler(BrokerHandler):
    @allow_unauthenticated
    async def post(self) -> None:
        service = _service(self)
        workload = await self.workload("read", _raw_name(self.json_body()))
        secret = _name(self.json_body())
        try:
            login = service.kernel_login(workload.kernel_id, workload.paths, secret)
        except NotOneNotebook as e:
            raise web.HTTPError(409, str(e)) from None
        self.no_store()
        self.finish(login)


class KernelReadHandler(BrokerHandler):
    @allow_unauthenticated
    async def post(self) -> None:
        _service(self)
        body = self.json_body()
        workload = await self.workload("read", _raw_name(body))
        secret, outcome = _name(body), body.get("outcome", "ok")
        if outcome not in READ_OUTCOMES:
            raise web.HTTPError(400, f"the outcome must be one of {', '.join(READ_OUTCOMES)}")
        version = str(body.get("version") or "")[:40]
        auditor = self.services.governance.with_source("vault").auditor.for_workload(workload)
        await self.blocking(auditor.record, "read", outcome, secret, version,
                            "read from Vault with the kernel's own token")
        self.finish({"recorded": True})


def _raw_name(body: dict) -> str:
    name = body.get("secret")
    return name if isinstance(name, str) else ""


def _name(body: dict) -> str:
    """The secret's name, checked before anything (a JWT, Vault's log) carries it: a value sent
    where a name belongs is refused without being repeated."""
    try:
        return checked_name("server", body.get("secret"))
    except InvalidSecretName as e:
        raise web.HTTPError(400, str(e)) from None


def jwks_handlers(prefix: str) -> list:
    return [(rf"/{prefix}/\.well-known/openid-configuration", DiscoveryHandler),
            (rf"/{prefix}/jwks\.json", JwksHandler),
            (rf"/{prefix}/broker/identity", KernelJwtHandler),
            (rf"/{prefix}/broker/identity/reads", KernelReadHandler)]
