"""Many files in one engine pass (Scanner.scan_files, the CLI's folder scan): each file's
findings and errors are those of its own scan, wherever it sits in the batch."""
import json

import pytest

from jupyter_secrets.cli.discovery import Target, WalkError
from jupyter_secrets.cli.runner import scan_all
from jupyter_secrets.detection.allowlist import Allowlist
from jupyter_secrets.detection.scanner import Scanner
from jupyter_secrets.model import Fingerprinter
from tests.cli.tokens import AWS_ACCESS_KEY_ID, GITHUB_PAT, SLACK_BOT_TOKEN, STRIPE_LIVE_KEY

from .notebooks import code, display, error, markdown, notebook, stream

#: A generic assignment: its rule is searched by the pattern gate in ASCII text.
PASSWORD = 'db_password = "Qz8vN2kLw5tR9xYb"'


@pytest.fixture(scope="module")
def scanner():
    return Scanner(Fingerprinter(b"batch-test"), allowlist=Allowlist(paths=["allowed/*"]))


def _nb(*cells, metadata=None) -> bytes:
    return json.dumps(notebook(*cells, metadata=metadata)).encode()


def _files():
    """Notebooks and text files of every kind the scan reads, secrets at every edge."""
    return [
        (_nb(code(f"{GITHUB_PAT}")), "starts-and-ends-with-a-key.ipynb"),
        (_nb(markdown("# plain"), code("print(1)", [stream("1\n")])), "clean.ipynb"),
        (_nb(code("x = 1", [display({"text/plain": f"'{STRIPE_LIVE_KEY}'"}, "execute_result")]),
             metadata={"kernelspec": {"name": "python3"}, "note": AWS_ACCESS_KEY_ID}), "output-and-metadata.ipynb"),
        (_nb(code(PASSWORD)), "generic.ipynb"),
        (_nb(markdown(f"clé: {SLACK_BOT_TOKEN} — é"), code(PASSWORD)), "unicode.ipynb"),
        (_nb(code("s = '\ud800'\n" + PASSWORD), code(GITHUB_PAT)), "lone-surrogate.ipynb"),
        (_nb(code("y", [error(f"bad {GITHUB_PAT}", ["\x1b[31mValueError\x1b[0m", PASSWORD])])),
         "traceback.ipynb"),
        (_nb(code("\\u0041" + AWS_ACCESS_KEY_ID)), "escaped.ipynb"),
        (f"TOKEN={GITHUB_PAT}\n{PASSWORD}\n".encode(), "settings.env"),
        (b'{"nbformat": 4, "cells": [', "broken.ipynb"),
        (json.dumps({"nbformat": 4, "cells": "not a list", "x": GITHUB_PAT}).encode(), "misshapen.ipynb"),
        (bytes(range(256)) * 8, "binary.txt"),
        (_nb(code(GITHUB_PAT)), "allowed/skip.ipynb"),
        ("\ufeff".encode() + _nb(code(STRIPE_LIVE_KEY)), "bom.ipynb"),
        (b"", "empty.py"),
        (_nb(), "no-cells.ipynb"),
    ]


def _shown(scan):
    return ([(f.path, f.cell, f.where, f.output, f.line, f.column, f.rule, f.fingerprint, f.json_path)
             for f in scan.findings], [e.to_dict() for e in scan.errors], scan.nbytes)


def test_a_batch_finds_what_each_file_finds_alone(scanner):
    files = _files()
    alone = [_shown(scanner.scan_bytes(data, path)) for data, path in files]
    together = [_shown(scan) for scan in scanner.scan_files(files)]
    assert together == alone
    assert sum(len(findings) for findings, _, _ in alone) >= 14  # the corpus does hold keys
    # in any order and any grouping too
    backwards = [_shown(scan) for scan in scanner.scan_files(files[::-1])][::-1]
    assert backwards == alone
    pairs = [_shown(scan) for i in range(0, len(files), 2) for scan in scanner.scan_files(files[i:i + 2])]
    assert pairs == alone


def test_a_key_cut_between_two_files_is_in_neither(scanner):
    head, tail = GITHUB_PAT[:20], GITHUB_PAT[20:]
    files = [(_nb(code("x = 1\n" + head)), "a.ipynb"), (_nb(code(tail + "\n")), "b.ipynb"),
             (f"x\n{head}".encode(), "c.txt"), (f"{tail}\n".encode(), "d.txt")]
    assert [scan.findings for scan in scanner.scan_files(files)] == [[], [], [], []]
    whole = [(_nb(code("x = 1\n" + GITHUB_PAT)), "a.ipynb"), (_nb(code(GITHUB_PAT + "\n")), "b.ipynb")]
    assert [len(scan.findings) for scan in scanner.scan_files(whole)] == [1, 1]


def test_a_folder_of_small_notebooks_is_scanned_in_one_engine_pass(scanner, tmp_path, monkeypatch):
    for n in range(20):
        (tmp_path / f"nb{n:02}.ipynb").write_bytes(_nb(code(f"print({n})"), markdown("text")))
    (tmp_path / "nb07.ipynb").write_bytes(_nb(code(GITHUB_PAT)))
    calls = []
    scan_many = scanner.engine.scan_many
    monkeypatch.setattr(scanner.engine, "scan_many", lambda texts: calls.append(len(texts)) or scan_many(texts))
    targets = [Target(str(p), p.name) for p in sorted(tmp_path.iterdir())]
    report = scan_all(scanner, targets)
    assert len(calls) == 1 and calls[0] >= 40
    assert report.files == 20 and [f.path for f in report.findings] == ["nb07.ipynb"]


