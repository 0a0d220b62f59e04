"""One Jupyter server and OpenBao: kernels log in to Vault with their own JWTs, and Vault
itself enforces which notebook reads what; refusals name their fix and never fall back."""
from __future__ import annotations

import asyncio
import json
import os

import hvac
import pytest
from tornado.httpclient import HTTPClientError

from jupyter_secrets.backends.base import BackendError
from jupyter_secrets.backends.vault_login import LoginRefused, jwt_login
from jupyter_secrets.cli.vault_setup import Plan, SetupError
from jupyter_secrets.governance.vault_policy import role_name
from jupyter_secrets.server.team_identity import SETTINGS_KEY
from tests.governance.kernels import KernelRunner, digest, start_session
from tests.token_formats import github_token

from .conftest import set_up_vault

pytestmark = pytest.mark.slow

VALUE = "team-value-" + "7c1d9e4b2a6f8e3d5c0b"
READ_ENV = """
import os, json
print(json.dumps({k: v for k, v in os.environ.items()}))
"""


async def api(jp_fetch, *parts, method="GET", body=None, **kwargs):
    if body is not None:
        kwargs["body"] = json.dumps(body)
    reply = await jp_fetch("jupyter-secrets", *parts, method=method, **kwargs)
    return json.loads(reply.body) if reply.body else None


async def add_secret(jp_fetch, name, value, notebook):
    return await api(jp_fetch, "secrets", method="POST",
                     body={"name": name, "value": value, "notebook": notebook})


