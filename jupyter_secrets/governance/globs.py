"""Notebook path globs: anchored at the server root, `*` within a folder, `**` across folders.

`analysis/*.ipynb` matches `analysis/a.ipynb` but not `analysis/old/a.ipynb`;
`analysis/**` matches everything under `analysis/`; `**/train*.ipynb` matches at any depth.
A pattern without wildcards names exactly one notebook.
"""
from __future__ import annotations

import functools
import posixpath
import re

WILDCARDS = ("*", "?", "[")


def normalize_path(path: str) -> str:
    """A server-relative API path: no leading slash, no `.` segments.

    API paths always use forward slashes; on a POSIX server a backslash is an ordinary
    character of a file name (`proj\\evil.ipynb` is a notebook at the root), so it is kept
    as it is and can never pass for a folder separator.
    """
    cleaned = posixpath.normpath(path.strip().lstrip("/"))
    return "" if cleaned == "." else cleaned


def normalize_pattern(pattern: str) -> str:
    """A grant's target. In a glob a backslash can only be a folder separator typed out of
    habit, so it becomes one (and `proj\\*.ipynb` never covers a root file named with a
    backslash); an exact path names one file, byte for byte, as the server spells it."""
    return normalize_path(pattern.replace("\\", "/") if is_glob(pattern) else pattern)


def is_glob(pattern: str) -> bool:
    return any(ch in pattern for ch in WILDCARDS)


def glob_matches(pattern: str, path: str) -> bool:
    return _compile(normalize_pattern(pattern)).fullmatch(normalize_path(path)) is not None


@functools.lru_cache(maxsize=512)
def _compile(pattern: str) -> "re.Pattern[str]":
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:[^/]*/)*")  # zero or more whole folders
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif ch == "*":
            out.append("[^/]*")
            i += 1
        elif ch == "?":
            out.append("[^/]")
            i += 1
        elif ch == "[" and "]" in pattern[i + 2:]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1:end].replace("\\", "\\\\")
            out.append("[^" + body[1:] + "]" if body.startswith("!") else "[" + body + "]")
            i = end + 1
        else:
            out.append(re.escape(ch))
            i += 1
    return re.compile("".join(out))
