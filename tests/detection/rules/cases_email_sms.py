"""Examples for the e-mail, SMS, push and marketing-automation rules."""

from __future__ import annotations

from .fakes import Fakes
from .provider_cases import named, tok

F = Fakes("email-sms")
H, A, L, U, B, D = F.hex, F.alnum, F.lower, F.upper, F.b64url, F.digits
BASE32 = "abcdefghijklmnopqrstuvwxyz234567"

CASES = [
    named("messagebird-api-key", "MESSAGEBIRD_API_KEY", A(25), A(24), [A(26)]),
    named("mailgun-public-key", "MAILGUN_PUBLIC_KEY", f"pubkey-{H(32)}", f"pubkey-{H(31)}",
          [f"privkey-{H(32)}"]),
    tok("mailersend-api-token", "mlsn.", A(64), A(20), [f"mlsx.{A(64)}"]),
    named("mailjet-api-key", "MAILJET_API_SECRET", H(32), H(31), [H(33)]),
    named("sparkpost-api-key", "SPARKPOST_API_KEY", H(40), H(39), [H(41)]),
    named("klaviyo-private-key", "KLAVIYO_PRIVATE_KEY", f"pk_{A(34)}", f"pk_{A(33)}",
          [f"sk_{A(34)}"]),
    named("plivo-auth-token", "PLIVO_AUTH_TOKEN", B(40), B(39), [B(41)]),
    named("telnyx-api-key", "TELNYX_API_KEY", f"KEY{B(55)}", f"KEY{B(54)}", [f"KEX{B(55)}"]),
    tok("nylas-api-key", "nyk_", f"v0_{A(60)}", A(20), [f"nyx_v0_{A(60)}"]),
    tok("onesignal-api-key", "os_v2_app_", F.chars(BASE32, 103), F.chars(BASE32, 102),
        [f"os_v2_usr_{F.chars(BASE32, 103)}"]),
    named("onesignal-api-key-legacy", "ONESIGNAL_REST_API_KEY", A(48), A(47), [A(49)]),
    named("infobip-api-key", "INFOBIP_API_KEY", f"{H(32)}-{F.uuid()}", f"{H(31)}-{F.uuid()}",
          [F.uuid()]),
    named("textmagic-api-key", "TEXTMAGIC_API_KEY", A(30), A(29), [A(31)]),
    named("clicksend-api-key", "CLICKSEND_API_KEY", F.uuid().upper(), F.uuid().upper()[:-1],
          [H(32).upper()]),
    named("mailtrap-api-token", "MAILTRAP_API_TOKEN", H(32), H(31), [H(33)]),
    named("convertkit-api-secret", "CONVERTKIT_API_SECRET", B(43), B(42), [B(44)]),
    named("activecampaign-api-key", "ACTIVECAMPAIGN_API_KEY", H(72), H(71), [H(73)]),
    named("customerio-api-key", "CUSTOMERIO_APP_API_KEY", H(32), H(31), [H(33)]),
    tok("canadian-notify-api-key", "gcntfy-", f"notebook_key-{F.uuid()}-{F.uuid()}",
        f"notebook_key-{F.uuid()}", [f"gcntfx-notebook_key-{F.uuid()}-{F.uuid()}"]),
    named("loops-api-key", "LOOPS_API_KEY", H(32), H(31), [H(33)]),
    named("courier-auth-token", "COURIER_AUTH_TOKEN", f"pk_prod_{U(28)}", f"pk_prod_{U(27)}",
          [f"pk_beta_{U(28)}"]),
    named("mailerlite-api-key", "MAILERLITE_API_KEY", H(32), H(31), [H(33)]),
    named("smtp2go-api-key", "SMTP2GO_API_KEY", f"api-{H(32).upper()}", f"api-{H(31).upper()}",
          [f"key-{H(32).upper()}"]),
    named("elasticemail-api-key", "ELASTICEMAIL_API_KEY", H(96).upper(), H(95).upper(),
          [H(96)]),
    named("pushover-token", "PUSHOVER_APP_TOKEN", L(30), L(29), [L(31)]),
    named("pushbullet-access-token", "PUSHBULLET_ACCESS_TOKEN", f"o.{A(32)}", f"o.{A(31)}",
          [f"p.{A(32)}"]),
    named("ntfy-access-token", "NTFY_TOKEN", f"tk_{L(29)}", f"tk_{L(28)}", [f"tx_{L(29)}"]),
    named("sendbird-api-token", "SENDBIRD_API_TOKEN", H(40), H(39), [H(41)]),
]
