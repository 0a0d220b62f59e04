"""Twenty kernels, one per notebook, reading at the same time: every read is in the trail
once, and the chain verifies."""
from __future__ import annotations

import asyncio
import json
import time

import pytest
from traitlets.config import Config

from tests.governance.kernels import KernelRunner, digest, start_session

KERNELS, READS = 20, 5
VALUE = "sk-concurrent-7e6d5c4b3a29"
LOOP = f"""
import hashlib
from jupyter_secrets import secret
from jupyter_secrets.kernel.api import current_client
current_client().cache_ttl = 0
print(len({{hashlib.sha256(secret("SHARED").encode()).hexdigest() for _ in range({READS})}}),
      hashlib.sha256(secret("SHARED").encode()).hexdigest())
"""


@pytest.fixture
def jp_server_config():
    return Config({"ServerApp": {"jpserver_extensions": {"jupyter_secrets": True}},
                   "SecretStore": {"backend": "local"},
                   "SecretPolicy": {"workloads": {"load": ["load/*.ipynb"]},
                                    "grants": {"SHARED": ["workload:load"]}}})


async def test_twenty_kernels_read_concurrently_and_every_read_is_audited(jp_serverapp, jp_fetch):
    await jp_fetch("jupyter-secrets", "secrets", method="POST",
                   body=json.dumps({"name": "SHARED", "value": VALUE}))
    started = time.monotonic()
    sessions = await asyncio.gather(*(start_session(jp_fetch, f"load/nb{i:02}.ipynb")
                                      for i in range(KERNELS)))
    runners = [KernelRunner(jp_serverapp, kernel_id) for _, kernel_id in sessions]
    try:
        await asyncio.gather(*(r.run("pass", timeout=120) for r in runners))  # all ready
        ready = time.monotonic()
        outputs = await asyncio.gather(*(r.run(LOOP, timeout=120) for r in runners))
        reading = time.monotonic() - ready
    finally:
        for runner in runners:
            runner.close()
    print(f"{KERNELS} kernels ready in {ready - started:.1f} s; "
          f"{KERNELS * (READS + 1)} reads in {reading:.2f} s")

    assert [o.split() for o in outputs] == [["1", digest(VALUE)]] * KERNELS
    events = json.loads((await jp_fetch("jupyter-secrets", "audit", params={
        "secret": "SHARED", "action": "read", "limit": "1000"})).body)["events"]
    assert len(events) == KERNELS * (READS + 1)
    per_kernel = {}
    for event in events:
        assert event["outcome"] == "ok"
        per_kernel.setdefault(event["kernel_id"], set()).add(event["path"])
    assert sorted(per_kernel) == sorted(k for _, k in sessions)
    assert sorted(p for paths in per_kernel.values() for p in paths) == \
        [f"load/nb{i:02}.ipynb" for i in range(KERNELS)]
    chain = json.loads((await jp_fetch("jupyter-secrets", "audit", "verify")).body)
    assert chain["ok"] and chain["records"] >= KERNELS * (READS + 1)
