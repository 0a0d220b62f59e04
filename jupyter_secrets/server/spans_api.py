"""Where the secrets sit in texts the browser already holds, so it can mask them in editors and
outputs and rewrite a line without a rule set of its own.

``POST /jupyter-secrets/spans`` with ``{"texts": ["...", ...], "path": optional}`` answers
``{"spans": [[{"start", "end", "line", "column", "rule", "preview"}, ...], ...]}``: one list
per text, in order. ``start``/``end`` count UTF-16 code units (JavaScript string indices);
``line``/``column`` are those of a finding in that text. A span carries no part of the secret
beyond the preview, and nothing is logged about the texts.

JupyterLab sends its texts with a notebook's changed cells in one batch to the scan endpoint
(see ``batch``); this shape stays for other callers.
"""
from __future__ import annotations

import json
from typing import List

import tornado.web
from jupyter_server.auth.decorator import authorized

from .batch import text_spans
from .scan_api import GuardAPIHandler

#: Enough for a large notebook's sources and text outputs in one call.
MAX_TEXTS = 5000
MAX_CHARS = 32 * 1024 * 1024
_BODY_HELP = 'send {"texts": ["...", ...], "path": optional file path}'


class SpansHandler(GuardAPIHandler):
    @tornado.web.authenticated
    @authorized
    def post(self) -> None:
        texts, path = _read_body(self.get_json_body())
        scanner = self.guards.require_scanner()
        if path and scanner.allows_path(path):
            self.finish(json.dumps({"spans": [[] for _ in texts]}))
            return
        spans = [text_spans(scanner, text) for text in texts]
        self.finish(json.dumps({"spans": spans}))


def _read_body(body) -> tuple:
    if not isinstance(body, dict) or not isinstance(body.get("texts"), list):
        raise tornado.web.HTTPError(400, "the body must be a JSON object: " + _BODY_HELP)
    texts: List = body["texts"]
    if not all(isinstance(t, str) for t in texts):
        raise tornado.web.HTTPError(400, "every item of 'texts' must be a string")
    if len(texts) > MAX_TEXTS or sum(len(t) for t in texts) > MAX_CHARS:
        raise tornado.web.HTTPError(413, f"at most {MAX_TEXTS} texts and {MAX_CHARS} characters "
                                         "per call: split the request")
    path = body.get("path")
    return texts, path.strip("/") if isinstance(path, str) else ""
