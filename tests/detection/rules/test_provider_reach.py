"""Provider rules have a bounded reach, so the engine searches a long text only around their
keywords. An unbounded rule runs over the whole text each time its keyword turns up, and a
provider name or a short prefix turns up by chance in image data and prose."""

from __future__ import annotations

import importlib

import pytest

from jupyter_secrets.detection.engine import _MAX_REACH, _longest_match

PROVIDER_MODULES = (
    "data_apis", "finance", "saas", "social", "observability", "email_sms", "code_registries",
    "identity", "infrastructure", "commerce", "ai_services", "chat",
)
#: Formats longer than a window by their documented size, each behind a rare keyword.
LONG_FORMATS = {
    "buildkite-service-token", "veracode-api-secret", "slack-session-cookie",
    "microsoft-teams-workflow-webhook", "line-channel-access-token", "linkedin-access-token",
    "adyen-api-key", "runway-api-key", "alibaba-sts-security-token", "yandex-cloud-iam-token",
    "aiven-api-token", "snowflake-programmatic-access-token",
    "azure-app-configuration-connection-string", "vault-recovery-token",
    "sumologic-http-source-url", "grafana-api-key", "fullstory-api-key", "unleash-api-token",
    "slack-config-token", "slack-config-refresh-token", "slack-workspace-token",
    "slack-refresh-token", "discord-bot-token", "microsoft-teams-webhook",
    "microsoft-teams-webhook-legacy", "google-chat-webhook-url",
}
RULES = [
    rule
    for name in PROVIDER_MODULES
    for rule in importlib.import_module(f"jupyter_secrets.detection.rules.{name}").RULES
]
BOUNDED = [rule for rule in RULES if rule.id not in LONG_FORMATS]


@pytest.mark.parametrize("rule", BOUNDED, ids=lambda r: r.id)
def test_provider_rule_reach_is_bounded(rule):
    # the engine allows 4 bytes a character: what a window must hold for UTF-8 text
    assert 4 * _longest_match(rule.pattern) <= _MAX_REACH, _longest_match(rule.pattern)


def test_the_long_formats_are_still_provider_rules():
    assert LONG_FORMATS <= {rule.id for rule in RULES}