def audit_entries(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


async def read_in(jp_serverapp, kernel_id, name):
    runner = KernelRunner(jp_serverapp, kernel_id)
    try:
        return await runner.read(name)
    finally:
        runner.close()


async def test_granted_notebook_reads_through_its_own_vault_token(
        jp_serverapp, jp_fetch, admin, plan, vault_server):
    events = []

    async def listen(logger, schema_id, data):
        events.append(data)

    jp_serverapp.event_logger.add_listener(
        schema_id="https://schema.jupyter.org/jupyter_secrets/audit/v1", listener=listen)
    # Given Vault set up for this server and a secret added from the panel for a1.ipynb
    await set_up_vault(admin, plan)
    await add_secret(jp_fetch, "API_KEY", VALUE, "a1.ipynb")
    _, a1 = await start_session(jp_fetch, "a1.ipynb")
    _, a2 = await start_session(jp_fetch, "a2.ipynb")

    # When both notebooks' kernels read it
    out_one = await read_in(jp_serverapp, a1, "API_KEY")
    out_two = await read_in(jp_serverapp, a2, "API_KEY")

    # Then a1 gets it and Vault itself refuses a2 (no grant role admits its claims)
    assert out_one == f"OK {digest(VALUE)}"
    assert out_two.startswith("ERR AccessRefused"), out_two
    assert "not granted to this notebook" in out_two
    # The grant lives in Vault, as the role of the secret
    role = admin.auth.jwt.read_role(role_name("API_KEY"), path=plan.mount)["data"]
    assert role["bound_claims"]["scopes"] == ["notebook:a1.ipynb"]
    # Vault's audit device names the notebook and the kernel for the login and the read
    await asyncio.sleep(0.2)
    entries = audit_entries(vault_server["audit_file"])
    reads = [e for e in entries if e.get("type") == "response"
             and e["request"]["path"] == f"secret/data/{plan.path_prefix}API_KEY"
             and (e.get("auth") or {}).get("metadata", {}).get("notebook") == "a1.ipynb"]
    assert reads and reads[-1]["auth"]["metadata"]["kernel_id"] == a1
    assert reads[-1]["auth"]["metadata"]["user"] == plan.user
    refused = [e for e in entries if e.get("type") == "response"
               and e["request"]["path"] == f"auth/{plan.mount}/login"
               and "error" in (e.get("response") or {}).get("data", {})]
    assert refused, "the refused login of a2 is in Vault's audit log (its JWT only as an HMAC)"
    with open(vault_server["audit_file"], encoding="utf-8") as handle:
        assert VALUE not in handle.read()
    # and the server's event bus carries the same reads
    await asyncio.sleep(0.1)
    vault_reads = [e for e in events if e["action"] == "read" and e.get("source") == "vault"]
    assert {(e["path"], e["outcome"]) for e in vault_reads} >= {("a1.ipynb", "ok"),
                                                                ("a2.ipynb", "denied")}
    assert all(VALUE not in json.dumps(e) for e in events)


async def test_grants_made_in_the_panel_are_vault_roles_and_revoking_takes_effect(
        jp_serverapp, jp_fetch, admin, plan):
    await set_up_vault(admin, plan)
    await add_secret(jp_fetch, "SHARED", VALUE, "a1.ipynb")
    _, b = await start_session(jp_fetch, "team/b.ipynb")
    assert (await read_in(jp_serverapp, b, "SHARED")).startswith("ERR AccessRefused")

    # a whole folder, as Vault's glob can keep it
    await api(jp_fetch, "secrets", "SHARED", "grants", method="POST",
              body={"kind": "notebook", "target": "team/**"})
    assert await read_in(jp_serverapp, b, "SHARED") == f"OK {digest(VALUE)}"
    scope = (await api(jp_fetch, "secrets", "SHARED", "grants"))["scope"]
    assert {(g["target"], g["source"]) for g in scope} == {("a1.ipynb", "vault"), ("team/**", "vault")}

    # a glob Vault would read more widely is refused, with what to do instead
    with pytest.raises(HTTPClientError) as caught:
        await api(jp_fetch, "secrets", "SHARED", "grants", method="POST",
                  body={"kind": "notebook", "target": "team/*.ipynb"})
    assert caught.value.code == 400
    assert "folder/**" in caught.value.response.body.decode()

    await api(jp_fetch, "secrets", "SHARED", "grants", method="DELETE",
              params={"kind": "notebook", "target": "team/**"})
    # a new kernel logs in afresh and is refused by Vault
    _, b2 = await start_session(jp_fetch, "team/c.ipynb")
    assert (await read_in(jp_serverapp, b2, "SHARED")).startswith("ERR AccessRefused")


async def test_setup_is_idempotent_and_the_server_config_holds_no_credential(
        jp_serverapp, jp_fetch, admin, plan, vault_server, jp_server_config):
    first = await set_up_vault(admin, plan)
    again = Plan(plan.issuer_url, plan.user, plan.env, audit_file=plan.audit_file)
    second = await set_up_vault(admin, again)
    assert any("JWT auth method" in line for line in first)
    assert any("policy" in line for line in first) and any("role server" in line for line in first)
    assert second == []
    config_text = json.dumps(jp_server_config, default=str)
    assert vault_server["token"] not in config_text
    for setting in ("token", "secret_id", "role_id", "jwt_file"):
        assert not jp_server_config.VaultBackend.get(setting)


async def test_no_vault_token_in_the_kernel_the_server_env_or_its_files(
        jp_serverapp, jp_fetch, admin, plan, vault_server, tmp_path):
    await set_up_vault(admin, plan)
    await add_secret(jp_fetch, "API_KEY", VALUE, "a1.ipynb")
    _, a1 = await start_session(jp_fetch, "a1.ipynb")
    runner = KernelRunner(jp_serverapp, a1)
    try:
        assert await runner.read("API_KEY") == f"OK {digest(VALUE)}"
        kernel_env = json.loads(await runner.run(READ_ENV))
    finally:
        runner.close()
    server_token = jp_serverapp.web_app.settings[SETTINGS_KEY].vault.client().token
    tokens = [vault_server["token"], server_token]
    for env in (kernel_env, dict(os.environ)):
        blob = json.dumps(env)
        assert not any(t in blob for t in tokens)
        assert not any(v.startswith(("hvs.", "s.", "b.")) for v in env.values())
        assert not any(k in env for k in ("VAULT_TOKEN", "VAULT_SECRET_ID", "BAO_TOKEN"))
    for root, _dirs, files in os.walk(tmp_path):
        for name in files:
            try:
                with open(os.path.join(root, name), encoding="utf-8", errors="ignore") as handle:
                    text = handle.read()
            except OSError:
                continue
            assert not any(t in text for t in tokens), os.path.join(root, name)


async def test_expired_and_replayed_jwts_are_refused_by_vault(jp_serverapp, jp_fetch, admin, plan):
    await set_up_vault(admin, plan)
    await add_secret(jp_fetch, "API_KEY", VALUE, "a1.ipynb")
    await add_secret(jp_fetch, "OTHER", VALUE + "2", "elsewhere.ipynb")
    service = jp_serverapp.web_app.settings[SETTINGS_KEY]
    vault_url = service.vault.url
    issuer = service.issuer

    def login(jwt, role):
        client = hvac.Client(url=vault_url, timeout=10)
        try:
            return jwt_login(client, plan.mount, role, jwt)
        finally:
            client.adapter.close()

    fresh = issuer.for_kernel("k-1", "a1.ipynb", "API_KEY", []).token
    assert login(fresh, role_name("API_KEY"))[0]
    # replayed for another secret: the role of OTHER admits only OTHER's grants
    with pytest.raises(LoginRefused, match="not granted"):
        await asyncio.to_thread(login, fresh, role_name("OTHER"))
    # expired: a JWT issued a lifetime and more ago
    real_clock = issuer._clock
    issuer._clock = lambda: real_clock() - issuer.settings.lifetime - 60
    try:
        old = issuer.for_kernel("k-1", "a1.ipynb", "API_KEY", []).token
    finally:
        issuer._clock = real_clock
    with pytest.raises(BackendError, match="expired or not yet valid") as caught:
        await asyncio.to_thread(login, old, role_name("API_KEY"))
    assert "NTP" in caught.value.hint
    # a captured token replayed once it has expired is refused the same way
    with pytest.raises(BackendError, match="expired or not yet valid"):
        await asyncio.to_thread(login, old, role_name("API_KEY"))


async def test_clock_skew_is_named_with_its_fix(jp_serverapp, jp_fetch, admin, plan):
    await set_up_vault(admin, plan)
    await add_secret(jp_fetch, "API_KEY", VALUE, "a1.ipynb")
    issuer = jp_serverapp.web_app.settings[SETTINGS_KEY].issuer
    real_clock = issuer._clock
    issuer._clock = lambda: real_clock() + 600  # this server's clock runs ten minutes ahead
    try:
        _, a1 = await start_session(jp_fetch, "a1.ipynb")
        out = await read_in(jp_serverapp, a1, "API_KEY")
    finally:
        issuer._clock = real_clock
    assert out.startswith("ERR BackendError"), out
    assert "clocks" in out and "NTP" in out


async def test_a_vault_without_the_jwt_mount_is_named_and_no_static_token_is_used(
        jp_serverapp, jp_fetch, vault_server, monkeypatch):
    # Given no setup ran, and a root token lying in the server's environment
    monkeypatch.setenv("VAULT_TOKEN", vault_server["token"])
    with pytest.raises(HTTPClientError) as caught:
        await add_secret(jp_fetch, "API_KEY", VALUE, "a1.ipynb")
    message = caught.value.response.body.decode()
    assert caught.value.code == 503
    assert "no JWT auth method at auth/" in message and "vault setup" in message
    assert VALUE not in message
    # nothing was written with the token that was lying around
    client = hvac.Client(url=vault_server["url"], token=vault_server["token"])
    with pytest.raises(hvac.exceptions.InvalidPath):
        client.secrets.kv.v2.read_secret_version(
            path=f"jupyter-secrets/dev/{os.environ['JUPYTERHUB_USER']}/API_KEY",
            raise_on_deleted_version=True)


async def test_a_wrong_audience_is_named_with_its_fix(jp_serverapp, jp_fetch, admin, plan):
    plan.audience = "another-audience"
    await set_up_vault(admin, plan)
    with pytest.raises(HTTPClientError) as caught:
        await add_secret(jp_fetch, "API_KEY", VALUE, "a1.ipynb")
    message = caught.value.response.body.decode()
    assert "audience" in message and "c.WorkloadJwt.audience" in message


async def test_a_jwks_vault_cannot_reach_is_refused_at_setup(jp_serverapp, jp_fetch, admin, plan):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    plan.jwks_url = f"http://127.0.0.1:{closed}/jupyter-secrets/jwks.json"
    with pytest.raises(SetupError, match="Vault cannot fetch the JWKS") as caught:
        await set_up_vault(admin, plan)
    assert "--pubkeys" in str(caught.value)


async def test_pubkeys_mode_for_a_vault_that_cannot_reach_the_server(
        jp_serverapp, jp_fetch, admin, plan):
    plan.pubkeys = True
    await set_up_vault(admin, plan)
    config = admin.auth.jwt.read_config(path=plan.mount)["data"]
    assert config["jwt_validation_pubkeys"] and not config.get("jwks_url")
    await add_secret(jp_fetch, "API_KEY", VALUE, "a1.ipynb")
    _, a1 = await start_session(jp_fetch, "a1.ipynb")
    assert await read_in(jp_serverapp, a1, "API_KEY") == f"OK {digest(VALUE)}"


async def test_signing_key_rotation_keeps_old_tokens_valid_for_the_overlap(
        jp_serverapp, jp_fetch, admin, plan):
    await set_up_vault(admin, plan)
    await add_secret(jp_fetch, "API_KEY", VALUE, "a1.ipynb")
    service = jp_serverapp.web_app.settings[SETTINGS_KEY]
    before = service.issuer.for_kernel("k-1", "a1.ipynb", "API_KEY", []).token
    service.issuer.keys.rotate()
    after = service.issuer.for_kernel("k-1", "a1.ipynb", "API_KEY", []).token
    jwks = (await asyncio.to_thread(_fetch_json, service.issuer.jwks_uri))["keys"]
    assert len(jwks) == 2

    def login(jwt):
        client = hvac.Client(url=service.vault.url, timeout=10)
        try:
            return jwt_login(client, plan.mount, role_name("API_KEY"), jwt)[0]
        finally:
            client.adapter.close()

    # Vault meets the new key id, fetches the JWKS again, and accepts both
    assert await asyncio.to_thread(login, after)
    assert await asyncio.to_thread(login, before)


def _fetch_json(url):
    import urllib.request

    with urllib.request.urlopen(url, timeout=5) as reply:
        return json.loads(reply.read())



class _IssuerSite:
    """Another server's issuer (here: a prod server's), speaking the discovery and JWKS
    protocol over HTTP on 127.0.0.1."""

    def __init__(self, env, user):
        import http.server
        import threading

        from jupyter_secrets.server.workload_identity import JwtIssuer, WorkloadJwt

        site = self
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), None)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/jupyter-secrets"
        self.issuer = JwtIssuer(WorkloadJwt(), self.url, user, env)

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = (site.issuer.discovery() if self.path.endswith("openid-configuration")
                        else site.issuer.keys.public_jwks())
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd.RequestHandlerClass = Handler
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


