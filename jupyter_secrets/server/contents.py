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
import os
import shutil
from datetime import datetime, timezone
from typing import Optional

from anyio.to_thread import run_sync
from jupyter_core.utils import ensure_async
from jupyter_server.auth.decorator import authorized
from jupyter_server.utils import url_escape, url_path_join
from jupyter_server.services.contents import handlers as core
from tornado import web

from .errors import GuardHTTPError, SaveRefused
from .folder_checks import moved_out_of_allowlist, refuse_blocked, strip_copies, tree_items
from . import save_body
from .save_guard import SaveReport, current_body, current_report, mark_checked
from .staging import decode_chunk

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
            cm, name = self.contents_manager, path.strip("/")
            get_os_path = getattr(cm, "_get_os_path", None)
            os_path = get_os_path(name) if get_os_path is not None else None
            await run_sync(self.settings[SETTINGS_KEY].downloads.refuse_artifact, name, os_path,
                           getattr(cm, "root_dir", None))
        return await super().get(path)

    def get_json_body(self):
        # parsed once: put() looks at the body before the core handler reads it again; a save's
        # body is parsed with its cells' spans in it, for the save guard (``save_body``)
        if not hasattr(self, "_json_body"):
            parsed = save_body.parse(self.request.body) if self.request.method == "PUT" else None
            self._parsed_body = parsed
            self._json_body = super().get_json_body() if parsed is None else parsed.model
        return self._json_body

    @web.authenticated
    @authorized(resource=core.AUTH_RESOURCE)
    async def put(self, path=""):
        model = self.get_json_body()
        if isinstance(model, dict) and model.get("chunk") is not None \
                and _stages_uploads(self.contents_manager):
            return await self._staged_chunk(model, path.strip("/"))
        parsed = self._parsed_body
        body = parsed.save_body(path) if parsed is not None else None
        token = current_body.set(body) if body is not None else None
        try:
            return await super().put(path)
        finally:
            if token is not None:
                current_body.reset(token)

    async def _staged_chunk(self, model: dict, path: str) -> None:
        """One chunk of an upload, staged; the last one checks the whole file and puts it in
        place (see ``staging``)."""
        cm, saves = self.contents_manager, self.settings[SETTINGS_KEY].saves
        chunk = model.get("chunk")
        if not isinstance(chunk, int) or isinstance(chunk, bool) or chunk == 0 or chunk < -1:
            raise web.HTTPError(400, "A chunk number is 1, 2, ... or -1 for the last one")
        if model.get("type") != "file":
            raise web.HTTPError(400, f"File type {model.get('type')!r} is not supported for "
                                     f"large file transfer")
        if not cm.allow_hidden and await ensure_async(cm.is_hidden(path)):
            raise web.HTTPError(400, f"Cannot create file or directory {path!r}")
        os_path = cm._get_os_path(path)  # 404 outside the root
        if not os.path.isdir(os.path.dirname(os_path)) or os.path.isdir(os_path):
            raise web.HTTPError(404, f"No such directory for {path}")
        data = decode_chunk(model)
        saves.staging.watch()
        upload, last = await run_sync(saves.staging.add, path, chunk, data)
        if not last:
            now = datetime.now(timezone.utc)
            return self._finish_model({
                "name": path.rsplit("/", 1)[-1], "path": path, "type": "file", "format": None,
                "mimetype": None, "content": None, "writable": True, "created": now,
                "last_modified": now, "size": upload.size, "hash": None, "hash_algorithm": None},
                location=False)
        existed = os.path.exists(os_path)
        try:
            await run_sync(saves.check_staged, path, upload.file)
        except BaseException:
            saves.staging.remove(upload)
            raise
        await run_sync(saves.staging.place, upload, os_path)
        saved = await ensure_async(cm.get(path, content=False))
        mark_checked(path)  # other post-save hooks run; ours checked it whole already
        cm.run_post_save_hooks(model=saved, os_path=os_path)
        if hasattr(cm, "emit"):
            cm.emit(data={"action": "save", "path": path})
        self.set_status(200 if existed else 201)
        return self._finish_model(saved, location=not existed)

    async def _copy(self, copy_from, copy_to=None):
        """A folder copy is checked file by file before anything is copied (a file copy is a
        save: the hook checks it); what the policies strip is stripped in the copies."""
        cm, saves = self.contents_manager, self.settings[SETTINGS_KEY].saves
        get_os_path = getattr(cm, "_get_os_path", None)
        source = get_os_path(copy_from.strip("/")) if get_os_path is not None else None
        if source is None or not os.path.isdir(source):
            return await super()._copy(copy_from, copy_to)
        planned = f"{(copy_to or '').strip('/')}/{os.path.basename(source)}".strip("/")
        await run_sync(lambda: refuse_blocked(saves, list(tree_items(source, planned)), planned))
        model = await ensure_async(cm.copy(copy_from, copy_to))
        copied = get_os_path(model["path"])
        try:
            await run_sync(lambda: strip_copies(saves, list(tree_items(copied, model["path"]))))
        except BaseException:
            shutil.rmtree(copied, ignore_errors=True)
            raise
        self.set_status(201)
        core.validate_model(model)
        self._finish_model(model)

    @web.authenticated
    @authorized(resource=core.AUTH_RESOURCE)
    async def patch(self, path=""):
        """A rename or move that takes files out of the allowlist checks them first, as a save
        to their new place would be."""
        model = self.get_json_body()
        cm, old = self.contents_manager, path.strip("/")
        new = model.get("path") if isinstance(model, dict) else None
        get_os_path = getattr(cm, "_get_os_path", None)
        if not isinstance(new, str) or get_os_path is None or new.strip("/") == old:
            return await super().patch(path)
        guards, new = self.settings[SETTINGS_KEY], new.strip("/")
        os_old = get_os_path(old)
        scanner = guards.require_scanner()
        moved = await run_sync(lambda: moved_out_of_allowlist(
            scanner, list(tree_items(os_old, old)), old, new))
        if moved:
            await run_sync(refuse_blocked, guards.saves, moved, new)
        await super().patch(path)
        if moved:
            os_new = get_os_path(new)
            await run_sync(lambda: strip_copies(guards.saves, [
                (api, os_new + os_path[len(os_old):]) for api, os_path in moved]))

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


