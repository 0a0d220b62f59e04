"""Rotation steps for the panel: POST /jupyter-secrets/secrets/NAME/rotation {"step": ...}.

    stage     {"value"}  hold a candidate beside the current version (in server memory only)
    validate             run the secret's validator on the staged candidate
    cutover              write the validated candidate as the new current version
    abandon              discard the staged candidate
    rotate    {"value"}  stage, validate and cut over in one go
    rollback  {"force"?} restore the previous version

Every step answers {"name", "step", "rotation": state, "verdict"?: {"valid", "reason"}}.
A staged candidate that is not cut over within STAGE_TTL seconds is discarded.
"""
from __future__ import annotations

import threading
import time
from typing import Dict, Optional

import tornado.web
from jupyter_server.auth.decorator import authorized
from tornado import web

from ..governance.rotation import RotationError, Staged
from .governed import GovernedHandler

STAGE_TTL = 900.0
STEPS = ("stage", "validate", "cutover", "abandon", "rotate", "rollback")


class StagingDesk:
    """Candidates waiting between panel steps, one per secret, forgotten after STAGE_TTL."""

    def __init__(self, ttl: float = STAGE_TTL):
        self.ttl = ttl
        self._staged: Dict[str, Staged] = {}
        self._lock = threading.Lock()

    def put(self, staged: Staged) -> None:
        with self._lock:
            self._staged[staged.secret] = staged

    def get(self, secret: str) -> Staged:
        with self._lock:
            staged = self._staged.get(secret)
            if staged is not None and staged.staged_at + self.ttl < time.time():
                del self._staged[secret]
                staged = None
        if staged is None:
            raise RotationError(f"no candidate is staged for {secret!r}: stage one first")
        return staged

    def drop(self, secret: str) -> Optional[Staged]:
        with self._lock:
            return self._staged.pop(secret, None)


DESK_KEY = "jupyter_secrets_staging"


class RotationHandler(GovernedHandler):
    @property
    def desk(self) -> StagingDesk:
        return self.settings[DESK_KEY]

    @tornado.web.authenticated
    @authorized
    async def get(self, name: str) -> None:
        rotator = self.governance_for_user().rotator()
        record = await self.blocking(rotator.status, name)
        self.finish({"name": name, "rotation": record.to_json() if record else None})

    @tornado.web.authenticated
    @authorized
    async def post(self, name: str) -> None:
        body = self.json_body()
        step = body.get("step")
        if step not in STEPS:
            raise web.HTTPError(400, f"step must be one of {', '.join(STEPS)}")
        value = body.get("value")
        if step in ("stage", "rotate") and not isinstance(value, str):
            raise web.HTTPError(400, f"the {step} step needs the candidate as a string in 'value'")
        rotator = self.governance_for_user().rotator()
        verdict = None
        if step == "stage":
            self.desk.put(await self.blocking(rotator.stage, name, value))
        elif step == "validate":
            verdict = await self.blocking(rotator.validate, self._staged(name), slow=True)
        elif step == "cutover":
            await self.blocking(rotator.cutover, self._staged(name))
            self.desk.drop(name)
        elif step == "abandon":
            await self.blocking(rotator.abandon, self._staged(name))
            self.desk.drop(name)
        elif step == "rotate":
            await self.blocking(rotator.rotate, name, value, slow=True)
        else:
            await self.blocking(rotator.rollback, name, bool(body.get("force")))
        record = await self.blocking(rotator.status, name)
        reply = {"name": name, "step": step, "rotation": record.to_json() if record else None}
        if verdict is not None:
            reply["verdict"] = {"valid": verdict.valid, "reason": verdict.reason}
        self.finish(reply)

    def _staged(self, name: str) -> Staged:
        try:
            return self.desk.get(name)
        except RotationError as e:
            raise web.HTTPError(409, str(e)) from None


def rotation_handlers(prefix: str) -> list:
    return [(rf"/{prefix}/secrets/(?P<name>[^/]+)/rotation", RotationHandler)]
