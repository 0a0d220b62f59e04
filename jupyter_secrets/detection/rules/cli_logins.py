"""Passwords typed on a command line: ``docker login -p``, ``mysql -pSECRET``, ``sshpass -p``.

Notebooks run these in ``!`` lines and ``%%bash`` cells. Long flags (``--password=...``) are
the generic flag rule's; these are the short and glued forms each tool documents.
"""
from __future__ import annotations

from ..rule import Rule

FAMILY = "cli"
_VALUE = r"""["']?(?P<secret>[^\s"'`$<>{}()|;&]{6,128})"""


def _rule(rule_id: str, description: str, pattern: str, keywords) -> Rule:
    return Rule(id=rule_id, description=description, pattern=pattern, family=FAMILY,
                keywords=tuple(keywords), generic=True, min_entropy=2.5)


RULES = (
    _rule("registry-login-password",
          "Password passed to docker / podman / helm / oras login with -p",
          r"(?i)\blogin\b[^\n|;&]{0,200}?[ \t](?:-p|--password)(?:=|[ \t]+)" + _VALUE,
          ("login",)),
    _rule("mysql-cli-password", "Password glued to mysql's -p flag (mysql -uroot -pSECRET)",
          r"\b(?i:mysql|mysqldump|mysqladmin|mariadb)\b[^\n|;&]{0,200}?[ \t]-p" + _VALUE,
          ("mysql", "mariadb")),
    _rule("sshpass-password", "Password given to sshpass -p", r"\bsshpass[ \t]+-p[ \t]*" + _VALUE,
          ("sshpass",)),
)
