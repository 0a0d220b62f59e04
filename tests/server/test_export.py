"""Exports through the server's nbconvert routes, and `jupyter nbconvert` with the config line."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile

import nbformat
import pytest

from .conftest import code, github_token, markdown, notebook, stream, write_notebook


def svg_with(text: str) -> dict:
    svg = f'<svg xmlns="http://www.w3.org/2000/svg"><text>{text}</text></svg>'
    return nbformat.v4.new_output("display_data", data={"image/svg+xml": svg, "text/plain": "<Figure>"})


@pytest.fixture
def leaky(jp_root_dir, key):
    """A notebook written straight to disk with a key in a source, outputs and metadata."""
    token = github_token()
    nb = notebook(markdown(f"Token for the demo: {token}"),
                  code(f'client = OpenAI(api_key="{key}")', outputs=[stream(f"using {key}\n")]),
                  code("plot()", outputs=[svg_with(key)]),
                  metadata={"deploy": {"token": token}})
    write_notebook(jp_root_dir / "leaky.ipynb", nb)
    return key, token


@pytest.mark.parametrize("fmt", ["html", "script", "notebook", "markdown", "python", "slides"])
async def test_an_export_of_a_file_with_keys_holds_none(jp_fetch, jp_nbconvert_templates, leaky, fmt):
    key, token = leaky

    response = await jp_fetch("nbconvert", fmt, "leaky.ipynb", params={"download": "true"})

    assert response.code == 200
    for payload in _payloads(response.body):
        assert key.encode() not in payload and token.encode() not in payload
        assert key[8:40].encode() not in payload


def _payloads(body: bytes):
    """The response, or each file of it when nbconvert answered a zip (extracted outputs)."""
    if body[:2] != b"PK":
        return [body]
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return [archive.read(name) for name in archive.namelist()]


async def test_the_extracted_outputs_of_an_export_are_cleaned(jp_fetch, jp_nbconvert_templates, leaky):
    key, _ = leaky

    response = await jp_fetch("nbconvert", "markdown", "leaky.ipynb")

    with zipfile.ZipFile(io.BytesIO(response.body)) as archive:
        svgs = [archive.read(n).decode() for n in archive.namelist() if n.endswith(".svg")]
    assert svgs and all("REDACTED_OPENAI_PROJECT_KEY" in svg and key not in svg for svg in svgs)


async def test_the_notebook_export_keeps_the_rest(jp_fetch, leaky):
    exported = json.loads((await jp_fetch("nbconvert", "notebook", "leaky.ipynb")).body)

    sources = ["".join(cell["source"]) for cell in exported["cells"]]
    assert sources == ["Token for the demo: REDACTED_GITHUB_PAT_CLASSIC",
                       'client = OpenAI(api_key="REDACTED_OPENAI_PROJECT_KEY")', "plot()"]


async def test_a_posted_notebook_is_exported_without_its_keys(jp_fetch, jp_nbconvert_templates, key):
    # as JupyterLab posts it: strings, not nbformat's on-disk lists of lines
    nb = nbformat.reads(json.dumps(notebook(code(f'KEY = "{key}"', outputs=[stream(key)]))), 4)

    response = await jp_fetch("nbconvert", "html", method="POST",
                              body=json.dumps({"name": "posted.ipynb", "content": nb}))

    assert key.encode() not in response.body
    assert b"REDACTED_OPENAI_PROJECT_KEY" in response.body


async def test_exports_are_told_to_listeners(jp_fetch, guards, leaky):
    recorded = []
    guards.notices.connect(recorded.append)

    await jp_fetch("nbconvert", "script", "leaky.ipynb")

    assert [n.action for n in recorded] == ["export-stripped"]
    assert {f.rule for f in recorded[0].findings} == {"openai-project-key", "github-pat-classic"}


@pytest.mark.parametrize("guard_config", [{"HTMLExporter": {"preprocessors": []}}])
async def test_a_more_specific_exporter_list_gets_the_preprocessor_too(
        jp_fetch, jp_nbconvert_templates, leaky):
    key, _ = leaky

    response = await jp_fetch("nbconvert", "html", "leaky.ipynb")

    assert key.encode() not in response.body


def test_jupyter_nbconvert_on_the_command_line_with_the_config_line(tmp_path, key, monkeypatch):
    # Given the one line of config the README gives for the command line
    config_dir = tmp_path / "config"
    config_dir.mkdir()
    (config_dir / "jupyter_nbconvert_config.py").write_text(
        'c.Exporter.preprocessors.append("jupyter_secrets.server.export.RedactSecretsPreprocessor")\n')
    source = tmp_path / "nb.ipynb"
    write_notebook(source, notebook(code(f'k = "{key}"', outputs=[stream(key)])))
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(config_dir), "JUPYTER_DATA_DIR": str(tmp_path / "data"),
           "JUPYTER_PLATFORM_DIRS": "0"}

    # When a notebook with a key is converted
    result = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "script",
                             "--stdout", str(source)], capture_output=True, text=True, env=env,
                            timeout=120, check=False)

    # Then the script holds the placeholder, and neither output nor log holds the key
    assert result.returncode == 0, result.stderr[-2000:]
    assert 'k = "REDACTED_OPENAI_PROJECT_KEY"' in result.stdout
    assert key not in result.stdout and key not in result.stderr


def png_output_holding(text: str) -> dict:
    """An image/png output whose value is no PNG at all: text, then base64 of that text."""
    return nbformat.v4.new_output("display_data", data={"image/png": text, "text/plain": "<Figure>"})


@pytest.mark.parametrize("fmt", ["html", "notebook", "markdown"])
async def test_an_export_carries_no_key_in_a_binary_mimetype_or_an_unknown_field(
        jp_fetch, jp_nbconvert_templates, jp_root_dir, key, fmt):
    import base64
    # Given keys where the walker used to skip: image/png values that are not PNGs, an unknown
    # output field and an unknown cell field
    nb = notebook(code("show()", outputs=[png_output_holding(f"api key {key}")]),
                  code("show()", outputs=[png_output_holding(
                      base64.b64encode(f"OPENAI_API_KEY={key}".encode()).decode())]),
                  code("x = 1"))
    nb["cells"][2]["outputs"] = [stream("ok\n")]
    nb["cells"][2]["outputs"][0]["x_debug"] = f"token={key}"
    nb["cells"][2]["x_notes"] = f"remember {key}"
    write_notebook(jp_root_dir / "odd.ipynb", nb)

    response = await jp_fetch("nbconvert", fmt, "odd.ipynb", params={"download": "true"})

    assert response.code == 200
    for payload in _payloads(response.body):
        assert key.encode() not in payload and key[8:40].encode() not in payload
        assert base64.b64encode(f"OPENAI_API_KEY={key}".encode())[8:60] not in payload
