"""An entropy gate must drop placeholders, never real keys. Each provider rule's example is
re-drawn many times with the same shape (prefix and separators kept, random characters
re-drawn from the alphabet the example uses); nearly all draws must clear the rule's gate."""

from __future__ import annotations

import random
import string

import pytest

from jupyter_secrets.detection.filters import shannon_entropy
from jupyter_secrets.detection.rules import RULES_BY_ID

from .all_cases import ALL_CASES

DRAWS = 1000
MAX_LOST = 3  # of DRAWS: a gate may drop a key in a few hundred, no more
LONG = 200  # longer values barely vary in entropy; a few draws tell enough
HEX = "0123456789abcdef"


def _alphabet(chars: str) -> str:
    used = set(chars)
    if used <= set(HEX):
        return HEX
    groups = (string.digits, string.ascii_lowercase, string.ascii_uppercase)
    return "".join(group for group in groups if used & set(group))


GATED = [
    pytest.param(case.rule_id, case.positives[0][1], id=case.rule_id)
    for case in ALL_CASES
    if RULES_BY_ID[case.rule_id].min_entropy and not RULES_BY_ID[case.rule_id].generic
]


@pytest.mark.parametrize("rule_id,example", GATED)
def test_entropy_gate_keeps_real_keys(rule_id, example):
    rule = RULES_BY_ID[rule_id]
    prefix = rule.prefix if example.startswith(rule.prefix) else ""
    body = example[len(prefix) :]
    alphabet = _alphabet("".join(c for c in body if c.isalnum()))
    rng = random.Random(rule_id)
    lost, draws = 0, DRAWS if len(example) < LONG else DRAWS // 20
    template = [None if c.isalnum() else c for c in body]
    for _ in range(draws):
        fresh = iter(rng.choices(alphabet, k=len(template)))
        drawn = "".join(c if c is not None else next(fresh) for c in template)
        lost += shannon_entropy(prefix + drawn) < rule.min_entropy
    assert lost <= MAX_LOST, f"{lost} of {draws} keys shaped like the example fall below the gate"
