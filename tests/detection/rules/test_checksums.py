"""Tokens whose format carries a CRC32 (GitHub, npm): a token whose suffix checks is reported
even when its random part is of low entropy; at the documented length a value whose suffix does
not check is no token, however random it looks, and no generic rule reports it either."""

from __future__ import annotations

import pytest

from jupyter_secrets.detection.engine import Engine
from jupyter_secrets.detection.rules import RULES_BY_ID
from jupyter_secrets.detection.rules.validators import has_crc32_suffix
from tests.token_formats import crc32_token, with_bad_checksum

from .fakes import Fakes
from .runner import run_rule


def _with_checksum(prefix: str, random: str) -> str:
    return crc32_token(prefix, random)


RULES = [("github-pat-classic", "ghp_"), ("github-oauth-token", "gho_"),
         ("github-user-to-server-token", "ghu_"), ("github-server-to-server-token", "ghs_"),
         ("npm-access-token", "npm_")]
ENGINE = Engine()


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


@pytest.mark.parametrize("rule_id,prefix", RULES)
def test_a_random_value_with_a_wrong_checksum_is_not_reported(rule_id, prefix):
    """High entropy is no excuse: every token of this length that the issuer made checks."""
    fakes = Fakes("random-" + rule_id)
    for _ in range(20):
        broken = with_bad_checksum(crc32_token(prefix, fakes.alnum(30)))
        assert run_rule(RULES_BY_ID[rule_id], f'token = "{broken}"') == []


@pytest.mark.parametrize("rule_id,prefix", RULES)
@pytest.mark.parametrize("template", ['g = Github("{}")', "GITHUB_TOKEN={}", "api_key: {}",
                                      "//registry.npmjs.org/:_authToken={}",
                                      '{{"token": "{}"}}', "export NPM_TOKEN={}"])
def test_no_rule_of_the_engine_reports_a_wrong_checksum(rule_id, prefix, template):
    """A generic rule sees the owned prefix and leaves the value to the provider's rule."""
    fakes = Fakes("engine-" + rule_id + template)
    good = crc32_token(prefix, fakes.alnum(30))
    assert [m.rule.id for m in ENGINE.scan(template.format(good))] == [rule_id]
    assert ENGINE.scan(template.format(with_bad_checksum(good))) == []


def test_a_longer_github_token_without_a_documented_checksum_must_look_random():
    fakes = Fakes("refresh")
    assert run_rule(RULES_BY_ID["github-refresh-token"], f'token = "ghr_{fakes.alnum(76)}"')
    assert run_rule(RULES_BY_ID["github-refresh-token"], f'token = "ghr_{"ab" * 38}"') == []

