"""Plaintext keys of well-known formats, random each run."""
from __future__ import annotations

import secrets
import string

ALPHANUMERIC = string.ascii_letters + string.digits


def github_token() -> str:
    """A GitHub personal access token's shape: `ghp_` and 36 letters or digits."""
    return "ghp_" + "".join(secrets.choice(ALPHANUMERIC) for _ in range(36))


def rule_of(key: str) -> str:
    """The id of the detection rule that finds `key`, asked of the engine itself."""
    from jupyter_secrets.detection.engine import Engine

    (match,) = Engine().scan(key)
    return match.rule.id
