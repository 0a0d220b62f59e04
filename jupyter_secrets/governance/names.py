"""Secret names as governance sees them: valid for the backends, and not a value by mistake.

`secret(os.environ["OPENAI_API_KEY"])` passes a key where a name belongs. Such a "name" would
end up in the audit trail, the server's log and error messages, so a name is checked before
anything records or shows it: a string that is not a valid name, or that the detection engine
recognises as a key, is refused with an error that never repeats it.
"""
from __future__ import annotations

import functools
import re
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


#: Words as names are built from them: `Open`, `AI`, `api`, `2024`.
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")
_VOWELS = frozenset("aeiouyAEIOUY")
_WINDOW = 24


def looks_random(name: str) -> bool:
    """What tokens are and names are not: long, switching between upper case, lower case and
    digits about every other character somewhere along it (a random token does so everywhere,
    a CamelCase name once or twice a word), and with a third or more of its letters outside
    anything that reads as a word (a random "word" mostly lacks a vowel: `Xq`, `bZt`).
    `AzureOpenAIApiKeyProdEastUs2` and `Db2ConnStrForQa1Env2Eu3` pass; `sk_proj_<64 random>`
    with a `TOKEN_` prefix does not."""
    if len(name) < 20:
        return False
    kinds = [c.islower() - c.isupper() + 2 * c.isdigit() for c in name if c.isalnum()]
    if len(set(kinds)) < 3:
        return False
    switches = [a != b for a, b in zip(kinds, kinds[1:])]
    span = min(_WINDOW - 1, len(switches))
    window = best = sum(switches[:span])
    for i in range(span, len(switches)):
        window += switches[i] - switches[i - span]
        best = max(best, window)
    if best < 0.45 * span:
        return False
    letters = unreadable = 0
    for word in _WORD.findall(name):
        if word.isdigit():
            continue
        letters += len(word)
        if len(word) < 2 or word.isupper() or not _VOWELS.intersection(word):
            unreadable += len(word)
    return unreadable >= 0.3 * letters


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
