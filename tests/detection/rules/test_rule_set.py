"""The rule set as a whole: ids, patterns, keywords and the shape the engine relies on."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import re2

from jupyter_secrets.detection.rules import ALL_RULES, RULES_BY_ID
from jupyter_secrets.detection.rules.validators import not_redacted

KEBAB = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def test_there_are_many_rules_with_unique_kebab_case_ids():
    ids = [rule.id for rule in ALL_RULES]
    assert len(ids) > 120
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert [i for i in ids if not KEBAB.fullmatch(i)] == []
    assert set(RULES_BY_ID) == set(ids)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_pattern_compiles_with_re2_and_names_its_secret(rule):
    compiled = re2.compile(rule.pattern.encode("utf-8"))
    groups = compiled.groupindex
    assert b"secret" in groups or "secret" in groups, "the reported span must be explicit"


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_rule_is_described_and_filed(rule):
    assert rule.description and rule.family
    assert rule.keywords and all((rule.case_sensitive_keywords or k == k.lower()) and k.strip() == k
                                 for k in rule.keywords)
    assert rule.min_entropy >= 0


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_keywords_are_specific(rule):
    """Every keyword hit makes the rule run over the text, so short keywords are kept for
    generic rules and the few providers whose documented prefix is itself short."""
    short = [k for k in rule.keywords if len(k) < 3]
    assert short == [] or rule.id in {
        "twilio-api-key",
        "azure-ad-client-secret",
        "generic-cli-user-password",
    }, short


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_every_rule_refuses_redaction_markers_by_itself(rule):
    assert not_redacted in rule.validators
    assert not all(check("abcREDACTED_X") for check in rule.validators)


def test_generic_rules_are_the_free_form_ones():
    generic = {rule.id for rule in ALL_RULES if rule.generic}
    assert {r.id for r in ALL_RULES if r.family == "generic"} <= generic
    assert {"database-url-password", "http-basic-auth-url"} <= generic
    assert "openai-project-key" not in generic


def test_specific_rules_come_before_generic_ones():
    """On equal spans the engine keeps the earlier rule's name: the provider's, not 'generic'."""
    families = [rule.family for rule in ALL_RULES]
    first_generic = families.index("generic")
    assert set(families[first_generic:]) == {"generic"}
    order = [rule.id for rule in ALL_RULES]
    assert order.index("gcp-service-account-key") < order.index("private-key-pem")
