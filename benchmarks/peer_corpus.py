"""A labelled corpus for comparing secret scanners: keys that must be found, strings that must
not be, and clean notebooks.

Every key is drawn at random from its provider's documented format (prefix, length, alphabet,
checksum where the format has one), written here from the providers' descriptions, not from
any scanner's rules or test data. Deterministic (seeded): every run measures the same bytes.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
import random
import string
import struct
import uuid
import zlib
from dataclasses import dataclass
from typing import Callable, List, Tuple

LOWER, UPPER, DIGITS = string.ascii_lowercase, string.ascii_uppercase, string.digits
ALNUM = LOWER + UPPER + DIGITS
HEX = "0123456789abcdef"
B64URL = ALNUM + "-_"
B64 = ALNUM + "+/"
BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
BASE62 = DIGITS + UPPER + LOWER

#: Families as the issue names them; recall is reported per family.
FAMILIES = {
    "urls": "database and credential URLs",
    "data": "data/utility APIs",
    "payments": "payments, finance and crypto",
    "saas": "other SaaS",
    "generic": "generic assignments and auth headers",
    "chat": "chat and messaging",
    "social": "social and media",
    "observability": "observability and analytics",
    "email": "email/SMS/marketing",
    "keys": "private keys and key material",
    "vcs": "VCS, CI and package registries",
    "identity": "secret managers, identity and JWT",
    "cloud": "cloud and infrastructure",
    "ai": "AI/ML providers",
}


@dataclass(frozen=True)
class Sample:
    family: str
    name: str
    text: str


class Draw:
    """Random strings of the shapes token formats use."""

    def __init__(self, seed: str):
        self.rng = random.Random(seed)

    def s(self, alphabet: str, n: int) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    def alnum(self, n): return self.s(ALNUM, n)
    def hex(self, n): return self.s(HEX, n)
    def upper(self, n): return self.s(UPPER + DIGITS, n)
    def lower(self, n): return self.s(LOWER + DIGITS, n)
    def digits(self, n): return self.s(DIGITS, n)
    def b64url(self, n): return self.s(B64URL, n)
    def b64(self, n): return self.s(B64, n)

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def password(self, n: int = 16) -> str:
        # a word-and-digits password as people choose them, plus random ones
        if self.rng.random() < 0.5:
            word = self.rng.choice(["Harbor", "Quartz", "Maple", "Falcon", "Orbit", "Cobalt"])
            return word + self.digits(4) + self.rng.choice("!#%*") + self.alnum(3)
        return self.s(ALNUM + "-._~!*", n)

    def b64_of(self, raw: bytes) -> str:
        return base64.b64encode(raw).decode()

    def bytes(self, n: int) -> bytes:
        return self.rng.randbytes(n)


def _base62(number: int, width: int) -> str:
    out = ""
    while number:
        number, rest = divmod(number, 62)
        out = BASE62[rest] + out
    return out.rjust(width, "0")


def _crc_token(d: Draw, prefix: str) -> str:
    """GitHub's and npm's documented shape: 30 random base62 characters and their CRC32."""
    body = d.alnum(30)
    return prefix + body + _base62(binascii.crc32(body.encode()), 6)


def _bech32_polymod(values) -> int:
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    return chk


def _age_key(d: Draw) -> str:
    hrp = "age-secret-key-"
    data = [d.rng.randrange(32) for _ in range(52)]
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    poly = _bech32_polymod(expanded + data + [0] * 6) ^ 1
    checksum = [(poly >> 5 * (5 - i)) & 31 for i in range(6)]
    return ("AGE-SECRET-KEY-1" + "".join(BECH32[v] for v in data + checksum)).upper()


def _jwt(d: Draw, claims: dict) -> str:
    def part(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")
    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.{d.b64url(43)}"


def _wif(d: Draw) -> str:
    raw = b"\x80" + d.bytes(32) + b"\x01"
    check = hashlib.sha256(hashlib.sha256(raw).digest()).digest()[:4]
    n, out = int.from_bytes(raw + check, "big"), ""
    while n:
        n, rest = divmod(n, 58)
        out = BASE58[rest] + out
    return out


def _pem(label: str, der: bytes) -> str:
    body = base64.b64encode(der).decode()
    lines = "\n".join(body[i:i + 64] for i in range(0, len(body), 64))
    return f"-----BEGIN {label}-----\n{lines}\n-----END {label}-----"


def _keys(d: Draw) -> List[Tuple[str, str]]:
    from cryptography.hazmat.primitives import serialization as ser
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ec_key = ec.generate_private_key(ec.SECP256R1())
    none = ser.NoEncryption()
    pkcs8, legacy = ser.PrivateFormat.PKCS8, ser.PrivateFormat.TraditionalOpenSSL
    pem = ser.Encoding.PEM
    numbers = ec_key.private_numbers()
    jwk = {"kty": "EC", "crv": "P-256",
           "x": base64.urlsafe_b64encode(numbers.public_numbers.x.to_bytes(32, "big")).decode().rstrip("="),
           "y": base64.urlsafe_b64encode(numbers.public_numbers.y.to_bytes(32, "big")).decode().rstrip("="),
           "d": base64.urlsafe_b64encode(numbers.private_value.to_bytes(32, "big")).decode().rstrip("=")}
    pgp = _pem("PGP PRIVATE KEY BLOCK", b"\x95\x03\xc6\x04" + d.bytes(700)).replace(
        "-----\n", "-----\n\n", 1)
    return [
        ("rsa-pkcs1", rsa_key.private_bytes(pem, legacy, none).decode()),
        ("rsa-pkcs8", rsa_key.private_bytes(pem, pkcs8, none).decode()),
        ("ec", ec_key.private_bytes(pem, legacy, none).decode()),
        ("openssh-ed25519", ed25519.Ed25519PrivateKey.generate().private_bytes(
            pem, ser.PrivateFormat.OpenSSH, none).decode()),
        ("encrypted-pkcs8", ec_key.private_bytes(
            pem, pkcs8, ser.BestAvailableEncryption(b"corpus-passphrase")).decode()),
        ("pgp", pgp),
        ("jwk", json.dumps(jwk)),
        ("age", _age_key(d)),
        ("putty", "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: build-box\n"
                  f"Public-Lines: 2\n{d.b64(64)}\n{d.b64(4)}\nPrivate-Lines: 1\n{d.b64(44)}\n"
                  f"Private-MAC: {d.hex(64)}"),
    ]


#: (family, provider, template, token maker). In the template {t} is the token.
def _provider_formats(d: Draw) -> List[Tuple[str, str, str, Callable[[], str]]]:
    return [
        # AI/ML
        ("ai", "openai-project", 'client = OpenAI(api_key="{t}")',
         lambda: "sk-proj-" + d.b64url(74) + "T3BlbkFJ" + d.b64url(74)),
        ("ai", "openai-legacy", 'openai.api_key = "{t}"', lambda: "sk-" + d.alnum(20) + "T3BlbkFJ" + d.alnum(20)),
        ("ai", "anthropic", 'Anthropic(api_key="{t}")', lambda: "sk-ant-api03-" + d.b64url(93) + "AA"),
        ("ai", "huggingface", 'login(token="{t}")', lambda: "hf_" + d.s(LOWER + UPPER, 34)),
        ("ai", "replicate", "export REPLICATE_API_TOKEN={t}", lambda: "r8_" + d.alnum(37)),
        ("ai", "groq", 'Groq(api_key="{t}")', lambda: "gsk_" + d.alnum(52)),
        ("ai", "perplexity", 'key = "{t}"', lambda: "pplx-" + d.alnum(48)),
        ("ai", "xai", 'XAI_API_KEY = "{t}"', lambda: "xai-" + d.alnum(80)),
        ("ai", "openrouter", 'api_key="{t}"', lambda: "sk-or-v1-" + d.hex(64)),
        ("ai", "langsmith", 'os.environ["LANGCHAIN_API_KEY"] = "{t}"', lambda: "lsv2_pt_" + d.hex(32) + "_" + d.hex(10)),
        ("ai", "cohere", 'co = cohere.Client("{t}")  # COHERE_API_KEY', lambda: d.alnum(40)),
        ("ai", "wandb", "wandb.login(key='{t}')", lambda: d.hex(40)),
        ("ai", "pinecone", 'Pinecone(api_key="{t}")', lambda: "pcsk_" + d.alnum(6) + "_" + d.alnum(63)),
        ("ai", "deepseek", 'DEEPSEEK_API_KEY = "{t}"', lambda: "sk-" + d.hex(32)),
        # cloud and infrastructure
        ("cloud", "aws-access-key-id", "aws_access_key_id = {t}", lambda: "AKIA" + d.s(UPPER + "234567", 16)),
        ("cloud", "aws-secret-key", "aws_secret_access_key = {t}", lambda: d.b64(40)),
        ("cloud", "gcp-api-key", 'params = {{"key": "{t}"}}', lambda: "AIza" + d.b64url(35)),
        ("cloud", "azure-storage", 'conn = "{t}"', lambda: "DefaultEndpointsProtocol=https;AccountName=corpusdata;AccountKey="
         + d.b64(86) + "==;EndpointSuffix=core.windows.net"),
        ("cloud", "azure-ad-secret", 'client_secret = "{t}"', lambda: d.b64url(3) + "8Q~" + d.s(ALNUM + "_~.-", 34)),
        ("cloud", "digitalocean", 'DIGITALOCEAN_TOKEN = "{t}"', lambda: "dop_v1_" + d.hex(64)),
        ("cloud", "alibaba", 'access_key_id = "{t}"', lambda: "LTAI" + d.alnum(20)),
        ("cloud", "tencent", 'secret_id = "{t}"', lambda: "AKID" + d.alnum(32)),
        ("cloud", "cloudflare-token", 'CLOUDFLARE_API_TOKEN = "{t}"', lambda: d.b64url(40)),
        ("cloud", "databricks", 'token = "{t}"', lambda: "dapi" + d.hex(32)),
        ("cloud", "terraform-cloud", 'token = "{t}"', lambda: d.alnum(14) + ".atlasv1." + d.alnum(67)),
        ("cloud", "pulumi", "export PULUMI_ACCESS_TOKEN={t}", lambda: "pul-" + d.hex(40)),
        ("cloud", "linode", 'LINODE_TOKEN = "{t}"', lambda: d.hex(64)),
        ("cloud", "heroku", 'HEROKU_API_KEY = "{t}"', lambda: "HRKU-AA" + d.b64url(58)),
        # VCS, CI and package registries
        ("vcs", "github-classic", 'g = Github("{t}")', lambda: _crc_token(d, "ghp_")),
        ("vcs", "github-oauth", 'headers = {{"Authorization": "token {t}"}}', lambda: _crc_token(d, "gho_")),
        ("vcs", "github-app", "GH_TOKEN={t}", lambda: _crc_token(d, "ghs_")),
        ("vcs", "github-fine-grained", 'token = "{t}"', lambda: "github_pat_" + d.alnum(22) + "_" + d.alnum(59)),
        ("vcs", "gitlab-pat", 'gl = gitlab.Gitlab(url, private_token="{t}")', lambda: "glpat-" + d.b64url(20)),
        ("vcs", "gitlab-runner", "token = \"{t}\"", lambda: "glrt-" + d.b64url(20)),
        ("vcs", "npm", "//registry.npmjs.org/:_authToken={t}", lambda: _crc_token(d, "npm_")),
        ("vcs", "pypi", "password = {t}", lambda: "pypi-AgEIcHlwaS5vcmc" + d.b64url(120)),
        ("vcs", "jfrog", 'ARTIFACTORY_API_KEY = "{t}"', lambda: "AKCp" + d.alnum(69)),
        ("vcs", "snyk", "SNYK_TOKEN={t}", lambda: d.uuid()),
        ("vcs", "sonarqube", "sonar.token={t}", lambda: "squ_" + d.hex(40)),
        ("vcs", "grafana-sa", 'GRAFANA_TOKEN = "{t}"', lambda: "glsa_" + d.alnum(32) + "_" + d.hex(8)),
        ("vcs", "atlassian", 'JIRA_API_TOKEN = "{t}"', lambda: "ATATT3xFfGF0" + d.b64url(170) + "=" + d.hex(8).upper()),
        ("vcs", "bitbucket", 'BITBUCKET_APP_PASSWORD = "{t}"', lambda: "ATBB" + d.alnum(32)),
        ("vcs", "docker-hub", "docker_pat = '{t}'", lambda: "dckr_pat_" + d.b64url(27)),
        ("vcs", "rubygems", ":rubygems_api_key: {t}", lambda: "rubygems_" + d.hex(48)),
        ("vcs", "circleci", 'CIRCLE_TOKEN = "{t}"', lambda: "CCIPAT_" + d.alnum(22) + "_" + d.hex(40)),
        ("vcs", "buildkite", 'token = "{t}"', lambda: "bkua_" + d.hex(40)),
        ("vcs", "postman", 'POSTMAN_API_KEY = "{t}"', lambda: "PMAK-" + d.hex(24) + "-" + d.hex(34)),
        # secret managers, identity, JWT
        ("identity", "vault-service", 'client = hvac.Client(url, token="{t}")', lambda: "hvs." + d.b64url(90)),
        ("identity", "vault-batch", "VAULT_TOKEN={t}", lambda: "hvb." + d.b64url(138)),
        ("identity", "doppler", 'DOPPLER_TOKEN = "{t}"', lambda: "dp.pt." + d.alnum(43)),
        ("identity", "okta", 'headers = {{"Authorization": "SSWS {t}"}}', lambda: "00" + d.b64url(40)),
        ("identity", "jwt", 'session = requests.get(url, headers={{"Authorization": "Bearer {t}"}})',
         lambda: _jwt(d, {"sub": d.uuid(), "iat": 1760000000})),
        ("identity", "auth0-secret", 'AUTH0_CLIENT_SECRET = "{t}"', lambda: d.b64url(64)),
        ("identity", "onepassword-sa", "export OP_SERVICE_ACCOUNT_TOKEN={t}",
         lambda: "ops_" + base64.b64encode(json.dumps({"signInAddress": "my.1password.com", "email": d.lower(10) + "@x.io", "secretKey": d.alnum(30)}).encode()).decode().rstrip("=")),
        # chat and messaging
        ("chat", "slack-bot", 'WebClient(token="{t}")', lambda: f"xoxb-{d.digits(12)}-{d.digits(13)}-{d.alnum(24)}"),
        ("chat", "slack-user", 'SLACK_USER_TOKEN = "{t}"', lambda: f"xoxp-{d.digits(12)}-{d.digits(12)}-{d.digits(13)}-{d.hex(32)}"),
        ("chat", "slack-app", "SLACK_APP_TOKEN={t}", lambda: f"xapp-1-A{d.upper(10)}-{d.digits(13)}-{d.hex(64)}"),
        ("chat", "slack-config", 'token = "{t}"', lambda: f"xoxe.xoxp-1-{d.alnum(163)}"),
        ("chat", "slack-refresh", 'refresh = "{t}"', lambda: f"xoxe-1-{d.alnum(146)}"),
        ("chat", "slack-webhook", 'requests.post("{t}", json=msg)',
         lambda: f"https://hooks.slack.com/services/T{d.upper(10)}/B{d.upper(10)}/{d.alnum(24)}"),
        ("chat", "discord-bot", 'bot.run("{t}")',
         lambda: base64.b64encode(str(d.rng.randrange(10**17, 10**18)).encode()).decode().rstrip("=") + "." + d.b64url(6) + "." + d.b64url(38)),
        ("chat", "discord-webhook", 'url = "{t}"', lambda: f"https://discord.com/api/webhooks/{d.digits(18)}/{d.b64url(68)}"),
        ("chat", "telegram", 'Bot(token="{t}")', lambda: f"{d.digits(10)}:AA{d.b64url(33)}"),
        ("chat", "teams-webhook", 'hook = "{t}"',
         lambda: f"https://corp.webhook.office.com/webhookb2/{d.uuid()}@{d.uuid()}/IncomingWebhook/{d.hex(32)}/{d.uuid()}"),
        ("chat", "twilio-key", 'Client("{t}", secret)', lambda: "SK" + d.hex(32)),
        ("chat", "sendbird", 'SENDBIRD_API_TOKEN = "{t}"', lambda: d.hex(40)),
        ("chat", "messagebird", 'MESSAGEBIRD_ACCESS_KEY = "{t}"', lambda: d.alnum(25)),
        # email, SMS, marketing
        ("email", "sendgrid", 'SendGridAPIClient("{t}")', lambda: "SG." + d.b64url(22) + "." + d.b64url(43)),
        ("email", "mailgun", 'auth=("api", "{t}")', lambda: "key-" + d.hex(32)),
        ("email", "mailchimp", 'MAILCHIMP_API_KEY = "{t}"', lambda: d.hex(32) + "-us" + str(d.rng.randrange(1, 21))),
        ("email", "brevo", 'configuration.api_key["api-key"] = "{t}"', lambda: "xkeysib-" + d.hex(64) + "-" + d.alnum(16)),
        ("email", "postmark", 'POSTMARK_SERVER_TOKEN = "{t}"', lambda: d.uuid()),
        ("email", "resend", 'resend.api_key = "{t}"', lambda: "re_" + d.alnum(8) + "_" + d.alnum(24)),
        ("email", "mailjet", 'MAILJET_API_SECRET = "{t}"', lambda: d.hex(32)),
        # payments, finance, crypto
        ("payments", "stripe-secret", 'stripe.api_key = "{t}"', lambda: "sk_live_" + d.alnum(99)),
        ("payments", "stripe-restricted", 'key = "{t}"', lambda: "rk_live_" + d.alnum(24)),
        ("payments", "stripe-webhook", 'endpoint_secret = "{t}"', lambda: "whsec_" + d.alnum(32)),
        ("payments", "square", "SQUARE_ACCESS_TOKEN={t}", lambda: "EAAA" + d.b64url(60)),
        ("payments", "square-oauth", 'secret = "{t}"', lambda: "sq0csp-" + d.b64url(43)),
        ("payments", "braintree", 'gateway = BraintreeGateway(access_token="{t}")',
         lambda: f"access_token$production${d.lower(16)}${d.hex(32)}"),
        ("payments", "shopify", 'session = shopify.Session(shop, version, "{t}")', lambda: "shpat_" + d.hex(32)),
        ("payments", "flutterwave", 'FLW_SECRET_KEY = "{t}"', lambda: "FLWSECK-" + d.hex(32) + "-X"),
        ("payments", "razorpay", 'client = razorpay.Client(auth=("{t}", secret))', lambda: "rzp_live_" + d.alnum(14)),
        ("payments", "lob", 'lob.api_key = "{t}"', lambda: "live_" + d.hex(35)),
        ("payments", "shippo", 'shippo.config.api_key = "{t}"', lambda: "shippo_live_" + d.hex(40)),
        ("payments", "easypost", 'client = easypost.EasyPostClient("{t}")', lambda: "EZAK" + d.alnum(54)),
        ("payments", "ethereum-key", "PRIVATE_KEY=0x{t}", lambda: d.hex(64)),
        ("payments", "bitcoin-wif", 'wif = "{t}"', lambda: _wif(d)),
        ("payments", "plaid", 'PLAID_SECRET = "{t}"', lambda: d.hex(30)),
        # observability and analytics
        ("observability", "datadog-api", "DD_API_KEY={t}", lambda: d.hex(32)),
        ("observability", "datadog-app", 'DD_APP_KEY = "{t}"', lambda: d.hex(40)),
        ("observability", "newrelic-user", 'NEW_RELIC_API_KEY = "{t}"', lambda: "NRAK-" + d.upper(27)),
        ("observability", "newrelic-license", "license_key: {t}", lambda: d.hex(36) + "NRAL"),
        ("observability", "sentry-dsn", 'sentry_sdk.init(dsn="{t}")',
         lambda: f"https://{d.hex(32)}@o{d.digits(6)}.ingest.sentry.io/{d.digits(7)}"),
        ("observability", "sentry-user", 'SENTRY_AUTH_TOKEN = "{t}"', lambda: "sntryu_" + d.hex(64)),
        ("observability", "sumologic", 'SUMO_ACCESS_KEY = "{t}"', lambda: d.alnum(64)),
        ("observability", "dynatrace", 'DT_API_TOKEN = "{t}"', lambda: f"dt0c01.{d.upper(24)}.{d.upper(64)}"),
        ("observability", "posthog", 'posthog.api_key = "{t}"', lambda: "phx_" + d.alnum(43)),
        ("observability", "honeycomb", 'HONEYCOMB_API_KEY = "{t}"', lambda: "hcaik_" + d.lower(58)),
        # social and media
        ("social", "twitter-bearer", 'BEARER_TOKEN = "{t}"', lambda: "A" * 22 + d.alnum(30) + "%3D" + d.alnum(50)),
        ("social", "twitter-access", 'access_token = "{t}"', lambda: d.digits(19) + "-" + d.alnum(40)),
        ("social", "facebook", 'graph = GraphAPI(access_token="{t}")', lambda: "EAA" + d.alnum(180)),
        ("social", "instagram", 'IG_TOKEN = "{t}"', lambda: "IGQV" + d.b64url(160)),
        ("social", "pinterest", 'PINTEREST_TOKEN = "{t}"', lambda: "pina_" + d.upper(96)),
        ("social", "dropbox", 'dbx = dropbox.Dropbox("{t}")', lambda: "sl." + d.b64url(136)),
        ("social", "spotify", 'SPOTIFY_CLIENT_SECRET = "{t}"', lambda: d.hex(32)),
        ("social", "twitch", 'TWITCH_CLIENT_SECRET = "{t}"', lambda: d.lower(30)),
        # data / utility APIs
        ("data", "mapbox", 'mapboxgl.accessToken = "{t}"', lambda: "sk.eyJ1Ijoi" + d.b64url(50) + "." + d.b64url(22)),
        ("data", "planetscale", 'PLANETSCALE_TOKEN = "{t}"', lambda: "pscale_tkn_" + d.b64url(43)),
        ("data", "planetscale-pw", 'password = "{t}"', lambda: "pscale_pw_" + d.b64url(43)),
        ("data", "airtable", 'api = Api("{t}")', lambda: "pat" + d.alnum(14) + "." + d.hex(64)),
        ("data", "notion", 'Client(auth="{t}")', lambda: "ntn_" + d.digits(11) + d.alnum(35)),
        ("data", "contentful", 'CONTENTFUL_MANAGEMENT_TOKEN = "{t}"', lambda: "CFPAT-" + d.b64url(43)),
        ("data", "supabase", 'SUPABASE_ACCESS_TOKEN = "{t}"', lambda: "sbp_" + d.hex(40)),
        ("data", "algolia", 'ALGOLIA_ADMIN_KEY = "{t}"', lambda: d.hex(32)),
        ("data", "openweather", 'OWM_API_KEY = "{t}"', lambda: d.hex(32)),
        ("data", "firebase-fcm", 'FCM_SERVER_KEY = "{t}"', lambda: "AAAA" + d.b64url(7) + ":APA91b" + d.b64url(134)),
        # other SaaS
        ("saas", "asana", 'client = asana.Client.access_token("{t}")', lambda: f"1/{d.digits(16)}:{d.hex(32)}"),
        ("saas", "linear", 'LINEAR_API_KEY = "{t}"', lambda: "lin_api_" + d.alnum(40)),
        ("saas", "figma", 'FIGMA_TOKEN = "{t}"', lambda: "figd_" + d.b64url(40)),
        ("saas", "hubspot", 'HubSpot(access_token="{t}")', lambda: "pat-na1-" + d.uuid()),
        ("saas", "typeform", 'TYPEFORM_TOKEN = "{t}"', lambda: "tfp_" + d.alnum(44) + "_" + d.alnum(14)),
        ("saas", "trello", 'TRELLO_TOKEN = "{t}"', lambda: "ATTA" + d.hex(64) + d.hex(8).upper()),
        ("saas", "zendesk", 'ZENDESK_API_TOKEN = "{t}"', lambda: d.alnum(40)),
        ("saas", "clickup", 'CLICKUP_TOKEN = "{t}"', lambda: f"pk_{d.digits(8)}_{d.upper(32)}"),
        ("saas", "salesforce", 'sf = Salesforce(instance_url=u, session_id="{t}")', lambda: f"00D{d.alnum(12)}!{d.b64url(96)}"),
        ("saas", "etsy", 'ETSY_API_KEY = "{t}"', lambda: d.lower(24)),
    ]


def _context_formats(d: Draw) -> List[Tuple[str, str, Callable[[], str]]]:
    """Shapes with no prefix of their own: what carries them is where they sit."""
    p = d.password
    b = lambda s: base64.b64encode(s.encode()).decode()  # noqa: E731
    return [
        ("urls", "postgres", lambda: f'engine = create_engine("postgresql://analyst:{p()}@db.internal:5432/warehouse")'),
        ("urls", "mysql", lambda: f"DATABASE_URL=mysql://app:{p()}@10.2.0.7:3306/shop"),
        ("urls", "mongodb-srv", lambda: f'MongoClient("mongodb+srv://svc:{p()}@cluster0.{d.lower(5)}.mongodb.net/db")'),
        ("urls", "redis", lambda: f"redis_url = 'rediss://default:{p()}@cache.internal:6380/0'"),
        ("urls", "amqp", lambda: f"BROKER_URL = 'amqp://worker:{p()}@mq.internal:5672/prod'"),
        ("urls", "mssql", lambda: f'"mssql+pyodbc://sa:{p()}@sqlhost/db?driver=ODBC+Driver+18"'),
        ("urls", "snowflake", lambda: f"snowflake://me:{p()}@xy{d.digits(5)}.eu-west-1/analytics"),
        ("urls", "clickhouse", lambda: f"clickhouse://reader:{p()}@ch.internal:8123/events"),
        ("urls", "ftp", lambda: f"ftp://upload:{p()}@ftp.partner.example/in/"),
        ("urls", "sftp", lambda: f"!lftp sftp://deploy:{p()}@files.internal"),
        ("urls", "https-basic", lambda: f"!git clone https://build:{p()}@git.internal/corp/app.git"),
        ("urls", "sidekiq-url", lambda: f"source 'https://{d.hex(8)}:{d.hex(8)}@gems.contribsys.com/'"),
        ("urls", "sidekiq-env", lambda: f"BUNDLE_GEMS__CONTRIBSYS__COM={d.hex(8)}:{d.hex(8)}"),
        ("urls", "jdbc", lambda: f'url = "jdbc:postgresql://db:5432/app?user=app&password={p()}"'),
        ("urls", "odbc", lambda: f'conn = pyodbc.connect("DRIVER={{ODBC Driver 18}};SERVER=h;UID=me;PWD={p()}")'),
        ("generic", "password-assignment", lambda: f'password = "{p()}"'),
        ("generic", "api-key-yaml", lambda: f"  api_key: {d.alnum(32)}"),
        ("generic", "token-env", lambda: f"SERVICE_TOKEN={d.b64url(40)}"),
        ("generic", "curl-user", lambda: f"!curl -u admin:{p()} https://api.internal/v1/jobs"),
        ("generic", "curl-header", lambda: f'!curl -H "Authorization: Bearer {d.b64url(40)}" https://api.internal/v1'),
        ("generic", "curl-header-token", lambda: f"curl --header 'Authorization: Token {d.hex(40)}' https://x.internal"),
        ("generic", "wget-password", lambda: f"!wget --user=me --password={p()} https://files.internal/a.csv"),
        ("generic", "httpie", lambda: f"!http -a admin:{p()} https://api.internal/v1/items"),
        ("generic", "basic-header", lambda: f"Authorization: Basic {b('svc:' + p())}"),
        ("generic", "k8s-secret", lambda: "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ntype: Opaque\n"
         f"data:\n  db-user: {b('app')}\n  db-pass: {b(p())}\n"),
        ("generic", "dockerconfigjson", lambda: json.dumps({"auths": {"ghcr.io": {"auth": b("bot:" + p(20))}}})),
        ("generic", "netrc", lambda: f"machine api.internal\n  login me\n  password {p()}\n"),
        ("generic", "pypirc", lambda: f"[internal]\nrepository = https://pypi.internal/\nusername = ci\npassword = {p()}\n"),
        ("generic", "npmrc", lambda: f"//npm.internal/:_authToken={d.b64url(36)}\n"),
        ("generic", "pip-index", lambda: f"[global]\nindex-url = https://ci:{p()}@pypi.internal/simple\n"),
    ]


def positives(seed: str = "peers") -> List[Sample]:
    """Strings that hold a key, each as it would sit in code or config."""
    d = Draw(seed)
    samples = [Sample(family, name, template.format(t=make()))
               for family, name, template, make in _provider_formats(d) for _ in range(3)]
    samples += [Sample(family, name, make()) for family, name, make in _context_formats(d) for _ in range(3)]
    for name, key in _keys(d):
        samples.append(Sample("keys", name, key))
        samples.append(Sample("keys", name + "-in-string", f"KEY = {json.dumps(key)}"))
    return samples


#: Fixed-length formats and the length of their prefix: cut short, they are near misses.
NEAR_MISS_PREFIX = {
    "github-classic": 4, "github-oauth": 4, "github-app": 4, "gitlab-pat": 6, "npm": 4,
    "huggingface": 3, "groq": 4, "digitalocean": 7, "shopify": 6, "sonarqube": 4, "linear": 8,
    "rubygems": 9, "pulumi": 4, "supabase": 4, "sentry-user": 7, "planetscale": 11,
    "docker-hub": 9, "aws-access-key-id": 4, "gcp-api-key": 4, "openrouter": 9, "figma": 5,
    "contentful": 6, "sendgrid": 3,
}


def _near_misses(d: Draw) -> List[str]:
    """Fixed-length tokens cut to two thirds of their body: right alphabet, wrong length."""
    out = []
    for _family, name, template, make in _provider_formats(d):
        if name in NEAR_MISS_PREFIX:
            token, head = make(), NEAR_MISS_PREFIX[name]
            out.append(template.format(t=token[: head + (len(token) - head) * 2 // 3]))
    return out


def negatives(seed: str = "peers-negatives") -> List[Sample]:
    """Strings that hold no key although they look or sit like one."""
    d = Draw(seed)
    texts = [("near-miss", t) for t in _near_misses(d)]
    texts += [("bad-checksum", f'g = Github("ghp_{d.alnum(36)}")') for _ in range(5)]
    texts += [("bad-checksum", f"//registry.npmjs.org/:_authToken=npm_{d.alnum(36)}") for _ in range(3)]
    for i in range(10):
        data = f"row-{i}".encode()
        texts += [
            ("hash", f"md5 = '{hashlib.md5(data).hexdigest()}'"),
            ("hash", f"commit {hashlib.sha1(data).hexdigest()}"),
            ("hash", f"--hash=sha256:{hashlib.sha256(data).hexdigest()}"),
            ("uuid", f'request_id = "{d.uuid()}"'),
        ]
    placeholders = [
        'api_key = "<your-api-key>"', 'OPENAI_API_KEY = "sk-..."', "password = '********'",
        'token = "${GITHUB_TOKEN}"', "export API_KEY=xxxxxxxxxxxxxxxxxxxxxxxx",
        'api_key = os.environ["OPENAI_API_KEY"]', "postgresql://user:password@localhost:5432/db",
        "mongodb://admin:<password>@host:27017", "curl -u username:password https://api.example.com",
        'curl -H "Authorization: Bearer $TOKEN" https://api.example.com',
        "docker login -u USER -p PASSWORD", 'client_secret = "your-client-secret"',
        "stripe.api_key = 'sk_live_xxxxxxxxxxxxxxxxxxxxxxxx'", "AWS_SECRET_ACCESS_KEY=<secret>",
        "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
        "token = getpass('Token: ')", 'headers = {"Authorization": f"Bearer {token}"}',
        "%env HF_TOKEN=<token>", "redis://:changeme@localhost:6379",
        "kind: Secret\ndata:\n  password: PHBhc3N3b3JkPg==\n",
    ]
    texts += [("placeholder", t) for t in placeholders]
    texts += [("image", f'<img src="data:image/png;base64,{_png(d, 24)}">')]
    texts += [("public-key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + d.b64(43) + " someone@laptop")]
    texts += [("identifier", f"token_type = 'bearer'\nmax_tokens = 4096\nsession_key = '{d.hex(16)}'")]
    texts += [(kind, text) for kind, maker in _HARD_NEGATIVES for text in maker(d)]
    return [Sample("negative", kind, text) for kind, text in texts]


def _too_long(d: Draw) -> List[str]:
    """Tokens of an exact documented length with four characters too many: right alphabet,
    wrong length."""
    out = []
    for _family, name, template, make in _provider_formats(d):
        if name in EXACT_LENGTH:
            token = make()
            out.append(template.format(t=token + d.s(ALNUM, 4)))
    return out


#: Formats whose length is exact by construction (a hex digest, a fixed layout with a checksum);
#: formats whose issuers leave room to grow (GitHub up to 255, Hugging Face, Docker, Figma) are
#: not here: a longer one may be valid.
EXACT_LENGTH = {"aws-access-key-id", "gcp-api-key", "digitalocean", "shopify", "sonarqube", "rubygems",
                "pulumi", "supabase", "sentry-user", "openrouter", "linear", "sendgrid", "npm", "contentful"}


def _more_hashes(d: Draw) -> List[str]:
    raw = d.bytes(64)
    return [
        f'"integrity": "sha512-{base64.b64encode(hashlib.sha512(raw).digest()).decode()}"',
        f"image: registry.internal/app@sha256:{hashlib.sha256(raw).hexdigest()}",
        f"etag = '\"{hashlib.md5(raw).hexdigest()}\"'",
        f"blake2b = '{hashlib.blake2b(raw).hexdigest()}'",
        f"checksum_sha384 = '{base64.b64encode(hashlib.sha384(raw).digest()).decode()}'",
        f"pip install 'pkg @ git+https://git.internal/corp/pkg@{hashlib.sha1(raw).hexdigest()}'",
    ]


def _more_ids(d: Draw) -> List[str]:
    return [
        f"run = mlflow.get_run('{d.hex(32)}')",
        f"experiment_id: {d.uuid()}\nartifact_uri: s3://bucket/{d.uuid()}/artifacts",
        f'{{"trace_id": "{d.hex(32)}", "span_id": "{d.hex(16)}"}}',
        f"df = spark.read.parquet('s3://lake/part-00000-{d.uuid()}-c000.snappy.parquet')",
        f"notebook_id = '{d.b64url(22)}'",
    ]


def _images(d: Draw) -> List[str]:
    svg = base64.b64encode(f'<svg xmlns="http://www.w3.org/2000/svg"><path d="M{d.digits(3)} {d.digits(3)}"/></svg>'.encode()).decode()
    jpeg = base64.b64encode(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + d.bytes(900)).decode()
    return [
        json.dumps({"image/png": _png(d, 32), "text/plain": "<Figure size 640x480 with 1 Axes>"}),
        f"![plot](data:image/svg+xml;base64,{svg})",
        f'{{"image/jpeg": "{jpeg}"}}',
    ]


def _minified_js(d: Draw) -> List[str]:
    names = [d.s(LOWER, 1) + d.s(ALNUM, d.rng.randrange(1, 3)) for _ in range(40)]
    body = ";".join(f"var {a}={b}.{c}||function({x}){{return {x}&&{x}.{y}}}"
                    for a, b, c, x, y in zip(names, names[5:], names[10:], names[15:], names[20:]))
    source_map = base64.b64encode(json.dumps({"version": 3, "sources": ["widget.ts"], "names": names,
                                              "mappings": d.s(ALNUM + ",;", 400)}).encode()).decode()
    chunks = ",".join(f'"{d.hex(20)}":"{d.b64url(8)}"' for _ in range(8))
    return [
        f"!function(e,t){{{body}}}(window,document);",
        f"//# sourceMappingURL=data:application/json;charset=utf-8;base64,{source_map}",
        f"__webpack_require__.u=function(e){{return e+\".\"+{{{chunks}}}[e]+\".js\"}}",
    ]


def _more_placeholders(d: Draw) -> List[str]:
    return [
        'OPENAI_API_KEY = "sk-...XXXX"', 'api_key = "sk-proj-XXXXXXXXXXXXXXXXXXXXXXXX"',
        "token: <your-token>", 'headers = {"X-API-Key": "<your-key>"}', "SLACK_BOT_TOKEN=xoxb-your-bot-token",
        "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 'AWS_ACCESS_KEY_ID = "AKIAXXXXXXXXXXXXXXXX"',
        'password = "REPLACE_ME"', "api_key: {{ secrets.API_KEY }}", 'token = "YOUR_HF_TOKEN_HERE"',
        "DATABASE_URL=postgres://USER:PASSWORD@HOST:PORT/DB", 'secret_key = "changeme"',
        'HF_TOKEN = "hf_********************************"', "Authorization: Bearer <access-token>",
    ]


def _documentation(d: Draw) -> List[str]:
    """Values the way provider documentation prints them: marked as examples, cut, or typed."""
    return [
        f"aws_access_key_id = AKIA{d.s(UPPER + '234567', 9)}EXAMPLE",
        f"aws_secret_access_key = {d.b64(30)}EXAMPLEKEY",
        "# Example: export OPENAI_API_KEY=sk-proj-abc123...",
        f"Your token looks like `ghp_{'x' * 36}`; keep it out of your code.",
        'stripe.api_key = "sk_live_..."  # your secret key from the dashboard',
        "The key has the form `AIza` followed by 35 characters.",
        'curl https://api.service.example/v1/items -H "Authorization: Bearer $API_TOKEN"',
        "client = Client(api_key=os.getenv('SERVICE_API_KEY'))  # never paste the key itself",
        "xoxb-123456789012-1234567890123-abcdefghijklmnopqrstuvwx",
    ]


def _certificates(d: Draw) -> List[str]:
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "corpus.internal")])
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(d.rng.getrandbits(64)).not_valid_before(start)
            .not_valid_after(start + datetime.timedelta(days=365)).sign(key, hashes.SHA256()))
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return [cert.public_bytes(serialization.Encoding.PEM).decode(), public]


#: (kind, maker) of the must-not-match classes beyond the first ones above.
_HARD_NEGATIVES = (("too-long", _too_long), ("hash", _more_hashes), ("id", _more_ids),
                   ("image", _images), ("minified-js", _minified_js), ("placeholder", _more_placeholders),
                   ("documentation", _documentation), ("public-key", _certificates))


def _png(d: Draw, side: int) -> str:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + d.bytes(side * 3) for _ in range(side))
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return base64.b64encode(png).decode()


def _cell(source: str, outputs=(), metadata=None, index: int = 0) -> dict:
    return {"cell_type": "code", "execution_count": index + 1, "id": f"c{index:07x}",
            "metadata": metadata or {}, "outputs": list(outputs),
            "source": source.splitlines(keepends=True)}


def _notebook(cells: List[dict]) -> dict:
    return {"nbformat": 4, "nbformat_minor": 5, "cells": cells,
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}}


PLACES = ("source", "shell", "writefile", "stream", "result", "cell-metadata", "notebook-metadata")


def planted(sample: Sample, place: str) -> dict:
    """A small notebook with ``sample`` in one place; JSON escaping comes with the file."""
    text = sample.text
    cells = [_cell("import pandas as pd\ndf = pd.read_csv('data.csv')\ndf.head()", index=0)]
    if place == "source":
        cells.append(_cell(f"# connect\n{text}\nprint('ok')", index=1))
    elif place == "shell":
        lines = "\n".join(("!" + line.lstrip("!")) if i == 0 else line for i, line in enumerate(text.splitlines()))
        cells.append(_cell(lines if "\n" not in text else "%%bash\n" + text, index=1))
    elif place == "writefile":
        cells.append(_cell(f"%%writefile config.txt\n{text}\n", index=1))
    elif place == "stream":
        cells.append(_cell("print(settings)", [{"output_type": "stream", "name": "stdout",
                                                "text": f"loaded settings:\n{text}\n"}], index=1))
    elif place == "result":
        cells.append(_cell("settings", [{"output_type": "execute_result", "execution_count": 2,
                                         "metadata": {}, "data": {"text/plain": repr(text)}}], index=1))
    elif place == "cell-metadata":
        cells.append(_cell("run()", metadata={"tags": ["setup"], "config": text}, index=1))
    nb = _notebook(cells)
    if place == "notebook-metadata":
        nb["metadata"]["connection"] = {"note": text}
    return nb


def _traceback(d: Draw) -> dict:
    frames = ["\x1b[0;31m---------------------------------------------------------------------------\x1b[0m",
              "\x1b[0;31mKeyError\x1b[0m                                  Traceback (most recent call last)",
              f"File \x1b[0;32m/tmp/ipykernel_{d.digits(5)}/{d.digits(10)}.py:3\x1b[0m"]
    return {"output_type": "error", "ename": "KeyError", "evalue": "'OPENAI_API_KEY'", "traceback": frames}


def clean_notebook(d: Draw, cells: int = 12, image_side: int = 96) -> dict:
    """Code, printed tables, logs, plots (real PNGs) and tracebacks; no secret anywhere."""
    out = []
    for i in range(cells):
        kind = i % 4
        if kind == 0:
            out.append(_cell("fig, ax = plt.subplots()\nax.plot(x, y)", [
                {"output_type": "display_data", "metadata": {},
                 "data": {"image/png": _png(d, image_side), "text/plain": "<Figure size 640x480 with 1 Axes>"}}], index=i))
        elif kind == 1:
            rows = "".join(f"<tr><td>{j}</td><td>{d.hex(32)}</td><td>{d.rng.random():.4f}</td></tr>" for j in range(40))
            out.append(_cell("df.head(40)", [{"output_type": "execute_result", "execution_count": i, "metadata": {},
                                             "data": {"text/html": f"<table><tr><th>id</th><th>md5</th><th>score</th></tr>{rows}</table>",
                                                      "text/plain": "[40 rows x 3 columns]"}}], index=i))
        elif kind == 2:
            log = "".join(f"step {j} loss={d.rng.random():.5f} run_id={d.uuid()}\n" for j in range(60))
            out.append(_cell("api_key = os.environ['SERVICE_API_KEY']\ntrain(api_key=api_key)",
                             [{"output_type": "stream", "name": "stdout", "text": log}], index=i))
        else:
            out.append(_cell("token = os.environ['HF_TOKEN']", [_traceback(d)], index=i))
    return _notebook(out)


def write_json(path, nb: dict) -> None:
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