async def test_a_dev_server_cannot_read_prod(jp_serverapp, jp_fetch, admin, plan, vault_server):
    from jupyter_secrets.governance.vault_policy import VaultGrantStore

    # Given this (dev) server set up, and a prod server of the same user with its own mount
    await set_up_vault(admin, plan)
    prod_site = _IssuerSite("prod", plan.user)
    try:
        prod = Plan(prod_site.url, plan.user, "prod")
        await set_up_vault(admin, prod)
        admin.secrets.kv.v2.create_or_update_secret(path=f"{prod.path_prefix}API_KEY",
                                                    secret={"value": VALUE + "-prod"})
        VaultGrantStore(lambda: admin, prod.mount, "prod", plan.user, prod.audience).add(
            "prod", "API_KEY", "notebook", "a1.ipynb", "admin")
        service = jp_serverapp.web_app.settings[SETTINGS_KEY]
        role = role_name("API_KEY")

        def login(jwt, mount):
            client = hvac.Client(url=service.vault.url, timeout=60)
            try:
                jwt_login(client, mount, role, jwt)
                return client.secrets.kv.v2.read_secret_version(
                    path=f"{prod.path_prefix}API_KEY", raise_on_deleted_version=True)
            finally:
                client.adapter.close()

        # the prod server's kernel of a1.ipynb reads it (the grant and the path are right)
        prod_jwt = prod_site.issuer.for_kernel("k-prod", "a1.ipynb", "API_KEY", []).token
        reply = await asyncio.to_thread(login, prod_jwt, prod.mount)
        assert reply["data"]["data"]["value"] == VALUE + "-prod"
        # the dev server's JWT for the same notebook and secret: the prod mount does not trust it
        dev_jwt = service.issuer.for_kernel("k-dev", "a1.ipynb", "API_KEY", []).token
        with pytest.raises(BackendError, match="could not verify"):
            await asyncio.to_thread(login, dev_jwt, prod.mount)
        # and the dev server's own Vault token cannot read prod's folder either
        with pytest.raises(hvac.exceptions.Forbidden):
            await asyncio.to_thread(lambda: service.vault.client().secrets.kv.v2.read_secret_version(
                path=f"{prod.path_prefix}API_KEY", raise_on_deleted_version=True))
    finally:
        prod_site.close()


