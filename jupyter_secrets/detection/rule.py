"""The shape of a detection rule. Rules are data; the engine runs them."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Tuple

Predicate = Callable[[str], bool]


@dataclass(frozen=True)
class Rule:
    """A provider token format or a generic credential assignment.

    ``pattern`` is RE2 syntax (so it runs in linear time) and is matched against UTF-8 bytes.
    The secret is the named group ``secret`` when present, else the whole match.
    ``keywords`` are literals: the rule runs only on text that contains one of them, and every
    match of ``pattern`` must contain one. They are lowercase and match in any case, unless
    ``case_sensitive_keywords`` says they match exactly as written: worth it for fixed-case
    prefixes ("EAA", "ACCA") that a case-blind search would find in every hex digest.
    """

    id: str
    description: str
    pattern: str
    keywords: Tuple[str, ...]
    family: str = ""
    #: A well-known, non-secret prefix shown in previews (e.g. "sk-proj-").
    prefix: str = ""
    #: Minimum Shannon entropy (bits per character) of the secret; 0 disables the gate.
    min_entropy: float = 0.0
    #: Generic rules (assignments, headers) also pass the placeholder / stop-list filters.
    generic: bool = False
    #: Extra predicates on the secret; all must hold for a match to count.
    validators: Tuple[Predicate, ...] = field(default=())
    case_sensitive_keywords: bool = False

    def __post_init__(self):
        if not self.keywords or not all(self.keywords):
            raise ValueError(f"rule {self.id}: keywords must be non-empty literals")
        if not self.case_sensitive_keywords and any(k != k.lower() for k in self.keywords):
            raise ValueError(f"rule {self.id}: case-blind keywords must be lowercase")
