"""Downloads through /files/ and the contents API: redacted, refused, or served as they are."""
from __future__ import annotations

import json

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
