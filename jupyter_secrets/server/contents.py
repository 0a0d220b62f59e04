"""The contents API, as jupyter_server serves it, plus what the save guard has to say.

Registered by the extension on the core routes (extension rules take precedence), so that:
- a refused save answers a JSON body with the findings and how to fix or allow them (core's
  ``APIHandler.write_error`` keeps only the message);
- a save's reply carries ``jupyter_secrets: {stripped, warned, reload}``;
- the content of a sensitive artifact (model weights) is not sent;
- a restored checkpoint is checked like a save (restoring runs no hook).
"""
from __future__ import annotations

import json
from typing import Optional

from anyio.to_thread import run_sync
from jupyter_core.utils import ensure_async
from jupyter_server.auth.decorator import authorized
from jupyter_server.services.contents import handlers as core
from tornado import web

from .errors import GuardHTTPError, SaveRefused
from .save_guard import SaveReport, current_report

SETTINGS_KEY = "jupyter_secrets_guards"
_WRITES = frozenset({"PUT", "PATCH", "POST", "DELETE"})


def guard_error_of(error: Optional[BaseException]) -> Optional[GuardHTTPError]:
    """The guard's own error behind ``error``, also when a contents manager wrapped it: the
    server wraps a post-save hook's error (``raise ... from``), jupytext wraps every error of a
    notebook save in a 500 of its own (raised inside ``except``: the context, not the cause)."""
    seen = 0
    while error is not None and seen < 8:
        if isinstance(error, GuardHTTPError):
            return error
        error, seen = error.__cause__ or error.__context__, seen + 1
    return None


class RefusalReplies:
    """For the contents routes: a refused save answers its findings, a failed check its own
    status and message; a request that writes through a contents manager the guard is not
    hooked into is refused."""

    def check_guarded(self) -> None:
        if self.request.method not in _WRITES or self.current_user is None:
            return  # reads, and requests that authentication will turn away
        problem = self.settings[SETTINGS_KEY].hooks.ensure(self.contents_manager)
        if problem:
            raise web.HTTPError(503, f"Not saved: {problem}, so nothing written here could be "
                                     f"checked for secrets. Ask whoever runs this server.")

    def write_error(self, status_code: int, **kwargs) -> None:
        error = guard_error_of((kwargs.get("exc_info") or (None, None, None))[1])
        if error is None:
            return super().write_error(status_code, **kwargs)
        if not isinstance(error, SaveRefused):
            self.set_status(error.status_code, reason=error.reason)
            self.set_header("Content-Type", "application/json")
            return self.finish(json.dumps({"message": getattr(error, "message", ""),
                                           "reason": error.reason}))
        refusal = error
        self.set_status(refusal.status_code, reason=refusal.reason)
        self.set_header("Content-Type", "application/json")
        self.log.warning("Save of %s refused: %d plaintext secret(s)", refusal.path,
                         len(refusal.findings))
        self.finish(json.dumps(refusal.reply()))


class GuardedContentsHandler(RefusalReplies, core.ContentsHandler):
    """jupyter_server's ContentsHandler with the guard's report and refusals."""

    async def prepare(self):
        # set in this request's task, so the save hooks (called within it) fill it in
        self._save_report = SaveReport()
        current_report.set(self._save_report)
        result = await super().prepare()
        self.check_guarded()
        return result

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


class GuardedRestoreHandler(RefusalReplies, core.ModifyCheckpointsHandler):
    """Restoring a checkpoint copies it over the file with no hook: the guard checks the
    result, and a refused restore leaves the file as it was."""

    @web.authenticated
    @authorized(resource=core.AUTH_RESOURCE)
    async def post(self, path, checkpoint_id):
        self.check_guarded()
        cm = self.contents_manager
        get_os_path = getattr(cm, "_get_os_path", None)
        if get_os_path is None:  # not files on disk: nothing the guard can read back
            return await super().post(path, checkpoint_id)
        os_path = get_os_path(path.strip("/"))
        previous = await run_sync(_read_or_none, os_path)
        await ensure_async(cm.restore_checkpoint(checkpoint_id, path))
        await run_sync(self.settings[SETTINGS_KEY].saves.check_restored, path.strip("/"),
                       os_path, previous)
        self.set_status(204)
        await self.finish()


def _read_or_none(os_path: str) -> Optional[bytes]:
    try:
        with open(os_path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return None


_GUARDED = {core.ContentsHandler: GuardedContentsHandler,
            core.ModifyCheckpointsHandler: GuardedRestoreHandler}


def contents_handlers() -> list:
    """jupyter_server's contents routes in their order (checkpoints before the catch-all path),
    with the guarded handlers in place of the core ones."""
    return [(rule[0], _GUARDED.get(rule[1], rule[1]), *rule[2:]) for rule in core.default_handlers]
