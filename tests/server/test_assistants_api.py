"""The panel is told, per installed AI assistant, that its context is not guarded whole, and
the server log says so at start: nothing implies a protection that is not there."""
from __future__ import annotations

import json
import logging

import pytest
from traitlets.config import Config


@pytest.fixture
def an_assistant_installed(tmp_path, monkeypatch):
    """A distribution named like Jupyter AI on sys.path (its metadata is all that is read)."""
    site = tmp_path / "site"
    info = site / "jupyter_ai-3.2.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: jupyter-ai\nVersion: 3.2.0\n")
    monkeypatch.syspath_prepend(str(site))
    return site


@pytest.fixture
def jp_server_config(an_assistant_installed):
    return Config({"ServerApp": {"jpserver_extensions": {"jupyter_secrets": True}},
                   "SecretStore": {"backend": "local"}})


async def test_an_installed_assistant_is_said_to_be_unguarded(jp_fetch, caplog):
    reply = json.loads((await jp_fetch("jupyter-secrets", "assistants")).body)
    (jupyter_ai,) = [a for a in reply["assistants"] if a["package"] == "jupyter-ai"]
    assert jupyter_ai["version"] == "3.2.0" and jupyter_ai["guarded"] is False
    assert "cell sources" in jupyter_ai["not_covered"]
    assert reply["agent_server"]["command"] == "jupyter-secrets mcp"
    assert set(reply["agent_server"]["tools"]) >= {"list_secrets", "request_grant"}


def test_the_server_log_says_so_at_start(an_assistant_installed, caplog):
    from jupyter_secrets.server.assistants_api import warn_about_unguarded

    log = logging.getLogger("test-assistants")
    with caplog.at_level(logging.WARNING, logger="test-assistants"):
        warn_about_unguarded(log)
    assert "Jupyter AI 3.2.0 is installed and its context is not fully guarded" in caplog.text