def test_one_file_that_breaks_the_batch_is_an_error_of_its_own(scanner, tmp_path, monkeypatch):
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.ipynb").write_bytes(_nb(code(GITHUB_PAT)))
    read = Scanner._read

    def failing(self, data, path):
        if path.endswith("b.ipynb"):
            raise RuntimeError(GITHUB_PAT)  # the message may quote content: never shown
        return read(self, data, path)

    monkeypatch.setattr(Scanner, "_read", failing)
    items = [WalkError("first-missing", "no such file"),
             *(Target(str(tmp_path / f"{n}.ipynb"), f"{n}.ipynb") for n in "abc"),
             WalkError("last-missing", "no such file")]
    report = scan_all(scanner, items)
    assert [f.path for f in report.findings] == ["a.ipynb", "c.ipynb"]
    assert [e.path for e in report.errors] == ["first-missing", "b.ipynb", "last-missing"]
    assert "RuntimeError" in report.errors[1].message and GITHUB_PAT not in report.errors[1].message
    assert report.files == 3


def test_large_files_are_scanned_on_their_own(scanner, tmp_path, monkeypatch):
    big = "x = 1\n" * 200_000  # over a batch's bytes
    (tmp_path / "a.ipynb").write_bytes(_nb(code(GITHUB_PAT)))
    (tmp_path / "b.ipynb").write_bytes(_nb(code(big + GITHUB_PAT)))
    (tmp_path / "c.ipynb").write_bytes(_nb(code(GITHUB_PAT)))
    sizes = []
    scan_files = scanner.scan_files
    monkeypatch.setattr(scanner, "scan_files", lambda files: sizes.append(len(files)) or scan_files(files))
    report = scan_all(scanner, [Target(str(p), p.name) for p in sorted(tmp_path.iterdir())])
    assert [f.path for f in report.findings] == ["a.ipynb", "b.ipynb", "c.ipynb"]
    assert report.findings[1].line == 200_001
    assert sizes == [1, 1, 1]  # the big one has a pass of its own, and so its neighbours


def test_a_notebook_read_straight_from_its_bytes_reads_as_the_long_way(scanner, monkeypatch):
    """A notebook that orjson reads as UTF-8 bytes skips decoding to text; anything it does
    not read (bad UTF-8, a BOM, UTF-16, NaN, escaped lone surrogates) takes the long way."""
    body = json.dumps(notebook(code(f"k = '{GITHUB_PAT}'"), markdown(f"ü {STRIPE_LIVE_KEY}")))
    files = [
        (body.encode(), "plain.ipynb"),
        (body.encode().replace(b"\\u00fc", b"\xff\xfe"), "bad-utf8.ipynb"),
        (body.encode("utf-16-le"), "utf16.ipynb"),
        ("\ufeff".encode() + body.encode(), "bom.ipynb"),
        (body.replace('"nbformat": 4', '"nbformat": 4, "x": NaN').encode(), "nan.ipynb"),
        (body.replace("\\u00fc", "\\ud800").encode(), "surrogate.ipynb"),
        (json.dumps({"nbformat": 4, "metadata": {}}).encode(), "no-cells.ipynb"),
        (json.dumps({"nbformat": 3, "worksheets": [{"cells": [{"input": GITHUB_PAT}]}]}).encode(), "v3.ipynb"),
        (b"[" * 5000 + b"]" * 5000, "deep.ipynb"),
    ]
    fast = [_shown(scanner.scan_bytes(data, path)) for data, path in files]
    monkeypatch.setattr("jupyter_secrets.detection.json_text.loads_utf8", lambda data: None)
    assert fast == [_shown(scanner.scan_bytes(data, path)) for data, path in files]
    assert [len(findings) for findings, _, _ in fast[:6]] == [2] * 6
    assert "not valid UTF-8" in fast[1][1][0]["message"]


@pytest.mark.parametrize("enabled", [True, False])
@pytest.mark.parametrize("fails", [False, True])
def test_no_cycle_collection_while_a_batch_is_scanned_and_as_before_after(scanner, tmp_path, monkeypatch,
                                                                       enabled, fails):
    import gc

    for name in "ab":
        (tmp_path / f"{name}.ipynb").write_bytes(_nb(code(GITHUB_PAT)))
    seen = []
    scan_files = scanner.scan_files

    def recording(files):
        seen.append(gc.isenabled())
        if fails and len(files) > 1:  # then file by file, as after any failed batch
            raise RuntimeError("batch")
        return scan_files(files)

    monkeypatch.setattr(scanner, "scan_files", recording)
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        report = scan_all(scanner, [Target(str(p), p.name) for p in sorted(tmp_path.iterdir())])
        after = gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
    assert seen[0] is False and after is enabled
    assert [f.path for f in report.findings] == ["a.ipynb", "b.ipynb"]
