"""REST for the frontend: scan a notebook or text as the user types, scan a file on disk, and
read what the save guard did to a file.

- ``POST /jupyter-secrets/scan`` with ``{"path": ..., "content": <notebook>}`` (a contents
  model), ``{"path": ..., "text": ...}``, or a bare notebook; answers
  ``{"findings": [...], "errors": [...]}``. With ``cells`` or ``texts`` it is the batch
  JupyterLab sends once per change of a notebook (see ``batch``).
- ``GET /jupyter-secrets/scan?path=...``: the same for a file, read through the contents manager.
- ``GET /jupyter-secrets/saves?path=...``: the last save notices (blocked, stripped, warned).
"""
from __future__ import annotations

import base64
import binascii
import json
from typing import List, Optional

import tornado.web
from jupyter_core.utils import ensure_async
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler

from ..detection.scanner import Scanner
from ..detection.walker import is_notebook
from .batch import BatchError, check_batch, is_batch
from .contents import SETTINGS_KEY
from .handlers import AUTH_RESOURCE
from .notices import SAVE_ACTIONS

_BODY_HELP = ('send {"path": ..., "content": <notebook>}, {"path": ..., "text": "..."} '
              "or a notebook")


class GuardAPIHandler(APIHandler):
    auth_resource = AUTH_RESOURCE

    @property
    def guards(self):
        return self.settings[SETTINGS_KEY]

    def required_path(self) -> str:
        path = self.get_query_argument("path", "").strip("/")
        if not path:
            raise tornado.web.HTTPError(400, "the query argument 'path' is required")
        return path


class ScanHandler(GuardAPIHandler):
    @tornado.web.authenticated
    @authorized
    def post(self) -> None:
        body = self.get_json_body()
        if not isinstance(body, dict):
            raise tornado.web.HTTPError(400, "the body must be a JSON object: " + _BODY_HELP)
        scanner = self.guards.require_scanner()
        path = body.get("path") if isinstance(body.get("path"), str) else ""
        if is_batch(body):
            try:
                reply = check_batch(scanner, body)
            except BatchError as e:
                raise tornado.web.HTTPError(e.status, str(e)) from None
            self.finish(json.dumps(reply))
        elif is_notebook(body):
            self._answer(*_scan_notebook(scanner, body, path or "notebook.ipynb"))
        elif isinstance(body.get("text"), str):
            self._answer(scanner.scan_text(body["text"], path or "text"), [])
        elif isinstance(body.get("content"), dict):
            self._answer(*_scan_notebook(scanner, body["content"], path or "notebook.ipynb"))
        elif isinstance(body.get("content"), str):
            self._answer(*_scan_file_model(scanner, body, path or "file"))
        else:
            raise tornado.web.HTTPError(400, "nothing to scan: " + _BODY_HELP)

    @tornado.web.authenticated
    @authorized
    async def get(self) -> None:
        path = self.required_path()
        model = await ensure_async(self.contents_manager.get(path, content=True))
        if model["type"] == "directory":
            raise tornado.web.HTTPError(400, f"{path} is a folder; scan files one by one")
        scanner = self.guards.require_scanner()
        if model["type"] == "notebook":
            self._answer(*_scan_notebook(scanner, model["content"], path))
        else:
            self._answer(*_scan_file_model(scanner, model, path))

    def _answer(self, findings, errors: List[dict]) -> None:
        self.finish(json.dumps({"findings": [f.to_dict() for f in findings], "errors": errors}))


def _scan_notebook(scanner: Scanner, nb, path: str):
    if not is_notebook(nb):
        raise tornado.web.HTTPError(400, "'content' is not an nbformat 4 notebook "
                                         "(it needs 'nbformat': 4 and 'cells')")
    problems: List[str] = []
    findings = scanner.scan_notebook(nb, path, problems)
    errors = [{"path": path, "message": "not valid nbformat: " + "; ".join(problems[:5])}] if problems else []
    return findings, errors


def _scan_file_model(scanner: Scanner, model: dict, path: str):
    data = _model_bytes(model)
    result = scanner.scan_bytes(data, path)
    return result.findings, [e.to_dict() for e in result.errors]


def _model_bytes(model: dict) -> bytes:
    content: Optional[str] = model.get("content")
    if model.get("format") == "base64":
        try:
            return base64.b64decode("".join((content or "").split()).encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError):
            raise tornado.web.HTTPError(400, "'content' is not valid base64") from None
    return (content or "").encode("utf-8", "surrogatepass")


class SavesHandler(GuardAPIHandler):
    @tornado.web.authenticated
    @authorized
    def get(self) -> None:
        path = self.required_path()
        notices = self.guards.notices.recent(path, SAVE_ACTIONS)
        self.finish(json.dumps({"path": path, "notices": notices}))
