"""The guard on the HTTP clients of the server process, against a recording model endpoint:
what reaches the endpoint holds no secret in any form, the sender still gets its answer, and
a request the guard cannot check never reaches it."""
from __future__ import annotations

import asyncio
import base64
import gzip
import json
from urllib.parse import quote

import pytest

from jupyter_secrets.assistants import http_guard
from jupyter_secrets.assistants.request_origin import request_origin
from jupyter_secrets.detection.engine import Engine
from jupyter_secrets.server.known_values import KnownValues, KnownValuesEngine
from jupyter_secrets.testing.model_endpoint import REPLY, ModelEndpoint
from jupyter_secrets.testing.model_keys import opaque_value, openai_project_key

from .test_context_guard import encodings

CLIENTS = [pytest.param(name, marks=pytest.mark.skipif(
    __import__("importlib").util.find_spec(name) is None, reason=f"{name} is not installed"))
    for name in ("httpx", "httpx2")]


@pytest.fixture(scope="module")
def known():
    return KnownValues()


@pytest.fixture(scope="module")
def engine(known):
    return KnownValuesEngine(Engine(), known)


@pytest.fixture
def endpoint():
    with ModelEndpoint() as served:
        yield served


@pytest.fixture
def guarded(engine):
    """The guard installed as the server installs it; what it recorded, by request."""
    recorded = []
    state = {"engine": lambda: engine, "fail_record": False}

    def record(found, origin):
        if state["fail_record"]:
            raise OSError("the audit trail's disk is full")
        recorded.append((origin, list(found)))

    http_guard.install(http_guard.ModelRequestGuard(lambda: state["engine"](), record))
    yield recorded, state
    http_guard.uninstall()


def chat(content: str, stream: bool = False) -> dict:
    return {"model": "m", "stream": stream, "messages": [
        {"role": "system", "content": "Secrets are read with secret(\"NAME\")."},
        {"role": "user", "content": content}]}


def assert_clean(endpoint: ModelEndpoint, *secrets: str) -> None:
    bodies = endpoint.bodies()
    assert bodies
    for body in bodies:
        text = body.decode("utf-8", "replace")
        for secret in secrets:
            for form in encodings(secret):
                assert form not in text


@pytest.mark.parametrize("client_module", CLIENTS)
def test_sync_and_streamed_requests_leave_without_the_secrets(endpoint, guarded, known,
                                                              client_module):
    client_lib = __import__(client_module)
    key, value = openai_project_key(), opaque_value()
    known.add(value)
    url = endpoint.base_url + "/chat/completions"
    content = (f"cell 1: key = '{key}'\noutput: {base64.b64encode(key.encode()).decode()}\n"
               f"fetched: {value} and {quote(value)}")
    with client_lib.Client() as client:
        answer = client.post(url, json=chat(content))
        with client.stream("POST", url, json=chat(content, stream=True)) as streamed:
            events = b"".join(streamed.iter_bytes())
    assert answer.status_code == 200
    assert answer.json()["choices"][0]["message"]["content"] == REPLY
    assert b"[DONE]" in events
    assert_clean(endpoint, key, value)
    sent = endpoint.chat_requests()[0].json()["messages"][1]["content"]
    assert "[REDACTED:openai-project-key]" in sent and "[REDACTED:kernel-fetched-secret]" in sent
    recorded, _ = guarded
    assert len(recorded) == 2 and {r.rule_id for r in recorded[0][1]} == {
        "openai-project-key", "kernel-fetched-secret"}
    assert all(key not in json.dumps([r.to_json() for r in found]) for _, found in recorded)


@pytest.mark.parametrize("client_module", CLIENTS)
def test_async_requests_are_checked_off_the_event_loop(endpoint, guarded, client_module):
    client_lib = __import__(client_module)
    key = openai_project_key()

    async def main():
        async with client_lib.AsyncClient() as client:
            return await asyncio.gather(*[
                client.post(endpoint.base_url + "/chat/completions", json=chat(f"{i}: {key}"))
                for i in range(3)])

    answers = asyncio.run(main())
    assert [a.status_code for a in answers] == [200] * 3
    assert_clean(endpoint, key)
    assert len(endpoint.chat_requests()) == 3


def test_a_multipart_or_text_body_is_redacted_too(endpoint, guarded):
    import httpx

    key = openai_project_key()
    with httpx.Client() as client:
        client.post(endpoint.base_url + "/files", files={"file": ("nb.txt", f"k={key}".encode())})
        client.post(endpoint.base_url + "/files", content=f"plain {key}".encode(),
                    headers={"content-type": "text/plain"})
    assert_clean(endpoint, key)
    assert all(b"[REDACTED:openai-project-key]" in body for body in endpoint.bodies())


