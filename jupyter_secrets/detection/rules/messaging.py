"""E-mail, SMS and voice APIs: Twilio, SendGrid, Mailgun, Mailchimp and others."""
from __future__ import annotations

from ..rule import Rule
from .patterns import context, hex_chars, token, uuid

FAMILY = "messaging"

RULES = (
    token("twilio-api-key", "Twilio API key SID", "SK", "[0-9a-fA-F]{32}", extra="",
          keywords=("sk",), family=FAMILY, min_entropy=3.0),
    context("twilio-auth-token", "Twilio auth token", ("twilio",), hex_chars("32"),
            family=FAMILY, min_entropy=3.0),
    token("sendgrid-api-key", "SendGrid API key", "SG.",
          r"[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}", family=FAMILY, min_entropy=4.0),
    token("mailgun-api-key", "Mailgun private API key (key- form)", "key-", hex_chars("32"),
          family=FAMILY, min_entropy=3.0),
    context("mailgun-private-key", "Mailgun API key", ("mailgun",),
            hex_chars("32") + "-" + hex_chars("8") + "-" + hex_chars("8"), family=FAMILY,
            min_entropy=3.0),
    Rule(id="mailchimp-api-key", family=FAMILY, description="Mailchimp Marketing API key",
         pattern=r"\b(?P<secret>[a-f0-9]{32}-us[0-9]{1,2})\b", keywords=("-us",),
         min_entropy=3.0),
    context("mailchimp-transactional-key", "Mailchimp Transactional (Mandrill) API key",
            ("mandrill",), "(?:md-)?[A-Za-z0-9_-]{22}", family=FAMILY, min_entropy=3.5),
    context("postmark-server-token", "Postmark server or account token", ("postmark",), uuid(),
            family=FAMILY, min_entropy=3.0),
    token("brevo-api-key", "Brevo (Sendinblue) API key", "xkeysib-",
          hex_chars("64") + "-[A-Za-z0-9]{16}", family=FAMILY, min_entropy=3.0),
    token("brevo-smtp-key", "Brevo (Sendinblue) SMTP key", "xsmtpsib-",
          hex_chars("64") + "-[A-Za-z0-9]{16}", family=FAMILY, min_entropy=3.0),
    token("resend-api-key", "Resend API key", "re_", "[A-Za-z0-9]{8}_[A-Za-z0-9]{24}",
          extra="", family=FAMILY, min_entropy=4.0),
    context("vonage-api-secret", "Vonage (Nexmo) API secret",
            ("vonage_api_secret", "vonage_secret", "nexmo_api_secret", "nexmo_secret"),
            "[A-Za-z0-9]{16}", family=FAMILY, min_entropy=3.0),
)
