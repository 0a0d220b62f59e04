"""The secrets API the JupyterLab panel calls, under /jupyter-secrets/ (authenticated and
authorized with the `jupyter_secrets` resource; values never come back except on reveal).

    GET    status                         backend, environment, ok/locked and the fix; with
                                          "audit" (the trail's head against its anchor) and
                                          "guards" (whether saves are being checked)
    GET    secrets                        {"env", "secrets": [name, version, created, updated,
                                           scope, last_used, reads, used_by, rotation,
                                           validator]}
    POST   secrets                        {"name", "value", "notebook"?} add; a secret created
                                          from a notebook is granted to that notebook only
    DELETE secrets/NAME                   delete (every version), its grants and rotation state
    GET    secrets/NAME/grants            {"scope": [{"kind", "target", "source", ...}]}
    POST   secrets/NAME/grants            {"kind": "notebook"|"workload", "target"} grant
    DELETE secrets/NAME/grants?kind=&target=   revoke a stored grant
    POST   secrets/NAME/reveal            {"name", "value"}: only on this explicit
                                          request, and audited
    GET    secrets/NAME/rotation          rotation state
    POST   secrets/NAME/rotation          {"step": "stage"|"validate"|"cutover"|"abandon"|
                                           "rollback"|"rotate", "value"?} (rotation_handlers)
    GET    audit?secret=&workload=&action=&outcome=&since=&until=&limit=   (audit_handlers)
    GET    audit/report?unused_days=&new_days=                             (audit_handlers)
    GET    audit/verify                                                    (audit_handlers)
"""
from __future__ import annotations

import tornado.web
from jupyter_server.auth.decorator import authorized
from tornado import web

from ..governance.catalog import audit_health, catalog, status
from ..governance.grants import KINDS, NOTEBOOK
from .contents import SETTINGS_KEY as GUARDS_KEY
from .governed import GovernedHandler, text_arg

NAME = r"(?P<name>[^/]+)"


class StatusHandler(GovernedHandler):
    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        gov = self.governance_for_user()
        result = await self.blocking(status, gov)
        result["audit"] = await self.blocking(audit_health, gov)
        result["guards"] = self._guards_health()
        self.finish(result)

    def _guards_health(self) -> dict:
        """Whether saves, exports and downloads are being checked on this server."""
        guards = self.settings.get(GUARDS_KEY)
        if guards is None:
            problem = "the server guards are not installed"
        else:  # never wait on the event loop: while it is built, saves wait for the scanner
            problem = "" if guards.building else guards.problem
        return {"ok": not problem, "problem": problem,
                "fix": "" if not problem else "saves, exports and downloads are refused until "
                "the jupyter-secrets configuration named above is fixed and the server restarted"}


class SecretsHandler(GovernedHandler):
    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        gov = self.governance_for_user()
        self.finish({"env": gov.env, "secrets": await self.blocking(catalog, gov)})

    @tornado.web.authenticated
    @authorized
    async def post(self) -> None:
        body = self.json_body()
        name, value, notebook = body.get("name"), body.get("value"), body.get("notebook") or ""
        if not isinstance(name, str) or not isinstance(value, str) or not isinstance(notebook, str):
            raise web.HTTPError(400, 'send {"name": ..., "value": ..., "notebook": optional path} '
                                     "with strings")
        gov = self.governance_for_user()
        info = await self.blocking(gov.set_secret, name, value, notebook)
        scope = await self.blocking(gov.scope, name)
        self.set_status(201)
        self.finish({"name": name, "version": info.version, "scope": [g.to_json() for g in scope]})


class SecretHandler(GovernedHandler):
    @tornado.web.authenticated
    @authorized
    async def delete(self, name: str) -> None:
        await self.blocking(self.governance_for_user().delete_secret, name)
        self.set_status(204)
        self.finish()


class GrantsHandler(GovernedHandler):
    @tornado.web.authenticated
    @authorized
    async def get(self, name: str) -> None:
        scope = await self.blocking(self.governance_for_user().scope, name)
        self.finish({"name": name, "scope": [g.to_json() for g in scope]})

    @tornado.web.authenticated
    @authorized
    async def post(self, name: str) -> None:
        body = self.json_body()
        kind, target = body.get("kind", NOTEBOOK), body.get("target")
        if kind not in KINDS or not isinstance(target, str):
            raise web.HTTPError(400, 'send {"kind": "notebook" or "workload", "target": path, '
                                     "glob or workload name}")
        gov = self.governance_for_user()
        added = await self.blocking(gov.grant, name, kind, target)
        scope = await self.blocking(gov.scope, name)
        self.finish({"name": name, "added": added, "scope": [g.to_json() for g in scope]})

    @tornado.web.authenticated
    @authorized
    async def delete(self, name: str) -> None:
        kind, target = text_arg(self, "kind", NOTEBOOK), text_arg(self, "target")
        if kind not in KINDS or not target:
            raise web.HTTPError(400, "give ?kind=notebook|workload&target=...")
        gov = self.governance_for_user()
        removed = await self.blocking(gov.revoke, name, kind, target)
        if not removed:
            raise web.HTTPError(404, f"{name!r} has no stored grant for {kind} {target!r} (grants "
                                     "from the config are changed in the config)")
        scope = await self.blocking(gov.scope, name)
        self.finish({"name": name, "scope": [g.to_json() for g in scope]})


class RevealHandler(GovernedHandler):
    @tornado.web.authenticated
    @authorized
    async def post(self, name: str) -> None:
        gov = self.governance_for_user()
        value = await self.blocking(gov.reveal, name)
        self.no_store()
        self.finish({"name": name, "value": value})


def secrets_handlers(prefix: str) -> list:
    return [(rf"/{prefix}/status", StatusHandler),
            (rf"/{prefix}/secrets", SecretsHandler),
            (rf"/{prefix}/secrets/{NAME}", SecretHandler),
            (rf"/{prefix}/secrets/{NAME}/grants", GrantsHandler),
            (rf"/{prefix}/secrets/{NAME}/reveal", RevealHandler)]
