"""The project's own redaction markers never look like a secret to any rule.

Sources get ``REDACTED_RULE_ID`` in place of the secret (same quotes, so code still parses),
outputs get ``[REDACTED:rule-id]``, and ``<redacted:rule-id>`` is shown in places. Each
example of each rule, once redacted in each style, must leave nothing for any rule to find.
"""

from __future__ import annotations

import pytest

from jupyter_secrets.detection.rules import ALL_RULES

from .all_cases import ALL_CASES
from .runner import run_rules


def _markers(rule_id: str):
    return (
        "REDACTED_" + rule_id.upper().replace("-", "_"),
        f"[REDACTED:{rule_id}]",
        f"<redacted:{rule_id}>",
    )


REDACTED = [
    pytest.param(case.rule_id, text.replace(secret, marker), id=f"{case.rule_id}-{i}-{j}")
    for case in ALL_CASES
    for i, (text, secret) in enumerate(case.positives)
    for j, marker in enumerate(_markers(case.rule_id))
]


@pytest.mark.parametrize("rule_id,text", REDACTED)
def test_redacted_examples_hold_nothing(rule_id, text):
    assert [(h.rule_id, h.secret) for h in run_rules(ALL_RULES, text)] == []


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.id)
def test_markers_alone_and_in_common_places_hold_nothing(rule):
    for marker in _markers(rule.id):
        for text in (
            marker,
            f'api_key = "{marker}"',
            f"password: {marker}",
            f"Bearer {marker}",
            f"postgresql://user:{marker}@db.internal/x",
            f"TOKEN={marker}",
            f"--password={marker}",
            f"%env API_KEY={marker}",
        ):
            assert run_rules(ALL_RULES, text) == [], text
