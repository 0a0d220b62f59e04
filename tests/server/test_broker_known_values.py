"""A secret fetched by a real kernel of a real server, printed the ways people print it: as
fragments, transformed, in binary outputs, written to a file, passed where a name belongs.

The values are random tokens no detection rule recognises: what protects them here is that the
kernel and the server know they were fetched."""
from __future__ import annotations

import base64
import codecs
import json
import logging
import secrets
import subprocess
import sys

import nbformat
import pytest
from traitlets.config import Config

from tests.governance.kernels import KernelRunner, start_session
from tests.server.conftest import openai_key

NAME = "WAREHOUSE_TOKEN"
#: Characters in a row of a value that must never show (the issue's bar, not read from the code).
FRAGMENT = 8


@pytest.fixture
def jp_server_config():
    return Config({"ServerApp": {"jpserver_extensions": {"jupyter_secrets": True}},
                   "SecretStore": {"backend": "local"}})


@pytest.fixture
def value() -> str:
    """64 random characters with no prefix a rule knows: only fetched-value redaction finds it."""
    return "w" + secrets.token_urlsafe(47)


async def add_secret(jp_fetch, name: str, value: str, notebook: str) -> None:
    body = {"name": name, "value": value, "notebook": notebook}
    await jp_fetch("jupyter-secrets", "secrets", method="POST", body=json.dumps(body))


class Cells:
    """Runs cells in a server kernel and keeps every message each one produced."""

    def __init__(self, runner: KernelRunner):
        self.runner = runner

    async def run(self, code: str) -> tuple:
        runner = self.runner
        if not runner.started:
            runner.client.start_channels()
            await runner.client.wait_for_ready(timeout=60)
            runner.started = True
        messages = []
        reply = await runner.client.execute_interactive(code, output_hook=messages.append,
                                                        timeout=60)
        text = json.dumps([m.get("content") for m in messages] + [reply.get("content")],
                          default=str)
        buffers = [bytes(b) for m in messages for b in m.get("buffers") or []]
        return reply["content"]["status"], messages, text, buffers


@pytest.fixture
def kernels():
    """Runners to close when the test ends."""
    runners = []
    yield runners
    for runner in runners:
        runner.close()


@pytest.fixture
def cells(jp_serverapp, jp_fetch, value, kernels):
    """Starts (when awaited) a kernel for work.ipynb that fetched the value into `v`."""
    async def start() -> Cells:
        await add_secret(jp_fetch, NAME, value, "work.ipynb")
        _, kernel_id = await start_session(jp_fetch, "work.ipynb")
        runner = KernelRunner(jp_serverapp, kernel_id)
        kernels.append(runner)
        under_test = Cells(runner)
        status, _, shown, _ = await under_test.run(
            f"from jupyter_secrets import secret\nv = secret({NAME!r})")
        assert status == "ok", shown
        return under_test
    return start


def windows_of(text: str, size: int = FRAGMENT) -> list:
    return [text[i:i + size] for i in range(len(text) - size + 1)]


def assert_no_fragment(shown: str, *forms: str) -> None:
    """No 8 characters in a row of any form (lowercased, since case changes count too)."""
    lowered = shown.lower()
    for form in forms:
        for window in windows_of(form.lower()):
            assert window not in lowered, f"{window!r} of a secret's form was shown"


async def test_fragments_printed_in_any_cell_are_redacted(cells, value):
    cells = await cells()
    outputs = []
    for code in ("print(v[:8])", "print(v[8:])", "print(v[1:])", "print('id:', v[20:31], 'ok')",
                 "import pandas as pd\npd.set_option('display.max_colwidth', 50)\n"
                 "pd.DataFrame({'key': [v], 'n': [1]})"):
        status, _, shown, _ = await cells.run(code)
        assert status == "ok", shown
        outputs.append(shown)
        assert_no_fragment(shown, value)
    assert "[REDACTED:WAREHOUSE_TOKEN]" in outputs[0] and "[REDACTED:WAREHOUSE_TOKEN]" in outputs[1]
    assert "id: [REDACTED:WAREHOUSE_TOKEN] ok" in outputs[3]


