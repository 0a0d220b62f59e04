"""Checks shared by the governance tests."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable


def files_under(*roots) -> Iterable[Path]:
    for root in roots:
        for dirpath, _dirs, files in os.walk(root):
            for name in files:
                yield Path(dirpath) / name


def assert_value_nowhere(value: str, paths: Iterable[Path], allowed: Iterable[Path] = ()) -> None:
    """No file outside `allowed` (the backend's own files) holds the value in any common form."""
    import base64

    forms = [value.encode(), base64.b64encode(value.encode()), value.encode("utf-16-le")]
    allowed = {Path(p).resolve() for p in allowed}
    checked = 0
    for path in paths:
        if any(path.resolve() == a or a in path.resolve().parents for a in allowed):
            continue
        data = path.read_bytes()
        checked += 1
        for form in forms:
            assert form not in data, f"the secret value was found in {path}"
    assert checked, "no file was checked"
