"""Real kernels for the kernel extension's tests; one per module, since each takes a second."""
from __future__ import annotations

import secrets
from typing import Iterator

import pytest

from .harness import KernelUnderTest, SecretStoreDirs


def fresh_value(prefix: str = "") -> str:
    """A value no test text contains by chance; random, so no result can be written in."""
    return prefix + secrets.token_urlsafe(18)


@pytest.fixture(scope="module")
def store_dirs(tmp_path_factory) -> SecretStoreDirs:
    return SecretStoreDirs(tmp_path_factory.mktemp("kernel"))


@pytest.fixture(scope="module")
def kernel_config() -> dict:
    """Kernel settings (`Class.trait` -> value) of the module's kernel; modules override it."""
    return {}


@pytest.fixture(scope="module")
def kernel(store_dirs, kernel_config) -> Iterator[KernelUnderTest]:
    under_test = KernelUnderTest(store_dirs, kernel_config)
    yield under_test
    under_test.stop()


# A real Jupyter server for the test that a server's kernels load the extension by themselves.
from pytest_jupyter.jupyter_server import *  # noqa: E402,F403