async def test_the_vault_setup_command_prints_its_changes_then_nothing(
        jp_serverapp, jp_fetch, plan, vault_server, monkeypatch, capsys):
    from jupyter_secrets.cli.main import main

    argv = ["vault", "setup", "--server", plan.issuer_url, "--user", plan.user, "--env", plan.env,
            "--vault-addr", vault_server["url"], "--audit-file", plan.audit_file]
    # without an admin token it says where one comes from
    monkeypatch.setenv("HOME", str(jp_serverapp.root_dir))
    assert await asyncio.to_thread(main, argv) == 2
    assert "no Vault admin token" in capsys.readouterr().err
    monkeypatch.setenv("VAULT_TOKEN", vault_server["token"])
    assert await asyncio.to_thread(main, argv) == 0
    first = capsys.readouterr().out
    assert await asyncio.to_thread(main, argv) == 0
    second = capsys.readouterr().out
    assert f"created: JWT auth method at auth/{plan.mount}/" in first
    assert "nothing to change" in second and "created" not in second
    for out in (first, second):
        assert 'c.VaultBackend.auth_method = "workload"' in out
        assert vault_server["token"] not in out


async def test_a_value_sent_where_a_name_belongs_never_reaches_a_jwt_or_vault(
        jp_serverapp, jp_fetch, admin, plan, vault_server):
    await set_up_vault(admin, plan)
    key = github_token()
    _, a1 = await start_session(jp_fetch, "a1.ipynb")
    runner = KernelRunner(jp_serverapp, a1)
    try:
        out = await runner.run(
            "from jupyter_secrets.kernel.vault_identity import vault_identity_backend\n"
            "try:\n"
            f"    vault_identity_backend().desk.login_for({key!r})\n"
            "    print('ISSUED')\n"
            "except Exception as e:\n"
            "    print('REFUSED', type(e).__name__, e)\n")
    finally:
        runner.close()
    assert out.startswith("REFUSED") and "looks like a value" in out
    assert key not in out
    await asyncio.sleep(0.2)
    with open(vault_server["audit_file"], encoding="utf-8") as handle:
        assert key not in handle.read()


