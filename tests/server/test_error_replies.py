"""What the secrets API answers when it refuses: the message as written (no doubled `%`), the
right status for a name in another environment, and no trace of a rotation candidate."""
from __future__ import annotations

import base64
import json
import shlex
import sys

import pytest
from traitlets.config import Config

from .conftest import api_call

CANDIDATE = "candidate-value-5d4c3b2a1f0e9d8c"
ECHOING_VALIDATOR = (
    f"{shlex.quote(sys.executable)} -c "
    + shlex.quote("import base64, sys; v = sys.stdin.read().strip(); "
                  "sys.exit('rejected ' + base64.b64encode(v.encode()).decode() + ' and ' "
                  "+ v[3:15] + ' and ' + v.encode().hex())"))


@pytest.fixture
def jp_server_config():
    return Config({"ServerApp": {"jpserver_extensions": {"jupyter_secrets": True}},
                   "SecretStore": {"backend": "local"},
                   "Environments": {"current": "dev"},
                   "Rotation": {"validators": {"API_KEY": {"command": ECHOING_VALIDATOR}}}})


async def test_a_message_with_a_percent_sign_is_not_doubled(jp_fetch):
    code, reply = await api_call(jp_fetch, "secrets", "NOT_THERE", "reveal", method="POST", body={})
    assert code == 404
    assert "`%secret set NOT_THERE`" in reply["message"]
    assert "%%" not in reply["message"]


async def test_a_name_in_another_environment_is_forbidden_not_unavailable(jp_fetch):
    code, reply = await api_call(jp_fetch, "secrets", method="POST",
                             body={"name": "prod.API_KEY", "value": "v-1234567890"})
    assert code == 403, reply
    assert "another environment" in reply["message"]


async def test_a_rotation_validator_cannot_leak_the_candidate_in_any_encoding(jp_fetch):
    await api_call(jp_fetch, "secrets", method="POST",
               body={"name": "API_KEY", "value": "current-value-0000aaaa"})
    code, reply = await api_call(jp_fetch, "secrets", "API_KEY", "rotation", method="POST",
                             body={"step": "rotate", "value": CANDIDATE})
    assert code == 409, reply
    assert "rejected" in reply["message"]
    _, audit = await api_call(jp_fetch, "audit", params={"secret": "API_KEY"})
    shown = json.dumps(reply) + json.dumps(audit)
    for form in (CANDIDATE, base64.b64encode(CANDIDATE.encode()).decode()[:-2], CANDIDATE[3:15],
                 CANDIDATE.encode().hex()):
        assert form not in shown
