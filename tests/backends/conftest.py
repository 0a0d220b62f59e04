"""Real secret stores for the backend tests, from the project's own pytest plugin.

Imported here as well as registered by the `pytest11` entry point, so the tests also run from a
source tree that was never installed.
"""
from __future__ import annotations

from jupyter_secrets.pytest_plugin import *  # noqa: F403
