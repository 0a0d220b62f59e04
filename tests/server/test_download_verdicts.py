"""A clean verdict kept for a download can never send a file that changed after it was checked:
not a rewrite of the same size within the clock tick, nor one that puts the old times back, nor
a change between the check and the send, nor a binary file swapped for text."""
from __future__ import annotations

import os
import time

import pytest

SETTLE = 0.2


@pytest.fixture
def guard_config():
    return {"DownloadGuard": {"verdict_settle_seconds": SETTLE}}


@pytest.fixture
def reviews(guards, monkeypatch):
    """The paths the download guard scanned (not answered from a kept verdict)."""
    seen = []
    original = guards.downloads.review
    monkeypatch.setattr(guards.downloads, "review",
                        lambda path, data: seen.append(path) or original(path, data))
    return seen


def same_size_with_key(clean: str, key: str) -> str:
    leaky = f"k={key}\n"
    return leaky + clean[len(leaky):]


@pytest.fixture
def content_looks(guards, monkeypatch):
    """Downloads that were checked by their bytes' digest (no verdict by the file's times)."""
    looks = []
    texts = guards.require_scanner().engine
    original = texts.file_digest
    monkeypatch.setattr(texts, "file_digest",
                        lambda path, data: looks.append(path) or original(path, data))
    return looks


async def test_a_file_changed_just_now_gets_no_verdict_by_its_times(jp_fetch, jp_root_dir,
                                                                   reviews, content_looks, key):
    # Given a clean file written just now (its times may not have left the clock's tick)
    clean = "all good\n" * 1000
    (jp_root_dir / "fresh.txt").write_text(clean)

    # Then each download looks at its bytes: a same-size rewrite in that tick would keep its
    # times; the same bytes are not scanned twice
    for _ in range(2):
        assert (await jp_fetch("files", "fresh.txt")).body == clean.encode()
    assert content_looks == ["fresh.txt", "fresh.txt"] and reviews == ["fresh.txt"]
    # and such a rewrite is scanned and redacted
    (jp_root_dir / "fresh.txt").write_text(same_size_with_key(clean, key))
    assert key.encode() not in (await jp_fetch("files", "fresh.txt")).body
    assert reviews == ["fresh.txt", "fresh.txt"]


async def test_a_touched_file_is_not_scanned_again_but_a_value_fetched_since_is_found(
        jp_fetch, jp_root_dir, guards, reviews):
    import secrets

    value = "w" + secrets.token_urlsafe(47)
    path = jp_root_dir / "rows.txt"
    path.write_text(f"row 17 {value}\n" * 10)
    assert value.encode() in (await jp_fetch("files", "rows.txt")).body
    os.utime(path)  # touched: no verdict by its times holds
    assert value.encode() in (await jp_fetch("files", "rows.txt")).body
    assert reviews == ["rows.txt"]

    guards.known_values.add(value)  # a kernel of this server fetched it

    assert value.encode() not in (await jp_fetch("files", "rows.txt")).body
    assert reviews == ["rows.txt", "rows.txt"]


async def test_a_same_size_rewrite_that_puts_the_old_times_back_is_seen(jp_fetch, jp_root_dir,
                                                                         reviews, key):
    # Given a clean file whose verdict is kept
    path = jp_root_dir / "report.txt"
    clean = "all good\n" * 1000
    path.write_text(clean)
    time.sleep(SETTLE + 0.1)
    for _ in range(2):
        await jp_fetch("files", "report.txt")
    assert reviews == ["report.txt"]
    before = os.stat(path)

    # When it is rewritten in place, same size, with its access and modification times put back
    with open(path, "r+") as f:
        f.write(same_size_with_key(clean, key))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(path).st_size == before.st_size and os.stat(path).st_mtime_ns == before.st_mtime_ns

    # Then the download is scanned again and the key redacted
    body = (await jp_fetch("files", "report.txt")).body
    assert key.encode() not in body and len(reviews) == 2


async def test_a_hard_link_or_a_rename_gets_no_verdict_of_another_name(jp_fetch, jp_root_dir,
                                                                       reviews, key):
    path = jp_root_dir / "a.txt"
    path.write_text("all good\n" * 1000)
    time.sleep(SETTLE + 0.1)
    await jp_fetch("files", "a.txt")
    os.link(path, jp_root_dir / "b.txt")
    os.rename(path, jp_root_dir / "c.txt")

    await jp_fetch("files", "b.txt")
    await jp_fetch("files", "c.txt")

    assert reviews == ["a.txt", "b.txt", "c.txt"]


async def test_what_is_sent_is_what_was_checked_when_the_file_changes_in_between(
        jp_fetch, jp_root_dir, guards, monkeypatch, key):
    # Given a writer that puts a key in the file right after the guard has read it clean
    path = jp_root_dir / "race.txt"
    clean = "all good\n" * 1000
    path.write_text(clean)
    original = guards.downloads.review

    def checked_then_rewritten(name, data):
        verdict = original(name, data)
        path.write_text(same_size_with_key(clean, key))
        return verdict

    monkeypatch.setattr(guards.downloads, "review", checked_then_rewritten)

    # Then the download carries the bytes that were checked, not the new ones
    assert (await jp_fetch("files", "race.txt")).body == clean.encode()


async def test_a_binary_file_swapped_for_text_after_its_check_is_not_sent(
        jp_fetch, jp_root_dir, guards, monkeypatch, key):
    from tornado.httpclient import HTTPClientError

    path = jp_root_dir / "data.bin"
    path.write_bytes(bytes(range(256)) * 64)
    original = guards.downloads.review_file

    def told_binary_then_swapped(*args, **kwargs):
        verdict = original(*args, **kwargs)
        path.write_text(f"OPENAI_API_KEY={key}\n")
        return verdict

    monkeypatch.setattr(guards.downloads, "review_file", told_binary_then_swapped)

    with pytest.raises(HTTPClientError) as refused:
        await jp_fetch("files", "data.bin")
    assert refused.value.code == 409
    assert key.encode() not in (refused.value.response.body or b"")
