"""Credentials in Kubernetes and container-registry configuration.

A Kubernetes ``Secret`` keeps every value of its ``data:`` map base64-encoded, under any key
name, so no name says "password": the manifest itself is the context. The values are decoded
and the block counts when one of them is a credential (not a certificate, a namespace or a
placeholder). ``kubectl get -o yaml`` lists keys alphabetically, so ``data:`` comes before
``kind: Secret`` there; hand-written manifests put it after: one rule for each order.
"""
from __future__ import annotations

import base64
import binascii
import json
import re

from ..filters import passes_generic_filters
from ..rule import Rule
from .validators import is_basic_credentials

FAMILY = "config"

_B64 = r"[A-Za-z0-9+/]{4}[A-Za-z0-9+/]*={0,2}"
#: ``  key: value`` lines of a YAML map, or ``"key": "value"`` pairs of a JSON object (which
#: may sit in a JSON string of its own, quotes escaped).
_YAML_ENTRIES = rf"""(?:(?:\r?\n|\\n)[ \t]+["']?[\w.-]+["']?:[ \t]*["']?{_B64}["']?[ \t]*)+"""
_JSON_ENTRIES = (rf"""\{{\s*(?:\\?"[\w.-]+\\?"\s*:\s*\\?"{_B64}\\?"\s*,?\s*)+\}}""")
_DATA = rf"""\\?"?data\\?"?\s*:[ \t]*(?P<secret>{_YAML_ENTRIES}|{_JSON_ENTRIES})"""
_KIND = r"""\\?"?kind\\?"?\s*:\s*\\?["']?Secret\b"""
_ENTRY = re.compile(r"""([\w.-]+)\\?["']?\s*:\s*\\?["']?([A-Za-z0-9+/]+={0,2})""")
#: Decoded values that a Secret holds but that are not secret.
_PUBLIC = ("BEGIN CERTIFICATE", "PUBLIC KEY")


def _decoded(value: str):
    try:
        return base64.b64decode(value + "=" * (-len(value) % 4), validate=True).decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None


def _is_credential(key: str, decoded: str) -> bool:
    if any(marker in decoded for marker in _PUBLIC):
        return False
    if "PRIVATE KEY-----" in decoded:
        return True
    if key in (".dockerconfigjson", ".dockercfg"):
        return has_registry_credentials(decoded)
    return passes_generic_filters(decoded)


def holds_decoded_credential(block: str) -> bool:
    """At least one value of a Secret's ``data:`` map decodes to a credential."""
    for key, value in _ENTRY.findall(block):
        decoded = _decoded(value)
        if decoded is not None and _is_credential(key, decoded.strip()):
            return True
    return False


def has_registry_credentials(config: str) -> bool:
    """A Docker config.json (or legacy .dockercfg) naming a registry with user:password."""
    try:
        parsed = json.loads(config)
    except ValueError:
        return False
    registries = parsed.get("auths", parsed) if isinstance(parsed, dict) else {}
    if not isinstance(registries, dict):
        return False
    for entry in registries.values():
        if not isinstance(entry, dict):
            continue
        if isinstance(entry.get("auth"), str) and is_basic_credentials(entry["auth"]):
            return True
        if isinstance(entry.get("password"), str) and passes_generic_filters(entry["password"]):
            return True
    return False


RULES = (
    Rule(id="kubernetes-secret-data", family=FAMILY,
         description="Base64 values of a Kubernetes Secret manifest (kind: Secret, then data:)",
         pattern=rf"{_KIND}[\s\S]{{0,1000}}?{_DATA}",
         keywords=("Secret",), case_sensitive_keywords=True,
         validators=(holds_decoded_credential,)),
    Rule(id="kubernetes-secret-data-listed", family=FAMILY,
         description="Base64 values of a Kubernetes Secret as kubectl lists it (data:, then "
                     "kind: Secret)",
         pattern=rf"{_DATA}[\s\S]{{0,1000}}?{_KIND}",
         keywords=("Secret",), case_sensitive_keywords=True,
         validators=(holds_decoded_credential,)),
    Rule(id="docker-config-auth", family=FAMILY, min_entropy=3.0,
         description="Registry credentials (base64 user:password) in a Docker config.json",
         pattern=(r'\\?"auth\\?"\s*:\s*\\?"(?P<secret>[A-Za-z0-9+/]{8,500}={0,2})\\?"'),
         keywords=('"auth',), validators=(is_basic_credentials,)),
    Rule(id="kubectl-secret-literal", family=FAMILY, generic=True, min_entropy=2.5,
         description="Value given to kubectl create secret --from-literal",
         pattern=(r"""--from-literal(?:=|[ \t]+)["']?[\w.-]{1,253}="""
                  r"""(?P<secret>[^\s"'`$<>{}()]{6,200})"""),
         keywords=("--from-literal",)),
)
