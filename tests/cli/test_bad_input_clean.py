"""Bad input to scan and clean: each case gets the right outcome, and nothing is lost."""
import json
import os
import stat
import sys

import pytest

from .conftest import code_cell, notebook
from .tokens import GITHUB_PAT


def _nb_bytes(source: str, metadata=None) -> bytes:
    return json.dumps(notebook(code_cell(source), metadata=metadata), indent=1).encode() + b"\n"


def test_a_notebook_with_a_utf8_bom_is_read_and_cleaned_as_a_notebook(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bom.ipynb").write_bytes(b"\xef\xbb\xbf" + _nb_bytes(f'tok = "{GITHUB_PAT}"\n'))
    found = cli("scan", "bom.ipynb", "--format", "json").json()
    assert [(f["cell"], f["where"]) for f in found["findings"]] == [(0, "source")] and not found["errors"]
    assert cli("clean", "bom.ipynb").code == 0
    cleaned = (tmp_path / "bom.ipynb").read_bytes()
    assert GITHUB_PAT.encode() not in cleaned
    assert json.loads(cleaned.decode("utf-8-sig"))["cells"][0]["source"] == [
        'tok = "REDACTED_GITHUB_PAT_CLASSIC"\n']


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_text_is_scanned_and_cleaned_in_its_encoding(cli, tmp_path, monkeypatch, encoding):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "keys.txt").write_bytes(f"first\nkey = '{GITHUB_PAT}'\n".encode(encoding))
    result = cli("scan", "keys.txt", "--format", "json")
    assert [(f["line"], f["rule"]) for f in result.json()["findings"]] == [(2, "github-pat-classic")]
    assert cli("clean", "keys.txt").code == 0
    text = (tmp_path / "keys.txt").read_bytes().decode(encoding)
    assert text.lstrip("\ufeff") == "first\nkey = 'REDACTED_GITHUB_PAT_CLASSIC'\n"


def test_json_nested_500_deep_is_cleaned(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    deep = json.loads("[" * 500 + "]" * 500)
    (tmp_path / "deep.ipynb").write_bytes(_nb_bytes(f'tok = "{GITHUB_PAT}"\n', {"deep": deep}))
    result = cli("clean", "deep.ipynb")
    assert result.code == 0 and "deep.ipynb: redacted 1 secret" in result.out
    cleaned = json.loads((tmp_path / "deep.ipynb").read_text())
    assert GITHUB_PAT not in json.dumps(cleaned) and cleaned["metadata"]["deep"] == deep


def test_a_notebook_with_a_lone_surrogate_is_cleaned_and_still_reads(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = _nb_bytes(f'tok = "{GITHUB_PAT}"  # \\ud800\n').replace(b"\\\\ud800", b"\\ud800")
    assert b"\\ud800" in data
    (tmp_path / "odd.ipynb").write_bytes(data)
    result = cli("clean", "odd.ipynb")
    assert result.code == 0, result.err
    source = json.loads((tmp_path / "odd.ipynb").read_text())["cells"][0]["source"]
    assert source == ['tok = "REDACTED_GITHUB_PAT_CLASSIC"  # \ud800\n']


@pytest.mark.parametrize("name, shown", [("evil\x1b[2J\x1b[31mred.txt", "evil\\x1b[2J\\x1b[31mred.txt"),
                                         ("two\nlines.txt", "two\\x0alines.txt"),
                                         ("bidi\u202etxt.py", "bidi\\u202etxt.py")])
def test_file_names_are_escaped_in_text_output(cli, tmp_path, monkeypatch, name, shown):
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(f"key = '{GITHUB_PAT}'\n")
    for command in (("scan", "."), ("clean", "--check", ".")):
        result = cli(*command, "--no-color")
        assert result.code == 1
        assert name not in result.everything
        assert "\x1b" not in result.everything and "\u202e" not in result.everything
        assert len(result.out.splitlines()) == 2  # one line for the file, one summary
    assert cli("scan", ".", "--no-color").out.startswith(shown + ":1:8")
    assert cli("scan", ".", "--format", "json").json()["findings"][0]["path"] == name  # JSON: as is


def test_an_unreadable_name_in_an_error_is_escaped_too(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("scan", "missing\x1b[31m.txt")
    assert result.code == 2 and "\x1b" not in result.err and "missing\\x1b[31m.txt" in result.err


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_clean_leaves_a_read_only_file_alone_unless_forced(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "frozen.py"
    path.write_text(f"key = '{GITHUB_PAT}'\n")
    path.chmod(0o444)
    before = path.read_bytes()
    result = cli("clean", "frozen.py")
    assert result.code == 2
    assert "frozen.py: read-only file with secrets: left unchanged (make it writable, or clean --force)" in result.err
    assert path.read_bytes() == before
    assert cli("clean", "--check", "frozen.py").code == 1  # --check still says it would change
    result = cli("clean", "--force", "frozen.py")
    assert result.code == 0 and GITHUB_PAT not in path.read_text()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o444  # still read-only afterwards
