"""Tokens whose format carries a CRC32 (GitHub, npm): a token whose suffix checks is reported
even when its random part is of low entropy; a made-up value of the same shape must look random."""

from __future__ import annotations

import binascii

import pytest

from jupyter_secrets.detection.rules import RULES_BY_ID
from jupyter_secrets.detection.rules.validators import has_crc32_suffix

from .fakes import Fakes
from .runner import run_rule

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _base62(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = BASE62[r] + out
    return out.rjust(6, "0")


def _with_checksum(prefix: str, random: str) -> str:
    return prefix + random + _base62(binascii.crc32(random.encode()))


RULES = [("github-pat-classic", "ghp_"), ("github-oauth-token", "gho_"),
         ("github-server-to-server-token", "ghs_"), ("npm-access-token", "npm_")]


@pytest.mark.parametrize("rule_id,prefix", RULES)
def test_a_low_entropy_token_with_a_valid_checksum_is_found(rule_id, prefix):
    # few distinct characters: below the entropy gate, which only the checksum overrides
    token = _with_checksum(prefix, Fakes(rule_id).chars("ab", 30))
    assert has_crc32_suffix(token, len(prefix))
    assert [h.secret for h in run_rule(RULES_BY_ID[rule_id], f'token = "{token}"')] == [token]


@pytest.mark.parametrize("rule_id,prefix", RULES)
def test_the_same_token_with_a_wrong_checksum_is_not(rule_id, prefix):
    token = _with_checksum(prefix, Fakes(rule_id).chars("ab", 30))
    broken = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert not has_crc32_suffix(broken, len(prefix))
    assert run_rule(RULES_BY_ID[rule_id], f'token = "{broken}"') == []


@pytest.mark.parametrize("rule_id,prefix", RULES)
def test_a_documentation_value_without_checksum_is_not_reported(rule_id, prefix):
    value = prefix + "EXAMPLE" + Fakes(rule_id).alnum(29)
    assert run_rule(RULES_BY_ID[rule_id], f'token = "{value}"') == []


def test_checksum_needs_the_exact_length():
    token = _with_checksum("ghp_", Fakes("len").alnum(30))
    assert has_crc32_suffix(token, 4)
    assert not has_crc32_suffix(token + "0", 4)
    assert not has_crc32_suffix(token[:-1], 4)
