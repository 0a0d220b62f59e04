"""The redaction of what an assistant sends to its model: every string of the request, every
encoding the engine reads, fetched values by fingerprint; nothing of a value in what it reports;
and a refusal, never an unchecked request, when it cannot check."""
from __future__ import annotations

import base64
import binascii
import json
from urllib.parse import quote

import pytest

from jupyter_secrets.assistants.context_guard import (ContextRefused, redact_for_model,
                                                       redact_json_body)
from jupyter_secrets.detection.engine import Engine
from jupyter_secrets.server.known_values import KnownValues, KnownValuesEngine
from jupyter_secrets.testing.model_keys import (github_classic_token, opaque_value,
                                                openai_project_key)


@pytest.fixture(scope="module")
def engine():
    return Engine()


def encodings(secret: str):
    """The forms of a secret a request could carry it in."""
    raw = secret.encode()
    return {secret, base64.b64encode(raw).decode(), base64.urlsafe_b64encode(raw).decode(),
            quote(secret, safe=""), binascii.hexlify(raw).decode(), json.dumps(secret)[1:-1],
            "".join("\\u%04x" % ord(c) for c in secret)}


def assert_nowhere(secret: str, *things) -> None:
    for thing in things:
        text = thing if isinstance(thing, str) else json.dumps(thing)
        for form in encodings(secret):
            assert form not in text


def chat_request(*contents, system="You are a notebook assistant."):
    return {"model": "test-model", "stream": True,
            "messages": [{"role": "system", "content": system}]
            + [{"role": "user", "content": c} for c in contents]}


def test_a_key_in_any_field_becomes_its_rules_placeholder(engine):
    key, token = openai_project_key(), github_classic_token()
    request = chat_request(f"cell 2 holds: client = OpenAI(api_key='{key}')",
                           system=f"The notebook's outputs: {token}")
    request["messages"].append({"role": "assistant", "tool_calls": [{
        "id": "call_1", "type": "function",
        "function": {"name": "run", "arguments": json.dumps({"code": f"print('{key}')"})}}]})
    request["messages"].append({"role": "tool", "tool_call_id": "call_1",
                                "content": [{"type": "text", "text": f"out: {token}"}]})

    redacted, found = redact_for_model(request, assistant="Test", engine=engine)

    assert_nowhere(key, redacted, [r.to_json() for r in found])
    assert_nowhere(token, redacted, [r.to_json() for r in found])
    text = json.dumps(redacted)
    assert text.count("[REDACTED:openai-project-key]") == 2
    assert text.count("[REDACTED:github-pat-classic]") == 2
    assert sorted((r.rule_id, r.json_path) for r in found) == [
        ("github-pat-classic", "$.messages[0].content"),
        ("github-pat-classic", "$.messages[3].content[0].text"),
        ("openai-project-key", "$.messages[1].content"),
        ("openai-project-key", "$.messages[2].tool_calls[0].function.arguments")]
    assert {r.assistant for r in found} == {"Test"}
    assert "cell 2 holds: client = OpenAI(api_key='[REDACTED:openai-project-key]')" in text


def test_the_input_is_left_as_it_was_and_a_clean_request_comes_back_equal(engine):
    key = openai_project_key()
    request = chat_request(f"key {key}")
    before = json.dumps(request)
    redacted, _ = redact_for_model(request, assistant="Test", engine=engine)
    assert json.dumps(request) == before and redacted is not request
    clean = chat_request("What does cell 3 do?")
    assert redact_for_model(clean, assistant="Test", engine=engine) == (clean, [])


@pytest.mark.parametrize("form", ["base64", "urlsafe", "url", "hex", "unicode-escapes"])
def test_encoded_keys_are_found(engine, form):
    key = openai_project_key()
    raw = f'{{"api_key": "{key}"}}'
    shown = {"base64": base64.b64encode(raw.encode()).decode(),
             "urlsafe": base64.urlsafe_b64encode(raw.encode()).decode().rstrip("="),
             "url": "https://example.invalid/?cfg=" + quote(raw, safe=""),
             "hex": raw.encode().hex(),
             "unicode-escapes": "".join("\\u%04x" % ord(c) for c in key)}[form]
    redacted, found = redact_for_model(chat_request(f"output: {shown}"), assistant="T",
                                       engine=engine)
    assert found and shown not in json.dumps(redacted)
    assert "[REDACTED:openai-project-key]" in json.dumps(redacted)


