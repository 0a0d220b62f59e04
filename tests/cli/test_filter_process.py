"""git's long-running filter protocol, spoken to a real `jupyter-secrets filter --process`."""
import io
import subprocess
import sys

from jupyter_secrets.cli.pkt_line import MAX_DATA, PktLine

from .conftest import CHILD_MAIN, python_env
from .tokens import GITHUB_PAT


def _git_side(*files):
    """What git writes: handshake, capabilities, then one request per (command, path, data)."""
    out = io.BytesIO()
    pkt = PktLine(io.BytesIO(), out)
    pkt.write_text("git-filter-client", "version=2")
    pkt.write_text("capability=clean", "capability=smudge", "capability=delay")
    for command, path, data in files:
        pkt.write_text(f"command={command}", f"pathname={path}")
        pkt.write_content(data)
    return out.getvalue()


def _answers(stdout: bytes):
    pkt = PktLine(io.BytesIO(stdout), io.BytesIO())
    assert pkt.read_text_list() == ["git-filter-server", "version=2"]
    assert pkt.read_text_list() == ["capability=clean", "capability=smudge"]  # no delay
    answers = []
    while True:
        try:
            status = pkt.read_text_list()
        except EOFError:
            return answers
        if status != ["status=success"]:
            answers.append((status, None))
            continue
        content = pkt.read_content()
        assert pkt.read_text_list() == []  # the status stays "success"
        answers.append((status, content))


def _serve(stdin: bytes):
    return subprocess.run([sys.executable, *CHILD_MAIN, "filter", "--process"], input=stdin,
                          capture_output=True, env=python_env(), timeout=120)


def test_one_process_cleans_smudges_and_refuses_per_file():
    big = ("x = 1\n" * 30000 + f"key = '{GITHUB_PAT}'\n").encode()  # several packets
    assert len(big) > 2 * MAX_DATA
    done = _serve(_git_side(("clean", "a.py", big),
                            ("smudge", "b.py", f"kept = '{GITHUB_PAT}'\n".encode()),
                            ("clean", "broken.ipynb", b'{"cells": ['),
                            ("clean", "empty.py", b"")))
    assert done.returncode == 0, done.stderr
    answers = _answers(done.stdout)
    assert [a[0] for a in answers] == [["status=success"], ["status=success"], ["status=error"],
                                       ["status=success"]]
    assert answers[0][1] == big.replace(GITHUB_PAT.encode(), b"REDACTED_GITHUB_PAT_CLASSIC")
    assert answers[1][1] == f"kept = '{GITHUB_PAT}'\n".encode()  # smudge passes through
    assert answers[3][1] == b""
    assert b"broken.ipynb" in done.stderr and GITHUB_PAT.encode() not in done.stderr


def test_a_client_that_is_not_git_is_refused():
    done = _serve(b"0010hello there\n0000")
    assert done.returncode == 2 and b"not a git filter client" in done.stderr
