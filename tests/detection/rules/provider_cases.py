"""Builders for provider rule examples with the standard near misses.

Every provider rule must find its token and must not fire on: the same alphabet at the wrong
length, a placeholder run (``xxxx``), a documentation-style value holding ``EXAMPLE``, and a
neighbouring provider's format, besides the token glued inside a longer word.
"""

from __future__ import annotations

from typing import Sequence, Tuple

from .cases import Case, context_case, token_case


def documented(value: str) -> str:
    """The value as documentation writes it: the same shape with EXAMPLE in it."""
    return value[:-7] + "EXAMPLE" if len(value) > 10 else "EXAMPLE"


def placeholder(value: str) -> str:
    return "x" * len(value)


def tok(
    rule_id: str,
    prefix: str,
    body: str,
    wrong_length: str,
    neighbours: Sequence[str] = (),
    template: str = 'key = "{}"',
    extra_positives: Sequence[Tuple[str, str]] = (),
) -> Case:
    """A prefixed token; ``wrong_length`` is a body of the right alphabet and a wrong length."""
    negatives = [
        prefix + wrong_length,
        prefix + placeholder(body),
        prefix + documented(body),
        *neighbours,
    ]
    return token_case(rule_id, prefix + body, negatives, template, extra_positives)


def named(
    rule_id: str,
    name: str,
    value: str,
    wrong_length: str,
    neighbours: Sequence[str] = (),
    template: str = '{} = "{}"',
    extra_positives: Sequence[Tuple[str, str]] = (),
) -> Case:
    """A value after its provider's name; the usual misses sit under the same name, and the
    value itself under an unrelated name."""
    negatives = [wrong_length, placeholder(value), documented(value), *neighbours]
    return context_case(rule_id, name, value, negatives, template, extra_positives)