def _stages_uploads(contents_manager) -> bool:
    """Chunks mean something to large-file managers on disk only; others write each whole."""
    return hasattr(contents_manager, "_save_large_file") and hasattr(contents_manager,
                                                                    "_get_os_path")


def _read_or_none(os_path: str) -> Optional[bytes]:
    try:
        with open(os_path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return None


class GuardedCheckpointsHandler(RefusalReplies, core.CheckpointsHandler):
    """A checkpoint copies the file as it is on disk, maybe written outside Jupyter: it is
    checked like a save first, and what the policies strip is stripped in the checkpoint."""

    @web.authenticated
    @authorized(resource=core.AUTH_RESOURCE)
    async def post(self, path=""):
        self.check_guarded()
        cm, saves, name = self.contents_manager, self.settings[SETTINGS_KEY].saves, path.strip("/")
        get_os_path = getattr(cm, "_get_os_path", None)
        checkpoint_path = getattr(getattr(cm, "checkpoints", None), "checkpoint_path", None)
        if get_os_path is None or checkpoint_path is None:
            raise web.HTTPError(501, "jupyter-secrets cannot check checkpoints that are not "
                                     "files on disk, so none was created")
        os_path = get_os_path(name)
        if os.path.isfile(os_path):
            await run_sync(refuse_blocked, saves, [(name, os_path)], name)
        checkpoint = await ensure_async(cm.create_checkpoint(path))
        copy = checkpoint_path(checkpoint["id"], name)
        if os.path.isfile(copy):
            try:
                await run_sync(strip_copies, saves, [(name, copy)])
            except BaseException:
                await ensure_async(cm.delete_checkpoint(checkpoint["id"], path))
                raise
        self.set_header("Location", url_path_join(self.base_url, "api/contents", url_escape(path),
                                                  "checkpoints", url_escape(checkpoint["id"])))
        self.set_status(201)
        self.finish(json.dumps(checkpoint, default=core.json_default))


_GUARDED = {core.ContentsHandler: GuardedContentsHandler,
            core.CheckpointsHandler: GuardedCheckpointsHandler,
            core.ModifyCheckpointsHandler: GuardedRestoreHandler}


def contents_handlers() -> list:
    """jupyter_server's contents routes in their order (checkpoints before the catch-all path),
    with the guarded handlers in place of the core ones."""
    return [(rule[0], _GUARDED.get(rule[1], rule[1]), *rule[2:]) for rule in core.default_handlers]
