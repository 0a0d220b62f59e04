"""No rule fires on ordinary notebook content: code, outputs, hashes, ids, images, prose."""

from __future__ import annotations

import pytest

from jupyter_secrets.detection.rules import ALL_RULES

from .corpus import benign_texts
from .fakes import Fakes
from .runner import keyword_present, raw_matches, run_rules

TEXTS = benign_texts()


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_no_rule_fires_on_benign_content(name):
    hits = run_rules(ALL_RULES, TEXTS[name])
    assert [(h.rule_id, h.matched[:60]) for h in hits] == []


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_raw_matches_hold_a_keyword_even_where_filters_drop_them(name):
    for rule in ALL_RULES:
        for hit in raw_matches(rule, TEXTS[name]):
            assert keyword_present(rule, hit.matched.encode()), (rule.id, hit.matched[:60])


def test_all_of_it_at_once():
    assert run_rules(ALL_RULES, "\n".join(TEXTS.values())) == []


@pytest.mark.parametrize("alphabet", ["b64", "b64url", "hex", "alnum"])
def test_no_rule_fires_on_half_a_megabyte_of_random_data(alphabet):
    """What an image, a pickle or a model dump looks like once encoded."""
    blob = getattr(Fakes(alphabet), alphabet)(512 * 1024)
    assert run_rules(ALL_RULES, blob) == []
