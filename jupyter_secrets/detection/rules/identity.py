"""Identity providers, auth services and secret managers: client secrets, management
tokens and machine credentials beyond the Vault / Doppler / 1Password formats in ``devops``."""
from __future__ import annotations

from functools import partial

from ..rule import Rule
from .patterns import context, hex_chars, token, uuid
from .validators import PROVIDER_CHECKS

FAMILY = "identity"
_named = partial(context, family=FAMILY, validators=PROVIDER_CHECKS)
_prefixed = partial(token, family=FAMILY, validators=PROVIDER_CHECKS)

RULES = (
    _named("auth0-client-secret", "Auth0 application client secret", ("auth0",),
           "[A-Za-z0-9_-]{64,120}", min_entropy=4.5),
    _named("clerk-secret-key", "Clerk secret key", ("clerk",),
           "sk_(?:test|live)_[A-Za-z0-9]{32,50}", prefix="sk_", min_entropy=4.0),
    _named("workos-api-key", "WorkOS API key", ("workos",),
           "sk_(?:live|test)_[A-Za-z0-9+/=_]{40,100}", extra="+/=_", prefix="sk_",
           min_entropy=4.0),
    Rule(id="authress-access-key", family=FAMILY, description="Authress service client access key",
         pattern=(r"\b(?P<secret>(?:sc|ext|scauth|authress)_[a-z0-9]{5,30}\.[a-z0-9]{4,6}\.acc"
                  r"[_-][a-z0-9-]{10,32}\.[A-Za-z0-9+/_=-]{30,120})(?:[^A-Za-z0-9+/_=-]|$)"),
         keywords=(".acc_", ".acc-"), min_entropy=4.0, validators=PROVIDER_CHECKS),
    _named("keycloak-client-secret", "Keycloak client secret", ("keycloak",), "[A-Za-z0-9]{32}",
           min_entropy=3.8),
    _named("stytch-secret", "Stytch project secret", ("stytch",),
           "secret-(?:live|test)-[A-Za-z0-9_=-]{36}", prefix="secret-", min_entropy=4.0),
    _named("fusionauth-api-key", "FusionAuth API key", ("fusionauth",), "[A-Za-z0-9_-]{40,64}",
           min_entropy=4.2),
    _named("jumpcloud-api-key", "JumpCloud API key", ("jumpcloud",), "[a-z0-9]{40}",
           min_entropy=3.8),
    _named("duo-secret-key", "Duo Security integration secret key",
           ("duo_skey", "duo_secret_key", "duo-secret-key", "duo_secret"), "[A-Za-z0-9]{40}",
           min_entropy=4.0),
    _named("onelogin-client-secret", "OneLogin API client secret", ("onelogin",), hex_chars("64")),
    _named("okta-client-secret", "Okta OAuth client secret",
           ("okta_client_secret", "okta-client-secret", "okta_oauth2_client_secret"),
           "[A-Za-z0-9_-]{40,64}", min_entropy=4.2),
    _prefixed("infisical-service-token", "Infisical service token", "st.",
              uuid() + r"\." + hex_chars("32") + r"\." + hex_chars("32"), extra="-.",
              min_entropy=3.5),
    _named("infisical-client-secret", "Infisical universal auth client secret", ("infisical",),
           hex_chars("64")),
    _named("akeyless-access-key", "Akeyless access key", ("akeyless",), "[A-Za-z0-9+/]{43}=",
           extra="+/=", min_entropy=4.2),
    _named("bitwarden-access-token", "Bitwarden Secrets Manager machine access token",
           ("bws_access_token", "bitwarden"), r"0\." + uuid() + r"\.[A-Za-z0-9]{30}:[A-Za-z0-9+/]{22}==",
           extra="+/=:.", prefix="0.", min_entropy=4.0),
    _named("hcp-client-secret", "HashiCorp Cloud Platform service principal secret",
           ("hcp_client_secret", "hcp-client-secret"), "[A-Za-z0-9_-]{64}", min_entropy=4.2),
    _prefixed("vault-recovery-token", "HashiCorp Vault recovery token", "hvr.",
              "[A-Za-z0-9_-]{24,300}", min_entropy=4.0),
    _named("vault-unseal-key", "HashiCorp Vault / OpenBao unseal or recovery key share",
           ("unseal_key", "vault_unseal", "unseal-key", "recovery_key"), "[A-Za-z0-9+/]{43}=",
           extra="+/=", min_entropy=4.2),
    _named("conjur-api-key", "CyberArk Conjur API key",
           ("conjur_authn_api_key", "conjur_api_key", "conjur-api-key"), "[a-z0-9]{50,60}",
           min_entropy=4.0),
    _prefixed("unkey-root-key", "Unkey root key", "unkey_", "[A-Za-z0-9]{20,32}", extra="",
              min_entropy=4.0),
    _named("magic-secret-key", "Magic (magic.link) secret key", ("magic_secret", "magic_link",
           "magic-secret"), "sk_(?:live|test)_[A-F0-9]{16}", prefix="sk_", min_entropy=3.5),
    _prefixed("openshift-user-token", "OpenShift user OAuth token", "sha256~", "[A-Za-z0-9_-]{43}",
              min_entropy=4.0),
    _named("apple-app-specific-password", "Apple ID app-specific password",
           ("app_specific_password", "apple_id_password", "app-specific-password",
            "apple_app_password"), "[a-z]{4}-[a-z]{4}-[a-z]{4}-[a-z]{4}", min_entropy=3.0),
    _prefixed("ory-api-key", "Ory Network API key or project token", "ory_",
              "[A-Za-z0-9]{32,80}", head="ory_(?:pat|apikey|wak)_",
              keywords=("ory_pat_", "ory_apikey_", "ory_wak_"), extra="", min_entropy=4.0),
    _named("kinde-client-secret", "Kinde M2M client secret", ("kinde",), "[A-Za-z0-9]{40,60}",
           min_entropy=4.2),
    _prefixed("permit-api-key", "Permit.io API key", "permit_key_", "[A-Za-z0-9]{60,120}",
              extra="", min_entropy=4.2),
)
