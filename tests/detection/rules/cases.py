"""The shape of a rule's examples, and helpers that build the usual near misses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Sequence, Tuple


@dataclass
class Case:
    rule_id: str
    #: (text, the secret the rule must report in it)
    positives: List[Tuple[str, str]]
    #: texts in which the rule must report nothing
    negatives: List[str] = field(default_factory=list)


def token_case(
    rule_id: str,
    secret: str,
    negatives: Sequence[str] = (),
    template: str = 'key = "{}"',
    extra_positives: Sequence[Tuple[str, str]] = (),
):
    """A token in an assignment, plus the token glued to a word (no boundary) and each
    near-miss value placed in the same assignment."""
    negs = [template.format(n) for n in negatives]
    negs.append(f"blob{secret}")
    positives = [(template.format(secret), secret), (f"{secret}\n", secret)]
    return Case(rule_id, positives + list(extra_positives), negs)


def context_case(
    rule_id: str,
    name: str,
    value: str,
    negatives: Sequence[str] = (),
    template: str = '{} = "{}"',
    extra_positives: Sequence[Tuple[str, str]] = (),
):
    """A value after its provider's name; the same value under an unrelated name must not fire."""
    negs = [template.format(name, n) for n in negatives]
    negs.append(template.format("model_name", value))
    return Case(rule_id, [(template.format(name, value), value)] + list(extra_positives), negs)
