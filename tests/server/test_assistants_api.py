"""The panel is told, per installed AI assistant, whether its context is guarded: only for a
version the model guard is tested against, while the guard runs. Otherwise the panel and the
server log say it is not: nothing implies a protection that is not there."""
from __future__ import annotations

import json
import logging

import pytest
from traitlets.config import Config


@pytest.fixture
def version():
    return "3.2.0"


@pytest.fixture
def an_assistant_installed(tmp_path, monkeypatch, version):
    """A distribution named like Jupyter AI on sys.path (its metadata is all that is read)."""
    site = tmp_path / "site"
    info = site / f"jupyter_ai-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: jupyter-ai\nVersion: {version}\n")
    monkeypatch.syspath_prepend(str(site))
    return site


@pytest.fixture
def jp_server_config(an_assistant_installed):
    return Config({"ServerApp": {"jpserver_extensions": {"jupyter_secrets": True}},
                   "SecretStore": {"backend": "local"}})


async def test_a_tested_version_is_said_to_be_guarded_while_the_guard_runs(jp_fetch):
    reply = json.loads((await jp_fetch("jupyter-secrets", "assistants")).body)
    (jupyter_ai,) = [a for a in reply["assistants"] if a["package"] == "jupyter-ai"]
    assert jupyter_ai["version"] == "3.2.0" and jupyter_ai["guarded"] is True
    assert "every request it sends to its model" in jupyter_ai["covered"]
    assert "from the browser" in jupyter_ai["not_covered"]


@pytest.mark.parametrize("version", ["3.3.0"])
async def test_a_version_the_guard_is_not_tested_with_is_said_to_be_unguarded(jp_fetch, caplog):
    reply = json.loads((await jp_fetch("jupyter-secrets", "assistants")).body)
    (jupyter_ai,) = [a for a in reply["assistants"] if a["package"] == "jupyter-ai"]
    assert jupyter_ai["version"] == "3.3.0" and jupyter_ai["guarded"] is False
    assert "cell sources" in jupyter_ai["not_covered"]
    assert "tested with version 3.2.0 only" in jupyter_ai["not_covered"]
    assert reply["agent_server"]["command"] == "jupyter-secrets mcp"
    assert set(reply["agent_server"]["tools"]) >= {"list_secrets", "request_grant"}


def test_without_the_guard_the_server_log_says_so(an_assistant_installed, caplog):
    from jupyter_secrets.server.assistants_api import warn_about_unguarded

    log = logging.getLogger("test-assistants")
    with caplog.at_level(logging.WARNING, logger="test-assistants"):
        warn_about_unguarded(log)
    assert "Jupyter AI 3.2.0 is installed and its context is not fully guarded" in caplog.text
