"""E-mail, SMS, push and marketing-automation APIs beyond the ones in ``messaging``."""
from __future__ import annotations

from functools import partial

from .patterns import context, hex_chars, token, uuid
from .validators import PROVIDER_CHECKS

FAMILY = "messaging"
_named = partial(context, family=FAMILY, validators=PROVIDER_CHECKS)
_prefixed = partial(token, family=FAMILY, validators=PROVIDER_CHECKS)

RULES = (
    _named("messagebird-api-key", "MessageBird (Bird) API access key",
           ("messagebird", "message_bird", "message-bird"), "[A-Za-z0-9]{25}", min_entropy=3.6),
    _named("mailgun-public-key", "Mailgun public validation key", ("mailgun",),
           "pubkey-" + hex_chars("32"), prefix="pubkey-"),
    _prefixed("mailersend-api-token", "MailerSend API token", "mlsn.", "[A-Za-z0-9]{30,100}",
              extra="", min_entropy=4.0),
    _named("mailjet-api-key", "Mailjet API key or secret", ("mailjet", "mj_apikey"),
           hex_chars("32")),
    _named("sparkpost-api-key", "SparkPost API key", ("sparkpost",), hex_chars("40")),
    _named("klaviyo-private-key", "Klaviyo private API key", ("klaviyo",),
           "pk_[A-Za-z0-9]{34}", prefix="pk_", min_entropy=4.0),
    _named("plivo-auth-token", "Plivo auth token", ("plivo",), "[A-Za-z0-9_-]{40}",
           min_entropy=4.0),
    _named("telnyx-api-key", "Telnyx API v2 key", ("telnyx",), "KEY[0-9A-Za-z_-]{55}",
           prefix="KEY", min_entropy=4.0),
    _prefixed("nylas-api-key", "Nylas API key", "nyk_", "[A-Za-z0-9_]{40,80}", extra="",
              min_entropy=4.0),
    _prefixed("onesignal-api-key", "OneSignal REST API key (v2)", "os_v2_", "[a-z2-7]{103}",
              head="os_v2_(?:app|org)_", keywords=("os_v2_app_", "os_v2_org_"), extra="",
              min_entropy=4.0),
    _named("onesignal-api-key-legacy", "OneSignal REST API key (legacy)", ("onesignal",),
           "[A-Za-z0-9]{48}", min_entropy=4.2),
    _named("infobip-api-key", "Infobip API key", ("infobip",), hex_chars("32") + "-" + uuid()),
    _named("textmagic-api-key", "TextMagic API key", ("textmagic",), "[A-Za-z0-9]{30}",
           min_entropy=3.8),
    _named("clicksend-api-key", "ClickSend API key", ("clicksend",), uuid("A-F")),
    _named("mailtrap-api-token", "Mailtrap API token", ("mailtrap",), hex_chars("32")),
    _named("convertkit-api-secret", "Kit (ConvertKit) API secret or v4 key",
           ("convertkit", "kit_api_secret", "kit_api_key"), "(?:kit_)?[A-Za-z0-9_-]{43}",
           min_entropy=4.0),
    _named("activecampaign-api-key", "ActiveCampaign API key", ("activecampaign",),
           hex_chars("72")),
    _named("customerio-api-key", "Customer.io API key",
           ("customerio", "customer_io", "customer.io"), "(?:[a-f0-9]{32}|[a-f0-9]{20})"),
    token("canadian-notify-api-key", "GC Notify (Canadian Digital Service) API key", "gcntfy-",
          "[a-z0-9_-]{1,80}-" + uuid() + "-" + uuid(), family=FAMILY, min_entropy=3.5),
    _named("loops-api-key", "Loops API key", ("loops_api_key", "loops.so", "loops_key"),
           hex_chars("32")),
    _named("courier-auth-token", "Courier auth token", ("courier",),
           "pk_(?:prod|test)_[A-Z0-9]{28}", prefix="pk_", min_entropy=3.8),
    _named("mailerlite-api-key", "MailerLite API key (classic)", ("mailerlite",),
           hex_chars("32")),
    _named("smtp2go-api-key", "SMTP2GO API key", ("smtp2go",), "api-[A-F0-9]{32}",
           prefix="api-"),
    _named("elasticemail-api-key", "Elastic Email API key", ("elasticemail", "elastic_email"),
           "[A-F0-9]{96}"),
    _named("pushover-token", "Pushover application or user key", ("pushover",),
           "[a-z0-9]{30}", min_entropy=3.6),
    _named("pushbullet-access-token", "Pushbullet access token", ("pushbullet",),
           r"o\.[A-Za-z0-9]{32}", extra="-.", prefix="o.", min_entropy=4.0),
    _named("ntfy-access-token", "ntfy access token", ("ntfy",), "tk_[a-z0-9]{29}", prefix="tk_",
           min_entropy=3.6),
    _named("sendbird-api-token", "Sendbird API token", ("sendbird",), hex_chars("40")),
)
