"""`scan --staged`: the blobs git has staged (what the next commit will hold), not the working
copy, named by their path from the top of the work tree. One `git cat-file --batch` reads them."""
from __future__ import annotations

import os
import subprocess
from typing import Callable, Iterator, Union

from .discovery import WalkError
from .errors import UsageError
from .runner import Blob


def _git(*args: str, **kwargs) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], capture_output=True, **kwargs)
    except FileNotFoundError:
        raise UsageError("--staged needs git on PATH") from None


def staged_blobs(exclude, is_scannable: Callable[[str], bool]) -> Iterator[Union[Blob, WalkError]]:
    top = _git("rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise UsageError("--staged: not inside a git work tree")
    root = top.stdout.decode().strip()
    names = _git("-C", root, "diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR",
                 "--no-renames").stdout.decode("utf-8", "surrogateescape").split("\0")
    wanted = [n for n in names if n and is_scannable(n) and not (exclude and exclude.match_file(n))]
    if not wanted:
        return iter(())
    return _read(root, wanted)


def _read(root: str, names) -> Iterator[Union[Blob, WalkError]]:
    batch = subprocess.Popen(["git", "-C", root, "cat-file", "--batch"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE)
    try:
        for name in names:
            batch.stdin.write(b":" + os.fsencode(name) + b"\n")
            batch.stdin.flush()
            header = batch.stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                yield WalkError(name, "not a staged file")  # a submodule or gone from the index
                continue
            data = _read_exactly(batch.stdout, int(header[2]))
            batch.stdout.read(1)  # the newline after the content
            yield Blob(name, data)
    finally:
        batch.stdin.close()
        batch.stdout.close()
        batch.wait()


def _read_exactly(stream, size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise UsageError("--staged: git cat-file ended early")
    return data
