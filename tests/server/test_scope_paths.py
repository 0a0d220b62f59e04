"""Grants match the server's own API paths: on a POSIX server a backslash is part of a file
name, never a folder separator, so a root notebook cannot pass for one inside a granted folder."""
from __future__ import annotations

import json

import pytest
from traitlets.config import Config

from tests.governance.kernels import KernelRunner, digest, start_session

VALUE = "scope-path-test-value-8c1d2e3f4a5b"


@pytest.fixture
def jp_server_config():
    return Config({"ServerApp": {"jpserver_extensions": {"jupyter_secrets": True}},
                   "SecretStore": {"backend": "local"}})


async def reads_from(jp_fetch, jp_serverapp, name, *paths):
    """What a kernel of each notebook in `paths` gets when it reads the secret `name`."""
    runners = [KernelRunner(jp_serverapp, (await start_session(jp_fetch, p))[1]) for p in paths]
    try:
        return [await runner.read(name) for runner in runners]
    finally:
        for runner in runners:
            runner.close()


async def test_a_backslash_named_root_notebook_is_not_inside_the_granted_folder(jp_fetch,
                                                                              jp_serverapp):
    # Given a secret granted to the notebooks of proj/
    await jp_fetch("jupyter-secrets", "secrets", method="POST",
                   body=json.dumps({"name": "PROJ_KEY", "value": VALUE}))
    await jp_fetch("jupyter-secrets", "secrets", "PROJ_KEY", "grants", method="POST",
                   body=json.dumps({"kind": "notebook", "target": "proj/*.ipynb"}))
    # When kernels for proj/real.ipynb and for a root notebook named "proj\evil.ipynb" read it
    inside_out, evil_out = await reads_from(jp_fetch, jp_serverapp, "PROJ_KEY",
                                            "proj/real.ipynb", "proj\\evil.ipynb")
    # Then only the notebook really inside proj/ gets it
    assert inside_out == f"OK {digest(VALUE)}"
    assert evil_out.startswith("ERR AccessRefused"), evil_out
    assert VALUE not in evil_out


async def test_an_exact_grant_to_a_backslash_name_covers_that_file_only(jp_fetch, jp_serverapp):
    await jp_fetch("jupyter-secrets", "secrets", method="POST",
                   body=json.dumps({"name": "ODD_KEY", "value": VALUE, "notebook": "a\\b.ipynb"}))
    odd_out, folder_out = await reads_from(jp_fetch, jp_serverapp, "ODD_KEY",
                                           "a\\b.ipynb", "a/b.ipynb")
    assert odd_out == f"OK {digest(VALUE)}"
    assert folder_out.startswith("ERR AccessRefused"), folder_out
