"""Downloads through /files/ and the contents API: redacted, refused, or served as they are."""
from __future__ import annotations

import io
import json
import os
import pickle
import struct
import time
import zipfile

import pytest
from tornado.httpclient import HTTPClientError

from .conftest import code, notebook, stream, write_notebook


async def test_a_notebook_with_a_key_is_downloaded_redacted(jp_fetch, jp_root_dir, key):
    # Given a notebook written to disk by a kernel, with a key in a cell and in an output
    write_notebook(jp_root_dir / "work.ipynb",
                   notebook(code(f'k = "{key}"', outputs=[stream(key)]), code("x = 1")))

    # When the user downloads it
    response = await jp_fetch("files", "work.ipynb", params={"download": "1"})

    # Then the file arrives without the key, still a notebook, and marked as redacted
    body = response.body.decode()
    assert key not in body
    downloaded = json.loads(body)
    assert "".join(downloaded["cells"][0]["source"]) == 'k = "REDACTED_OPENAI_PROJECT_KEY"'
    assert "".join(downloaded["cells"][1]["source"]) == "x = 1"
    assert response.headers["X-Jupyter-Secrets"] == "redacted"
    assert "attachment" in response.headers["Content-Disposition"]
    # and the file on disk is left as it was
    assert key in (jp_root_dir / "work.ipynb").read_text()


async def test_a_text_file_with_a_key_is_downloaded_redacted(jp_fetch, jp_root_dir, key):
    (jp_root_dir / ".env.example").write_text("A=1\n")  # hidden: not served at all
    (jp_root_dir / "deploy.sh").write_text(f"export OPENAI_API_KEY={key}\necho done\n")

    response = await jp_fetch("files", "deploy.sh")

    assert response.body.decode() == "export OPENAI_API_KEY=REDACTED_OPENAI_PROJECT_KEY\necho done\n"


@pytest.mark.parametrize("guard_config", [{"DownloadGuard": {"secrets_policy": "refuse"}}])
async def test_refuse_mode_does_not_send_a_file_with_a_key(jp_fetch, jp_root_dir, key):
    (jp_root_dir / "config.yaml").write_text(f"openai:\n  key: {key}\n")

    with pytest.raises(HTTPClientError) as refused:
        await jp_fetch("files", "config.yaml")

    assert refused.value.code == 403
    body = refused.value.response.body.decode()
    assert "holds 1 plaintext secret" in body and key not in body


async def test_files_without_secrets_are_served_as_they_are(jp_fetch, jp_root_dir):
    (jp_root_dir / "plain.txt").write_text("nothing to see\n")
    image = b"\x89PNG\r\n\x1a\n\0\0\0" + bytes(range(256))
    (jp_root_dir / "plot.png").write_bytes(image)

    assert (await jp_fetch("files", "plain.txt")).body == b"nothing to see\n"
    png = await jp_fetch("files", "plot.png")
    assert png.body == image and "X-Jupyter-Secrets" not in png.headers


@pytest.mark.parametrize("path", ["model.safetensors", "runs/checkpoint-10/pytorch_model.bin",
                                  "models/llama/weights.gguf", "models/encoder/part-1.bin"])
async def test_model_weights_are_refused_with_the_reason(jp_fetch, jp_root_dir, path):
    (jp_root_dir / path).parent.mkdir(parents=True, exist_ok=True)
    (jp_root_dir / path).write_bytes(b"\0weights")

    with pytest.raises(HTTPClientError) as refused:
        await jp_fetch("files", path)

    assert refused.value.code == 403
    assert "sensitive artifacts" in refused.value.response.body.decode()


async def test_a_bin_file_outside_model_folders_is_served(jp_fetch, jp_root_dir):
    (jp_root_dir / "data.bin").write_bytes(b"\0\1\2")

    assert (await jp_fetch("files", "data.bin")).body == b"\0\1\2"


@pytest.mark.parametrize("guard_config", [{"DownloadGuard": {"allowed_artifacts": ["public/**"]}}])
async def test_allowed_artifacts_are_served(jp_fetch, jp_root_dir):
    (jp_root_dir / "public").mkdir()
    (jp_root_dir / "public" / "tiny.onnx").write_bytes(b"\0onnx")

    assert (await jp_fetch("files", "public", "tiny.onnx")).body == b"\0onnx"


async def test_the_contents_api_does_not_send_weights_either(jp_fetch, jp_root_dir):
    (jp_root_dir / "model.pt").write_bytes(b"\0torch")

    with pytest.raises(HTTPClientError) as refused:
        await jp_fetch("api", "contents", "model.pt", params={"content": "1"})
    listing = await jp_fetch("api", "contents", "model.pt", params={"content": "0"})

    assert refused.value.code == 403
    assert json.loads(listing.body)["name"] == "model.pt"


async def test_head_of_a_redacted_file_sends_no_body(jp_fetch, jp_root_dir, key):
    (jp_root_dir / "k.txt").write_text(f"key={key}\n")

    response = await jp_fetch("files", "k.txt", method="HEAD")

    assert response.body == b"" and response.headers["X-Jupyter-Secrets"] == "redacted"


async def test_downloads_are_told_to_listeners(jp_fetch, jp_root_dir, guards, key):
    recorded = []
    guards.notices.connect(recorded.append)
    (jp_root_dir / "k.txt").write_text(f"key={key}\n")
    (jp_root_dir / "w.ckpt").write_bytes(b"\0")

    await jp_fetch("files", "k.txt")
    with pytest.raises(HTTPClientError):
        await jp_fetch("files", "w.ckpt")

    assert [(n.action, n.path) for n in recorded] == [("download-redacted", "k.txt"),
                                                      ("download-refused", "w.ckpt")]


