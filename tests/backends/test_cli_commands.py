"""`jupyter-secrets get | set | list` on the encrypted local store in an isolated Jupyter home."""
from __future__ import annotations

import argparse
import io
import json
import os
import pty
import select
import sys
import time

import pytest

from jupyter_secrets.cli import get as get_command
from jupyter_secrets.cli import list as list_command
from jupyter_secrets.cli import set as set_command

from .helpers import secret_like

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def cli(isolated_jupyter_dirs, monkeypatch, capsys):
    """Run one subcommand module as main() would; returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("JUPYTER_SECRETS_BACKEND", "local")

    def run(module, argv, stdin: str = ""):
        parser = argparse.ArgumentParser()
        module.add_arguments(parser)
        args = parser.parse_args(argv)
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = module.run(args)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_set_from_stdin_then_get_shows_metadata_not_the_value(cli):
    value = secret_like("cli")
    code, out, _ = cli(set_command, ["OPENAI_API_KEY"], stdin=value + "\n")
    assert code == 0 and "stored OPENAI_API_KEY as version 1 in the local backend" in out

    code, out, err = cli(get_command, ["OPENAI_API_KEY"])
    assert code == 0 and value not in out + err
    assert "version 1" in out and "%secret OPENAI_API_KEY" in out and "--reveal" in out


def test_get_prints_the_value_only_with_reveal_or_plain(cli):
    value = secret_like("reveal")
    cli(set_command, ["TOKEN"], stdin=value)
    cli(set_command, ["TOKEN"], stdin=secret_like("newer"))

    assert cli(get_command, ["TOKEN", "--reveal"])[1] == secret_like("newer") + "\n"
    assert cli(get_command, ["TOKEN", "--plain", "--version", "1"])[1] == value + "\n"


def test_list_shows_names_and_versions_never_values(cli):
    cli(set_command, ["B_TOKEN"], stdin=secret_like("b"))
    cli(set_command, ["A_TOKEN"], stdin=secret_like("a"))

    code, out, _ = cli(list_command, [])
    assert code == 0 and out.index("A_TOKEN") < out.index("B_TOKEN")
    assert "encrypted local store" in out and secret_like("a") not in out
    code, out, _ = cli(list_command, ["--format", "json"])
    report = json.loads(out)
    assert report["backend"] == "local" and [s["name"] for s in report["secrets"]] == ["A_TOKEN", "B_TOKEN"]
    assert secret_like("b") not in out


def test_an_empty_list_says_how_to_add_one(cli):
    code, out, _ = cli(list_command, [])
    assert code == 0 and "jupyter-secrets set NAME" in out


def test_a_missing_secret_exits_1_and_says_how_to_add_it(cli):
    code, out, err = cli(get_command, ["NOPE"])
    assert code == 1 and out == ""
    assert err.startswith("jupyter-secrets get: error:") and "%secret set NOPE" in err


def test_an_empty_value_is_refused_and_nothing_stored(cli):
    code, _, err = cli(set_command, ["TOKEN"], stdin="\n")
    assert code == 2 and "empty" in err
    assert cli(get_command, ["TOKEN"])[0] == 1


def test_the_value_cannot_be_given_on_the_command_line():
    parser = argparse.ArgumentParser()
    set_command.add_arguments(parser)
    with pytest.raises(SystemExit):
        parser.parse_args(["TOKEN", secret_like("argv")])


def test_backend_problems_are_one_line_with_exit_2(cli, monkeypatch):
    code, _, err = cli(list_command, ["--backend", "nonsense"])
    assert code == 2 and err.count("\n") == 1 and "unknown backend 'nonsense'" in err
    assert "Traceback" not in err

    code, _, err = cli(set_command, ["TOKEN", "--backend", "env"], stdin=secret_like("ro"))
    assert code == 2 and "read-only" in err and secret_like("ro") not in err


def test_a_bad_name_is_refused_clearly(cli):
    code, _, err = cli(set_command, ["not a name"], stdin=secret_like("x"))
    assert code == 2 and "a secret name is 1 to 128" in err


def run_in_terminal(argv, replies, timeout: float = 30.0):
    """Run `set` in a real pseudo-terminal; answer each prompt in turn; return (code, screen)."""
    code = ("import argparse, sys\n"
            "from jupyter_secrets.cli import set as s\n"
            "p = argparse.ArgumentParser(); s.add_arguments(p)\n"
            "sys.exit(s.run(p.parse_args(sys.argv[1:])))\n")
    env = {**os.environ, "PYTHONPATH": PROJECT_ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")}
    pid, fd = pty.fork()
    if pid == 0:  # the child: becomes the command, with the terminal as its controlling tty
        os.execve(sys.executable, [sys.executable, "-c", code, *argv], env)
    screen, pending, answered_up_to = b"", list(replies), 0
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(fd, 1024)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                screen += chunk
            if pending and screen[answered_up_to:].rstrip().endswith(b":"):  # a new prompt
                os.write(fd, pending.pop(0).encode() + b"\n")
                answered_up_to = len(screen)
    finally:
        os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), screen.decode(errors="replace")


def test_on_a_terminal_the_value_is_typed_twice_without_echo(cli, isolated_jupyter_dirs):
    value = secret_like("typed")
    code, screen = run_in_terminal(["TYPED"], [value, value])

    assert code == 0, screen
    assert "Value for TYPED" in screen and "stored TYPED" in screen
    assert value not in screen
    assert cli(get_command, ["TYPED", "--reveal"])[1] == value + "\n"


def test_on_a_terminal_two_different_entries_store_nothing(cli):
    code, screen = run_in_terminal(["TYPED"], [secret_like("one"), secret_like("two")])

    assert code == 2 and "differ" in screen
    assert cli(get_command, ["TYPED"])[0] == 1


def test_set_goes_through_governance_grants_and_the_audit_trail(cli):
    from jupyter_secrets.cli import audit as audit_command
    from jupyter_secrets.cli import grant as grant_command

    value = secret_like("governed")
    code, out, _ = cli(set_command, ["WANDB_API_KEY"], stdin=value)
    assert code == 0 and "No notebook may read it yet: jupyter-secrets grant WANDB_API_KEY" in out
    code, out, _ = cli(set_command, ["HF_TOKEN", "--grant", "train/*.ipynb"], stdin=value)
    assert code == 0 and "No notebook may read it yet" not in out
    assert "train/*.ipynb" in cli(grant_command, ["HF_TOKEN", "--list"])[1]

    assert cli(get_command, ["HF_TOKEN", "--reveal"])[1] == value + "\n"
    code, out, _ = cli(audit_command, ["--json"])
    actions = [(r["action"], r["secret"]) for r in map(json.loads, out.splitlines())]
    assert ("set", "WANDB_API_KEY") in actions and ("grant", "HF_TOKEN") in actions
    assert ("reveal", "HF_TOKEN") in actions
    assert value not in out


def test_environments_keep_their_secrets_apart(cli):
    cli(set_command, ["DB_PASSWORD", "--env", "prod"], stdin=secret_like("prod"))
    assert cli(get_command, ["DB_PASSWORD", "--env", "prod", "--reveal"])[1] == secret_like("prod") + "\n"
    code, _, err = cli(get_command, ["DB_PASSWORD"])
    assert code == 1 and "no secret named 'DB_PASSWORD'" in err
    assert "DB_PASSWORD" not in cli(list_command, [])[1]


def test_grants_need_the_configured_store(cli):
    code, _, err = cli(set_command, ["X_TOKEN", "--backend", "local", "--grant", "a.ipynb"], stdin="v" * 20)
    assert code == 2 and "--grant needs the configured store" in err
