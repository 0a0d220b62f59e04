"""The secret values a kernel has fetched, compiled once for search. Immutable.

Two threads send kernel messages, so this object is never changed: adding a value builds a new
set, which the owner swaps in with one attribute assignment.
"""
from __future__ import annotations

from typing import Callable, Dict, FrozenSet, Optional, Tuple

import re2

from .variants import variants

#: RE2's default memory budget is too small for a few hundred long alternatives.
_RE2_MAX_MEM = 64 << 20


class ValueSet:
    """Values with their encodings: finds and replaces them, and knows their prefixes."""

    def __init__(self, entries: Tuple[Tuple[str, str], ...] = (),
                 marker: Callable[[str], str] = lambda name: f"[REDACTED:{name}]",
                 min_length: int = 1):
        self.entries = entries
        self.marker = marker
        self.min_length = min_length
        replacements: Dict[str, str] = {}
        for name, value in entries:
            for form in variants(value, min_length):
                replacements.setdefault(form, marker(name))
        self._replacements = replacements
        self._pattern = _compile(replacements)
        self._prefixes: FrozenSet[str] = frozenset(
            form[:length] for form in replacements for length in range(1, len(form)))
        self._longest = max((len(form) for form in replacements), default=0)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, value: object) -> bool:
        return any(value == known for _, known in self.entries)

    def with_value(self, name: str, value: str) -> "ValueSet":
        """A new set that also holds `value` (the same set if it already does)."""
        if value in self or len(value) < self.min_length:
            return self
        return ValueSet(self.entries + ((name, value),), self.marker, self.min_length)

    def redact(self, text: str) -> str:
        """`text` with every known form of every value replaced by its name's marker."""
        if self._pattern is None or not text:
            return text
        if self._pattern.search(text) is None:  # the common case, and the fast one
            return text
        return self._pattern.sub(lambda found: self._replacements[found.group(0)], text)

    def held_back(self, text: str) -> int:
        """Length of the longest end of `text` that could be the start of a value's form: the
        part to keep until the next write shows whether the value continues there."""
        if not self._prefixes:
            return 0
        for length in range(min(self._longest - 1, len(text)), 0, -1):
            if text[-length:] in self._prefixes:
                return length
        return 0


def _compile(replacements: Dict[str, str]) -> Optional["re2._Regexp"]:
    if not replacements:
        return None
    options = re2.Options()
    options.max_mem = _RE2_MAX_MEM
    # longest first: where two forms start at the same place, the longer one wins
    ordered = sorted(replacements, key=lambda form: (-len(form), form))
    return re2.compile("|".join(re2.escape(form) for form in ordered), options=options)
