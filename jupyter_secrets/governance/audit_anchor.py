"""The audit chain's head, anchored outside its database.

The database keeps its own head row, but whoever can write the database can move that row back
together with the records it deletes, or delete the whole file (it is then recreated empty).
The anchor is a small JSON file next to the chain's key, one entry per trail (by database
path), each MACed with the chain key: the newest sequence number and MAC that were committed.
`verify` and the panel's status compare the database with it, so truncation, a moved head, an
emptied table and a missing database are all reported.

The anchor only moves forward (writers take an flock and keep the highest sequence), so a
crash between a commit and the anchor's update leaves the anchor one record behind, which a
chain that verifies may extend; it never leaves it ahead of what was committed. Limitation:
whoever can write the key's folder can also put back an older anchor (and read the key).
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from typing import Dict, Iterator, Optional

from ..backends.files import write_atomic

ANCHOR_VERSION = 1


class AnchorError(Exception):
    """The anchor file cannot be read or written; the message names it and why."""


@dataclass(frozen=True)
class Anchor:
    seq: int
    mac: str


def anchor_path(key_file: str) -> str:
    """`audit.key` → `audit.head`, in the same folder."""
    base, _ = os.path.splitext(key_file)
    return base + ".head"


def trail_id(db_path: str) -> str:
    return os.path.realpath(db_path)


def _entry_mac(key: bytes, trail: str, anchor: Anchor) -> str:
    canonical = json.dumps(["anchor", ANCHOR_VERSION, trail, anchor.seq, anchor.mac],
                           separators=(",", ":"), ensure_ascii=True)
    return hmac.new(key, canonical.encode("ascii"), hashlib.sha256).hexdigest()


class AnchorFile:
    """Read and advance the anchors kept in one file."""

    def __init__(self, path: str, key: bytes):
        self.path = path
        self._key = key

    def read(self, db_path: str) -> Optional[Anchor]:
        """The anchor of `db_path`'s trail, or None when none was written.

        Raises AnchorError when the file is unreadable or its entry was tampered with."""
        entries = self._load()
        entry = entries.get(trail_id(db_path))
        if entry is None:
            return None
        try:
            anchor = Anchor(int(entry["seq"]), str(entry["mac"]))
            valid = hmac.compare_digest(_entry_mac(self._key, trail_id(db_path), anchor),
                                        str(entry["anchor_mac"]))
        except (KeyError, TypeError, ValueError):
            valid = False
        if not valid:
            raise AnchorError(f"the audit head anchor {self.path} was edited (its MAC does not "
                              "match the chain key)")
        return anchor

    def advance(self, db_path: str, anchor: Anchor) -> None:
        """Record `anchor` unless the file already holds a later one (another writer's)."""
        trail = trail_id(db_path)
        with self._locked():
            entries = self._load()
            current = entries.get(trail)
            if current is not None and int(current.get("seq", 0)) >= anchor.seq:
                return
            entries[trail] = {"seq": anchor.seq, "mac": anchor.mac,
                              "anchor_mac": _entry_mac(self._key, trail, anchor)}
            self._write(entries)

    def _load(self) -> Dict[str, dict]:
        try:
            with open(self.path, encoding="utf-8") as handle:
                data = json.load(handle)
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as e:
            raise AnchorError(f"cannot read the audit head anchor {self.path}: "
                              f"{getattr(e, 'strerror', None) or 'not JSON'}") from None
        trails = data.get("trails") if isinstance(data, dict) else None
        if not isinstance(trails, dict):
            raise AnchorError(f"the audit head anchor {self.path} is not an anchor file")
        return trails

    def _write(self, entries: Dict[str, dict]) -> None:
        body = json.dumps({"version": ANCHOR_VERSION, "trails": entries}, sort_keys=True)
        try:
            write_atomic(self.path, body.encode("utf-8"))  # owner-only, fsynced, renamed
        except OSError as e:
            raise AnchorError(f"cannot write the audit head anchor {self.path}: "
                              f"{e.strerror}") from None

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            os.makedirs(os.path.dirname(os.path.abspath(self.path)), mode=0o700, exist_ok=True)
            fd = os.open(self.path + ".lock", os.O_WRONLY | os.O_CREAT, 0o600)
        except OSError as e:
            raise AnchorError(f"cannot lock the audit head anchor {self.path}: "
                              f"{e.strerror}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)
