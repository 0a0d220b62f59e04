"""The shipped rule set's table (each rule's id and keywords) on disk, so a process that
scans without finding a keyword never imports the rules.

Building the 700 rules (thirty modules of patterns, validators and helpers) costs more than
a command-line scan of a small file. Before any rule runs, an engine needs only each rule's id
and keywords (to build or load the prefilter); the rules themselves are imported the first
time the prefilter lets one run. The table is keyed by the rule sources' bytes, this package's
and Python's versions; its content is checked against a digest. A missing, corrupt or foreign
file is rebuilt from the rules, never trusted; and once the rules are imported they are
compared with the table: a difference is an error (that scan fails and the file is removed),
never a scan run with the wrong prefilter. The folder is the prefilter cache's.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
from pathlib import Path
from collections.abc import Sequence
from typing import Iterable, List, Optional, Tuple

from . import prefilter_cache

#: (rule id, keywords, case-sensitive keywords?) of one rule.
Entry = Tuple[str, Tuple[str, ...], bool]
_MAGIC = b"jupyter-secrets rule table 1\n"
_HERE = Path(__file__).resolve().parent
#: Outside the rules folder, the files whose change can change a rule's id or keywords.
_SOURCES = (_HERE / "rule.py", _HERE / "rule_table.py")


class RuleTableError(RuntimeError):
    """The rules imported differ from the table the prefilter was built from."""


def entry(rule) -> Entry:
    return (rule.id, tuple(rule.keywords), bool(rule.case_sensitive_keywords))


class LazyRules(Sequence):
    """The shipped rules (or some of them, in order) as a sequence whose ids and keywords are
    known now and whose ``Rule`` objects are imported on first use."""

    def __init__(self, entries: Sequence[Entry], positions: Sequence[int], key: Optional[str],
                 table: Sequence[Entry]):
        self.entries: Tuple[Entry, ...] = tuple(entries)
        self._positions = tuple(positions)  # of each rule in the whole shipped set
        self._key = key  # of the table file these entries were read from; None: not read
        self._table = table  # the whole shipped set's entries
        self._rules: Optional[tuple] = None
        self._lock = threading.Lock()

    def without(self, ids: Iterable[str]) -> "LazyRules":
        """These rules minus those whose id is in ``ids`` (disabled rules)."""
        ids = set(ids)
        kept = [(e, p) for e, p in zip(self.entries, self._positions) if e[0] not in ids]
        return LazyRules([e for e, _ in kept], [p for _, p in kept], self._key, self._table)

    @property
    def key(self) -> Optional[str]:
        """The key of the table file these entries were read from (None: not read from one)."""
        return self._key

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, index):
        return self.rules()[index]

    def rules(self) -> tuple:
        """The ``Rule`` objects, imported on the first call."""
        if self._rules is None:
            with self._lock:
                if self._rules is None:
                    self._rules = self._import()
        return self._rules

    def _import(self) -> tuple:
        from .rules import ALL_RULES

        if [entry(rule) for rule in ALL_RULES] != list(self._table):
            if self._key is not None:
                _remove(self._key)
            raise RuleTableError("the detection rules differ from their table on disk; it was "
                                 "removed, run again")
        return tuple(ALL_RULES[p] for p in self._positions)


def shipped_rules() -> Sequence:
    """The shipped rule set: a LazyRules read from the table file when it holds one, else the
    rules themselves (and the table is written for the next process)."""
    key = table_key()
    if key is not None:
        table = _load(key)
        if table is not None:
            return LazyRules(table, range(len(table)), key, table)
    from .rules import ALL_RULES

    if key is not None:
        _store(key, [entry(rule) for rule in ALL_RULES])
    return ALL_RULES


def table_key() -> Optional[str]:
    """The key of the shipped rule set's table, or None (cache off, sources not readable)."""
    if prefilter_cache.cache_dir() is None:
        return None
    from .. import __version__

    digest = hashlib.sha256(f"{__version__}\0{sys.version}\0".encode())
    rules_dir = _HERE / "rules"
    try:
        names = sorted(n for n in os.listdir(rules_dir) if n.endswith(".py"))
        for path in [rules_dir / n for n in names] + list(_SOURCES):
            data = path.read_bytes()
            digest.update(f"{path.name}\0{len(data)}\0".encode() + data)
    except OSError:  # an install without sources: the rules are imported every time
        return None
    return digest.hexdigest()


def _file(key: str) -> Optional[Path]:
    folder = prefilter_cache.cache_dir()
    return None if folder is None else folder / f"rules-{key[:32]}.json"


def _load(key: str) -> Optional[List[Entry]]:
    path = _file(key)
    body = None if path is None else prefilter_cache.read_checked(path, _MAGIC, key)
    if body is None:
        return None
    try:
        table = [(rule_id, tuple(keywords), case) for rule_id, keywords, case in json.loads(body)]
        if not all(isinstance(i, str) and k and all(isinstance(w, str) and w for w in k)
                   and isinstance(c, bool) for i, k, c in table):
            raise ValueError("bad entry")
        return table
    except (ValueError, TypeError):  # digest right, shape wrong: written by other code
        return None


def _store(key: str, table: List[Entry]) -> None:
    path = _file(key)
    if path is not None:
        body = json.dumps([[i, list(k), c] for i, k, c in table], ensure_ascii=False).encode()
        prefilter_cache.write_checked(path, _MAGIC, key, body, "rules-*.json")


def _remove(key: str) -> None:
    path = _file(key)
    try:
        if path is not None:
            path.unlink()
    except OSError:
        pass
