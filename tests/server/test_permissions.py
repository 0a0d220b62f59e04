"""Every route the extension serves keeps jupyter_server's authentication and authorization."""
from __future__ import annotations

import json

import pytest
from tornado.httpclient import HTTPClientError

from .conftest import code, notebook, write_notebook

ROUTES = [
    ("GET", ("jupyter-secrets", "scan"), {"path": "a.ipynb"}, None),
    ("POST", ("jupyter-secrets", "scan"), {}, json.dumps({"text": "x"})),
    ("GET", ("jupyter-secrets", "saves"), {"path": "a.ipynb"}, None),
    ("GET", ("jupyter-secrets", "version"), {}, None),
    ("GET", ("api", "contents", "a.ipynb"), {}, None),
    ("PUT", ("api", "contents", "a.ipynb"), {},
     json.dumps({"type": "file", "format": "text", "content": ""})),
    ("GET", ("files", "a.ipynb"), {}, None),
]


@pytest.mark.parametrize("method, parts, params, body", ROUTES)
async def test_a_request_without_a_token_is_refused(jp_fetch, jp_root_dir, method, parts, params, body):
    write_notebook(jp_root_dir / "a.ipynb", notebook(code("x = 1")))

    with pytest.raises(HTTPClientError) as refused:
        await jp_fetch(*parts, method=method, params=params, body=body,
                       headers={"Authorization": ""}, follow_redirects=False)

    assert refused.value.code in (403, 302)
    if parts[0] != "files":  # the browser route redirects to the login page instead
        assert refused.value.code == 403


@pytest.fixture
def jp_server_authorizer():
    """An authorizer that lets users read and write files but not use the jupyter_secrets API."""
    from jupyter_server.auth.authorizer import Authorizer

    class NoSecretsApi(Authorizer):
        def is_authorized(self, handler, user, action, resource):
            return resource != "jupyter_secrets"

    return NoSecretsApi


@pytest.fixture
def guard_config(jp_server_authorizer):
    return {"ServerApp": {"authorizer_class": jp_server_authorizer}}


@pytest.mark.parametrize("method, parts, params, body", ROUTES[:4])
async def test_an_unauthorized_user_is_refused_with_403(jp_fetch, method, parts, params, body):
    with pytest.raises(HTTPClientError) as refused:
        await jp_fetch(*parts, method=method, params=params, body=body)

    assert refused.value.code == 403