async def test_cheap_transforms_are_redacted(cells, value):
    cells = await cells()
    transforms = {
        "v[::-1]": value[::-1],
        "' '.join(v)": " ".join(value),
        "'-'.join(v[:20])": "-".join(value[:20]),
        "v.upper()": value.upper(),
        "codecs.encode(v, 'rot13')": codecs.encode(value, "rot13"),
        "base64.b32encode(v.encode()).decode()": base64.b32encode(value.encode()).decode(),
        "base64.b64encode(b'xy' + v.encode()).decode()": base64.b64encode(b"xy" + value.encode()).decode(),
        "v.encode('utf-16-le')": repr(value.encode("utf-16-le")),
        "v.encode('utf-32')": repr(value.encode("utf-32")),
    }
    for code, form in transforms.items():
        status, messages, shown, _ = await cells.run(f"import base64, codecs\nprint({code})")
        assert status == "ok", shown
        visible = "".join(m["content"]["text"] for m in messages if m["msg_type"] == "stream")
        assert "[REDACTED:WAREHOUSE_TOKEN]" in visible, code
        if not form.startswith("b'"):  # a bytes repr starts with a BOM, which is no secret
            for piece in windows_of(form, 16):
                assert piece not in visible, f"{code} showed {piece!r}"
        # and undone the cheap ways, what is shown holds no 8 characters of the value
        for view in (visible, visible.replace("\\x00", ""), visible[0::2], visible[1::2],
                     visible[::-1], codecs.encode(visible, "rot13")):
            assert_no_fragment(view, value)


async def test_binary_outputs_and_comm_buffers_are_searched_as_bytes(cells, value):
    cells = await cells()
    raw = value.encode()
    status, messages, shown, buffers = await cells.run(
        "import base64\n"
        "display({'image/png': base64.b64encode(b'\\x89PNG' + v.encode()).decode(),\n"
        "         'text/plain': '<image>'}, raw=True)\n"
        "display({'application/octet-stream': base64.b64encode(base64.b64encode(v.encode()))"
        ".decode()}, raw=True)\n"
        "display({'application/octet-stream': base64.b64encode(v.encode('utf-16-le')).decode()},"
        " raw=True)\n"
        "from comm import create_comm\n"
        "c = create_comm(target_name='probe')\n"
        "c.send(data={'kind': 'raw'}, buffers=[b'head' + v.encode() + b'tail'])")
    assert status == "ok", shown
    payloads = [base64.b64decode(data) for m in messages if m["msg_type"] == "display_data"
                for key, data in m["content"]["data"].items() if key != "text/plain"]
    assert len(payloads) == 3
    for data in payloads + buffers:
        for window in windows_of(value):
            assert window.encode() not in data
            assert window.encode("utf-16-le") not in data
        assert base64.b64encode(raw)[:16] not in data
    assert buffers == [b"head" + b"*" * len(raw) + b"tail"]  # same length: offsets hold


async def test_what_the_kernel_writes_never_leaves_through_a_download_an_export_or_a_save(
        cells, value, jp_fetch, jp_root_dir):
    cells = await cells()
    # Given the kernel wrote the value to a file, and printed it reversed
    notes = jp_root_dir / "notes.txt"
    status, _, shown, _ = await cells.run(
        f"open({str(notes)!r}, 'w').write('warehouse: ' + v + '\\n')\nprint(v[::-1])")
    assert status == "ok" and value[::-1] not in shown
    assert value in notes.read_text()  # on disk, written by code: no hook saw it
    # and a notebook on disk whose output shows it (as a kernel without the extension would)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "print(v[::-1])", outputs=[nbformat.v4.new_output("stream", name="stdout",
                                                          text=value[::-1] + "\n" + value.upper())])])
    (jp_root_dir / "shown.ipynb").write_text(nbformat.writes(nb))

    # when the browser downloads the file and exports the notebook
    downloaded = (await jp_fetch("files", "notes.txt")).body.decode()
    exported = (await jp_fetch("nbconvert", "html", "shown.ipynb")).body.decode()
    # and saves the notebook as it shows it
    model = {"type": "notebook", "format": "json", "content": json.loads(nbformat.writes(nb))}
    await jp_fetch("api", "contents", "saved.ipynb", method="PUT", body=json.dumps(model))
    saved = (jp_root_dir / "saved.ipynb").read_text()

    # then none of them holds the value, in any of the forms shown
    for got in (downloaded, exported, saved):
        for form in (value, value[::-1], value.upper()):
            for piece in windows_of(form, FRAGMENT + 8):
                assert piece not in got
    assert downloaded.startswith("warehouse: ")


async def test_halves_written_apart_by_a_subprocess_never_reach_the_server_log_whole(
        cells, value, capfd):
    cells = await cells()
    half = len(value) // 2
    script = ("import os, sys, time; v = os.environ['HALVES']; "
              f"sys.stdout.write(v[:{half}]); sys.stdout.flush(); time.sleep(0.6); "
              f"sys.stdout.write(v[{half}:] + ' end' + chr(10)); sys.stdout.flush()")
    status, _, shown, _ = await cells.run(
        "import os, subprocess, sys, time\n"
        f"subprocess.run([sys.executable, '-c', {script!r}], env={{**os.environ, 'HALVES': v}})\n"
        "time.sleep(0.5)")
    assert status == "ok", shown
    log = capfd.readouterr()
    logged = log.out + log.err
    assert " end" in logged or " end" in shown  # it did run
    for piece in windows_of(value):
        assert piece not in logged and piece not in shown


