"""POST /jupyter-secrets/spans: where the keys sit in texts the browser holds, in JavaScript
string indices, so the editor can mask them and a fix can rewrite exactly that part."""
from __future__ import annotations

import json

import pytest
from tornado.httpclient import HTTPClientError

from jupyter_secrets.server import spans_api

from .conftest import github_token


async def post_spans(jp_fetch, body, **kwargs):
    response = await jp_fetch("jupyter-secrets", "spans", method="POST", body=json.dumps(body),
                              raise_error=False, **kwargs)
    return response.code, json.loads(response.body)


def js_slice(text: str, start: int, end: int) -> str:
    """text[start:end] as JavaScript slices it (UTF-16 code units)."""
    units = text.encode("utf-16-le", "surrogatepass")
    return units[2 * start:2 * end].decode("utf-16-le", "surrogatepass")


async def test_spans_locate_each_key_in_each_text(jp_fetch, key):
    # Given two texts, one with a key on its second line and one without
    texts = [f'import os\nclient = OpenAI(api_key="{key}")  # ok\n', "x = 1"]

    # When the browser asks where the keys are
    status, body = await post_spans(jp_fetch, {"texts": texts})

    # Then it hears one span per key, in JavaScript indices, with the place a finding names
    assert status == 200
    [[span], []] = body["spans"]
    assert js_slice(texts[0], span["start"], span["end"]) == key
    column = texts[0].splitlines()[1].index(key) + 1
    assert (span["line"], span["column"], span["rule"]) == (2, column, "openai-project-key")
    assert span["preview"] == "sk-proj-…"
    assert key not in json.dumps(body)


async def test_offsets_count_astral_characters_as_javascript_does(jp_fetch, key):
    text = f'# 🔑 café 🔑\ntoken = "{key}"'

    _, body = await post_spans(jp_fetch, {"texts": [text]})

    [[span]] = body["spans"]
    assert js_slice(text, span["start"], span["end"]) == key
    assert span["start"] != text.index(key)  # the two emoji count twice in JavaScript


async def test_spans_agree_with_the_scan_api(jp_fetch, key):
    text = f"a = 1\n\nheaders = {{'Authorization': 'Bearer {github_token()}'}}\nk = '{key}'\n"

    _, spans = await post_spans(jp_fetch, {"texts": [text]})
    scanned = await jp_fetch("jupyter-secrets", "scan", method="POST",
                             body=json.dumps({"path": "t.py", "text": text}))

    findings = json.loads(scanned.body)["findings"]
    assert [(s["line"], s["column"], s["rule"]) for s in spans["spans"][0]] == \
        [(f["line"], f["column"], f["rule"]) for f in findings]


async def test_the_allow_pragma_and_path_allowlist_are_respected(jp_fetch, key):
    _, pragma = await post_spans(jp_fetch, {"texts": [f'k = "{key}"  # secrets: allow']})

    assert pragma["spans"] == [[]]


@pytest.fixture
def guard_config():
    return {"ScanConfig": {"allowlist_paths": ["examples/*"]}}


async def test_a_path_on_the_allowlist_has_no_spans(jp_fetch, key):
    _, allowed = await post_spans(jp_fetch, {"texts": [f'k = "{key}"'], "path": "examples/a.ipynb"})
    _, other = await post_spans(jp_fetch, {"texts": [f'k = "{key}"'], "path": "work/a.ipynb"})

    assert allowed["spans"] == [[]]
    assert len(other["spans"][0]) == 1


@pytest.mark.parametrize("body, status, reason", [
    ({"text": "x"}, 400, "must be a JSON object"),
    ([1], 400, "must be a JSON object"),
    ({"texts": ["a", 3]}, 400, "must be a string"),
])
async def test_bad_requests_say_what_is_wrong(jp_fetch, body, status, reason):
    code, reply = await post_spans(jp_fetch, body)

    assert code == status and reason in reply["message"]


async def test_too_much_at_once_is_refused_with_413(jp_fetch, monkeypatch):
    monkeypatch.setattr(spans_api, "MAX_TEXTS", 2)

    code, reply = await post_spans(jp_fetch, {"texts": ["a", "b", "c"]})

    assert code == 413 and "split the request" in reply["message"]


async def test_a_request_without_a_token_is_refused(jp_fetch):
    with pytest.raises(HTTPClientError) as refused:
        await jp_fetch("jupyter-secrets", "spans", method="POST", body=json.dumps({"texts": []}),
                       headers={"Authorization": ""})

    assert refused.value.code == 403
