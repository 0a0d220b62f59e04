import base64

import pytest

from jupyter_secrets.detection.literals import HyperscanLiterals, Re2Literals
from jupyter_secrets.detection.prefilter import KeywordPrefilter, encoded_forms
from jupyter_secrets.detection.rule import Rule

MATCHERS = [Re2Literals, HyperscanLiterals]


def rule(rule_id, *keywords, exact=False):
    return Rule(id=rule_id, description="d", pattern="x", keywords=keywords, case_sensitive_keywords=exact)


@pytest.mark.parametrize("matcher", MATCHERS)
def test_both_matchers_report_every_literal_overlaps_included(matcher):
    found = matcher([(b"sk-proj-", True, False), (b"proj", True, False), (b"EAA", False, False),
                     (b"absent", True, False)])
    assert sorted(found.occurrences(b"x SK-PROJ-abc sk-proj-def EAAB eaa")) == [
        (0, -1), (1, -1), (2, -1)] if matcher is Re2Literals else [(0, 10), (1, 6), (2, 29)]
    assert list(found.occurrences(b"nothing here")) == []


def test_hyperscan_tells_where_every_occurrence_ends():
    found = HyperscanLiterals([(b"key", True, True), (b"tok", False, False)])
    assert found.occurrences(b"key KEY tok tok") == [(0, 3), (0, 7), (1, 11)]


@pytest.mark.parametrize("prefer_hyperscan", [False, True])
def test_prefilter_maps_keywords_to_rules_and_encodings(prefer_hyperscan):
    rules = [rule("a", "password"), rule("b", "token", "password"), rule("c", "EAA", exact=True)]
    prefilter = KeywordPrefilter(rules, prefer_hyperscan)
    assert prefilter.backend == ("hyperscan" if prefer_hyperscan else "re2")
    assert prefilter.scan(b"PassWord=1") == ([0, 1], frozenset())
    assert prefilter.scan(b"digest 0eaa3f") == ([], frozenset())
    hidden = base64.b64encode(b'{"Password": "x"}')
    assert prefilter.scan(hidden) == ([], frozenset({"base64"}))
    assert prefilter.scan(b"token".hex().encode()) == ([], frozenset({"hex"}))


def test_encoded_forms_hold_each_alignment_and_skip_chance_short_ones():
    forms = encoded_forms([("sk-proj-", False)])
    for pad in (b"", b"x", b"xy"):
        encoded = base64.b64encode(pad + b"sk-proj-abc")
        assert any(form in encoded for form, kind in forms.items() if kind == "base64")
    assert all(len(form) >= 4 for form in forms)
    assert not any(kind == "hex" for kind in encoded_forms([("sk", False)]).values())
