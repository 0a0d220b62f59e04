"""The workspace `.env` of Jupyter AI, saved through a real server's contents API: its keys go
to the secret store, the file holds references, and the value reaches the server process only.
(Jupyter AI's own secrets manager on a real server: `test_env_file_jupyter_ai.py`.)"""
from __future__ import annotations

import base64
import functools
import json
import os

import pytest
from jupyter_core.utils import ensure_event_loop
from traitlets.config import Config

from jupyter_secrets.assistants.env_file import REFERENCE, EnvFileHome, reference_of, rewrite
from jupyter_secrets.detection.engine import Engine
from jupyter_secrets.governance.service import Governance
from jupyter_secrets.server.known_values import KnownValues
from jupyter_secrets.testing.model_keys import openai_project_key, opaque_value
from tests.assistants.test_context_guard import assert_nowhere
from tests.governance.conftest import governance_config, isolated_jupyter_dirs  # noqa: F401
from tests.server.conftest import *  # noqa: F401,F403  (a real server: pytest-jupyter's fixtures)


def server_test(test):
    """Runs an async test on the loop of pytest-jupyter's server (its collection hooks serve
    tests/server only)."""
    @functools.wraps(test)
    def run(*args, **kwargs):
        ensure_event_loop(prefer_selector_loop=True).run_until_complete(test(*args, **kwargs))
    return run


@pytest.fixture
def env_mode():
    return "store"


@pytest.fixture
def jp_server_config(env_mode):
    return Config({"ServerApp": {"jpserver_extensions": {"jupyter_secrets": True}},
                   "SecretStore": {"backend": "local"},
                   # as Jupyter AI sets it, so that .env can be saved at all
                   "ContentsManager": {"allow_hidden": True},
                   "EnvFileHome": {"mode": env_mode}})


@pytest.fixture
def governance(jp_serverapp):
    return jp_serverapp.web_app.settings["jupyter_secrets_governance"].governance


def dotenv_text(key: str, token: str) -> str:
    return ("# provider keys for the chat\n"
            f'OPENAI_API_KEY="{key}"\n'
            "\n"
            "OPENAI_BASE_URL=http://127.0.0.1:9/v1\n"
            f"export WAREHOUSE_TOKEN={token}\n")


def files_holding(folder, secret: str):
    return sorted(str(p) for p in folder.rglob("*")
                  if p.is_file() and secret.encode() in p.read_bytes())


async def save_env(put_model, text: str, fmt: str = "text", path: str = ".env"):
    content = text if fmt == "text" else base64.b64encode(text.encode()).decode()
    return await put_model(path, {"type": "file", "format": fmt, "content": content})


@pytest.mark.parametrize("fmt", ["text", "base64"])
@server_test
async def test_a_saved_env_file_keeps_references_and_the_store_keeps_the_keys(
        put_model, jp_fetch, jp_root_dir, governance, fmt, tmp_path):
    key, token = openai_project_key(), opaque_value(40)

    # When Jupyter AI (or the editor, or an upload) saves .env with plain keys
    reply = await save_env(put_model, dotenv_text(key, token), fmt)

    # Then the save went through, and the file holds references where the keys were
    assert reply.code in (200, 201)
    assert (jp_root_dir / ".env").read_text() == (
        "# provider keys for the chat\n"
        f'OPENAI_API_KEY="{REFERENCE}OPENAI_API_KEY"\n'
        "\n"
        "OPENAI_BASE_URL=http://127.0.0.1:9/v1\n"
        f'export WAREHOUSE_TOKEN="{REFERENCE}WAREHOUSE_TOKEN"\n')
    # the secret store holds the values, under the variables' names
    assert governance.backend.get("OPENAI_API_KEY") == key
    assert governance.backend.get("WAREHOUSE_TOKEN") == token
    # granted to the file, so that its references resolve (and only those)
    assert [g.target for g in governance.scope("OPENAI_API_KEY")] == [".env"]
    # and no file (the store encrypts), nor what the browser reads back, holds them in plain
    for secret in (key, token):
        assert files_holding(tmp_path, secret) == []
    read = json.loads((await jp_fetch("api", "contents", ".env", params={"content": "1"})).body)
    assert_nowhere(key, read["content"])
    assert_nowhere(token, read["content"])
    actions = [(r.action, r.secret) for r in governance.audit.records()]
    assert ("set", "OPENAI_API_KEY") in actions and ("set", "WAREHOUSE_TOKEN") in actions