def close_connections(session) -> None:
    """Closes a requests session's pooled connections: since urllib3 2.8, ``Session.close``
    leaves them open until they are garbage collected, and the ResourceWarning then fails
    whichever test is running at the time."""
    for adapter in session.adapters.values():
        pools = adapter.poolmanager.pools
        for key in pools.keys():
            pool = pools.get(key)
            if pool is not None:
                pool.close()
    session.close()


def test_requests_sessions_are_guarded_too(endpoint, guarded):
    requests = pytest.importorskip("requests")

    recorded, state = guarded
    key = openai_project_key()
    url = endpoint.base_url + "/chat/completions"
    session = requests.Session()
    try:
        answer = session.post(url, json=chat(f"copilot context: {key}"))
        assert answer.status_code == 200 and answer.json()["choices"][0]["message"]["content"]
        session.post(url, data=iter([b'{"messages": [{"role": "user", "content": "',
                                     key.encode(), b'"}]}']),
                     headers={"content-type": "application/json"})

        def broken():
            raise RuntimeError("the scanner is still being built")
        state["engine"] = broken
        refused = session.post(url, json=chat(key))
    finally:
        close_connections(session)
    assert_clean(endpoint, key)
    assert len(endpoint.chat_requests()) == 2 and len(recorded) == 2
    assert refused.status_code == 400 and refused.headers[http_guard.REFUSED_HEADER] == "refused"
    assert "did not send" in refused.json()["error"]["message"]


def test_the_sender_is_named_by_its_package(endpoint, guarded):
    import httpx

    key = openai_project_key()
    # code that runs as a module of Notebook Intelligence would
    scope = {"__name__": "notebook_intelligence.llm_providers.fake", "httpx": httpx}
    exec("def complete(url, body):\n"
         "    with httpx.Client() as client:\n"
         "        return client.post(url, json=body)\n", scope)
    scope["complete"](endpoint.base_url + "/chat/completions", chat(key))
    recorded, _ = guarded
    [(origin, found)] = recorded
    assert origin.assistant == "Notebook Intelligence"
    assert {r.assistant for r in found} == {"Notebook Intelligence"}
    assert request_origin().assistant == "an unknown sender"


def test_a_backend_of_ours_stores_its_value_unchanged(endpoint, guarded):
    import requests

    key = openai_project_key()
    # a secret stored in Vault goes there through hvac and requests: it must arrive whole
    scope = {"__name__": "jupyter_secrets.backends.vault", "requests": requests,
             "close_connections": close_connections}
    exec("def store(url, value):\n"
         "    session = requests.Session()\n"
         "    try:\n"
         "        return session.post(url, json={'data': {'value': value}})\n"
         "    finally:\n"
         "        close_connections(session)\n", scope)
    scope["store"](endpoint.base_url + "/secret/data/OPENAI_API_KEY", key)
    [body] = endpoint.bodies()
    assert json.loads(body) == {"data": {"value": key}}
    recorded, _ = guarded
    assert recorded == []


@pytest.mark.parametrize("problem", ["engine", "audit", "gzip", "bad-json"])
def test_what_cannot_be_checked_never_leaves(endpoint, guarded, problem):
    import httpx

    recorded, state = guarded
    key = openai_project_key()
    body = json.dumps(chat(f"x {key}")).encode()
    headers = {"content-type": "application/json"}
    if problem == "engine":
        def broken():
            raise RuntimeError("the scanner is still being built")
        state["engine"] = broken
    elif problem == "audit":
        state["fail_record"] = True
    elif problem == "gzip":
        body, headers["content-encoding"] = gzip.compress(body), "gzip"
    else:
        body = body[:-5]
    with httpx.Client() as client:
        answer = client.post(endpoint.base_url + "/chat/completions", content=body,
                             headers=headers)
    assert answer.status_code == 400
    assert answer.headers[http_guard.REFUSED_HEADER] == "refused"
    message = answer.json()["error"]["message"]
    assert "did not send" in message and key not in message
    assert endpoint.chat_requests() == []


def test_uninstalled_the_clients_are_as_they_were(endpoint, engine):
    import httpx

    import requests

    original, session_send = httpx.Client.send, requests.Session.send
    http_guard.install(http_guard.ModelRequestGuard(lambda: engine))
    assert httpx.Client.send is not original and http_guard.installed()
    assert requests.Session.send is not session_send
    http_guard.uninstall()
    assert httpx.Client.send is original and not http_guard.installed()
    assert requests.Session.send is session_send