def test_a_key_as_a_dict_key_is_renamed_and_the_path_never_shows_it(engine):
    key = openai_project_key()
    request = {"metadata": {key: {"note": f"again {key}"}}, "messages": []}
    redacted, found = redact_for_model(request, assistant="T", engine=engine)
    assert_nowhere(key, redacted, [r.to_json() for r in found])
    assert redacted["metadata"] == {"[REDACTED:openai-project-key]": {
        "note": "again [REDACTED:openai-project-key]"}}
    assert sorted(r.json_path for r in found) == [
        "$.metadata.[REDACTED:openai-project-key].note", "$.metadata{key}"]


def test_fetched_values_by_the_engines_fingerprints_and_by_name(engine):
    value, other = opaque_value(), opaque_value(40)
    assert engine.scan(value) == []  # only fingerprints find it
    known = KnownValues()
    known.add(value)
    request = chat_request(f"the cell printed {value}",
                           f"b64: {base64.b64encode(value.encode()).decode()}")

    redacted, found = redact_for_model(request, assistant="T",
                                       engine=KnownValuesEngine(engine, known))
    assert_nowhere(value, redacted)
    assert "[REDACTED:kernel-fetched-secret]" in json.dumps(redacted)

    by_name = {"WANDB_API_KEY": known, "OTHER": KnownValues()}
    by_name["OTHER"].add(other)
    redacted, found = redact_for_model(chat_request(f"{value} and {other}"), assistant="T",
                                       engine=engine, known=by_name)
    assert_nowhere(value, redacted)
    assert_nowhere(other, redacted)
    assert redacted["messages"][1]["content"] == "[REDACTED:WANDB_API_KEY] and [REDACTED:OTHER]"
    assert sorted(r.name for r in found) == ["OTHER", "WANDB_API_KEY"]


def test_a_value_given_where_a_name_belongs_is_never_shown(engine):
    value, key = opaque_value(), openai_project_key()
    known = KnownValues()
    known.add(value)
    for name in (key, value):
        redacted, found = redact_for_model(chat_request(f"x {value}"), assistant="T",
                                           engine=engine, known={name: known})
        assert_nowhere(value, redacted, [r.to_json() for r in found])
        assert_nowhere(key, redacted, [r.to_json() for r in found])
        assert redacted["messages"][1]["content"] == "x [REDACTED:kernel-fetched-secret]"


def test_texts_and_bytes(engine):
    key = openai_project_key()
    text, found = redact_for_model(f"a {key} b", assistant="T", engine=engine)
    assert text == "a [REDACTED:openai-project-key] b" and found[0].json_path == "$"
    data, _ = redact_for_model(f"a {key} b".encode(), assistant="T", engine=engine)
    assert data == b"a [REDACTED:openai-project-key] b"


def test_a_json_body_is_written_back_only_when_something_was_taken_out(engine):
    key = openai_project_key()
    clean = json.dumps(chat_request("hello")).encode()
    assert redact_json_body(clean, assistant="T", engine=engine) == (clean, [])
    body = json.dumps(chat_request(f"x {key}")).encode()
    out, found = redact_json_body(body, assistant="T", engine=engine)
    assert key.encode() not in out and json.loads(out)["messages"][1]["content"] == \
        "x [REDACTED:openai-project-key]" and len(found) == 1
    escaped = json.dumps(chat_request(f"x {key}"), ensure_ascii=True).replace(
        key, "".join("\\u%04x" % ord(c) for c in key)).encode()
    out, found = redact_json_body(escaped, assistant="T", engine=engine)
    assert_nowhere(key, out.decode()) and len(found) == 1


@pytest.mark.parametrize("body,reason", [
    (b"\xff\xfe not utf-8", "not JSON"),
    (b'{"messages": [', "not JSON"),
    (b"[" * 5000 + b"]" * 5000, "not JSON|nested"),
])
def test_what_it_cannot_read_is_refused(engine, body, reason):
    with pytest.raises(ContextRefused) as refused:
        redact_json_body(body, assistant="Test assistant", engine=engine)
    assert "Nothing was sent" in str(refused.value) and "Test assistant" in str(refused.value)
    assert any(r in str(refused.value) for r in reason.split("|"))


def test_no_engine_or_odd_values_are_refused_without_the_content(engine):
    key = openai_project_key()
    with pytest.raises(ContextRefused) as refused:
        redact_for_model(chat_request(key), assistant="T", engine=None)
    assert key not in str(refused.value) and "not ready" in str(refused.value)
    with pytest.raises(ContextRefused):
        redact_for_model({"messages": [{"content": object()}]}, assistant="T", engine=engine)
    deep = current = {}
    for _ in range(500):
        current["a"] = {}
        current = current["a"]
    with pytest.raises(ContextRefused):
        redact_for_model(deep, assistant="T", engine=engine)
    with pytest.raises(ContextRefused):
        redact_for_model(12, assistant="T", engine=engine)  # type: ignore[arg-type]
