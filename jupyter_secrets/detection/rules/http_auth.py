"""Credentials on HTTP command lines: curl, wget and httpie headers and form fields.

``-u user:password`` and ``--password=`` are the generic CLI rules'; these cover what those
cannot see: an ``Authorization`` header of any scheme given with ``-H`` / ``--header``, and
credentials sent as form or query data (``-d 'user=me&password=...'``).
"""
from __future__ import annotations

from ..filters import mixes_character_classes
from ..rule import Rule

FAMILY = "http"
_FORM_NAMES = ("password", "passwd", "pwd", "pass", "secret", "client_secret", "api_key",
               "apikey", "access_token", "refresh_token", "token")

RULES = (
    Rule(id="cli-authorization-header", family=FAMILY, generic=True, min_entropy=3.0,
         description="Authorization header passed to curl / wget / httpie (-H, --header)",
         pattern=(r"""(?i)(?:\s-H|--header)(?:=|[ \t]+)["']?authorization[ \t]*:[ \t]*"""
                  r"(?:[A-Za-z][\w-]{1,20}[ \t]+)?"
                  r"(?P<secret>[A-Za-z0-9\-._~+/:=]{12}[A-Za-z0-9\-._~+/:=]*)"),
         keywords=("authorization",), validators=(mixes_character_classes,)),
    Rule(id="httpie-authorization-header", family=FAMILY, generic=True, min_entropy=3.0,
         description="Authorization header given to httpie as Authorization:value",
         pattern=(r"""(?i)\bhttps?[ \t]+[^\n]{0,300}?[ \t]["']?authorization:["']?"""
                  r"(?:[A-Za-z][\w-]{1,20}[ \t]+)?"
                  r"(?P<secret>[A-Za-z0-9\-._~+/=]{12}[A-Za-z0-9\-._~+/=]*)"),
         keywords=("authorization:",), validators=(mixes_character_classes,)),
    Rule(id="cli-form-credential", family=FAMILY, generic=True, min_entropy=2.5,
         description="Credential sent as form data (curl -d / --data / -F, wget --post-data)",
         pattern=(r"""(?i)\b(?:curl|wget)\b[^\n|;]{0,200}?"""
                  r"""(?:\s-d|\s-F|--data(?:-raw|-urlencode|-binary|-ascii)?|--form"""
                  r"""|--post-data)(?:=|[ \t]+)["']?(?:[^\s"'&]{1,40}&){0,4}"""
                  r"(?:" + "|".join(_FORM_NAMES) + r")="
                  r"""(?P<secret>[^&\s"'`$<>{}()]{6,100})"""),
         keywords=("curl", "wget")),
)
