"""Baseline files: the fingerprints of findings already known, so a scan reports only new ones.

A baseline holds keyed fingerprints, rule ids and paths, never a secret. Fingerprints depend on
the fingerprint key, so the file also records a key check: a baseline read with another key is
refused with a clear message instead of silently reporting everything as new.
"""
from __future__ import annotations

import json
from typing import Iterable, Set

from jupyter_secrets.fingerprint_key import key_check
from jupyter_secrets.model import Finding

from .files import FileAccessError, read_bytes, replace_atomically

VERSION = 1


class BaselineError(Exception):
    """The baseline file is missing, malformed, or was written with another fingerprint key."""


def load(path: str, key: bytes) -> Set[str]:
    try:
        document = json.loads(read_bytes(path).decode("utf-8"))
    except FileAccessError as e:
        raise BaselineError(f"baseline {path}: {e}") from None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        where = f" at line {e.lineno} column {e.colno}" if isinstance(e, json.JSONDecodeError) else ""
        raise BaselineError(f"baseline {path}: not valid JSON{where}") from None
    if not isinstance(document, dict) or document.get("version") != VERSION:
        raise BaselineError(f"baseline {path}: not a version {VERSION} jupyter-secrets baseline")
    entries = document.get("fingerprints")
    if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str)
                                                for e in entries):
        raise BaselineError(f"baseline {path}: 'fingerprints' must be a list of objects with a 'fingerprint'")
    recorded = document.get("key_check")
    if recorded is not None and recorded != key_check(key):
        raise BaselineError(
            f"baseline {path} was written with another fingerprint key; set JUPYTER_SECRETS_FINGERPRINT_KEY "
            "to the key used where it was written (the hex in its fingerprint.key file)")
    return {entry["fingerprint"] for entry in entries}


def render(findings: Iterable[Finding], key: bytes) -> bytes:
    entries = {(f.path, f.rule, f.fingerprint) for f in findings}
    document = {
        "version": VERSION,
        "key_check": key_check(key),
        "fingerprints": [{"fingerprint": fp, "rule": rule, "path": path}
                         for path, rule, fp in sorted(entries)],
    }
    return (json.dumps(document, indent=2) + "\n").encode("utf-8")


def write(path: str, findings: Iterable[Finding], key: bytes) -> None:
    try:
        replace_atomically(path, render(findings, key))
    except FileAccessError as e:
        raise BaselineError(f"baseline {path}: {e}") from None