async def test_the_grant_command_writes_the_grant_to_vault_with_the_persons_own_login(
        jp_serverapp, jp_fetch, admin, plan, vault_server, jp_server_config, tmp_path,
        monkeypatch, capsys):
    from jupyter_secrets.cli.main import main

    await set_up_vault(admin, plan)
    await add_secret(jp_fetch, "API_KEY", VALUE, "a1.ipynb")
    config = tmp_path / "team_config.json"
    config.write_text(json.dumps({k: dict(v) for k, v in jp_server_config.items()
                                  if k in ("SecretStore", "VaultBackend", "Environments")}))
    argv = ["grant", "API_KEY", "b.ipynb", "--config", str(config)]
    # without a Vault login of their own, the command says so and grants nothing locally
    monkeypatch.setenv("HOME", str(tmp_path))
    assert await asyncio.to_thread(main, argv) == 2
    assert "no Vault token" in capsys.readouterr().err
    monkeypatch.setenv("VAULT_TOKEN", vault_server["token"])  # the admin's own login
    assert await asyncio.to_thread(main, argv) == 0
    role = admin.auth.jwt.read_role(role_name("API_KEY"), path=plan.mount)["data"]
    assert role["bound_claims"]["scopes"] == ["notebook:a1.ipynb", "notebook:b.ipynb"]
    monkeypatch.delenv("VAULT_TOKEN")
    _, b = await start_session(jp_fetch, "b.ipynb")
    assert await read_in(jp_serverapp, b, "API_KEY") == f"OK {digest(VALUE)}"
