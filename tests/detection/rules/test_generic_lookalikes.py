"""What generic and context rules must never report: hashes, UUIDs, base64 images, minified
JavaScript, placeholders and documentation examples, each sitting where a credential could."""

from __future__ import annotations

import base64
import hashlib
import json
import uuid

import pytest

from jupyter_secrets.detection import filters
from jupyter_secrets.detection.rules import ALL_RULES

from .corpus import _png
from .fakes import Fakes
from .runner import run_rules

F = Fakes("lookalikes")


def _digests():
    for i in range(12):
        data = f"row-{i}".encode()
        yield hashlib.md5(data).hexdigest(), hashlib.sha1(data).hexdigest(), hashlib.sha256(data).hexdigest()


HASHES = [
    line
    for md5, sha1, sha256 in _digests()
    for line in (
        f'password_hash = "{sha256}"',
        f"token_sha1: {sha1}",
        f'etag = "{md5}"',
        f'cache_key = "{sha256}"',
        f"secret_digest={md5}",
        f'{{"checksum": "md5:{md5}", "key": "{sha1}"}}',
        f"    --hash=sha256:{sha256} \\",
        f"commit {sha1}\nAuthor: someone <someone@example.org>",
        f'password = "sha256:{sha256}"',
        f"https://cdn.example.org/static/js/main.{md5[:8]}.js?token_hash={sha1}",
    )
]

UUIDS = [
    line
    for value in (str(uuid.UUID(int=F.rng.getrandbits(128), version=4)) for _ in range(10))
    for line in (
        f'token = "{value}"',
        f"session_key: {value}",
        f'{{"request_id": "{value}", "api_key_id": "{value}"}}',
        f"password={value}",
        f"curl -H 'X-Request-Token: {value}' https://x",
    )
]

IMAGES = [
    json.dumps({"image/png": _png(32, 32), "text/plain": "<Figure size 640x480 with 1 Axes>"}),
    f'<img src="data:image/png;base64,{_png(16, 16)}" alt="api key flow"/>',
    f'icon_key = "data:image/png;base64,{_png(8, 8)}"',
    f"![token diagram](data:image/png;base64,{_png(8, 8)})",
    json.dumps({"attachments": {"secret.png": {"image/png": _png(24, 24)}}}),
]

MINIFIED_JS = [
    '!function(e){var t={};function n(r){if(t[r])return t[r].exports;var o=t[r]={i:r,l:!1,'
    'exports:{}};return e[r].call(o.exports,o,o.exports,n),o.l=!0,o.exports}n.m=e}',
    'const a={apiKey:e.apiKey,authToken:t.token||"",password:n.password,secret:void 0};',
    'e.headers.Authorization="Bearer "+t.accessToken;r.token=o.token;i.secret=s.secret||null',
    'var u=function(e){return e.apiKey?{key:e.apiKey,token:e.token}:null},c="undefined"!='
    'typeof window;',
    'export{a as apiKey,t as token,n as password};//# sourceMappingURL=main.8f14e45f.js.map',
    '{"version":3,"sources":["webpack://app/./src/auth.ts"],"names":["token","apiKey",'
    '"password"],"mappings":"AAAA,SAASA,EAAMC,GACb,OAAOA,EAAEC,QAAQ,KAAKC;ACDxB,IAAIC"}',
    'function(e,t){"use strict";t.TOKEN_KEY="auth_token",t.PASSWORD_FIELD="password",'
    't.SECRET_HEADER="X-Secret-Token"}',
]

PLACEHOLDERS = [
    "curl -u <user>:<password> https://api.example.org",
    "curl -u $USERNAME:$PASSWORD https://api.example.org",
    'curl -H "Authorization: Bearer <your-token>" https://api.example.org',
    'curl -H "Authorization: Bearer ${API_TOKEN}" https://api.example.org',
    "http -a username:xxxxxxxx https://api.example.org",
    "docker login -u <user> -p <password> registry.example.org",
    "wget --user=me --password=$WGET_PASSWORD https://x",
    "postgresql://user:<password>@db.internal/app",
    "mongodb+srv://admin:${MONGO_PASSWORD}@cluster0.example.net/db",
    "redis://:xxxxxxxxxxxx@cache:6379/0",
    "https://__token__:<your-token>@pypi.example.org/simple",
    "kind: Secret\ndata:\n  password: PHBhc3N3b3JkPg==\n",  # base64 of "<password>"
    '{"auths": {"ghcr.io": {"auth": "dXNlcjo8dG9rZW4+"}}}',  # base64 of "user:<token>"
    "//registry.npmjs.org/:_authToken=${NPM_TOKEN}",
    "[pypi]\nusername = __token__\npassword = <your-pypi-token>\n",
    "<password>${env.MAVEN_PASSWORD}</password>",
    'api_key = os.environ["SERVICE_API_KEY"]',
    "password = os.environ['DB_PASSWORD']",
    'token = os.getenv("HF_TOKEN")',
    "export API_TOKEN=xxxxxxxxxxxxxxxxxxxx",
    'client_secret = "<your-client-secret>"',
    "BUNDLE_GEMS__CONTRIBSYS__COM: ${SIDEKIQ_CREDENTIALS}",
    "kubectl create secret generic db --from-literal=password=${DB_PASSWORD}",
    "mysql -u root -p${MYSQL_ROOT_PASSWORD} -h db",
]

