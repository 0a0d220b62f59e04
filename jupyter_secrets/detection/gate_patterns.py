"""The pattern the gate compiles for a rule: the rule's own, spelt so Hyperscan reads it as RE2 does.

Hyperscan's ``\\s`` is PCRE's, which holds the vertical tab; RE2's is ``[\\t\\n\\f\\r ]``. So
Hyperscan's ``\\S`` (and ``[^\\s...]``) refuses a ``\\v`` that RE2's accepts, and a gate compiled
from the rule's text misses a match such as ``machine host\\vname password ...``: the rule would
not run where it matches. Every ``\\s`` and ``\\S`` is written out as RE2's bytes instead.
"""
from __future__ import annotations

_SPACE = r"\x09\x0a\x0c\x0d\x20"  # RE2's \s
_NOT_SPACE = r"\x00-\x08\x0b\x0e-\x1f\x21-\xff"  # every other byte
_OUTSIDE = {"s": f"[{_SPACE}]", "S": f"[{_NOT_SPACE}]"}
_INSIDE = {"s": _SPACE, "S": _NOT_SPACE}


def gate_pattern(pattern: str) -> str:
    """``pattern`` with RE2's meaning of ``\\s`` and ``\\S`` spelt out, in classes too."""
    out, at, in_class = [], 0, False
    while at < len(pattern):
        char = pattern[at]
        if char == "\\" and at + 1 < len(pattern):
            escaped = pattern[at + 1]
            table = _INSIDE if in_class else _OUTSIDE
            out.append(table.get(escaped, char + escaped))
            at += 2
            continue
        if not in_class and char == "[":
            in_class = True
            out.append(char)
            at += 1
            if pattern.startswith("^", at):
                out.append("^")
                at += 1
            if pattern.startswith("]", at):  # a "]" first in a class is a literal
                out.append("]")
                at += 1
            continue
        if in_class and char == "]":
            in_class = False
        out.append(char)
        at += 1
    return "".join(out)
