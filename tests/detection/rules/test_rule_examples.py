"""Every rule against its own examples: what it must find, and the near misses it must not."""

from __future__ import annotations

import pytest

from jupyter_secrets.detection.rules import ALL_RULES, RULES_BY_ID

from .all_cases import ALL_CASES
from .fakes import Fakes
from .runner import keyword_present, raw_matches, run_rule

POSITIVES = [
    pytest.param(case.rule_id, text, secret, id=f"{case.rule_id}-{i}")
    for case in ALL_CASES
    for i, (text, secret) in enumerate(case.positives)
]
NEGATIVES = [
    pytest.param(case.rule_id, text, id=f"{case.rule_id}-{i}")
    for case in ALL_CASES
    for i, text in enumerate(case.negatives)
]


def test_every_rule_has_examples_of_both_kinds():
    cased = {case.rule_id: case for case in ALL_CASES}
    missing = [
        r.id
        for r in ALL_RULES
        if r.id not in cased or not cased[r.id].positives or not cased[r.id].negatives
    ]
    assert missing == []
    assert set(cased) <= set(RULES_BY_ID), set(cased) - set(RULES_BY_ID)


@pytest.mark.parametrize("rule_id,text,secret", POSITIVES)
def test_rule_finds_its_secret(rule_id, text, secret):
    hits = run_rule(RULES_BY_ID[rule_id], text)
    assert [hit.secret for hit in hits] == [secret]


@pytest.mark.parametrize("rule_id,text", NEGATIVES)
def test_rule_ignores_near_misses(rule_id, text):
    assert run_rule(RULES_BY_ID[rule_id], text) == []


@pytest.mark.parametrize("rule_id,text,secret", POSITIVES)
def test_every_match_holds_a_keyword(rule_id, text, secret):
    """The engine skips a rule when none of its keywords occurs: a match without one would be
    silently lost. Checked on every raw match, before filters."""
    rule = RULES_BY_ID[rule_id]
    for hit in raw_matches(rule, text):
        assert keyword_present(rule, hit.matched.encode()), (rule_id, rule.keywords)


@pytest.mark.parametrize("rule_id,text,secret", POSITIVES)
def test_prefix_is_where_the_secret_starts(rule_id, text, secret):
    """Previews show the prefix, so it must be the literal start of what the rule reports."""
    prefix = RULES_BY_ID[rule_id].prefix
    assert not prefix or secret.startswith(prefix) or secret.lower().startswith(prefix.lower())


GLUED = [
    pytest.param(case.rule_id, secret, id=f"{case.rule_id}-{i}")
    for case in ALL_CASES
    for i, (_, secret) in enumerate(case.positives)
    if secret[:1].isalnum()
]


@pytest.mark.parametrize("rule_id,secret", GLUED)
def test_rule_does_not_fire_inside_longer_random_strings(rule_id, secret):
    """Base64 image data and other blobs hold long runs of letters and digits; a token's
    shape inside one of them is chance, not a key."""
    blob = Fakes(rule_id)
    text = blob.alnum(40) + secret + blob.alnum(40)
    assert secret not in [hit.secret for hit in run_rule(RULES_BY_ID[rule_id], text)]
