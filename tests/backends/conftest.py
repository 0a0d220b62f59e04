"""Real secret stores for the backend tests, from the project's own pytest plugin.

Imported here as well as registered by the `pytest11` entry point, so the tests also run from a
source tree that was never installed.
"""
from __future__ import annotations

from jupyter_secrets.pytest_plugin import *  # noqa: F403


import socket  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture
def free_closed_port() -> int:
    """A loopback port nothing listens on: connections to it are refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
