"""Examples for the observability, incident, analytics and feature-flag rules."""

from __future__ import annotations

import base64
import json
import string

from .cases import Case
from .fakes import Fakes
from .provider_cases import named, tok

F = Fakes("observability")
H, A, L, U, B, D = F.hex, F.alnum, F.lower, F.upper, F.b64url, F.digits
LETTERS = string.ascii_letters


def _grafana_key() -> Case:
    raw = json.dumps({"k": A(32), "n": "notebook-export", "id": 1}, separators=(",", ":")).encode()
    key = base64.b64encode(raw).decode().rstrip("=")
    not_json = "eyJrIjoi" + F.b64(60)
    return Case(
        "grafana-api-key",
        [(f'GRAFANA_API_KEY = "{key}"', key), (f"Authorization: Bearer {key}\n", key)],
        [f'key = "{not_json}"', f'key = "eyJrIjoi{F.b64(20)}"'],
    )


def _sumo_url() -> Case:
    url = f"https://endpoint4.collection.us2.sumologic.com/receiver/v1/http/{F.b64(100)}=="
    return Case(
        "sumologic-http-source-url",
        [(f'SUMO_URL = "{url}"', url)],
        [url[: url.index("/http/") + 6] + F.b64(20),
         url.replace("sumologic.com", "sumologic.example")],
    )


CASES = [
    Case(
        "sentry-dsn",
        [(f'sentry_sdk.init(dsn="{v}")', v) for v in
         [f"https://{H(32)}@o{D(6)}.ingest.us.sentry.io/{D(7)}"]],
        [f'sentry_sdk.init(dsn="https://{H(31)}@o{D(6)}.ingest.sentry.io/{D(7)}")',
         f'sentry_sdk.init(dsn="https://{"x" * 32}@o{D(6)}.ingest.sentry.io/{D(7)}")',
         f'dsn = "https://{H(32)}@example.org/{D(7)}"'],
    ),
    tok("newrelic-browser-api-token", "NRJS-", H(19), H(18), [f"NRJX-{H(19)}"]),
    tok("newrelic-rest-api-key", "NRRA-", H(42), H(41), [f"NRRX-{H(42)}"]),
    tok("newrelic-insights-query-key", "NRIQ-", B(32), B(31), [f"NRIX-{B(32)}"]),
    named("newrelic-api-key-named", "NEW_RELIC_API_KEY", A(64), A(63), [A(65)]),
    named("sumologic-access-id", "SUMO_ACCESS_ID", f"su{A(12)}", f"su{A(11)}", [f"sx{A(12)}"]),
    named("sumologic-access-key", "SUMO_ACCESS_KEY", A(64), A(63), [A(65)]),
    _sumo_url(),
    _grafana_key(),
    named("datadog-key-named", "datadogApiKey", H(32), H(31), [H(36)]),
    named("sentry-auth-token-legacy", "SENTRY_AUTH_TOKEN", H(64), H(63), [H(65)]),
    named("honeycomb-api-key", "HONEYCOMB_API_KEY", A(22), A(21), [A(23)]),
    named("launchdarkly-access-token", "LAUNCHDARKLY_SDK_KEY", f"sdk-{F.uuid()}",
          f"sdk-{H(32)}", [f"mob-{F.uuid()}"]),
    tok("posthog-personal-api-key", "phx_", B(43), B(30), [f"phc_{B(43)}"]),
    named("amplitude-secret-key", "AMPLITUDE_SECRET_KEY", H(32), H(31), [H(33)]),
    named("mixpanel-api-secret", "MIXPANEL_API_SECRET", A(32), A(31), [A(33)]),
    named("segment-write-key", "SEGMENT_WRITE_KEY", A(32), A(31), [A(33)]),
    tok("segment-public-api-token", "sgp_", A(64), A(63), [f"sgp_{A(65)}"]),
    named("fullstory-api-key", "FULLSTORY_API_KEY", f"na1.{F.b64(60)}", f"na1.{F.b64(10)}",
          [f"xx1.{F.b64(60)}"]),
    named("logzio-token", "LOGZIO_TOKEN", F.chars(LETTERS, 32), F.chars(LETTERS, 31),
          [F.chars(LETTERS, 33)]),
    named("loggly-token", "LOGGLY_TOKEN", F.uuid(), F.uuid()[:-1], [H(32)]),
    named("papertrail-token", "PAPERTRAIL_API_TOKEN", A(20), A(19), [A(21)]),
    named("rollbar-access-token", "ROLLBAR_ACCESS_TOKEN", H(32), H(31), [H(33)]),
    named("bugsnag-api-key", "BUGSNAG_API_KEY", H(32), H(31), [H(33)]),
    named("raygun-api-key", "RAYGUN_API_KEY", A(22), A(21), [A(25)]),
    named("splunk-hec-token", "SPLUNK_HEC_TOKEN", F.uuid().upper(), F.uuid()[:-1], [H(32)]),
    named("pagerduty-api-key", "PAGERDUTY_API_KEY", f"u+{B(18)}", f"u+{B(17)}", [f"u+{B(19)}"]),
    named("pagerduty-integration-key", "PAGERDUTY_ROUTING_KEY", H(32), H(31), [H(33)]),
    named("opsgenie-api-key", "OPSGENIE_API_KEY", F.uuid(), F.uuid()[:-1], [H(32)]),
    named("checkly-api-key", "CHECKLY_API_KEY", f"cu_{H(32)}", f"cu_{H(31)}", [f"cx_{H(32)}"]),
    tok("axiom-api-token", "xaat-", F.uuid(), F.uuid()[:-1], [f"xaxt-{F.uuid()}"]),
    named("betterstack-token", "LOGTAIL_SOURCE_TOKEN", A(24), A(23), [A(25)]),
    tok("elastic-cloud-api-key", "essu_", B(80) + "==", B(40), [f"essx_{B(80)}"]),
    named("instana-api-token", "INSTANA_API_TOKEN", B(22), B(21), [B(23)]),
    named("signalfx-access-token", "SFX_ACCESS_TOKEN", B(22), B(21), [B(23)]),
    named("uptimerobot-api-key", "UPTIMEROBOT_API_KEY", f"ur{D(7)}-{H(24)}", f"ur{D(7)}-{H(23)}",
          [f"xx{D(7)}-{H(24)}"]),
    named("statsig-server-secret", "STATSIG_SERVER_SECRET", f"secret-{A(43)}", f"secret-{A(20)}",
          [f"client-{A(43)}"]),
    tok("configcat-sdk-key", "configcat-sdk-1/", f"{B(22)}/{B(22)}", f"{B(22)}/{B(21)}"),
    named("configcat-sdk-key-legacy", "CONFIGCAT_SDK_KEY", f"{B(22)}/{B(22)}", f"{B(22)}/{B(21)}",
          [f"{B(22)}{B(22)}"]),
    tok("devcycle-server-sdk-key", "dvc_server_", f"{F.uuid()}_{H(7)}", A(4),
        [f"dvc_client_{F.uuid()}_{H(7)}"]),
    named("flagsmith-server-key", "FLAGSMITH_SERVER_KEY", f"ser.{A(22)}", f"ser.{A(12)}",
          [f"env.{A(22)}"]),
    named("unleash-api-token", "UNLEASH_API_TOKEN", f"default:production.{H(64)}",
          f"default:production.{H(63)}", [f"default-production.{H(64)}"]),
]
