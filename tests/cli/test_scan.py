"""`jupyter-secrets scan`: exit codes, the JSON contract and the text report."""
import io
import re

from jupyter_secrets.cli import report_text
from jupyter_secrets.cli.report import ScanReport
from jupyter_secrets.model import Finding

from .tokens import GITHUB_PAT

FINDING_KEYS = ["path", "cell", "where", "output", "line", "column", "rule", "fingerprint", "preview"]


def test_a_clean_folder_exits_0(cli, project):
    (project / "leaky.ipynb").unlink()
    (project / "notes.txt").unlink()
    result = cli("scan", ".")
    assert result.code == 0
    assert "no secrets found in 1 file" in result.out


def test_findings_exit_1_in_the_json_shape_of_the_contract(cli, project):
    result = cli("scan", ".", "--format", "json")
    assert result.code == 1
    document = result.json()
    assert list(document) == ["version", "findings", "errors", "stats"]
    assert document["version"] == 1
    assert document["errors"] == []
    assert set(document["stats"]) == {"files", "bytes", "seconds"}
    assert document["stats"]["files"] == 3
    total = sum(p.stat().st_size for p in project.iterdir())
    assert document["stats"]["bytes"] == total
    for finding in document["findings"]:
        assert list(finding) == FINDING_KEYS
    places = {(f["path"], f["cell"], f["where"], f["output"], f["line"], f["column"])
              for f in document["findings"]}
    assert places == {
        ("leaky.ipynb", 1, "source", None, 1, 10),
        ("leaky.ipynb", 1, "outputs", 0, 1, 1),
        ("notes.txt", None, "text", None, 2, 8),
    }
    assert len({f["fingerprint"] for f in document["findings"]}) == 1  # one secret, three places


def test_no_output_format_ever_holds_the_secret(cli, project):
    for fmt in ("text", "json", "sarif"):
        result = cli("scan", ".", "--format", fmt)
        assert result.code == 1
        assert GITHUB_PAT not in result.everything
        assert GITHUB_PAT[4:] not in result.everything  # not even without its well-known prefix


def test_text_report_reads_at_a_glance(cli, project):
    result = cli("scan", ".")
    lines = result.out.splitlines()
    assert re.fullmatch(r"leaky\.ipynb:1:1:10 +\S+ +\S+", lines[0])
    assert re.fullmatch(r"leaky\.ipynb:1:1:1 +\S+ +\S+ +\(output 0\)", lines[1])
    assert re.fullmatch(r"notes\.txt:2:8 +\S+ +\S+", lines[2])
    assert lines[0].index(lines[0].split()[1]) == lines[2].index(lines[2].split()[1])  # aligned
    assert lines[-1].startswith("3 secrets found in 2 of 3 files")
    assert "\033[" not in result.out  # not a terminal: no colour


def test_quiet_drops_the_summary(cli, project):
    result = cli("scan", ".", "--quiet")
    assert len(result.out.splitlines()) == 3


def test_paths_are_shown_as_given(cli, project):
    result = cli("scan", "--format", "json", str(project / "notes.txt"), "leaky.ipynb")
    assert {f["path"] for f in result.json()["findings"]} == {str(project / "notes.txt"), "leaky.ipynb"}


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def _report():
    finding = Finding("a.ipynb", 0, "source", None, 1, 5, "some-rule", "f" * 32, "ab…")
    return ScanReport(findings=[finding], files=1, nbytes=10)


def test_colour_on_a_terminal_only(monkeypatch):
    terminal, pipe = FakeTerminal(), io.StringIO()
    report_text.render(_report(), terminal, terminal)
    report_text.render(_report(), pipe, pipe)
    assert "\033[" in terminal.getvalue()
    assert "\033[" not in pipe.getvalue()


def test_no_color_env_and_option_turn_colour_off(monkeypatch, cli, project):
    terminal = FakeTerminal()
    report_text.render(_report(), terminal, terminal, color=False)
    assert "\033[" not in terminal.getvalue()
    monkeypatch.setenv("NO_COLOR", "")
    terminal = FakeTerminal()
    report_text.render(_report(), terminal, terminal)
    assert "\033[" not in terminal.getvalue()


def test_usage_errors_exit_2(cli, project):
    assert cli("scan").code == 2
    assert cli("scan", ".", "--format", "xml").code == 2
    assert cli().code == 2
    result = cli("scan", ".", "--update-baseline")
    assert result.code == 2
    assert "--update-baseline needs --baseline FILE" in result.err


def test_help_and_version_exit_0(cli):
    assert cli("--help").code == 0
    result = cli("--version")
    assert result.code == 0
    assert result.out.startswith("jupyter-secrets ")
