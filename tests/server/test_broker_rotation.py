"""Rotation seen from running kernels: a failing validator changes nothing; a cut-over and a
roll back each reach a running kernel within its cache TTL, without a restart."""
from __future__ import annotations

import asyncio
import json
import shlex
import sys
import time

import pytest
from traitlets.config import Config

from tests.governance.kernels import KernelRunner, digest, start_session

OLD, NEW, BAD = "old-key-6a1f0c9e2d", "new-key-3b8e7d1a4c", "bad-key-0000000000"
CACHE_TTL = 2.0
VALIDATOR = (f"{shlex.quote(sys.executable)} -c "
             + shlex.quote("import sys; v = sys.stdin.read(); "
                           "sys.exit(0) if not v.startswith('bad-') else "
                           "sys.exit('the provider answered 401 for this key')"))


@pytest.fixture
def jp_server_config():
    return Config({"ServerApp": {"jpserver_extensions": {"jupyter_secrets": True}},
                   "SecretStore": {"backend": "local"},
                   "Rotation": {"validators": {"API_KEY": {"command": VALIDATOR}}}})


async def rotate(jp_fetch, step, **body):
    reply = await jp_fetch("jupyter-secrets", "secrets", "API_KEY", "rotation", method="POST",
                           body=json.dumps({"step": step, **body}), raise_error=False)
    return reply.code, json.loads(reply.body)


async def until_kernel_sees(runner, expected, limit):
    """Seconds until the kernel reads `expected`; fails after `limit` seconds."""
    start = time.monotonic()
    while True:
        seen = await runner.read("API_KEY", ttl=CACHE_TTL)
        if seen == f"OK {digest(expected)}":
            return time.monotonic() - start
        assert time.monotonic() - start < limit, f"the kernel still reads {seen}"
        await asyncio.sleep(0.2)


async def test_rotation_and_rollback_reach_a_running_kernel_within_the_ttl(jp_serverapp, jp_fetch):
    await jp_fetch("jupyter-secrets", "secrets", method="POST", body=json.dumps(
        {"name": "API_KEY", "value": OLD, "notebook": "model.ipynb"}))
    _, kernel_id = await start_session(jp_fetch, "model.ipynb")
    runner = KernelRunner(jp_serverapp, kernel_id)
    try:
        assert await runner.read("API_KEY", ttl=CACHE_TTL) == f"OK {digest(OLD)}"

        # A candidate the validator rejects: nothing changes, and the panel hears why
        code, reply = await rotate(jp_fetch, "rotate", value=BAD)
        assert code == 409 and "401" in reply["message"] and BAD not in reply["message"]
        await asyncio.sleep(CACHE_TTL + 0.2)
        assert await runner.read("API_KEY", ttl=CACHE_TTL) == f"OK {digest(OLD)}"

        # Staged, validated and cut over step by step, as the panel does it
        assert (await rotate(jp_fetch, "stage", value=NEW))[0] == 200
        code, reply = await rotate(jp_fetch, "validate")
        assert code == 200 and reply["verdict"]["valid"]
        code, reply = await rotate(jp_fetch, "cutover")
        assert reply["rotation"]["state"] == "overlap"
        assert await until_kernel_sees(runner, NEW, CACHE_TTL + 3) <= CACHE_TTL + 1.5
        # the previous version stays readable during the overlap
        assert await runner.read("API_KEY", version="previous") == f"OK {digest(OLD)}"

        # Roll back in one step
        code, reply = await rotate(jp_fetch, "rollback")
        assert code == 200 and reply["rotation"]["state"] == "rolled-back"
        assert await until_kernel_sees(runner, OLD, CACHE_TTL + 3) <= CACHE_TTL + 1.5
    finally:
        runner.close()

    events = json.loads((await jp_fetch("jupyter-secrets", "audit",
                                        params={"secret": "API_KEY", "limit": "100"})).body)["events"]
    steps = [(e["action"], e["outcome"]) for e in reversed(events) if e["action"] != "read"]
    assert steps == [("set", "ok"), ("grant", "ok"),
                     ("rotate-stage", "ok"), ("rotate-validate", "failed"),
                     ("rotate-stage", "ok"), ("rotate-validate", "ok"), ("rotate-cutover", "ok"),
                     ("rollback", "ok")]
