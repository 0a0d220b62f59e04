"""Google Cloud (and Gemini, which shares its API keys) and Microsoft Azure."""
from __future__ import annotations

from ..rule import Rule
from .patterns import context, token
from .validators import PROVIDER_CHECKS, mixed_case_after

FAMILY = "cloud"
_AZURE_SECRET_CHARS = r"A-Za-z0-9_~.\-"
#: A PEM body as it sits in a JSON string: base64 plus real or escaped line breaks.
_JSON_PEM_BODY = r"(?:[A-Za-z0-9+/=\s]|\\n|\\r){100}(?:[A-Za-z0-9+/=\s]|\\n|\\r)*?"

RULES = (
    token("google-api-key", "Google API key (Google Cloud, Maps, Gemini / AI Studio)", "AIza",
          "[0-9A-Za-z_-]{35}", family=FAMILY, min_entropy=3.5,
          # documentation keys are typed (a run of the alphabet, EXAMPLE) or one case only
          validators=PROVIDER_CHECKS + (mixed_case_after(4),)),
    Rule(id="gcp-service-account-key", family=FAMILY, prefix="-----BEGIN PRIVATE KEY-----",
         description="Google Cloud service account key (private key in the JSON key file)",
         pattern=(r"""["']private_key_id["']\s*:\s*["'][a-f0-9]{40}["']\s*,\s*"""
                  r"""["']private_key["']\s*:\s*["'](?P<secret>-----BEGIN PRIVATE KEY-----"""
                  + _JSON_PEM_BODY + r"-----END PRIVATE KEY-----(?:\\n)?)"),
         keywords=("private_key_id",), min_entropy=4.5),
    token("gcp-oauth-client-secret", "Google OAuth client secret", "GOCSPX-",
          "[A-Za-z0-9_-]{28}", family=FAMILY, min_entropy=3.8),
    token("google-oauth-access-token", "Google OAuth access token", "ya29.",
          "[A-Za-z0-9_-]{30}[A-Za-z0-9_-]*", family=FAMILY, min_entropy=4.0),
    token("google-oauth-refresh-token", "Google OAuth refresh token", "1//0",
          "[A-Za-z0-9_-]{40}[A-Za-z0-9_-]*", family=FAMILY, min_entropy=4.0),
    token("firebase-cloud-messaging-key", "Firebase Cloud Messaging legacy server key", "AAAA",
          "[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{130,140}", keywords=(":apa91b",),
          family=FAMILY, min_entropy=4.0),
    Rule(id="azure-storage-account-key", family=FAMILY,
         description="Azure Storage / Cosmos DB account key (AccountKey= in a connection string)",
         pattern=r"(?i:accountkey)\s*=\s*(?P<secret>[A-Za-z0-9+/]{86}==)",
         keywords=("accountkey",), min_entropy=4.5),
    Rule(id="azure-shared-access-key", family=FAMILY,
         description="Azure Service Bus / Event Hubs / IoT Hub shared access key",
         pattern=r"(?i:sharedaccesskey)\s*=\s*(?P<secret>[A-Za-z0-9+/]{43}=)",
         keywords=("sharedaccesskey",), min_entropy=4.0),
    Rule(id="azure-sas-token", family=FAMILY,
         description="Azure shared access signature (the sig= of a SAS URL or token)",
         pattern=(r"""(?:^|[?&"'\s])sv=20[0-9]{2}-[0-9]{2}-[0-9]{2}&[^\s"'<>#]{0,300}?"""
                  r"[?&]sig=(?P<secret>[A-Za-z0-9%+/]{40,130}=?)(?:[^A-Za-z0-9%+/=]|$)"),
         keywords=("sig=",), min_entropy=4.0),
    Rule(id="azure-ad-client-secret", family=FAMILY,
         description="Microsoft Entra ID (Azure AD) application client secret",
         pattern=(rf"(?:^|[^{_AZURE_SECRET_CHARS}])(?P<secret>[{_AZURE_SECRET_CHARS}]{{3}}"
                  rf"[0-9]Q~[{_AZURE_SECRET_CHARS}]{{31,34}})(?:[^{_AZURE_SECRET_CHARS}]|$)"),
         keywords=("q~",), min_entropy=3.8),
    context("azure-client-secret-context", "Azure client secret named as such",
            ("azure_client_secret", "azure-client-secret", "azureclientsecret",
             "arm_client_secret"),
            f"[{_AZURE_SECRET_CHARS}]{{32,44}}", extra="~.-", family=FAMILY, min_entropy=3.8),
)
