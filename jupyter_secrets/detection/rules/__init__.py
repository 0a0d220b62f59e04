"""The rule set: one module per provider family, generic rules last.

``ALL_RULES`` is what the engine runs. Order matters only when two rules report the same
span: the earlier one names the finding, so specific rules come before the formats they
embed (a service account key file before a plain PEM block) and generic rules come last.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Tuple

from ..rule import Rule
from . import (
    ai_models,
    ai_platforms,
    ai_services,
    apps,
    chat,
    cli_logins,
    cloud_aws,
    cloud_google_azure,
    cloud_platforms,
    code_hosts,
    code_registries,
    commerce,
    config_files,
    data_apis,
    devops,
    email_sms,
    finance,
    generic,
    http_auth,
    identity,
    infrastructure,
    k8s_docker,
    messaging,
    observability,
    package_configs,
    payments,
    private_keys,
    saas,
    social,
    urls,
)
from .validators import not_redacted

_MODULES = (cloud_aws, cloud_google_azure, ai_models, ai_platforms, cloud_platforms, devops,
            code_hosts, code_registries, chat, apps, saas, social, payments, finance, commerce,
            messaging, email_sms, data_apis, ai_services, infrastructure, identity, observability,
            private_keys, config_files,
            k8s_docker, package_configs, http_auth, cli_logins,
            urls,
            generic)


def _guarded(rule: Rule) -> Rule:
    """Every rule refuses values holding a redaction marker, whatever runs it."""
    return replace(rule, validators=(not_redacted,) + tuple(rule.validators))


def _collect() -> Tuple[Rule, ...]:
    rules = tuple(_guarded(rule) for module in _MODULES for rule in module.RULES)
    seen = set()
    for rule in rules:
        if rule.id in seen:
            raise ValueError(f"duplicate detection rule id {rule.id!r}")
        seen.add(rule.id)
    return rules


ALL_RULES: Tuple[Rule, ...] = _collect()
RULES_BY_ID = {rule.id: rule for rule in ALL_RULES}

__all__ = ["ALL_RULES", "RULES_BY_ID"]