# -- sensitive artifacts by content, links resolved; verdicts cached -------------------------

def safetensors_bytes() -> bytes:
    header = json.dumps({"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}}).encode()
    return struct.pack("<Q", len(header)) + header + bytes(16)


def torch_zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # the layout torch.save writes
        archive.writestr("model/data.pkl", pickle.dumps({"w": [0.1, 0.2]}, protocol=2))
        archive.writestr("model/version", "3\n")
        archive.writestr("model/data/0", bytes(64))
    return buffer.getvalue()


WEIGHTS = {
    "safetensors": safetensors_bytes(),
    "gguf": b"GGUF" + struct.pack("<IQQ", 3, 1, 1) + bytes(64),
    "onnx": b"\x08\x07\x12\x07pytorch\x1a\x052.1.0" + bytes(64),
    "torch-zip": torch_zip_bytes(),
    "pickle": pickle.dumps({"coef": list(range(100))}, protocol=4),
    "hdf5": b"\x89HDF\r\n\x1a\n" + bytes(504),
    "tflite": b"\x1c\x00\x00\x00TFL3" + bytes(64),
}


async def assert_refused(jp_fetch, *parts, **kwargs):
    with pytest.raises(HTTPClientError) as refused:
        await jp_fetch(*parts, **kwargs)
    assert refused.value.code == 403, refused.value
    return refused.value.response.body.decode()


@pytest.mark.parametrize("kind", sorted(WEIGHTS))
async def test_weights_under_another_name_are_refused_by_their_content(jp_fetch, jp_root_dir, kind):
    # Given model weights renamed to look like data
    (jp_root_dir / "model.dat").write_bytes(WEIGHTS[kind])

    # Then neither /files/ nor the contents API sends them
    body = await assert_refused(jp_fetch, "files", "model.dat")
    assert "trained artifact" in body
    await assert_refused(jp_fetch, "api", "contents", "model.dat")
    # while the listing of the folder still works
    assert (await jp_fetch("api", "contents", "")).code == 200


async def test_a_link_with_another_name_to_weights_is_refused(jp_fetch, jp_root_dir):
    (jp_root_dir / "models").mkdir()
    (jp_root_dir / "models" / "model.safetensors").write_bytes(b"\0" * 8)  # the name says weights
    os.symlink(jp_root_dir / "models" / "model.safetensors", jp_root_dir / "notes.txt")

    body = await assert_refused(jp_fetch, "files", "notes.txt")

    assert "sensitive artifacts" in body
    await assert_refused(jp_fetch, "api", "contents", "notes.txt")


@pytest.mark.parametrize("guard_config", [{"DownloadGuard": {"allowed_artifacts": ["public/**"]}}])
async def test_allowed_artifacts_are_sent_but_not_through_a_link_from_an_allowed_folder(
        jp_fetch, jp_root_dir):
    (jp_root_dir / "public").mkdir()
    (jp_root_dir / "public" / "tiny.gguf").write_bytes(WEIGHTS["gguf"])
    (jp_root_dir / "private.bin").write_bytes(WEIGHTS["safetensors"])
    os.symlink(jp_root_dir / "private.bin", jp_root_dir / "public" / "shared.bin")

    assert (await jp_fetch("files", "public", "tiny.gguf")).body == WEIGHTS["gguf"]
    await assert_refused(jp_fetch, "files", "public", "shared.bin")


@pytest.mark.parametrize("guard_config", [{"DownloadGuard": {"verdict_settle_seconds": 0.2}}])
async def test_a_clean_download_is_not_scanned_again_until_the_file_changes(
        jp_fetch, jp_root_dir, guards, key, monkeypatch):
    (jp_root_dir / "report.txt").write_text("all good\n" * 1000)
    time.sleep(0.3)  # a verdict is kept once the file's times have settled
    reviews = []
    original = guards.downloads.review
    monkeypatch.setattr(guards.downloads, "review",
                        lambda path, data: reviews.append(path) or original(path, data))

    for _ in range(3):
        assert (await jp_fetch("files", "report.txt")).body == b"all good\n" * 1000
    assert reviews == ["report.txt"]

    # a change to the file (same size) is seen at once
    (jp_root_dir / "report.txt").write_text(f"k={key}\n".ljust(9000, "#"))
    changed = await jp_fetch("files", "report.txt")
    assert key.encode() not in changed.body and len(reviews) == 2


# -- text told by content: a NUL in front or UTF-16 is still text ---------------------------

@pytest.mark.parametrize("encode", [
    lambda text: b"\0" + text.encode(),
    lambda text: text.encode("utf-16"),  # with its BOM
    lambda text: text.encode("utf-16-le"),
], ids=["nul-prefixed", "utf-16-bom", "utf-16-le"])
async def test_disguised_text_is_downloaded_redacted_in_its_own_encoding(jp_fetch, jp_root_dir,
                                                                         key, encode):
    text = f"OPENAI_API_KEY={key}\nREGION=eu-west-1\n"
    (jp_root_dir / "settings.txt").write_bytes(encode(text))

    response = await jp_fetch("files", "settings.txt")

    assert response.headers["X-Jupyter-Secrets"] == "redacted"
    expected = encode(text.replace(key, "REDACTED_OPENAI_PROJECT_KEY"))
    assert response.body == expected
    for codec in ("utf-8", "utf-16-le"):
        assert key.encode(codec) not in response.body