DOCUMENTATION = [
    "Pass your credentials with `curl -u username:password https://api.example.org/v1`.",
    "Set `password = \"your-password-here\"` in the config file, then restart.",
    "The connection string looks like postgresql://user:password@localhost:5432/dbname.",
    "Use the header `Authorization: Bearer YOUR_ACCESS_TOKEN` for every request.",
    "    api_key: YOUR_API_KEY\n    api_secret: YOUR_API_SECRET",
    "Log in with `docker login -u USERNAME -p PASSWORD` (prefer --password-stdin).",
    "In .netrc: machine api.example.org login USERNAME password PASSWORD",
    "Example: `mysql -u root -p` prompts for the password.",
    "TOKEN=<token> python run.py  # replace <token> with your personal access token",
    "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
    '{"kty": "EC", "crv": "P-256", "x": "...", "y": "...", "d": "..."}',
    "age keys look like AGE-SECRET-KEY-1... and start with that prefix",
]

GROUPS = {
    "hashes": HASHES,
    "uuids": UUIDS,
    "images": IMAGES,
    "minified-js": MINIFIED_JS,
    "placeholders": PLACEHOLDERS,
    "documentation": DOCUMENTATION,
}
TEXTS = [pytest.param(text, id=f"{group}-{i}") for group, texts in GROUPS.items() for i, text in enumerate(texts)]


@pytest.mark.parametrize("text", TEXTS)
def test_no_rule_fires_on_lookalikes(text):
    assert [(h.rule_id, h.secret[:12]) for h in run_rules(ALL_RULES, text)] == []


def test_placeholder_payloads_decode_to_placeholders():
    """The base64 placeholders above are what they claim, so the test means what it says."""
    assert base64.b64decode("PHBhc3N3b3JkPg==") == b"<password>"
    assert base64.b64decode("dXNlcjo8dG9rZW4+") == b"user:<token>"


@pytest.mark.parametrize("value", ["<password>", "your-api-key", "${DB_PASSWORD}", "changeme-now"])
def test_base64_of_a_placeholder_is_a_placeholder(value):
    encoded = base64.b64encode(value.encode()).decode()
    assert filters.is_encoded_placeholder(encoded)
    assert not filters.passes_generic_filters(encoded)


def test_base64_of_a_real_password_still_passes():
    encoded = base64.b64encode(F.password(18).encode()).decode()
    assert not filters.is_encoded_placeholder(encoded)
    assert filters.passes_generic_filters(encoded)


def test_provider_prefixes_are_left_to_their_rules():
    assert filters.has_provider_prefix("ghp_" + F.alnum(30))
    assert not filters.has_provider_prefix(F.alnum(30))


@pytest.mark.parametrize("value", [
    "squ_" + F.hex(40) + F.alnum(4),  # SonarQube user token, four characters too long
    "sqa_" + F.hex(39),  # an analysis token, one short
    "xoxp-" + F.digits(12) + "-" + F.alnum(20),  # a Slack user token of the wrong layout
])
def test_a_near_miss_of_a_prefix_variant_is_left_to_its_rule(value):
    """A rule whose prefix varies (``sq[pua]_``) owns each variant, not only the common part."""
    assert run_rules(ALL_RULES, f"sonar.token={value}\nAPI_TOKEN: {value}") == []


def test_context_words_are_not_owned_prefixes():
    from jupyter_secrets.detection.rules.near_miss import provider_prefixes

    assert "squ_" in provider_prefixes() and "sumo" not in provider_prefixes()
