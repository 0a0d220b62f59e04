"""The audit trail for the panel: events, the report, and a chain check (see secrets_handlers
for the full list of paths)."""
from __future__ import annotations

from typing import Optional

import tornado.web
from jupyter_server.auth.decorator import authorized
from tornado import web

from ..governance.audit_query import AuditFilter, parse_when, search
from ..governance.audit_report import ReportSettings, build_report
from ..governance.service import Governance
from .governed import GovernedHandler, text_arg

MAX_EVENTS = 1000


class AuditEventsHandler(GovernedHandler):
    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        gov = self.governance_for_user()
        wanted = AuditFilter(secret=text_arg(self, "secret"), workload=text_arg(self, "workload"),
                             action=text_arg(self, "action"), outcome=text_arg(self, "outcome"),
                             env=gov.env, since=self._when("since"), until=self._when("until"),
                             limit=self._int("limit", 200, 1, MAX_EVENTS))
        if wanted.workload in gov.policy.workloads:
            wanted.workload_globs = gov.policy.workloads[wanted.workload]
        records = await self.blocking(search, gov.audit, wanted)
        self.finish({"env": gov.env, "events": [r.to_json() for r in records]})

    def _when(self, name: str) -> Optional[float]:
        text = text_arg(self, name)
        try:
            return parse_when(text) if text else None
        except ValueError as e:
            raise web.HTTPError(400, f"{name}: {e}") from None

    def _int(self, name: str, default: int, low: int, high: int) -> int:
        text = text_arg(self, name)
        try:
            return min(max(int(text), low), high) if text else default
        except ValueError:
            raise web.HTTPError(400, f"{name} must be a whole number") from None


class AuditReportHandler(AuditEventsHandler):
    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        gov = self.governance_for_user()
        settings = ReportSettings(unused_days=self._number("unused_days", 30.0),
                                  new_days=self._number("new_days", 7.0))
        self.finish(await self.blocking(_report, gov, settings))

    def _number(self, name: str, default: float) -> float:
        text = text_arg(self, name)
        try:
            value = float(text) if text else default
        except ValueError:
            raise web.HTTPError(400, f"{name} must be a number of days") from None
        if not 0 <= value <= 3650:
            raise web.HTTPError(400, f"{name} must be between 0 and 3650 days")
        return value


class AuditVerifyHandler(GovernedHandler):
    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        report = await self.blocking(self.services.governance.audit.verify)
        self.finish(report.to_json())


def _report(gov: Governance, settings: ReportSettings) -> dict:
    names = [info.name for info in gov.backend.list()]
    return build_report(gov.audit, gov.env, names, settings)


def audit_handlers(prefix: str) -> list:
    return [(rf"/{prefix}/audit", AuditEventsHandler),
            (rf"/{prefix}/audit/report", AuditReportHandler),
            (rf"/{prefix}/audit/verify", AuditVerifyHandler)]
