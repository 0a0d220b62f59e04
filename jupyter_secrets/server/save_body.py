"""A save request's JSON body, parsed as the server parses it, with where each cell sits in it.

An autosave of a large notebook changes a cell or two. The contents handler parses the body
here (json's own C scanner, value by value: the same model ``json.loads`` gives) and keeps the
span of each cell's JSON text, so the save guard can tell the cells it found clean before by
the keyed digest of their very bytes and walk only the others. A cell's verdict rests on its
bytes alone: the same JSON text parses to the same cell, whose texts the walker reads the same
way wherever the cell sits.

Anything this parser does not expect (a body that is not one object, bad JSON, odd encodings)
gives None: the server's own parser then reads the body, errors and all, and the guard walks
the whole model.
"""
from __future__ import annotations

import json
from json.decoder import WHITESPACE, scanstring
from typing import List, Optional, Tuple

_scan_value = json.JSONDecoder().scan_once  # the C scanner json.loads itself uses
_skip = WHITESPACE.match
Span = Tuple[int, int]


class _NotExpected(Exception):
    pass


class SaveBody:
    """The save request being served: its path, its bytes or JSON text, the cell list parsed
    from it (compared by identity: the model a hook gets is the request's own) and each cell's
    span."""

    __slots__ = ("path", "text", "raw", "cells", "spans")

    def __init__(self, path: str, text: Optional[str], raw: Optional[bytes], cells: list,
                 spans: List[Span]):
        self.path, self.cells, self.spans = path.strip("/"), cells, spans
        #: the body's bytes when they are ASCII: a span is then its own bytes, hashed in place;
        #: else its decoded text (kept for no longer than needed: it is as large as the body)
        self.raw, self.text = raw, text

    def cell_digests(self, texts) -> List[bytes]:
        """The keyed digest (``texts.cell_digest``) of each cell's JSON text, in order."""
        digest = texts.cell_digest
        if self.raw is not None:
            view = memoryview(self.raw)
            return [digest(view[start:end]) for start, end in self.spans]
        text = self.text
        return [digest(text[start:end].encode("utf-8")) for start, end in self.spans]


class ParsedBody:
    """What ``parse`` gives: the model, and the cell list of its content with the spans."""

    __slots__ = ("model", "text", "raw", "cells", "spans")

    def __init__(self, model, text: Optional[str], raw: Optional[bytes], cells, spans):
        self.model, self.text, self.raw, self.cells, self.spans = model, text, raw, cells, spans

    def save_body(self, path: str) -> Optional[SaveBody]:
        """The SaveBody for the guard when the model is a notebook whose cells are the list
        that was measured; else None."""
        model = self.model
        content = model.get("content") if isinstance(model, dict) else None
        if self.cells is None or model.get("type") != "notebook" or not isinstance(content, dict) \
                or content.get("cells") is not self.cells:
            return None
        return SaveBody(path, self.text, self.raw, self.cells, self.spans)


def parse(body: bytes) -> Optional[ParsedBody]:
    """The body as the server's ``get_json_body`` reads it (stripped, UTF-8, JSON), with the
    spans of the cells of its ``content``; None for anything but a well-formed JSON object."""
    if not body:
        return None
    raw = body.strip()
    try:
        text = raw.decode("utf-8")
        measured: list = []
        start = _skip(text, 0).end()
        if text[start:start + 1] != "{":
            return None
        model, end = _object(text, start, {"content": _content}, measured)
        if _skip(text, end).end() != len(text):
            return None
    except (_NotExpected, ValueError, StopIteration, IndexError, RecursionError):
        return None
    content = model.get("content")
    cells = content.get("cells") if isinstance(content, dict) else None
    for candidate, spans in measured:  # the list that ended up in the model, of those parsed
        if candidate is cells:
            if text.isascii():  # the bytes are the text: the decoded copy can go now
                return ParsedBody(model, None, raw, cells, spans)
            return ParsedBody(model, text, None, cells, spans)
    return ParsedBody(model, None, None, None, None)


def _object(text: str, index: int, inner: dict, measured: list):
    """The JSON object at ``text[index]`` (a "{"), with the values of the keys in ``inner``
    parsed by their own functions and every other value by json's scanner."""
    result = {}
    index = _skip(text, index + 1).end()
    if text[index] == "}":
        return result, index + 1
    while True:
        if text[index] != '"':
            raise _NotExpected
        key, index = scanstring(text, index + 1, True)
        index = _skip(text, index).end()
        if text[index] != ":":
            raise _NotExpected
        index = _skip(text, index + 1).end()
        parse_inner = inner.get(key)
        if parse_inner is not None and text[index] in "{[":
            value, index = parse_inner(text, index, measured)
        else:
            value, index = _scan_value(text, index)
        result[key] = value  # as json.loads: the last of a repeated key wins
        index = _skip(text, index).end()
        if text[index] == "}":
            return result, index + 1
        if text[index] != ",":
            raise _NotExpected
        index = _skip(text, index + 1).end()


def _content(text: str, index: int, measured: list):
    if text[index] != "{":
        return _scan_value(text, index)
    return _object(text, index, {"cells": _cells}, measured)


def _cells(text: str, index: int, measured: list):
    """The JSON array at ``text[index]``, each element's span kept."""
    if text[index] != "[":
        return _scan_value(text, index)
    cells: list = []
    spans: List[Span] = []
    index = _skip(text, index + 1).end()
    if text[index] == "]":
        measured.append((cells, spans))
        return cells, index + 1
    while True:
        value, end = _scan_value(text, index)
        cells.append(value)
        spans.append((index, end))
        index = _skip(text, end).end()
        if text[index] == "]":
            measured.append((cells, spans))
            return cells, index + 1
        if text[index] != ",":
            raise _NotExpected
        index = _skip(text, index + 1).end()
