"""Builders for test notebooks: plain nbformat-4 dicts."""
import base64


def notebook(*cells, metadata=None):
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": metadata or {}, "cells": list(cells)}


def code(source, outputs=(), metadata=None, **extra):
    return {"cell_type": "code", "id": extra.pop("id", "c"), "metadata": metadata or {},
            "execution_count": 1, "source": source, "outputs": list(outputs), **extra}


def markdown(source, attachments=None):
    cell = {"cell_type": "markdown", "id": "m", "metadata": {}, "source": source}
    if attachments:
        cell["attachments"] = attachments
    return cell


def stream(text, name="stdout"):
    return {"output_type": "stream", "name": name, "text": text}


def display(data, kind="display_data"):
    out = {"output_type": kind, "data": data, "metadata": {}}
    if kind == "execute_result":
        out["execution_count"] = 1
    return out


def error(evalue, traceback):
    return {"output_type": "error", "ename": "ValueError", "evalue": evalue, "traceback": traceback}


def png(payload: bytes = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40) -> str:
    return base64.b64encode(payload).decode()
