"""Kernel tokens: bound to a kernel, hashed, refreshed while it lives, gone with it."""
from __future__ import annotations

import pytest

from jupyter_secrets.governance.tokens import TokenRefused, TokenStore


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


def test_a_token_names_its_kernel_and_is_stored_only_hashed(clock):
    store = TokenStore(ttl=60, clock=clock)
    token = store.issue("k1", "a.ipynb", "alice")
    found = store.verify(token)
    assert (found.kernel_id, found.path_hint, found.user) == ("k1", "a.ipynb", "alice")
    assert token not in repr(store.__dict__)


@pytest.mark.parametrize("token, reason", [
    (None, "no kernel token"), ("", "no kernel token"),
    ("abc", "not a kernel token"), ("jsk_" + "x" * 43, "unknown"), ("jsk_" + "x" * 300, "not a kernel")])
def test_missing_malformed_and_forged_tokens_are_refused(clock, token, reason):
    store = TokenStore(ttl=60, clock=clock)
    store.issue("k1", "", "alice")
    with pytest.raises(TokenRefused, match=reason):
        store.verify(token)


def test_a_token_expires_unless_its_kernel_is_alive_at_refresh(clock):
    store = TokenStore(ttl=60, clock=clock)
    live, dead = store.issue("live", "", "a"), store.issue("dead", "", "a")
    clock.now += 50
    store.refresh(["live", "dead"])
    clock.now += 50  # 100 s after issue: only the refresh kept them
    assert store.verify(live).kernel_id == "live"
    store.refresh(["live"])  # "dead" has shut down
    with pytest.raises(TokenRefused, match="unknown"):
        store.verify(dead)
    clock.now += 61
    with pytest.raises(TokenRefused, match="expired") as refused:
        store.verify(live)
    assert refused.value.kernel_id == "live"
    store.refresh(["live"])  # an expired token is not revived
    with pytest.raises(TokenRefused, match="expired"):
        store.verify(live)


def test_a_restart_replaces_the_token_and_a_shutdown_revokes_it(clock):
    store = TokenStore(ttl=60, clock=clock)
    first = store.issue("k1", "", "a")
    second = store.issue("k1", "", "a")  # the provisioner runs again on restart
    with pytest.raises(TokenRefused):
        store.verify(first)
    store.revoke("k1")
    with pytest.raises(TokenRefused):
        store.verify(second)