async def test_a_value_where_a_name_belongs_is_never_echoed(cells, jp_serverapp, caplog):
    cells = await cells()
    caplog.set_level(logging.DEBUG)
    key = openai_key()  # a key the detector knows
    plain = secrets.token_urlsafe(30)  # a random token: not a valid name only by chance
    for code in (f"import os\nos.environ['OPENAI_API_KEY'] = {key!r}\n"
                 "secret(os.environ['OPENAI_API_KEY'])",
                 f"%secret {key}",
                 f"%secret set {key}",
                 f"secret({plain + '/+='!r})",
                 f"secret({plain!r})"):
        status, messages, shown, _ = await cells.run(code)
        errors = [m["content"] for m in messages if m["msg_type"] == "error"]
        assert status == "error" and errors, shown
        error = json.dumps(errors)
        assert "that looks like a value, not a name" in error, error
        assert "1 to 128 letters" in error
        for secret_text in (key, plain, key[8:30], plain[:20]):
            assert secret_text not in error
            assert secret_text not in caplog.text
    # a read by name goes to the broker with the name in the body: no URL carries it
    status, _, shown, _ = await cells.run(f"print(len(secret({NAME!r})))")
    assert status == "ok", shown
    assert "/broker/read" in caplog.text and f"/broker/secrets/{NAME}" not in caplog.text


def test_the_command_line_never_echoes_a_value_given_as_name(tmp_path):
    key = openai_key()
    done = subprocess.run([sys.executable, "-m", "jupyter_secrets.cli.main", "get", key],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 2
    assert "that looks like a value, not a name" in done.stderr
    assert key not in done.stderr + done.stdout and key[8:30] not in done.stderr


async def test_a_missing_secret_says_how_to_add_it_and_tells_nothing_of_others(
        cells, jp_fetch, value):
    cells = await cells()
    await add_secret(jp_fetch, "OTHERS_TOKEN", secrets.token_urlsafe(20), "other.ipynb")
    said = {}
    for name in ("NOT_THERE_YET", "OTHERS_TOKEN"):
        status, messages, shown, _ = await cells.run(f"secret({name!r})")
        (error,) = [m["content"] for m in messages if m["msg_type"] == "error"]
        said[name] = error["evalue"]
        assert f"%secret set {name}" in error["evalue"], error
        assert f"jupyter-secrets grant {name}" in error["evalue"]
    # the same words for a secret that exists elsewhere and one that does not exist at all
    assert said["NOT_THERE_YET"].replace("NOT_THERE_YET", "X") == \
        said["OTHERS_TOKEN"].replace("OTHERS_TOKEN", "X")


def test_known_values_keep_no_plaintext_and_find_pieces_of_twelve_or_more():
    from jupyter_secrets.server.known_values import KnownValues

    value = "w" + secrets.token_urlsafe(30)
    known = KnownValues()
    known.add(value)
    held = repr(vars(known)).lower() + repr([vars(t) for t in known.tables()]).lower()
    assert not any(window.lower() in held for window in windows_of(value, 6))
    for shown in (value, value[3:18], value[::-1], value.upper(), codecs.encode(value, "rot13"),
                  base64.b64encode(b"ab" + value.encode()).decode()):
        text = f"before {shown} after"
        spans = known.spans(text)
        assert spans, shown
        kept = "".join(c for i, c in enumerate(text) if not any(a <= i < b for a, b in spans))
        assert kept.startswith("before ") and kept.endswith(" after")
    assert known.spans(f"x {value[3:10]} y") == []  # 7 characters: not enough for the server
    assert known.spans(base64.b64encode(secrets.token_bytes(300_000)).decode()) == []


@pytest.mark.parametrize("start", ["wg-QhTmzLpeWv-", "wQHNF-NxWKpDdN-", "zb_QprTvMxWeLk_"])
def test_a_random_start_of_letters_and_dashes_is_no_prefix_to_spare(start):
    """Only a start of one case a part (`sk-proj-`, `PMAK-`) is a kind's name and left out of
    the windows; a random value that begins with mixed-case letters and a dash is all secret."""
    from jupyter_secrets import fragments
    from jupyter_secrets.server.known_values import KnownValues

    value = start + secrets.token_urlsafe(24)
    assert fragments.well_known_prefix(value) in ("", start[:3])
    known = KnownValues()
    known.add(value)
    assert known.spans(f"before {value[3:18]} after")
    assert fragments.well_known_prefix("sk-proj-9" + value) == "sk-proj-"
    assert fragments.well_known_prefix("FLWSECK_TEST-9" + value) == "FLWSECK_TEST-"
