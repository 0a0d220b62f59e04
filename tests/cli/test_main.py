"""The command table: every subcommand follows the module convention and shows in --help."""
import importlib

import pytest

from jupyter_secrets.cli.main import SUBCOMMANDS


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_each_subcommand_module_has_help_arguments_and_run(name):
    module = importlib.import_module(f"jupyter_secrets.cli.{name}")
    assert isinstance(module.HELP, str) and module.HELP and "\n" not in module.HELP
    assert callable(module.add_arguments) and callable(module.run)


def test_help_lists_every_subcommand(cli):
    result = cli("--help")
    assert result.code == 0
    for name in SUBCOMMANDS:
        assert f"    {name} " in result.out


def test_a_subcommand_without_arguments_is_a_usage_error(cli):
    result = cli("scan")
    assert result.code == 2 and "the following arguments are required: PATH" in result.err
