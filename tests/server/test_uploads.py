"""Chunked uploads, as JupyterLab sends files over 1 MiB: checked whole after the last chunk."""
from __future__ import annotations

import base64
import json

import pytest

from .conftest import code, notebook, stream


def chunks(data: bytes, size: int):
    pieces = [data[i:i + size] for i in range(0, len(data), size)]
    return [(index + 1 if index < len(pieces) - 1 else -1, piece) for index, piece in enumerate(pieces)]


@pytest.fixture
def upload(put_model):
    async def send(path: str, data: bytes, size: int = 64 * 1024):
        response = None
        for number, piece in chunks(data, size):
            response = await put_model(path, {"type": "file", "format": "base64", "chunk": number,
                                              "name": path.rsplit("/", 1)[-1], "path": path,
                                              "content": base64.b64encode(piece).decode()})
            if number != -1:
                assert response.code in (200, 201)
        return response
    return send


def text_with_key(key: str, size: int) -> bytes:
    filler = "".join(f"row {i}, value {i * 7}\n" for i in range(size // 20))
    return (filler + f'OPENAI_API_KEY="{key}"\n' + filler).encode()


async def test_a_chunked_upload_with_a_key_is_refused_after_the_last_chunk(upload, jp_root_dir, key):
    # Given a 200 KB text file with a key in its middle, split across several chunks
    (jp_root_dir / "data").mkdir()
    data = text_with_key(key, 100_000)

    response = await upload("data/export.env", data)

    # Then the last chunk is refused with the findings, and no partial file is left behind
    assert response.code == 422
    finding = json.loads(response.body)["findings"][0]
    assert (finding["where"], finding["rule"]) == ("text", "openai-project-key")
    assert key not in response.body.decode()
    assert not (jp_root_dir / "data" / "export.env").exists()


async def test_a_refused_upload_over_an_existing_file_puts_the_old_one_back(upload, jp_root_dir, key):
    (jp_root_dir / "notes.txt").write_bytes(b"the old notes\n")

    response = await upload("notes.txt", text_with_key(key, 100_000))

    assert response.code == 422
    assert (jp_root_dir / "notes.txt").read_bytes() == b"the old notes\n"


@pytest.mark.parametrize("guard_config", [{"SaveGuard": {"source_policy": "strip"}}])
async def test_strip_mode_keeps_the_upload_with_the_key_replaced(upload, jp_root_dir, key):
    data = text_with_key(key, 100_000)

    response = await upload("big.txt", data)

    assert response.code in (200, 201)
    assert json.loads(response.body)["jupyter_secrets"]["stripped"][0]["rule"] == "openai-project-key"
    assert (jp_root_dir / "big.txt").read_bytes() == data.replace(key.encode(),
                                                                  b"REDACTED_OPENAI_PROJECT_KEY")


async def test_a_chunked_notebook_upload_has_its_outputs_stripped(upload, jp_root_dir, key):
    sent = notebook(code("print(k)", outputs=[stream(f"{key}\n" + "x" * 150_000)]))
    data = json.dumps(sent).encode()

    response = await upload("up.ipynb", data)

    assert response.code in (200, 201)
    assert key not in (jp_root_dir / "up.ipynb").read_text()
    saved = json.loads((jp_root_dir / "up.ipynb").read_text())
    assert saved["cells"][0]["source"] == sent["cells"][0]["source"]
    assert saved["cells"][0]["outputs"][0]["text"].startswith("[REDACTED:openai-project-key]\n")


async def test_a_chunked_binary_upload_is_not_touched(upload, jp_root_dir, key):
    data = b"\x89PNG\r\n\x1a\n\0" + key.encode() + bytes(range(256)) * 1000

    response = await upload("image.png", data)

    assert response.code in (200, 201)
    assert (jp_root_dir / "image.png").read_bytes() == data
