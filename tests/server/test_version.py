"""The version handshake the frontend makes first: GET /jupyter-secrets/version."""
from __future__ import annotations

import json

import pytest
from tornado.httpclient import HTTPClientError

from jupyter_secrets import __version__
from jupyter_secrets.server.app import SecretsExtensionApp


async def test_version_answers_the_package_version(jp_fetch):
    # Given a server with the extension enabled, when the frontend asks for the version
    response = await jp_fetch("jupyter-secrets", "version")

    # then it hears the installed package version
    assert response.code == 200
    assert json.loads(response.body) == {"version": __version__}


async def test_version_refuses_a_request_without_a_token(jp_fetch):
    # Given a request that carries no token (and no cookie)
    with pytest.raises(HTTPClientError) as refused:
        await jp_fetch("jupyter-secrets", "version", headers={"Authorization": ""})

    # then the server refuses it instead of answering
    assert refused.value.code == 403


async def test_the_server_finds_the_extension_app_through_the_package(jp_serverapp):
    apps = jp_serverapp.extension_manager.extension_apps["jupyter_secrets"]
    assert [type(app) for app in apps] == [SecretsExtensionApp]


@pytest.fixture
def server_without_extension(jp_server_config):
    jp_server_config.ServerApp.jpserver_extensions["jupyter_secrets"] = False
    return jp_server_config


async def test_without_the_extension_the_route_is_an_html_404(server_without_extension, jp_fetch):
    # The frontend tells "extension missing" from a 404 of our own handlers by the body: the
    # server's catch-all answers a page, never JSON.
    with pytest.raises(HTTPClientError) as missing:
        await jp_fetch("jupyter-secrets", "version")

    assert missing.value.code == 404
    body = missing.value.response.body.decode()
    with pytest.raises(json.JSONDecodeError):
        json.loads(body)