@server_test
async def test_saving_the_same_references_again_makes_no_new_version(put_model, governance):
    key, token = openai_project_key(), opaque_value(40)
    await save_env(put_model, dotenv_text(key, token))
    first = {i.name: i.version for i in governance.backend.list()}

    # the browser holds the file as it typed it, and saves it again; then saves the references
    await save_env(put_model, dotenv_text(key, token))
    again = await save_env(put_model, f'OPENAI_API_KEY="{REFERENCE}OPENAI_API_KEY"\n')

    assert again.code in (200, 201)
    assert {i.name: i.version for i in governance.backend.list()} == first


@server_test
async def test_a_save_does_not_replace_a_secret_of_other_notebooks(put_model, jp_root_dir,
                                                                   governance):
    theirs, mine = openai_project_key(), openai_project_key()
    governance.set_secret("OPENAI_API_KEY", theirs, notebook="team/report.ipynb")
    (jp_root_dir / ".env").write_text("A=1\n")

    # a key of its own under that name is refused, naming the fix
    refused = await save_env(put_model, f"OPENAI_API_KEY={mine}\n")
    assert refused.code == 409 and "jupyter-secrets grant OPENAI_API_KEY .env" in refused.body.decode()
    assert_nowhere(mine, refused.body.decode())
    assert_nowhere(theirs, refused.body.decode())
    assert (jp_root_dir / ".env").read_text() == "A=1\n"
    assert governance.backend.get("OPENAI_API_KEY") == theirs
    # the same value is the saver's to give: the file is granted it
    same = await save_env(put_model, f"OPENAI_API_KEY={theirs}\n")
    assert same.code in (200, 201)
    assert sorted(g.target for g in governance.scope("OPENAI_API_KEY")) == [
        ".env", "team/report.ipynb"]


@server_test
async def test_a_key_in_a_variable_name_is_refused_without_repeating_it(
        put_model, jp_root_dir, governance):
    key = openai_project_key().replace("-", "_")
    before = "A=1\n"
    (jp_root_dir / ".env").write_text(before)

    reply = await save_env(put_model, f"TOKEN_{key}=value-of-it\n")

    assert reply.code == 422
    assert "Not saved: .env" in reply.body.decode()
    assert_nowhere(key, reply.body.decode())
    assert (jp_root_dir / ".env").read_text() == before


class TestWithAStoreThatCannotWrite:
    @pytest.fixture
    def jp_server_config(self):
        return Config({"ServerApp": {"jpserver_extensions": {"jupyter_secrets": True}},
                       "SecretStore": {"backend": "env"}, "EnvFileHome": {"mode": "store"},
                       "ContentsManager": {"allow_hidden": True}})

    @server_test
    async def test_the_save_is_refused_and_the_file_left_as_it_was(self, put_model, jp_root_dir):
        key = openai_project_key()
        (jp_root_dir / ".env").write_text("OPENAI_API_KEY=\n")

        reply = await save_env(put_model, f"OPENAI_API_KEY={key}\n")

        assert reply.code == 503
        assert "could not keep its keys" in reply.body.decode()
        assert_nowhere(key, reply.body.decode())
        assert (jp_root_dir / ".env").read_text() == "OPENAI_API_KEY=\n"


class TestOff:
    """The control: without the home, the guard refuses the .env like any file with a key."""

    @pytest.fixture
    def env_mode(self):
        return "off"

    @server_test
    async def test_the_save_guard_refuses_the_env_file(self, put_model, jp_root_dir):
        reply = await save_env(put_model, f"OPENAI_API_KEY={openai_project_key()}\n")
        assert reply.code == 422
        assert not (jp_root_dir / ".env").exists()


