"""Secret names as governance sees them: valid for the backends, and not a value by mistake.

`secret(os.environ["OPENAI_API_KEY"])` passes a key where a name belongs. Such a "name" would
end up in the audit trail, the server's log and error messages, so a name is checked before
anything records or shows it: a string that is not a valid name, or that the detection engine
recognises as a key, is refused with an error that never repeats it.
"""
from __future__ import annotations

import functools
from typing import Any, Optional

from ..backends.base import InvalidSecretName, is_valid_name

NAME_RULES = ("a secret name is 1 to 128 letters, digits, '_', '.' or '-', starting with a "
              "letter or '_'")
EXAMPLE = "pass the name the value is stored under, e.g. secret('OPENAI_API_KEY')"


class NotAName(InvalidSecretName):
    """The string given as a name is not one, and may be a value: the message never shows it."""

    def __init__(self, backend: str, rule: str = ""):
        self.rule = rule
        seen = f" (it matches the detection rule {rule})" if rule else ""
        super(InvalidSecretName, self).__init__(
            backend, f"that looks like a value, not a name{seen}: {NAME_RULES}", EXAMPLE)


#: The earlier name of the error for a name the detector recognises as a key.
ValueAsName = NotAName


def checked_name(backend: str, name: object, engine: Optional[Any] = None) -> str:
    """`name` if it is a valid name and no detection rule sees a secret in it, else NotAName.

    `engine` is a detection engine already built (the kernel's); by default one is built once."""
    if not is_valid_name(name) or looks_random(name):  # type: ignore[arg-type]
        raise NotAName(backend)
    found = (engine or _engine()).scan(name)
    if found:
        raise NotAName(backend, found[0].rule.id)
    return name  # type: ignore[return-value]


def looks_random(name: str) -> bool:
    """Long, with upper and lower case letters and digits, switching between them as often as
    a random token does (about every other character; a CamelCase name switches once a word):
    what names are not (`OPENAI_API_KEY`, `MyServiceKey2024`) and what tokens are."""
    if len(name) < 20:
        return False
    kinds = [c.islower() - c.isupper() + 2 * c.isdigit() for c in name if c.isalnum()]
    if len(set(kinds)) < 3:
        return False
    switches = sum(a != b for a, b in zip(kinds, kinds[1:]))
    return switches >= 0.45 * (len(kinds) - 1)


def is_safe_to_record(name: object) -> bool:
    try:
        checked_name("audit", name)
    except InvalidSecretName:
        return False
    return True


@functools.lru_cache(maxsize=1)
def _engine():
    from ..detection.engine import Engine

    return Engine()
