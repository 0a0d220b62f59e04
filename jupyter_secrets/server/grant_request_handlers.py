"""The grant requests AI agents filed (over `jupyter-secrets mcp`), for the person to decide in
the panel, under /jupyter-secrets/ (authenticated and authorized like the secrets API).

    GET    grant-requests?state=pending|approved|denied|all   {"env", "requests": [...]}
    POST   grant-requests/ID          {"decision": "approve"|"deny"}: approval writes the grant,
                                      recorded as the person's
"""
from __future__ import annotations

import tornado.web
from jupyter_server.auth.decorator import authorized
from tornado import web

from ..governance import grant_requests
from .governed import GovernedHandler, text_arg

STATES = {"pending": grant_requests.PENDING, "approved": grant_requests.APPROVED,
          "denied": grant_requests.DENIED, "all": None}


class GrantRequestsHandler(GovernedHandler):
    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        state = text_arg(self, "state", "pending")
        if state not in STATES:
            raise web.HTTPError(400, f"state must be one of {', '.join(STATES)}")
        gov = self.governance_for_user()
        found = await self.blocking(grant_requests.requests, gov, STATES[state])
        self.finish({"env": gov.env, "requests": [r.to_json() for r in found]})


class GrantRequestHandler(GovernedHandler):
    @tornado.web.authenticated
    @authorized
    async def post(self, request_id: str) -> None:
        decision = self.json_body().get("decision")
        if decision not in ("approve", "deny"):
            raise web.HTTPError(400, 'send {"decision": "approve" or "deny"}')
        gov = self.governance_for_user()
        decided = await self.blocking(grant_requests.decide, gov, request_id,
                                      decision == "approve")
        self.finish(decided.to_json())


def grant_request_handlers(prefix: str) -> list:
    return [(rf"/{prefix}/grant-requests", GrantRequestsHandler),
            (rf"/{prefix}/grant-requests/(?P<request_id>[0-9a-f]{{1,32}})", GrantRequestHandler)]
