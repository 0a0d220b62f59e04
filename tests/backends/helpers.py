"""Checks shared by the backend tests."""
from __future__ import annotations

import base64
import logging
import os
from typing import Iterable


def secret_like(tag: str) -> str:
    """A distinctive value, easy to search for in files, logs and messages."""
    return f"s3cr3t-{tag}-Q7vXw9ZpLm2Kd4Rt"


def assert_not_in_files(value: str, roots: Iterable[str]) -> int:
    """Fail if the value, or its base64 or hex form, is in any file under the roots; return the
    number of files read, so a test can check it looked at something."""
    needles = [value.encode(), base64.b64encode(value.encode()), value.encode().hex().encode()]
    seen = 0
    for root in roots:
        for folder, _dirs, files in os.walk(root):
            for name in files:
                path = os.path.join(folder, name)
                with open(path, "rb") as handle:
                    data = handle.read()
                seen += 1
                for needle in needles:
                    assert needle not in data, f"a form of the secret value is in {path}"
    return seen


def assert_not_logged(value: str, caplog) -> None:
    for record in caplog.records:
        text = record.getMessage() + (logging.Formatter().formatException(record.exc_info)
                                      if record.exc_info else "")
        assert value not in text, f"the secret value was logged by {record.name}"
