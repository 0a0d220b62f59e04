"""Builders for the usual rule shapes, so each provider module reads as a table of formats.

Two shapes cover most providers:

- ``token``: a literal, documented prefix plus a bounded body (``ghp_`` + 36). The match must
  start at a word boundary and end where the token's alphabet ends, so it never fires inside a
  longer random string such as base64 image data.
- ``context``: a value with no prefix of its own (a 40-hex key) that counts only right after a
  name saying what it is (``WANDB_API_KEY = "..."``, ``wandb.login(key="...")``).

Patterns are RE2: no lookaround, so boundaries are consumed characters outside the secret group.
"""
from __future__ import annotations

import re
from typing import Iterable, Sequence, Tuple

from ..rule import Predicate, Rule

#: The characters of an identifier; a token must not continue into one of them.
WORD = "A-Za-z0-9_"
#: What may sit between a name and its value: ``=``, ``:``, ``=>``, ``(``, ``,`` or a blank
#: (shell and CLI forms like ``wandb login KEY``, at most two words), then an optional
#: keyword argument and an opening quote. Every run is bounded, so a rule's matches have a
#: known reach and the engine searches only around its keywords, not a whole long text
#: (a keyword turns up by chance in image data).
SEPARATOR = (r"""(?:\s{0,16}(?:=>|:=|=|:|,|\()\s{0,16}|\s{1,16}(?:[a-z][a-z-]{1,15}\s{1,8}){0,2})"""
             r"""(?:[A-Za-z_]{1,20}\s{0,4}=\s{0,4})?(?:[bru]?["'`])?""")
#: The rest of a name after its distinctive word: ``COHERE`` + ``_API_KEY"]``.
NAME_TAIL = r"""[\w.\-]{0,30}?["'\]]{0,2}"""


def alternation(words: Iterable[str]) -> str:
    """A case-insensitive RE2 group matching any of ``words`` literally."""
    return "(?i:" + "|".join(re.escape(w) for w in words) + ")"


def tail(extra: str = "") -> str:
    """Consumes the character after a token: anything outside the token's own alphabet."""
    return rf"(?:[^{WORD}{re.escape(extra)}]|$)"


def tail_or_full_stop(extra: str) -> str:
    """Like ``tail``, for tokens that may hold dots: a dot ends the token when what follows
    it could not continue one (the end of a sentence)."""
    return rf"(?:[^{WORD}{re.escape(extra)}]|\.(?:[^{WORD}\-]|$)|$)"


def lead(prefix: str) -> str:
    return r"\b" if prefix[:1].isalnum() or prefix[:1] == "_" else ""


def token(rule_id: str, description: str, prefix: str, body: str, *, family: str,
          extra: str = "-", min_entropy: float = 3.0, keywords: Sequence[str] = (),
          head: str = "", end: str = "", validators: Tuple[Predicate, ...] = (),
          exact_keywords: bool = False) -> Rule:
    """A token with a literal prefix. ``body`` is the RE2 for what follows the prefix;
    ``extra`` lists the non-word characters the body may contain; ``head`` replaces the
    escaped prefix when the prefix itself varies (``sk_live_`` / ``rk_live_``); ``end``
    replaces the usual check of the character after the token; ``exact_keywords`` says the
    given keywords appear in every match in the case written."""
    start = head or re.escape(prefix)
    pattern = rf"{lead(prefix)}(?P<secret>{start}{body}){end or tail(extra)}"
    # The literal prefix is in every match, in its own case: searching for it case-blind
    # would wake the rule on every hex digest holding "eaa" or "acca".
    exact = exact_keywords or (not keywords and not head)
    return Rule(id=rule_id, description=description, pattern=pattern, family=family,
                keywords=tuple(keywords) or ((prefix,) if exact else (prefix.lower(),)),
                case_sensitive_keywords=exact, prefix=prefix,
                min_entropy=min_entropy, validators=validators)


def context(rule_id: str, description: str, words: Sequence[str], value: str, *, family: str,
            extra: str = "-", min_entropy: float = 3.0, prefix: str = "", generic: bool = False,
            validators: Tuple[Predicate, ...] = ()) -> Rule:
    """A value that is a credential only after a name containing one of ``words``.

    ``words`` are the rule's keywords too, so every match holds one of them by construction.
    ``generic`` marks free-form values (passwords) that need the placeholder filters.
    """
    pattern = (rf"{alternation(words)}{NAME_TAIL}{SEPARATOR}"
               rf"(?P<secret>{value}){tail(extra)}")
    return Rule(id=rule_id, description=description, pattern=pattern, family=family,
                keywords=tuple(w.lower() for w in words), prefix=prefix, generic=generic,
                min_entropy=min_entropy, validators=validators)


def same_line(rule_id: str, description: str, words: Sequence[str], value: str, *, family: str,
              extra: str = "-", min_entropy: float = 3.0, prefix: str = "",
              validators: Tuple[Predicate, ...] = ()) -> Rule:
    """Like ``context``, but the name may be anywhere earlier on the same line
    (``bot.run("...")``, ``modal token set --token-id ... --token-secret ...``)."""
    pattern = (rf"{alternation(words)}[^\n]{{0,100}}?[\s\"'`=(:,]"
               rf"(?P<secret>{value}){tail(extra)}")
    return Rule(id=rule_id, description=description, pattern=pattern, family=family,
                keywords=tuple(w.lower() for w in words), prefix=prefix,
                min_entropy=min_entropy, validators=validators)


def hex_chars(n: str) -> str:
    return f"[a-f0-9]{{{n}}}"


def uuid(case: str = "a-f") -> str:
    h = f"[{case}0-9]"
    return f"{h}{{8}}-{h}{{4}}-{h}{{4}}-{h}{{4}}-{h}{{12}}"

