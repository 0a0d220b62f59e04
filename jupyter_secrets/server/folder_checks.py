"""Copies, moves and checkpoints checked file by file, like saves.

The contents manager copies a folder (``copy_from`` a folder) with ``shutil.copytree``, renames
with ``os.rename`` and creates a checkpoint by copying the file: no save hook sees any of it, so
a key written outside Jupyter (a terminal, a kernel, git) would be copied along, and a file saved
under an allow-listed path and then moved out of it would keep its key. Here each file is first
checked as a save to its new place would be (nothing happens if one would be refused), then the
operation runs, then what the policies strip is stripped in the new copies.
"""
from __future__ import annotations

import os
from typing import Iterator, List, Sequence, Tuple

from .errors import SaveRefused

#: (API path the file will have, the file on disk to check)
Item = Tuple[str, str]


def tree_items(os_source: str, api_target: str) -> Iterator[Item]:
    """Every file under a folder (links followed, as ``copytree`` copies them), with the API path
    it has under ``api_target``; a file on its own gives itself."""
    if not os.path.isdir(os_source):
        yield api_target, os_source
        return
    for folder, _dirs, files in os.walk(os_source, followlinks=True):
        relative = os.path.relpath(folder, os_source).replace(os.sep, "/")
        for name in files:
            inner = name if relative == "." else f"{relative}/{name}"
            yield f"{api_target.rstrip('/')}/{inner}".lstrip("/"), os.path.join(folder, name)


def refuse_blocked(saves, items: Sequence[Item], target: str) -> None:
    """Raises SaveRefused with every finding that a save of these files would be refused for."""
    blocking: List = []
    for api_path, os_path in items:
        if os.path.isfile(os_path):
            blocking.extend(saves.blocking_findings(api_path, os_path))
    if blocking:
        refusal = SaveRefused(target, blocking)
        saves.notices.publish("save-blocked", target, blocking, refusal.message)
        raise refusal


def strip_copies(saves, items: Sequence[Item]) -> None:
    """Strips, in the new copies, what the policies strip (their check found nothing to block)."""
    for api_path, os_path in items:
        if os.path.isfile(os_path) and not os.path.islink(os_path):
            saves.check_on_disk(api_path, os_path, "save")


def moved_out_of_allowlist(scanner, old_items: Sequence[Item], old: str, new: str) -> List[Item]:
    """The files of a rename from ``old`` to ``new`` that the allowlist exempts at their old path
    but not at the new one: (new API path, file on disk now)."""
    moved = []
    for old_path, os_path in old_items:
        new_path = new.rstrip("/") + old_path[len(old.rstrip("/")):]
        if scanner.allows_path(old_path) and not scanner.allows_path(new_path):
            moved.append((new_path, os_path))
    return moved
