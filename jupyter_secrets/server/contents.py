"""The contents API, as jupyter_server serves it, plus what the save guard has to say.

Registered by the extension on the core routes (extension rules take precedence), so that:
- a refused save answers a JSON body with the findings and how to fix or allow them (core's
  ``APIHandler.write_error`` keeps only the message);
- a save's reply carries ``jupyter_secrets: {stripped, warned, reload}``;
- the content of a sensitive artifact (model weights) is not sent.
"""
from __future__ import annotations

import json

from jupyter_server.auth.decorator import authorized
from jupyter_server.services.contents import handlers as core
from tornado import web

from .errors import refusal_of
from .save_guard import SaveReport, current_report

SETTINGS_KEY = "jupyter_secrets_guards"


class GuardedContentsHandler(core.ContentsHandler):
    """jupyter_server's ContentsHandler with the guard's report and refusals."""

    async def prepare(self):
        # set in this request's task, so the save hooks (called within it) fill it in
        self._save_report = SaveReport()
        current_report.set(self._save_report)
        return await super().prepare()

    @web.authenticated
    @authorized(resource=core.AUTH_RESOURCE)
    async def get(self, path=""):
        if path.strip("/") and self.get_query_argument("content", "1") == "1":
            self.settings[SETTINGS_KEY].downloads.refuse_artifact(path.strip("/"))
        return await super().get(path)

    def _finish_model(self, model, location=True):
        report = getattr(self, "_save_report", None)
        if report:
            model["jupyter_secrets"] = report.to_dict()
        return super()._finish_model(model, location=location)

    def write_error(self, status_code: int, **kwargs) -> None:
        refusal = refusal_of((kwargs.get("exc_info") or (None, None, None))[1])
        if refusal is None:
            return super().write_error(status_code, **kwargs)
        self.clear_header("Content-Type")
        self.set_status(refusal.status_code, reason=refusal.reason)
        self.set_header("Content-Type", "application/json")
        self.log.warning("Save of %s refused: %d plaintext secret(s)", refusal.path,
                         len(refusal.findings))
        self.finish(json.dumps(refusal.reply()))


def contents_handlers() -> list:
    """jupyter_server's contents routes in their order (checkpoints before the catch-all path),
    with the guarded handler in place of the core one."""
    return [(rule[0], GuardedContentsHandler, *rule[2:]) if rule[1] is core.ContentsHandler
            else rule for rule in core.default_handlers]
