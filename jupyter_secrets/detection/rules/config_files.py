"""Credentials in well-known configuration files: .netrc and kubeconfig."""
from __future__ import annotations

from ..rule import Rule

FAMILY = "config"

RULES = (
    Rule(id="netrc-password", family=FAMILY, generic=True, min_entropy=2.5,
         description="Password in a .netrc machine entry",
         pattern=(r"(?i)\b(?:machine\s+\S{1,253}|default)\s+(?:login\s+\S{1,128}\s+)?"
                  r"""password\s+(?P<secret>[^\s"'`]{6,128})"""),
         keywords=("machine", "default")),
    Rule(id="kubernetes-client-key-data", family=FAMILY, min_entropy=4.5,
         description="Client private key embedded in a kubeconfig (base64 PEM)",
         prefix="LS0tLS1CRUdJTi",
         pattern=(r"(?i:client-key-data)[\"']?\s*:\s*[\"']?"
                  r"(?P<secret>LS0tLS1CRUdJTi[A-Za-z0-9+/]{100}[A-Za-z0-9+/]*={0,2})"),
         keywords=("client-key-data",)),
)
