"""A save interrupted by a crash leaves a hidden temporary file; the next save in that folder
removes such leftovers: old ones of our own naming only, never a live one or a user's file."""
from __future__ import annotations

import os
import time

from jupyter_secrets.server import atomic_save

from .conftest import code, notebook

HOUR = 3600


def aged(path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then), follow_symlinks=False)


async def test_the_next_save_in_a_folder_removes_old_leftovers_only(save_notebook, jp_root_dir,
                                                                  monkeypatch):
    monkeypatch.setattr(atomic_save, "_swept", {})  # this folder not looked through yet
    work = jp_root_dir / "work"
    work.mkdir()
    prefix = atomic_save.TEMP_PREFIX
    # Given a crashed save's leftover, an hour and more old
    old = work / f"{prefix}0123456789ab-run.ipynb"
    old.write_text('{"cells": []}')
    aged(old, HOUR + 60)
    # and, all to be kept: a temporary file written a minute ago (maybe another server's save),
    # a user's file named like ours but not of our naming, a link of our naming, a leftover
    # in another folder, and one this process is writing now
    recent = work / f"{prefix}ba9876543210-run.ipynb"
    recent.write_text("{}")
    aged(recent, 60)
    users = work / f"{prefix}notes.txt"
    users.write_text("mine")
    aged(users, 2 * HOUR)
    target = jp_root_dir / "elsewhere.txt"
    target.write_text("kept")
    link = work / f"{prefix}aaaaaaaaaaaa-link.ipynb"
    os.symlink(target, link)
    aged(link, 2 * HOUR)
    other = jp_root_dir / f"{prefix}cccccccccccc-top.ipynb"
    other.write_text("{}")
    aged(other, 2 * HOUR)
    live = work / f"{prefix}dddddddddddd-live.ipynb"
    live.write_text("{}")
    aged(live, 2 * HOUR)
    monkeypatch.setattr(atomic_save, "_live", {str(live)})

    # When a notebook is saved in that folder
    response = await save_notebook("work/run.ipynb", notebook(code("x = 1")))
    assert response.code in (200, 201)

    # Then the old leftover is gone and everything else is where it was
    assert not old.exists()
    for kept in (recent, users, link, target, other, live):
        assert os.path.lexists(kept), kept.name
    assert (work / "run.ipynb").exists()


async def test_a_save_leaves_no_temporary_file_of_its_own(save_notebook, jp_root_dir):
    for _ in range(3):
        await save_notebook("nb.ipynb", notebook(code("y = 2")))
    assert [p.name for p in jp_root_dir.iterdir() if p.name.startswith(atomic_save.TEMP_PREFIX)] == []
    assert atomic_save._live == set()
