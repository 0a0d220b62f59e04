"""What the user has said is not a secret: inline pragmas and configured allowlists."""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from typing import Tuple

import re2

#: Our own pragma, and detect-secrets' for people who come from it.
_PRAGMA = re2.compile(r"(?i)(?:secrets:\s*allow|pragma:\s*allowlist[ -]secret)")


def has_pragma(line: str) -> bool:
    return "llow" in line and _PRAGMA.search(line) is not None


@dataclass(frozen=True)
class Allowlist:
    """Configured exceptions. Regexes are RE2 (linear time even when written by users)."""

    regexes: Tuple[str, ...] = ()
    paths: Tuple[str, ...] = ()
    rules: Tuple[str, ...] = ()
    _compiled: tuple = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "regexes", tuple(self.regexes))
        object.__setattr__(self, "paths", tuple(self.paths))
        object.__setattr__(self, "rules", tuple(self.rules))
        compiled = []
        for pattern in self.regexes:
            try:
                compiled.append(re2.compile(pattern))
            except re2.error as e:
                raise ValueError(f"allowlist regex {pattern!r} is not valid RE2 syntax: {e}") from None
        object.__setattr__(self, "_compiled", tuple(compiled))

    def allows_path(self, path: str) -> bool:
        return any(fnmatch.fnmatch(path, glob) or fnmatch.fnmatch(path.rsplit("/", 1)[-1], glob)
                   for glob in self.paths)

    def allows(self, rule_id: str, secret: str, line: str) -> bool:
        if rule_id in self.rules:
            return True
        return any(r.search(secret) or r.search(line) for r in self._compiled)

