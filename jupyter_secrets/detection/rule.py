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
    ``keywords`` are lowercase literals: the rule runs only on text that contains one of them
    (case-insensitively); every match of ``pattern`` must contain one of them.
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

    def __post_init__(self):
        if not self.keywords or any(k != k.lower() or not k for k in self.keywords):
            raise ValueError(f"rule {self.id}: keywords must be non-empty lowercase literals")
