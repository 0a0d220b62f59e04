"""A text file touched since its last download, its bytes found clean before, is served from
one read on the event loop; one that must be scanned is read once, and scanned in a worker
thread. What is sent is always the bytes that were checked."""
from __future__ import annotations

import builtins
import os

import pytest

from jupyter_secrets.server import downloads, files_handler


@pytest.fixture
def hops(monkeypatch):
    """The guard's calls sent to a worker thread by the files handler."""
    sent = []
    original = files_handler.run_sync

    async def recording(func, *args, **kwargs):
        sent.append(func.__name__)
        return await original(func, *args, **kwargs)

    monkeypatch.setattr(files_handler, "run_sync", recording)
    return sent


@pytest.fixture
def opened(monkeypatch):
    """The files the download guard opens."""
    paths = []

    def recording(file, *args, **kwargs):
        paths.append(os.path.basename(str(file)))
        return builtins.open(file, *args, **kwargs)

    monkeypatch.setattr(downloads, "open", recording, raising=False)
    return paths


async def test_a_touched_clean_file_is_served_from_one_read_without_a_thread(
        jp_fetch, jp_root_dir, guards, hops, opened):
    # Given a clean text file downloaded once (scanned)
    guards.require_scanner()
    text = "step | loss\n" + "".join(f"{i:5d} | 0.{i:04d}\n" for i in range(2000))
    path = jp_root_dir / "log.txt"
    path.write_text(text)
    assert (await jp_fetch("files", "log.txt")).body == text.encode()

    # When it is touched (no verdict by its times holds) and downloaded again
    hops.clear(), opened.clear()
    os.utime(path)
    assert (await jp_fetch("files", "log.txt")).body == text.encode()

    # Then it was read once, on the event loop, and sent as read
    assert opened == ["log.txt"] and hops == []


async def test_a_rewritten_file_is_read_once_and_scanned_in_a_worker(
        jp_fetch, jp_root_dir, guards, hops, opened, key):
    # Given a clean text file downloaded once
    guards.require_scanner()
    clean = "all good\n" * 2000
    path = jp_root_dir / "notes.txt"
    path.write_text(clean)
    assert (await jp_fetch("files", "notes.txt")).body == clean.encode()

    # When it is rewritten with a key and downloaded
    hops.clear(), opened.clear()
    path.write_text(f"k={key}\n" + clean)
    body = (await jp_fetch("files", "notes.txt")).body

    # Then the bytes read once were scanned in a worker thread, and the key is not sent
    assert key.encode() not in body and b"all good" in body
    assert opened == ["notes.txt"] and hops == ["scan_read"]
