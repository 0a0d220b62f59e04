"""ScanConfig from the Jupyter config path and --config: allowlists, disabled rules, errors."""
import json

from jupyter_secrets.config import ScanConfig, load_scan_config

from .tokens import AWS_ACCESS_KEY_ID, GITHUB_PAT


def _config_dir(jupyter_home):
    path = jupyter_home / "config"
    path.mkdir(exist_ok=True)
    return path


def test_every_setting_has_help():
    for name, trait in ScanConfig.class_traits(config=True).items():
        assert trait.help, name


def test_json_and_py_files_on_the_config_path_merge(jupyter_home):
    config = _config_dir(jupyter_home)
    (config / "jupyter_secrets_config.json").write_text(
        json.dumps({"ScanConfig": {"exclude": ["a/"], "disabled_rules": ["x"]}}))
    (config / "jupyter_secrets_config.py").write_text("c.ScanConfig.exclude = ['b/']\n")
    loaded = load_scan_config()
    assert loaded.exclude == ["b/"]  # the .py file is read after the .json one
    assert loaded.disabled_rules == ["x"]


def _paths_found(result):
    return sorted({f["path"] for f in result.json()["findings"]})


def test_allowlist_regex_path_and_rule(cli, project, tmp_path):
    (project / "aws.py").write_text(f"aws = '{AWS_ACCESS_KEY_ID}'\n")
    found = cli("scan", ".", "--format", "json").json()["findings"]
    aws_rules = sorted(f["rule"] for f in found if f["path"] == "aws.py")
    assert aws_rules == ["aws-access-key-id"]

    by_rule = tmp_path / "rules.json"
    by_rule.write_text(json.dumps({"ScanConfig": {"disabled_rules": aws_rules}}))
    result = cli("scan", ".", "--format", "json", "--config", str(by_rule))
    assert _paths_found(result) == ["leaky.ipynb", "notes.txt"]

    by_regex = tmp_path / "regex.py"
    by_regex.write_text(f"c.ScanConfig.allowlist_regexes = [r'^aws = ', r'{GITHUB_PAT[:8]}']\n")
    assert cli("scan", ".", "--format", "json", "--config", str(by_regex)).code == 0

    by_path = tmp_path / "paths.json"
    by_path.write_text(json.dumps({"ScanConfig": {"allowlist_paths": ["*.ipynb", "notes.txt"]}}))
    assert _paths_found(cli("scan", ".", "--format", "json", "--config", str(by_path))) == ["aws.py"]


def test_config_errors_name_the_file_and_exit_2(cli, project, tmp_path):
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"ScanConfig": {"exclude": [}}')
    result = cli("scan", ".", "--config", str(bad_json))
    assert result.code == 2
    assert f"{bad_json}: invalid JSON at line 1" in result.err

    bad_py = tmp_path / "bad.py"
    bad_py.write_text("c.ScanConfig.exclude = undefined_name\n")
    result = cli("scan", ".", "--config", str(bad_py))
    assert result.code == 2 and f"{bad_py}: error while loading: NameError" in result.err

    wrong_type = tmp_path / "type.json"
    wrong_type.write_text('{"ScanConfig": {"exclude": 5}}')
    result = cli("scan", ".", "--config", str(wrong_type))
    assert result.code == 2 and "invalid ScanConfig setting" in result.err

    bad_regex = tmp_path / "regex.json"
    bad_regex.write_text('{"ScanConfig": {"allowlist_regexes": ["(unclosed"]}}')
    result = cli("scan", ".", "--config", str(bad_regex))
    assert result.code == 2 and "(unclosed" in result.err

    result = cli("scan", ".", "--config", str(tmp_path / "missing.json"))
    assert result.code == 2 and "config file not found" in result.err
    assert "Traceback" not in result.err
    assert GITHUB_PAT not in result.err


def test_a_broken_file_on_the_config_path_is_reported(cli, project, jupyter_home):
    (_config_dir(jupyter_home) / "jupyter_secrets_config.json").write_text("{")
    result = cli("scan", ".")
    assert result.code == 2 and "jupyter_secrets_config.json: invalid JSON" in result.err
