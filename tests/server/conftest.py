"""A real Jupyter server with jupyter-secrets enabled, from pytest-jupyter's fixtures.

The fixtures are imported here rather than registered as a plugin for the whole suite, so the
detection and command-line tests do not pay for a server per test.
"""
from __future__ import annotations

import json
import secrets

import nbformat
import pytest
from pytest_jupyter.jupyter_server import *  # noqa: F403
from traitlets.config import Config

from tests import token_formats

#: Characters of OpenAI-style key bodies.
_URLSAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def openai_key() -> str:
    """A fresh key in OpenAI's project-key format, made at test time (never a real one)."""
    return "sk-" + "proj-" + "".join(secrets.choice(_URLSAFE) for _ in range(120))


def github_token() -> str:
    """A GitHub classic token with its CRC32, made at test time."""
    return token_formats.github_token()


@pytest.fixture
def key():
    return openai_key()


@pytest.fixture(autouse=True)
def fingerprint_key(monkeypatch):
    """A per-test fingerprint key, so no test writes a key file outside its temporary home."""
    monkeypatch.setenv("JUPYTER_SECRETS_FINGERPRINT_KEY", secrets.token_hex(32))


@pytest.fixture
def guard_config():
    """Extra server config for a test; override to set policies."""
    return {}


@pytest.fixture
def jp_server_config(guard_config):
    config = Config({"ServerApp": {"jpserver_extensions": {"jupyter_secrets": True}}})
    config.merge(Config(guard_config))
    return config


@pytest.fixture
def guards(jp_serverapp):
    return jp_serverapp.web_app.settings["jupyter_secrets_guards"]


def notebook(*cells, metadata=None) -> dict:
    nb = nbformat.v4.new_notebook(cells=list(cells), metadata=metadata or {})
    return json.loads(nbformat.writes(nb))


def code(source: str, outputs=(), **metadata) -> dict:
    cell = nbformat.v4.new_code_cell(source, outputs=list(outputs), metadata=metadata)
    cell["id"] = secrets.token_hex(4)
    return cell


def markdown(source: str) -> dict:
    cell = nbformat.v4.new_markdown_cell(source)
    cell["id"] = secrets.token_hex(4)
    return cell


def stream(text: str) -> dict:
    return nbformat.v4.new_output("stream", name="stdout", text=text)


def write_notebook(path, nb: dict) -> bytes:
    """Writes ``nb`` straight to disk, as a terminal or a kernel would: no hook sees it."""
    data = nbformat.writes(nbformat.from_dict(nb)).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


@pytest.fixture
def put_model(jp_fetch):
    async def put(path: str, model: dict, **kwargs):
        return await jp_fetch("api", "contents", path, method="PUT", body=json.dumps(model),
                              raise_error=False, **kwargs)
    return put


@pytest.fixture
def save_notebook(put_model):
    async def save(path: str, nb: dict):
        return await put_model(path, {"type": "notebook", "format": "json", "content": nb})
    return save


async def api_call(jp_fetch, *parts, method="GET", body=None, params=None):
    """(status, JSON reply) of a call to /jupyter-secrets/..., without raising on errors."""
    kwargs = {"method": method, "raise_error": False, "params": params}
    if body is not None:
        kwargs["body"] = json.dumps(body)
    reply = await jp_fetch("jupyter-secrets", *parts, **kwargs)
    return reply.code, json.loads(reply.body) if reply.body else None
