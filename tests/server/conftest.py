"""A real Jupyter server with jupyter-secrets enabled, from pytest-jupyter's fixtures.

The fixtures are imported here rather than registered as a plugin for the whole suite, so the
detection and command-line tests do not pay for a server per test.
"""
from __future__ import annotations

import pytest
from traitlets.config import Config

from pytest_jupyter.jupyter_server import *  # noqa: F403


@pytest.fixture
def jp_server_config():
    return Config({"ServerApp": {"jpserver_extensions": {"jupyter_secrets": True}}})
