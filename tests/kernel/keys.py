"""Plaintext keys of well-known formats, random each run."""
from __future__ import annotations

import secrets
import string

ALPHANUMERIC = string.ascii_letters + string.digits


def github_token() -> str:
    """A GitHub personal access token's shape: `ghp_` and 36 letters or digits."""
    return "ghp_" + "".join(secrets.choice(ALPHANUMERIC) for _ in range(36))
