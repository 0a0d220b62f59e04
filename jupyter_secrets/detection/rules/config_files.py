"""Credentials in well-known configuration files: .netrc, .npmrc, Docker and kubeconfig."""
from __future__ import annotations

from ..rule import Rule
from .validators import is_basic_credentials

FAMILY = "config"



RULES = (
    Rule(id="netrc-password", family=FAMILY, generic=True, min_entropy=2.5,
         description="Password in a .netrc machine entry",
         pattern=(r"(?i)\bmachine\s+\S{1,253}\s+(?:login\s+\S{1,128}\s+)?password\s+"
                  r"""(?P<secret>[^\s"'`]{6,128})"""),
         keywords=("machine",)),
    Rule(id="npmrc-auth-token", family=FAMILY, generic=True, min_entropy=3.0,
         description="Registry auth token or password in an .npmrc / .yarnrc",
         pattern=r"""(?i):_(?:authToken|auth|password)\s*=\s*["']?(?P<secret>[^\s"'$]{8,300})""",
         keywords=(":_auth", ":_password")),
    Rule(id="docker-config-auth", family=FAMILY, min_entropy=3.0,
         description="Registry credentials in a Docker config.json",
         pattern=(r'"auths"\s*:\s*\{\s*"[^"\n]{1,200}"\s*:\s*\{\s*"auth"\s*:\s*'
                  r'"(?P<secret>[A-Za-z0-9+/]{8,500}={0,2})"'),
         keywords=('"auths"',), validators=(is_basic_credentials,)),
    Rule(id="kubernetes-client-key-data", family=FAMILY, min_entropy=4.5,
         description="Client private key embedded in a kubeconfig (base64 PEM)",
         prefix="LS0tLS1CRUdJTi",
         pattern=(r"(?i:client-key-data)[\"']?\s*:\s*[\"']?"
                  r"(?P<secret>LS0tLS1CRUdJTi[A-Za-z0-9+/]{100}[A-Za-z0-9+/]*={0,2})"),
         keywords=("client-key-data",)),
)
