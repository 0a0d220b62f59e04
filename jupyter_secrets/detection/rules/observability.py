"""Observability, incident response, product analytics and feature flags, beyond the
Datadog / New Relic / Sentry / Grafana formats in ``devops``."""
from __future__ import annotations

import base64
import binascii
import json
from functools import partial

from ..rule import Rule
from .patterns import context, hex_chars, token, uuid
from .validators import PROVIDER_CHECKS

FAMILY = "observability"
_named = partial(context, family=FAMILY, validators=PROVIDER_CHECKS)
_prefixed = partial(token, family=FAMILY, validators=PROVIDER_CHECKS)
_NEW_RELIC = ("newrelic", "new_relic", "new-relic", "nr_api", "nr_key")


def _grafana_legacy_key(secret: str) -> bool:
    """Grafana's legacy API keys are base64 JSON: ``{"k": ..., "n": ..., "id": ...}``."""
    try:
        payload = json.loads(base64.b64decode(secret + "=" * (-len(secret) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return False
    return isinstance(payload, dict) and "k" in payload


RULES = (
    _prefixed("newrelic-browser-api-token", "New Relic browser API token", "NRJS-",
              hex_chars("19"), min_entropy=3.0),
    _prefixed("newrelic-rest-api-key", "New Relic REST API key", "NRRA-", hex_chars("42"),
              min_entropy=3.0),
    _prefixed("newrelic-insights-query-key", "New Relic Insights query key", "NRIQ-",
              "[A-Za-z0-9_-]{32}", min_entropy=4.0),
    _named("newrelic-api-key-named", "New Relic key under a New Relic name (64 characters)",
           _NEW_RELIC, "[A-Za-z0-9]{64}", min_entropy=4.2),
    _named("sumologic-access-id", "Sumo Logic access id", ("sumo",), "su[A-Za-z0-9]{12}",
           prefix="su", min_entropy=2.9),
    _named("sumologic-access-key", "Sumo Logic access key", ("sumo",), "[A-Za-z0-9]{64}",
           min_entropy=4.2),
    Rule(id="sumologic-http-source-url", family=FAMILY,
         description="Sumo Logic HTTP source URL (its path is the credential)",
         pattern=(r"\b(?P<secret>https://(?:endpoint[0-9]{1,3}|collectors)\.collection\.(?:[a-z0-9]{1,10}\.)?"
                  r"sumologic\.com/receiver/v1/(?:http|otlp)/[A-Za-z0-9+/=_-]{60,200})"
                  r"(?:[^A-Za-z0-9+/=_-]|$)"),
         keywords=("sumologic.com/receiver/v1/",), min_entropy=4.0, validators=PROVIDER_CHECKS),
    Rule(id="grafana-api-key", family=FAMILY,
         description="Grafana API key (legacy, base64 JSON)", prefix="eyJrIjoi",
         pattern=r"\b(?P<secret>eyJrIjoi[A-Za-z0-9+/]{40,380}={0,2})(?:[^A-Za-z0-9+/=_-]|$)",
         keywords=("eyJrIjoi",), case_sensitive_keywords=True, min_entropy=4.0,
         validators=PROVIDER_CHECKS + (_grafana_legacy_key,)),
    _named("datadog-key-named", "Datadog API or application key under a Datadog name",
           ("datadog",), "(?:[a-f0-9]{40}|[a-f0-9]{32})"),
    Rule(id="sentry-dsn", family=FAMILY,
         description="Sentry DSN (its key lets anyone send events to the project)",
         pattern=(r"\b(?P<secret>https://[a-f0-9]{32}(?::[a-f0-9]{32})?@[a-z0-9.-]{1,80}"
                  r"(?:sentry\.io|/sentry)[a-z0-9./-]{0,40}?/[0-9]{1,12})(?:[^0-9A-Za-z]|$)"),
         keywords=("sentry",), min_entropy=3.5, validators=PROVIDER_CHECKS),
    _named("sentry-auth-token-legacy", "Sentry auth token (64 hex, before sntrys_/sntryu_)",
           ("sentry",), hex_chars("64")),
    _named("honeycomb-api-key", "Honeycomb API or ingest key", ("honeycomb",),
           "(?:hc[a-z]{2}k_[A-Za-z0-9]{40,70}|[a-f0-9]{32}|[A-Za-z0-9]{22})", min_entropy=3.5),
    _named("launchdarkly-access-token", "LaunchDarkly API access token or SDK key",
           ("launchdarkly", "launch_darkly", "ld_sdk_key", "ld_api"), "(?:api|sdk)-" + uuid()),
    _prefixed("posthog-personal-api-key", "PostHog personal API key", "phx_",
              "[A-Za-z0-9_-]{41,49}", min_entropy=4.0),
    _named("amplitude-secret-key", "Amplitude API secret key", ("amplitude",), hex_chars("32")),
    _named("mixpanel-api-secret", "Mixpanel API or service account secret", ("mixpanel",),
           "[A-Za-z0-9]{32}", min_entropy=3.8),
    _named("segment-write-key", "Segment source write key",
           ("segment_write_key", "segment-write-key", "segment_key", "write_key"),
           "[A-Za-z0-9]{32}", min_entropy=3.8),
    _prefixed("segment-public-api-token", "Segment public API token", "sgp_", "[A-Za-z0-9]{64}",
              extra="", min_entropy=4.2),
    _named("fullstory-api-key", "FullStory API key", ("fullstory", "fs_api"),
           r"(?:na1|eu1)\.[A-Za-z0-9+/=]{20,120}", extra="+/=.", min_entropy=4.0),
    _named("logzio-token", "Logz.io shipping or API token", ("logzio", "logz_io", "logz.io"),
           "(?:[A-Za-z]{32}|" + uuid() + ")", min_entropy=3.8),
    _named("loggly-token", "Loggly customer token", ("loggly",), uuid()),
    _named("papertrail-token", "Papertrail API token", ("papertrail",), "[A-Za-z0-9]{20}",
           min_entropy=3.3),
    _named("rollbar-access-token", "Rollbar access token", ("rollbar",), hex_chars("32")),
    _named("bugsnag-api-key", "Bugsnag API or integration key", ("bugsnag",), hex_chars("32")),
    _named("raygun-api-key", "Raygun API key", ("raygun",), "[A-Za-z0-9]{22,24}",
           min_entropy=3.4),
    _named("splunk-hec-token", "Splunk HTTP Event Collector token", ("splunk",),
           uuid("a-fA-F")),
    _named("pagerduty-api-key", "PagerDuty REST API or user token", ("pagerduty", "pd_api"),
           "[A-Za-z0-9_+-]{20}", extra="+-", min_entropy=3.3),
    _named("pagerduty-integration-key", "PagerDuty Events integration (routing) key",
           ("pagerduty_integration_key", "pagerduty_routing_key", "routing_key",
            "pd_integration_key"), hex_chars("32")),
    _named("opsgenie-api-key", "Opsgenie API key", ("opsgenie",), uuid()),
    _named("checkly-api-key", "Checkly API key", ("checkly",), "cu_" + hex_chars("32"),
           prefix="cu_"),
    _prefixed("axiom-api-token", "Axiom API or personal token", "xa", uuid(),
              head="xa[ap]t-", keywords=("xaat-", "xapt-"), min_entropy=3.0),
    _named("betterstack-token", "Better Stack (Logtail, Uptime) source token",
           ("logtail", "betterstack", "better_stack", "betteruptime"), "[A-Za-z0-9]{24}",
           min_entropy=3.8),
    _prefixed("elastic-cloud-api-key", "Elastic Cloud API key", "essu_",
              "[A-Za-z0-9_-]{60,200}={0,2}", extra="_=-", min_entropy=4.2),
    _named("instana-api-token", "IBM Instana API token", ("instana",), "[A-Za-z0-9_-]{22}",
           min_entropy=3.4),
    _named("signalfx-access-token", "Splunk Observability (SignalFx) access token",
           ("signalfx", "sfx_token", "sfx_access_token"), "[A-Za-z0-9_-]{22}", min_entropy=3.4),
    _named("uptimerobot-api-key", "UptimeRobot API key", ("uptimerobot", "uptime_robot"),
           "(?:ur|u|m)[0-9]{6,8}-[a-f0-9]{24}"),
    _named("statsig-server-secret", "Statsig server secret key", ("statsig",),
           "secret-[A-Za-z0-9]{40,50}", prefix="secret-", min_entropy=4.0),
    _prefixed("configcat-sdk-key", "ConfigCat SDK key", "configcat-sdk-1/",
              "[A-Za-z0-9_-]{22}/[A-Za-z0-9_-]{22}", extra="/-", min_entropy=3.5),
    _named("configcat-sdk-key-legacy", "ConfigCat SDK key (without prefix)", ("configcat",),
           "[A-Za-z0-9_-]{22}/[A-Za-z0-9_-]{22}", extra="/-", min_entropy=4.0),
    _prefixed("devcycle-server-sdk-key", "DevCycle server SDK key", "dvc_server_",
              "[A-Za-z0-9_-]{8,80}", min_entropy=3.8),
    _named("flagsmith-server-key", "Flagsmith server-side environment key", ("flagsmith",),
           r"ser\.[A-Za-z0-9]{20,30}", extra="-.", prefix="ser.", min_entropy=3.6),
    _named("unleash-api-token", "Unleash API token", ("unleash",),
           r"[A-Za-z0-9*_-]{1,40}:[A-Za-z0-9_-]{1,40}\." + hex_chars("64"), extra="-:.*"),
)
