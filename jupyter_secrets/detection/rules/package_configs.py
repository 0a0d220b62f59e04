"""Credentials in package-manager configuration: .npmrc, Bundler, Maven, NuGet.

A ``.pypirc`` ``password = ...`` line is the generic unquoted-password rule's. Index URLs
with a password (``pip.conf``, ``PIP_INDEX_URL``, ``--extra-index-url``) are URLs
and are found by the URL rules.
"""
from __future__ import annotations

from ..rule import Rule
from .near_miss import not_provider_near_miss
from .validators import is_basic_credentials

FAMILY = "config"

RULES = (
    Rule(id="npmrc-auth-token", family=FAMILY, generic=True, min_entropy=3.0,
         description="Registry auth token or password in an .npmrc / .yarnrc",
         pattern=(r"""(?im)(?::|^[ \t]*)_(?:authToken|password)[ \t]*=[ \t]*["']?"""
                  r"""(?P<secret>[^\s"'$\\]{8,300})"""),
         keywords=("_authtoken", "_password"), validators=(not_provider_near_miss,)),
    Rule(id="npmrc-auth", family=FAMILY, min_entropy=3.0,
         description="Base64 user:password in an .npmrc _auth entry",
         pattern=(r"""(?im)(?::|^[ \t]*)_auth[ \t]*=[ \t]*["']?"""
                  r"(?P<secret>[A-Za-z0-9+/]{8,500}={0,2})"),
         keywords=("_auth",), validators=(is_basic_credentials,)),
    Rule(id="sidekiq-credentials", family=FAMILY, min_entropy=2.0,
         description="Sidekiq Pro / Enterprise gem-server credentials (Bundler config)",
         pattern=(r"""(?i)(?:BUNDLE_(?:ENTERPRISE|GEMS)__CONTRIBSYS__COM|(?:enterprise|gems)"""
                  r"""\.contribsys\.com)["']?[ \t]*[:=]?[ \t]*["']?"""
                  r"(?P<secret>[a-f0-9]{8}:[a-f0-9]{8})\b"),
         keywords=("contribsys",)),
    Rule(id="sidekiq-url-credentials", family=FAMILY, min_entropy=1.5,
         description="Sidekiq Pro / Enterprise gem-server credentials in a source URL",
         pattern=(r"(?i)\bhttps?://[a-f0-9]{8}:(?P<secret>[a-f0-9]{8})@"
                  r"(?:gems|enterprise)\.contribsys\.com"),
         keywords=("contribsys",)),
    Rule(id="bundler-host-credentials", family=FAMILY, generic=True, min_entropy=2.5,
         description="user:password for a gem server in Bundler config (BUNDLE_HOST__COM)",
         pattern=(r"""\bBUNDLE_[A-Z0-9_]{1,100}__[A-Z]{2,10}["']?[ \t]*[:=][ \t]*["']?"""
                  r"""[^\s:"'$\[<]{1,64}:(?P<secret>[^\s"'$\]>]{6,128})"""),
         keywords=("BUNDLE_",), case_sensitive_keywords=True),
    Rule(id="xml-password-element", family=FAMILY, generic=True, min_entropy=2.5,
         description="Password or token in an XML element (Maven settings.xml, NuGet, ...)",
         pattern=(r"(?i)<(?:password|passphrase|privateKeyPassphrase|apiKey|api_key|token|"
                  r"accessToken|secret|clientSecret)>(?P<secret>[^<>\s]{6,300})</"),
         keywords=("password>", "passphrase>", "apikey>", "api_key>", "token>", "secret>")),
    Rule(id="nuget-cleartext-password", family=FAMILY, generic=True, min_entropy=2.5,
         description="ClearTextPassword of a NuGet package source",
         pattern=(r"""(?i)key\s*=\s*["']ClearTextPassword["']\s+value\s*=\s*["']"""
                  r"""(?P<secret>[^"'\s]{6,300})["']"""),
         keywords=("cleartextpassword",)),
)
