"""Examples for the regional cloud, CDN, database-as-a-service and cluster rules."""

from __future__ import annotations

from .cases import Case
from .fakes import Fakes
from .provider_cases import named, tok

F = Fakes("infrastructure")
H, A, L, U, B, D = F.hex, F.alnum, F.lower, F.upper, F.b64url, F.digits


def _azconfig() -> Case:
    secret = F.b64(43) + "="
    text = f"Endpoint=https://nb-config.azconfig.io;Id={A(4)}-l0-s0:{A(20)};Secret={secret}"
    return Case(
        "azure-app-configuration-connection-string",
        [(f'conn = "{text}"', secret)],
        [text.replace("azconfig.io", "example.org"), text.replace(secret, F.b64(20)),
         text.replace(secret, "x" * 44)],
    )


CASES = [
    tok("cloudflare-api-token-v2", "cfut_", A(40) + H(8), A(40) + H(7), [f"cfxt_{A(40)}{H(8)}"]),
    tok("alibaba-sts-access-key-id", "STS.", A(28), A(12), [f"STS.{U(28)}"]),
    named("alibaba-sts-security-token", "ALIBABA_CLOUD_SECURITY_TOKEN", f"CAIS{F.b64(200)}",
          f"CAIS{F.b64(20)}", [f"CAIX{F.b64(200)}"]),
    named("yandex-cloud-api-key", "YANDEX_API_KEY", f"AQVN{B(36)}", f"AQVN{B(30)}",
          [f"AQVX{B(36)}"]),
    named("yandex-cloud-iam-token", "YC_TOKEN", f"t1.{B(60)}.{B(86)}", f"t1.{B(60)}.{B(85)}",
          [f"t2.{B(60)}.{B(86)}"]),
    named("yandex-cloud-static-key", "YC_SECRET_KEY", f"YC{B(38)}", f"YC{B(37)}",
          [f"YD{B(38)}"]),
    named("exoscale-api-key", "EXOSCALE_API_KEY", f"EXO{A(24)}", f"EXO{A(23)}", [f"EXP{A(24)}"]),
    named("exoscale-api-secret", "EXOSCALE_API_SECRET", B(43), B(42), [B(44)]),
    named("ovh-api-secret", "OVH_APPLICATION_SECRET", A(32), A(31), [A(33)]),
    tok("upcloud-api-token", "ucat_", A(28), A(12), [f"ucax_{A(28)}"]),
    named("civo-api-key", "CIVO_API_KEY", A(50), A(49), [A(51)]),
    named("fastly-api-token", "FASTLY_API_TOKEN", B(32), B(31), [B(33)]),
    tok("akamai-edgegrid-token", "akab-", f"{L(16)}-{L(16)}", f"{L(16)}-{L(15)}",
        [f"akax-{L(16)}-{L(16)}"]),
    named("akamai-client-secret", "AKAMAI_CLIENT_SECRET", F.b64(43) + "=", F.b64(42) + "="),
    named("backblaze-application-key", "B2_APPLICATION_KEY", f"K00{D(1)}{A(27)}",
          f"K00{D(1)}{A(26)}", [f"X00{D(1)}{A(27)}"]),
    named("digitalocean-spaces-secret", "SPACES_SECRET_KEY", F.b64(43), F.b64(42), [F.b64(44)]),
    tok("rancher-api-token", "token-", f"{L(5)}:{L(54)}", f"{L(5)}:{L(53)}",
        [f"token-{L(5)}-{L(54)}"]),
    tok("portainer-api-key", "ptr_", F.b64(44), F.b64(20), [f"ptx_{F.b64(44)}"]),
    named("kubeadm-bootstrap-token", "kubeadm join 10.0.0.1:6443 --token", f"{L(6)}.{L(16)}",
          f"{L(6)}.{L(15)}", [f"{L(7)}.{L(16)}"], template="{} {}"),
    named("consul-acl-token", "CONSUL_HTTP_TOKEN", F.uuid(), F.uuid()[:-1], [H(32)]),
    named("nomad-acl-token", "NOMAD_TOKEN", F.uuid(), F.uuid()[:-1], [H(32)]),
    named("confluent-api-secret", "CONFLUENT_API_SECRET", F.b64(64), F.b64(63), [F.b64(65)]),
    named("aiven-api-token", "AIVEN_API_TOKEN", F.b64(372), F.b64(371), [F.b64(373)]),
    tok("mongodb-atlas-service-account-secret", "mdb_sa_sk_", B(40), B(39),
        [f"mdb_sa_id_{B(40)}"]),
    named("mongodb-atlas-api-private-key", "MONGODB_ATLAS_PRIVATE_KEY", F.uuid(), F.uuid()[:-1],
          [H(32)]),
    tok("clickhouse-cloud-api-secret", "4b1d", A(38), A(37), [f"4b1d{L(38)}", f"4b1e{A(38)}"]),
    tok("cockroachdb-cloud-api-key", "CCDB1_", f"{A(22)}_{A(40)}", f"{A(22)}_{A(39)}",
        [f"CCDB2_{A(22)}_{A(40)}"]),
    tok("neon-api-key", "napi_", A(64), A(63), [f"napx_{A(64)}"]),
    named("upstash-redis-token", "UPSTASH_REDIS_REST_TOKEN", f"AX{B(60)}=", f"AX{B(20)}",
          [f"AZ{B(60)}"]),
    named("snowflake-programmatic-access-token", "SNOWFLAKE_PAT", B(200), B(60)),
    tok("vercel-scoped-token", "vcp_", B(56), B(55), [f"vcx_{B(56)}"]),
    named("railway-api-token", "RAILWAY_TOKEN", F.uuid(), F.uuid()[:-1], [H(32)]),
    named("koyeb-api-token", "KOYEB_TOKEN", A(64), A(63), [A(65)]),
    named("zerotier-api-token", "ZEROTIER_API_TOKEN", A(32), A(31), [A(33)]),
    _azconfig(),
    named("azure-search-admin-key", "AZURE_SEARCH_ADMIN_KEY", A(52), A(51), [A(53)]),
    named("azure-event-grid-key", "aeg-sas-key", F.b64(43) + "=", F.b64(42) + "=",
          template='"{}": "{}"'),
]
