"""The issuer on its own: claims, signatures checked with the published JWKS, key rotation with
overlap; grant targets as Vault keeps them; Vault's refusals turned into fixes."""
from __future__ import annotations

import pytest
from joserfc import jwt
from joserfc.errors import BadSignatureError, InvalidKeyIdError
from joserfc.jwk import KeySet

from jupyter_secrets.backends.vault_login import LoginRefused, explain
from jupyter_secrets.governance.grants import NOTEBOOK, WORKLOAD
from jupyter_secrets.governance.vault_policy import from_scope, role_name, to_scope
from jupyter_secrets.server.workload_identity import JwtIssuer, WorkloadJwt


class Clock:
    def __init__(self, now=1_800_000_000.0):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


def make_issuer(clock, **settings):
    return JwtIssuer(WorkloadJwt(**settings), "http://127.0.0.1:8888/user/alice/jupyter-secrets",
                     "alice", "dev", clock=clock)


def verify(token, jwks):
    return jwt.decode(token, KeySet.import_key_set(jwks), algorithms=["RS256"]).claims


def test_a_kernel_jwt_names_user_notebook_kernel_env_workloads_and_one_secret(clock):
    issuer = make_issuer(clock, lifetime=120)
    issued = issuer.for_kernel("k-1", "proj/a.ipynb", "API_KEY", ["training"])
    claims = verify(issued.token, issuer.keys.public_jwks())
    assert claims["iss"] == "http://127.0.0.1:8888/user/alice/jupyter-secrets"
    assert claims["aud"] == "jupyter-secrets"
    assert (claims["user"], claims["env"], claims["notebook"], claims["kernel_id"]) == (
        "alice", "dev", "proj/a.ipynb", "k-1")
    assert claims["secret"] == "API_KEY" and claims["kind"] == "kernel"
    assert claims["scopes"] == ["notebook:proj/a.ipynb", "workload:training"]
    assert claims["exp"] - claims["iat"] == 120 and claims["nbf"] == claims["iat"]
    assert claims["jti"] != verify(issuer.for_kernel("k-1", "proj/a.ipynb", "API_KEY", []).token,
                                   issuer.keys.public_jwks())["jti"]
    assert issuer.discovery()["jwks_uri"] == issuer.issuer + "/jwks.json"


def test_the_private_key_is_never_published(clock):
    issuer = make_issuer(clock)
    issuer.for_server()
    for key in issuer.keys.public_jwks()["keys"]:
        assert not {"d", "p", "q", "dp", "dq", "qi"} & set(key)


def test_keys_rotate_with_an_overlap_then_the_old_key_is_dropped(clock):
    issuer = make_issuer(clock, lifetime=300, key_lifetime=3600, key_overlap=900)
    old = issuer.for_kernel("k", "a.ipynb", "S", []).token
    clock.now += 3600  # the key's lifetime is over: the next JWT is signed with a new key
    new = issuer.for_kernel("k", "a.ipynb", "S", []).token
    jwks = issuer.keys.public_jwks()
    assert len(jwks["keys"]) == 2
    assert verify(old, jwks) and verify(new, jwks)
    clock.now += 900  # the overlap is over
    jwks = issuer.keys.public_jwks()
    assert len(jwks["keys"]) == 1
    assert verify(new, jwks)
    with pytest.raises((BadSignatureError, InvalidKeyIdError)):
        verify(old, jwks)


def test_overlap_is_never_shorter_than_a_token_lifetime(clock):
    issuer = make_issuer(clock, lifetime=600, key_lifetime=60, key_overlap=10)
    old = issuer.for_server().token
    clock.now += 61
    issuer.for_server()
    clock.now += 500  # past key_overlap, within the old token's lifetime
    assert verify(old, issuer.keys.public_jwks())


@pytest.mark.parametrize("kind,target,scope", [
    (NOTEBOOK, "a.ipynb", "notebook:a.ipynb"),
    (NOTEBOOK, "/proj/./b.ipynb", "notebook:proj/b.ipynb"),
    (NOTEBOOK, "proj/**", "notebook:proj/*"),
    (NOTEBOOK, "**", "notebook:*"),
    (WORKLOAD, "training", "workload:training"),
])
def test_grant_targets_as_vault_bound_claims_and_back(kind, target, scope):
    assert to_scope(kind, target) == scope
    back = from_scope("S", scope)
    assert back.kind == kind and to_scope(back.kind, back.target) == scope


@pytest.mark.parametrize("glob", ["proj/*.ipynb", "*.ipynb", "**/train*.ipynb", "a?/b.ipynb",
                                  "pr*j/**"])
def test_globs_vault_would_widen_are_refused_with_the_alternatives(glob):
    with pytest.raises(ValueError, match="folder/\\*\\*.*named workload"):
        to_scope(NOTEBOOK, glob)


def test_role_names_keep_names_that_differ_in_case_apart():
    assert role_name("Key") != role_name("key")
    assert role_name("API_KEY").startswith("grant-api_key-")


@pytest.mark.parametrize("text,kind,words", [
    ("permission denied", None, ["no JWT auth method", "vault setup"]),
    ('role "grant-s-1" could not be found', LoginRefused, ["no grant", "jupyter-secrets grant"]),
    ('role "server" could not be found', None, ["no role 'server'", "vault setup"]),
    ("error validating token: invalid audience (aud) claim: audience claim does not match any "
     "expected audience", None, ["audience", "c.WorkloadJwt.audience"]),
    ("error validating token: invalid not before (nbf) claim: token not yet valid", None,
     ["clocks", "NTP"]),
    ("error validating token: invalid expiration time (exp) claim: token is expired", None,
     ["clocks", "NTP"]),
    ("error validating token: invalid issuer (iss) claim", None, ["c.WorkloadJwt.issuer"]),
    ("error validating token: error verifying token signature: failed to verify id token "
     "signature", None, ["JWKS", "--pubkeys"]),
    ('error validating claims: claim "scopes" does not match any associated bound claim values',
     LoginRefused, ["not granted to this notebook"]),
    ('error validating claims: claim "secret" does not match any associated bound claim values',
     LoginRefused, ["not granted", "another secret"]),
    ('error validating claims: claim "user" does not match any associated bound claim values',
     LoginRefused, ["'user'", "vault setup"]),
])
def test_each_login_refusal_names_its_fix(text, kind, words):
    role = "grant-s-1" if "grant" in text or "scopes" in text or '"secret"' in text else "server"
    error = explain(text, "jupyter-dev-alice", role)
    if kind is not None:
        assert isinstance(error, kind)
    else:
        assert not isinstance(error, LoginRefused)
    shown = str(error)
    assert all(word in shown for word in words), shown
