"""Plaintext keys of well-known formats, random each run."""
from __future__ import annotations

from tests.token_formats import github_token

__all__ = ["github_token", "rule_of"]


def rule_of(key: str) -> str:
    """The id of the detection rule that finds `key`, asked of the engine itself."""
    from jupyter_secrets.detection.engine import Engine

    (match,) = Engine().scan(key)
    return match.rule.id
