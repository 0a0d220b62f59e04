"""Examples for chat, productivity, social, payment and messaging rules."""

from __future__ import annotations

from .cases import Case, context_case, token_case
from .fakes import Fakes

F = Fakes("chat")
H = F.hex
D = F.digits


def _slack_webhook() -> Case:
    url = f"https://hooks.slack.com/services/T{F.upper(10)}/B{F.upper(10)}/{F.alnum(24)}"
    return Case(
        "slack-webhook-url",
        [(f'WEBHOOK = "{url}"', url)],
        [
            "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
            f"https://hooks.slack.com/services/T{F.upper(10)}/B{F.upper(10)}/{F.alnum(8)}",
        ],
    )


def _teams_webhook() -> Case:
    url = (
        f"https://acme.webhook.office.com/webhookb2/{F.uuid()}@{F.uuid()}/IncomingWebhook/"
        f"{H(32)}/{F.uuid()}"
    )
    return Case(
        "microsoft-teams-webhook",
        [(f"url = '{url}'", url)],
        [
            url.replace("IncomingWebhook", "Webhook"),
            url.replace("webhook.office.com", "example.org"),
        ],
    )


CASES = [
    token_case(
        "slack-bot-token",
        f"xoxb-{D(12)}-{D(13)}-{F.alnum(24)}",
        negatives=[f"xoxb-{D(12)}-{D(13)}-{F.alnum(12)}", "xoxb-your-bot-token"],
    ),
    token_case(
        "slack-user-token",
        f"xoxp-{D(12)}-{D(12)}-{D(13)}-{H(32)}",
        negatives=[f"xoxp-{D(12)}-{D(12)}-{H(32)}"],
    ),
    token_case("slack-workspace-token", f"xoxa-2-{F.alnum(60)}", negatives=["xoxa-2-abc"]),
    token_case("slack-refresh-token", f"xoxr-{F.alnum(80)}", negatives=[f"xoxr-{F.alnum(6)}"]),
    token_case(
        "slack-app-token",
        f"xapp-1-{F.upper(11)}-{D(13)}-{H(64)}",
        negatives=[f"xapp-1-{F.upper(11)}-{D(13)}-{H(20)}"],
    ),
    token_case(
        "slack-config-token",
        f"xoxe.xoxp-1-{F.upper(163)}",
        negatives=[f"xoxe.xoxp-1-{F.upper(60)}"],
    ),
    token_case(
        "slack-config-refresh-token", f"xoxe-1-{F.upper(146)}", negatives=[f"xoxe-1-{F.upper(40)}"]
    ),
    token_case(
        "slack-legacy-token",
        f"xoxs-{D(10)}-{D(10)}-{D(12)}-{H(40)}",
        negatives=[f"xoxx-{D(10)}-{D(10)}-{D(12)}-{H(40)}"],
    ),
    _slack_webhook(),
    token_case(
        "discord-webhook-url",
        f"https://discord.com/api/webhooks/{D(19)}/{F.b64url(68)}",
        negatives=[
            f"https://discord.com/api/webhooks/{D(19)}/{F.b64url(20)}",
            f"https://example.com/api/webhooks/{D(19)}/{F.b64url(68)}",
        ],
    ),
    token_case(
        "telegram-bot-token",
        f"{D(10)}:AA{F.b64url(33)}",
        negatives=[f"{D(10)}:AA{F.b64url(32)}", f"{D(10)}:BB{F.b64url(33)}"],
    ),
    _teams_webhook(),
    token_case("linear-api-key", f"lin_api_{F.alnum(40)}", negatives=[f"lin_api_{F.alnum(39)}"]),
    token_case(
        "notion-integration-token", f"ntn_{D(11)}{F.alnum(35)}", negatives=[f"ntn_{F.alnum(30)}"]
    ),
    context_case(
        "notion-integration-token-legacy",
        "NOTION_TOKEN",
        f"secret_{F.alnum(43)}",
        negatives=[f"secret_{F.alnum(42)}"],
    ),
    token_case("figma-pat", f"figd_{F.b64url(40)}", negatives=[f"figd_{F.b64url(20)}"]),
    token_case(
        "airtable-pat", f"pat{F.alnum(14)}.{H(64)}", negatives=[f"pat{F.alnum(14)}.{H(63)}"]
    ),
    token_case("dropbox-access-token", f"sl.{F.b64url(140)}", negatives=[f"sl.{F.b64url(40)}"]),
    context_case(
        "okta-api-token", "OKTA_API_TOKEN", f"00{F.b64url(40)}", negatives=[f"00{F.b64url(30)}"]
    ),
    token_case(
        "mapbox-secret-token",
        f"sk.eyJ1Ijoi{F.b64url(40)}.{F.b64url(22)}",
        negatives=[
            f"sk.eyJ1Ijoi{F.b64url(40)}.{F.b64url(10)}",
            f"pk.eyJ1Ijoi{F.b64url(40)}.{F.b64url(22)}",
        ],
    ),
    token_case(
        "twitter-bearer-token",
        "A" * 21 + F.alnum(20) + "%2F" + F.alnum(60),
        negatives=["A" * 21 + F.alnum(10), "A" * 90],
    ),
    token_case(
        "facebook-access-token",
        f"EAAB{F.alnum(180)}",
        negatives=[f"EAAB{F.alnum(40)}", f"EAAA{F.alnum(180)}"],
    ),
    context_case("facebook-app-secret", "FACEBOOK_APP_SECRET", H(32), negatives=[H(31)]),
    token_case(
        "hubspot-private-app-token", f"pat-na1-{F.uuid()}", negatives=[f"pat-xx1-{F.uuid()}"]
    ),
    context_case(
        "asana-pat",
        "ASANA_TOKEN",
        f"2/{D(16)}/{D(16)}:{F.alnum(32)}",
        negatives=[f"2/{D(16)}:{F.alnum(20)}"],
    ),
    token_case("typeform-pat", f"tfp_{F.b64url(44)}", negatives=[f"tfp_{F.b64url(20)}"]),
    token_case("contentful-pat", f"CFPAT-{F.b64url(43)}", negatives=[f"CFPAT-{F.b64url(42)}"]),
    context_case("algolia-admin-key", "ALGOLIA_ADMIN_KEY", H(32), negatives=[H(31)]),
    context_case("zendesk-api-token", "ZENDESK_API_TOKEN", F.alnum(40), negatives=[F.alnum(39)]),
    token_case(
        "zapier-webhook-url",
        f"https://hooks.zapier.com/hooks/catch/{D(8)}/{F.lower(6)}/",
        negatives=["https://hooks.zapier.com/hooks/catch/"],
    ),
    token_case(
        "stripe-secret-key",
        f"sk_live_{F.alnum(99)}",
        negatives=[f"sk_live_{F.alnum(20)}", "sk_live_..."],
    ),
    token_case(
        "stripe-test-secret-key", f"sk_test_{F.alnum(99)}", negatives=[f"sk_test_{F.alnum(20)}"]
    ),
    token_case(
        "stripe-restricted-key", f"rk_live_{F.alnum(99)}", negatives=[f"rk_live_{F.alnum(20)}"]
    ),
    token_case(
        "stripe-test-restricted-key", f"rk_test_{F.alnum(99)}", negatives=[f"rk_test_{F.alnum(20)}"]
    ),
    token_case("stripe-webhook-secret", f"whsec_{F.b64(32)}", negatives=[f"whsec_{F.b64(20)}"]),
    token_case("square-access-token", f"EAAA{F.b64url(60)}", negatives=[f"EAAA{F.b64url(59)}"]),
    token_case(
        "square-access-token-legacy", f"sq0atp-{F.b64url(22)}", negatives=[f"sq0atp-{F.b64url(21)}"]
    ),
    token_case(
        "square-oauth-secret", f"sq0csp-{F.b64url(43)}", negatives=[f"sq0csp-{F.b64url(42)}"]
    ),
    token_case(
        "braintree-access-token",
        f"access_token$production${F.lower(16)}${H(32)}",
        negatives=[f"access_token$production${F.lower(16)}${H(31)}"],
    ),
    context_case(
        "paypal-client-secret", "PAYPAL_CLIENT_SECRET", F.b64url(80), negatives=[F.b64url(79)]
    ),
    token_case("shopify-access-token", f"shpat_{H(32)}", negatives=[f"shpat_{H(31)}"]),
    token_case("shopify-custom-app-token", f"shpca_{H(32)}", negatives=[f"shpca_{H(31)}"]),
    token_case("shopify-private-app-token", f"shppa_{H(32)}", negatives=[f"shppa_{H(31)}"]),
    token_case("shopify-shared-secret", f"shpss_{H(32)}", negatives=[f"shpss_{H(31)}"]),
    context_case("plaid-secret", "PLAID_SECRET", H(30), negatives=[H(29)]),
    token_case(
        "flutterwave-secret-key", f"FLWSECK_TEST-{H(32)}-X", negatives=[f"FLWSECK_TEST-{H(32)}"]
    ),
    context_case(
        "razorpay-key-secret", "RAZORPAY_KEY_SECRET", F.alnum(24), negatives=[F.alnum(23)]
    ),
    context_case(
        "gocardless-access-token",
        "GOCARDLESS_ACCESS_TOKEN",
        f"live_{F.b64url(40)}",
        negatives=[f"live_{F.b64url(20)}"],
    ),
    token_case("twilio-api-key", f"SK{H(32)}", negatives=[f"SK{H(31)}", f"sk{H(32)}"]),
    context_case("twilio-auth-token", "TWILIO_AUTH_TOKEN", H(32), negatives=[H(31)]),
    token_case(
        "sendgrid-api-key",
        f"SG.{F.b64url(22)}.{F.b64url(43)}",
        negatives=[f"SG.{F.b64url(22)}.{F.b64url(42)}"],
    ),
    token_case("mailgun-api-key", f"key-{H(32)}", negatives=[f"key-{H(31)}"]),
    context_case(
        "mailgun-private-key", "MAILGUN_API_KEY", f"{H(32)}-{H(8)}-{H(8)}", negatives=[H(32)]
    ),
    token_case("mailchimp-api-key", f"{H(32)}-us21", negatives=[f"{H(31)}-us21", f"{H(32)}-eu21"]),
    context_case(
        "mailchimp-transactional-key",
        "MANDRILL_API_KEY",
        f"md-{F.b64url(22)}",
        negatives=[F.b64url(12)],
    ),
    context_case("postmark-server-token", "POSTMARK_SERVER_TOKEN", F.uuid(), negatives=[H(32)]),
    token_case("brevo-api-key", f"xkeysib-{H(64)}-{F.alnum(16)}", negatives=[f"xkeysib-{H(64)}"]),
    token_case(
        "brevo-smtp-key",
        f"xsmtpsib-{H(64)}-{F.alnum(16)}",
        negatives=[f"xsmtpsib-{H(63)}-{F.alnum(16)}"],
    ),
    token_case(
        "resend-api-key",
        f"re_{F.alnum(8)}_{F.alnum(24)}",
        negatives=[f"re_{F.alnum(8)}_{F.alnum(23)}"],
    ),
    context_case("vonage-api-secret", "VONAGE_API_SECRET", F.alnum(16), negatives=[F.alnum(15)]),
]
