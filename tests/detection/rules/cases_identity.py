"""Examples for the identity provider and secret manager rules."""

from __future__ import annotations

from .fakes import Fakes
from .provider_cases import named, tok

F = Fakes("identity")
H, A, L, U, B, D = F.hex, F.alnum, F.lower, F.upper, F.b64url, F.digits


CASES = [
    named("auth0-client-secret", "AUTH0_CLIENT_SECRET", B(64), B(63), [B(129)]),
    named("clerk-secret-key", "CLERK_SECRET_KEY", f"sk_live_{A(40)}", f"sk_live_{A(20)}",
          [f"pk_live_{A(40)}"]),
    named("workos-api-key", "WORKOS_API_KEY", f"sk_test_{F.b64(60)}", f"sk_test_{A(20)}",
          [f"pk_test_{A(60)}"]),
    tok("authress-access-key", "sc_", f"{L(10)}.{L(5)}.acc_{L(16)}.{B(60)}",
        f"{L(10)}.{L(5)}.acc_{L(16)}.{B(20)}", [f"sc_{L(10)}.{L(5)}.abc_{L(16)}.{B(60)}"]),
    named("keycloak-client-secret", "KEYCLOAK_CLIENT_SECRET", A(32), A(31), [A(33)]),
    named("stytch-secret", "STYTCH_SECRET", f"secret-live-{B(36)}", f"secret-live-{B(35)}",
          [f"secret-prod-{B(36)}"]),
    named("fusionauth-api-key", "FUSIONAUTH_API_KEY", B(48), B(39), [B(65)]),
    named("jumpcloud-api-key", "JUMPCLOUD_API_KEY", L(40), L(39), [L(41)]),
    named("duo-secret-key", "DUO_SECRET_KEY", A(40), A(39), [A(41)]),
    named("onelogin-client-secret", "ONELOGIN_CLIENT_SECRET", H(64), H(63), [H(65)]),
    named("okta-client-secret", "OKTA_CLIENT_SECRET", B(40), B(39), [B(65)]),
    tok("infisical-service-token", "st.", f"{F.uuid()}.{H(32)}.{H(32)}", f"{F.uuid()}.{H(32)}.{H(31)}",
        [f"sx.{F.uuid()}.{H(32)}.{H(32)}"]),
    named("infisical-client-secret", "INFISICAL_CLIENT_SECRET", H(64), H(63), [H(65)]),
    named("akeyless-access-key", "AKEYLESS_ACCESS_KEY", F.b64(43) + "=", F.b64(42) + "="),
    named("bitwarden-access-token", "BWS_ACCESS_TOKEN", f"0.{F.uuid()}.{A(30)}:{F.b64(22)}==",
          f"0.{F.uuid()}.{A(29)}:{F.b64(22)}==", [f"1.{F.uuid()}.{A(30)}:{F.b64(22)}=="]),
    named("hcp-client-secret", "HCP_CLIENT_SECRET", B(64), B(63), [B(65)]),
    tok("vault-recovery-token", "hvr.", B(90), B(12), [f"hvx.{B(90)}"]),
    named("vault-unseal-key", "VAULT_UNSEAL_KEY", F.b64(43) + "=", F.b64(42) + "="),
    named("conjur-api-key", "CONJUR_AUTHN_API_KEY", L(55), L(49), [L(61)]),
    tok("unkey-root-key", "unkey_", A(28), A(12), [f"unkex_{A(28)}"]),
    named("magic-secret-key", "MAGIC_SECRET_KEY", f"sk_live_{H(16).upper()}", f"sk_live_{H(15).upper()}",
          [f"pk_live_{H(16).upper()}"]),
    tok("openshift-user-token", "sha256~", B(43), B(42), [f"sha512~{B(43)}"]),
    named("apple-app-specific-password", "APP_SPECIFIC_PASSWORD",
          f"{F.chars('abcdefghijklmnopqrstuvwxyz', 4)}-{F.chars('abcdefghijklmnopqrstuvwxyz', 4)}-"
          f"{F.chars('abcdefghijklmnopqrstuvwxyz', 4)}-{F.chars('abcdefghijklmnopqrstuvwxyz', 4)}",
          "abcd-efgh-ijkl", ["ab1d-efgh-ijkl-mnop"]),
    tok("ory-api-key", "ory_pat_", A(40), A(20), [f"ory_xyz_{A(40)}"]),
    named("kinde-client-secret", "KINDE_CLIENT_SECRET", A(48), A(39), [A(61)]),
    tok("permit-api-key", "permit_key_", A(80), A(40), [f"permit_kez_{A(80)}"]),
]
