"""The command table: every subcommand follows the module convention and shows in --help."""
import importlib
import json
import subprocess
import sys

import pytest

from jupyter_secrets.cli.main import SUBCOMMANDS

from .conftest import python_env


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_each_subcommand_module_has_help_arguments_and_run(name):
    module = importlib.import_module(f"jupyter_secrets.cli.{name}")
    assert isinstance(module.HELP, str) and module.HELP and "\n" not in module.HELP
    assert callable(module.add_arguments) and callable(module.run)
    assert SUBCOMMANDS[name] == module.HELP  # --help shows the table, not the module


#: What a scan must not load: each costs start-up paid once per file by a filter or hook.
NOT_ON_THE_SCAN_PATH = ("traitlets", "jupyter_server", "tornado", "IPython", "keyring",
                        "cryptography", "sqlite3", "jupyter_secrets.governance",
                        "jupyter_secrets.backends", "jupyter_secrets.server", "pathspec")


@pytest.mark.parametrize("argv", [["scan", "one.py"], ["filter", "--path", "one.py"]])
def test_scanning_one_file_imports_only_what_it_needs(tmp_path, argv):
    (tmp_path / "one.py").write_text("print(1)\n")
    probe = ("import io, json, sys; from jupyter_secrets.cli.main import main; sys.stdin = io.TextIOWrapper(io.BytesIO(b'x'));"
             f" code = main({argv!r}); sys.stderr.write(json.dumps([code, sorted(sys.modules)]))")
    env = {**python_env(), "JUPYTER_DATA_DIR": str(tmp_path / "data"),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "config")}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=120, check=True)
    code, modules = json.loads(done.stderr.splitlines()[-1])
    assert code == 0
    loaded = [m for m in modules if any(m == n or m.startswith(n + ".") for n in NOT_ON_THE_SCAN_PATH)]
    assert loaded == []


def test_the_version(cli):
    result = cli("--version")
    assert result.code == 0 and result.out.startswith("jupyter-secrets 0.")


def test_help_lists_every_subcommand(cli):
    result = cli("--help")
    assert result.code == 0
    for name in SUBCOMMANDS:
        assert f"    {name} " in result.out


def test_a_subcommand_without_arguments_is_a_usage_error(cli):
    result = cli("scan")
    assert result.code == 2 and "give a PATH to scan (- for standard input), or --staged" in result.err