class TestAuto:
    """By default the home is there only where Jupyter AI runs: elsewhere a .env is user code's,
    which would not understand references, and the guard refuses a key in it as before."""

    @pytest.fixture
    def env_mode(self):
        return "auto"

    @server_test
    async def test_without_jupyter_ai_the_env_file_is_guarded_as_before(self, put_model):
        reply = await save_env(put_model, f"OPENAI_API_KEY={openai_project_key()}\n")
        assert reply.code == 422


@server_test
async def test_only_the_configured_env_file_gets_references(put_model, jp_root_dir):
    reply = await save_env(put_model, f"OPENAI_API_KEY={openai_project_key()}\n",
                           path="project/.env")
    assert reply.code in (404, 422)  # refused by the guard (or no such folder): never stored


def test_references_resolve_to_secrets_granted_to_the_file_only(monkeypatch, tmp_path,
                                                                 isolated_jupyter_dirs):
    key, other = openai_project_key(), opaque_value(40)
    gov = Governance(governance_config(tmp_path), actor="alice", source="cli")
    gov.set_secret("OPENAI_API_KEY", key, notebook=".env")  # as a save of .env stores it
    gov.set_secret("PROD_TOKEN", other, notebook="prod.ipynb")  # granted elsewhere
    monkeypatch.setenv("OPENAI_API_KEY", f"{REFERENCE}OPENAI_API_KEY")
    monkeypatch.setenv("STOLEN_TOKEN", f"{REFERENCE}PROD_TOKEN")  # a reference written by hand
    monkeypatch.setenv("GONE_TOKEN", f"{REFERENCE}GONE_TOKEN")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")

    known = KnownValues()
    home = EnvFileHome(lambda: gov, Engine, known=known)
    home.resolve_environ(["OPENAI_API_KEY", "STOLEN_TOKEN", "GONE_TOKEN", "OPENAI_BASE_URL"])

    assert os.environ["OPENAI_API_KEY"] == key
    # never sent to a provider as if it were a key, and no secret the file was not given
    assert "STOLEN_TOKEN" not in os.environ and "GONE_TOKEN" not in os.environ
    assert os.environ["OPENAI_BASE_URL"] == "http://127.0.0.1:9/v1"
    reads = [(r.action, r.outcome, r.secret) for r in gov.audit.records() if r.action == "read"]
    assert ("read", "ok", "OPENAI_API_KEY") in reads and ("read", "denied", "PROD_TOKEN") in reads
    assert_nowhere(key, [r.to_json() for r in gov.audit.records()])
    # the server's guards know the resolved value (kernels inherit the environment): a piece of
    # it printed anywhere is found, and nothing of the secret it did not resolve
    assert known.matches(f"print -> {key[10:40]} <-") and not known.matches(f"x {other} y")


def test_rewrite_keeps_layout_comments_and_other_values():
    engine = Engine()
    key = openai_project_key()
    stored = {}
    text = f"# a comment\nMODEL=gpt\nexport  X_API_KEY='{key}'\nBROKEN LINE\nNOT_SECRET={key}\n"
    out = rewrite(text, stored.__setitem__, engine)
    assert out.text == ("# a comment\nMODEL=gpt\n"
                        f'export X_API_KEY="{REFERENCE}X_API_KEY"\nBROKEN LINE\n'
                        f'NOT_SECRET="{REFERENCE}NOT_SECRET"\n')
    assert stored == {"X_API_KEY": key, "NOT_SECRET": key}
    assert reference_of(f"{REFERENCE}X") == "X" and reference_of("plain") is None


def test_a_value_written_where_a_reference_names_a_secret_is_never_logged(
        monkeypatch, tmp_path, isolated_jupyter_dirs, caplog):
    pasted = openai_project_key()
    gov = Governance(governance_config(tmp_path), actor="alice", source="cli")
    monkeypatch.setenv("OPENAI_API_KEY", f"{REFERENCE}{pasted}")  # a key after the prefix
    home = EnvFileHome(lambda: gov, Engine, known=KnownValues())
    with caplog.at_level("DEBUG"):
        home.resolve_environ(["OPENAI_API_KEY"])
    assert "OPENAI_API_KEY" not in os.environ
    assert "not a secret name" in caplog.text and pasted not in caplog.text
    assert pasted[8:24] not in caplog.text
