"""Chunked uploads, as JupyterLab sends files over 1 MiB: checked whole after the last chunk."""
from __future__ import annotations

import asyncio
import base64
import json
import os
import resource
import signal

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


# -- staging: nothing of an unfinished upload reaches the served tree -------------------------

async def send_chunk(put_model, path: str, number: int, piece: bytes):
    return await put_model(path, {"type": "file", "format": "base64", "chunk": number,
                                  "content": base64.b64encode(piece).decode()})


def files_holding(root, needle: bytes):
    return [p for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()]


def staged_files(guards):
    folder = guards.saves.staging._dir
    return [] if folder is None or not os.path.isdir(folder) else os.listdir(folder)


async def test_an_upload_that_never_sends_its_last_chunk_leaves_no_key_on_disk(
        put_model, jp_root_dir, guards, key):
    # Given an existing file, and an upload over it whose first chunks hold a key
    (jp_root_dir / "notes.txt").write_bytes(b"the old notes\n")
    data = text_with_key(key, 100_000)
    pieces = [piece for _, piece in chunks(data, 64 * 1024)]

    # When every chunk but the last is sent
    for number, piece in enumerate(pieces[:-1], start=1):
        assert (await send_chunk(put_model, "notes.txt", number, piece)).code == 200

    # Then the served tree holds no part of it: the old file is as it was
    assert (jp_root_dir / "notes.txt").read_bytes() == b"the old notes\n"
    assert files_holding(jp_root_dir, key.encode()) == []
    # and the staged chunks sit outside the root
    assert guards.saves.staging.pending() == 1
    assert not os.path.realpath(guards.saves.staging._dir).startswith(os.path.realpath(jp_root_dir))


async def test_a_middle_chunk_on_its_own_is_refused_and_writes_nothing(put_model, jp_root_dir, key):
    response = await send_chunk(put_model, "alone.env", 3, f'KEY="{key}"\n'.encode())

    assert response.code == 400
    assert key not in response.body.decode()
    assert not (jp_root_dir / "alone.env").exists()
    assert (await send_chunk(put_model, "alone.env", -1, f'KEY="{key}"\n'.encode())).code == 400
    assert not (jp_root_dir / "alone.env").exists()


@pytest.mark.parametrize("guard_config", [{"SaveGuard": {"upload_expiry_seconds": 0.2}}])
async def test_an_abandoned_upload_expires_and_its_chunks_are_deleted(put_model, jp_root_dir,
                                                                     guards, key):
    assert (await send_chunk(put_model, "late.env", 1, f'KEY="{key}"\n'.encode())).code == 200
    assert len(staged_files(guards)) == 1

    await asyncio.sleep(0.6)  # no other request comes: the sweeper expires it

    assert staged_files(guards) == [] and guards.saves.staging.pending() == 0
    response = await send_chunk(put_model, "late.env", 2, b"more\n")
    assert response.code == 400
    assert not (jp_root_dir / "late.env").exists()


@pytest.fixture
def small_disk():
    """Files this process writes can grow to 150 KB only, as on a disk that is full: writes
    past it fail with EFBIG (SIGXFSZ ignored, so the write fails rather than the process)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (150_000, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


async def test_a_disk_that_fills_up_mid_upload_leaves_nothing_half_written(
        put_model, jp_root_dir, guards, small_disk):
    (jp_root_dir / "data.csv").write_bytes(b"a,b\n1,2\n")
    data = b"".join(f"{i},{i * 3}\n".encode() for i in range(60_000))  # about 600 KB
    codes = [(await send_chunk(put_model, "data.csv", number, piece)).code
             for number, piece in chunks(data, 64 * 1024)]

    assert 507 in codes
    assert (jp_root_dir / "data.csv").read_bytes() == b"a,b\n1,2\n"
    assert sorted(p.name for p in jp_root_dir.iterdir()) == ["data.csv"]
    assert staged_files(guards) == []
