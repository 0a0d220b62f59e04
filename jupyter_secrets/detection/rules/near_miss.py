"""Values that carry a provider's documented prefix belong to that provider's rule.

A generic rule (``api_key = "..."``) sees any random value; when the value starts with a
prefix that a provider rule owns (``gsk_``, ``lin_api_``, ``CFPAT-``) and that rule did not
report it, the value is a near miss of that format (cut short, too long, a bad checksum), not
an unknown credential. The prefixes are read from the rule set, so each new provider rule
narrows the generic rules by itself.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Tuple

from ..filters import has_provider_prefix

#: Prefixes shared by whole classes of values, not owned by one format.
_SHARED = ("eyJ", "-----", "LS0tLS1")
#: Words people start any value with (``api-...``, ``secret_...``): no format owns them.
_COMMON_WORDS = frozenset({"access", "api", "key", "secret", "pat", "token", "auth", "pass"})


def _owned(prefix: str) -> bool:
    if len(prefix) < 4 or "://" in prefix or any(c.isspace() for c in prefix):
        return False
    if prefix.startswith(_SHARED) or len(set(prefix)) == 1:
        return False
    return prefix.strip("-_.").lower() not in _COMMON_WORDS


@lru_cache(maxsize=1)
def provider_prefixes() -> Tuple[str, ...]:
    from . import ALL_RULES  # the rule set is complete by the time a rule runs

    owned = set()
    for rule in ALL_RULES:
        if rule.generic or rule.family in ("generic", "keys") or not rule.prefix:
            continue
        # a rule whose prefix varies (``sq[pua]_``) shows only the common part; its keywords
        # that extend that part are the prefixes it owns (not a context rule's plain words)
        heads = (rule.prefix,) + tuple(k for k in rule.keywords if k.startswith(rule.prefix)
                                       and not (k.isalpha() and k.islower()))
        owned.update(head for head in heads if _owned(head))
    return tuple(sorted(owned))


def not_provider_near_miss(value: str) -> bool:
    """False for a value that starts with a provider rule's prefix (see the module doc)."""
    return not (has_provider_prefix(value) or value.startswith(provider_prefixes()))
