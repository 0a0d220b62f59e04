"""Examples for the AWS, Google, Azure and other cloud rules."""

from __future__ import annotations

from .cases import Case, context_case, token_case
from .fakes import B64URL, UPPER, Fakes

F = Fakes("cloud")
H = F.hex
B32 = UPPER + "234567"


def _aws_key_id(rule_id: str, prefix: str) -> Case:
    return token_case(
        rule_id,
        prefix + F.chars(B32, 16),
        negatives=[
            prefix + F.chars(B32, 15),
            prefix + "IOSFODNN7EXAMPLE",
            prefix.lower() + F.chars(B32, 16),
        ],
    )


def _gcp_service_account() -> Case:
    body = "\\n".join(F.b64(64) for _ in range(20))
    pem = f"-----BEGIN PRIVATE KEY-----\\n{body}\\n-----END PRIVATE KEY-----\\n"
    key_id = H(40)
    text = (
        '{\n  "type": "service_account",\n  "project_id": "demo-project",\n'
        f'  "private_key_id": "{key_id}",\n  "private_key": "{pem}",\n'
        '  "client_email": "sa@demo-project.iam.gserviceaccount.com"\n}\n'
    )
    truncated = text.replace("-----END PRIVATE KEY-----", "")
    return Case(
        "gcp-service-account-key",
        [(text, pem)],
        [truncated, text.replace(key_id, "<private-key-id>")],
    )


def _azure_sas() -> Case:
    sig = F.b64(43) + "="
    url = (
        "https://acct.blob.core.windows.net/c/f.csv?sp=r&st=2024-01-01T00:00:00Z"
        f"&se=2024-12-31T00:00:00Z&spr=https&sv=2022-11-02&sr=b&sig={sig.replace('=', '%3D')}"
    )
    token = f"sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2030-01-01&sig={sig}"
    return Case(
        "azure-sas-token",
        [(url, sig.replace("=", "%3D")), (f'SAS = "{token}"', sig)],
        [f"https://x.test/?sig={sig}", url.replace("sig=", "signature=")],
    )


def _azure_client_secret() -> str:
    return f"{F.alnum(3)}8Q~{F.chars(B64URL + '~.', 34)}"


CASES = [
    _aws_key_id("aws-access-key-id", "AKIA"),
    _aws_key_id("aws-temporary-access-key-id", "ASIA"),
    _aws_key_id("aws-sts-bearer-key-id", "ABIA"),
    _aws_key_id("aws-context-key-id", "ACCA"),
    context_case(
        "aws-secret-access-key",
        "aws_secret_access_key",
        F.b64(40),
        negatives=[F.b64(39), "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"],
        template="{} = {}",
        extra_positives=[(f'"SecretAccessKey": "{v}",', v) for v in [F.b64(40)]]
        + [(f"boto3.client('s3', aws_secret_access_key='{v}')", v) for v in [F.b64(40)]],
    ),
    context_case(
        "aws-session-token",
        "aws_session_token",
        F.b64(356) + "=",
        negatives=[F.b64(60)],
        template="{} = {}",
        extra_positives=[(f'"SessionToken": "{v}"', v) for v in [F.b64(400)]],
    ),
    token_case("aws-mws-auth-token", f"amzn.mws.{F.uuid()}", negatives=[f"amzn.mws.{H(32)}"]),
    token_case(
        "aws-bedrock-api-key",
        "ABSKQmVkcm9ja0FQSUtleS" + F.b64_of(b"1-" + F.alnum(90).encode()),
        negatives=["ABSKQmVkcm9ja0FQSUtleS" + F.b64(20)],
    ),
    token_case(
        "aws-bedrock-short-term-key",
        "bedrock-api-key-" + F.b64(300),
        negatives=["bedrock-api-key-" + F.b64(40)],
    ),
    token_case("aws-appsync-api-key", f"da2-{F.lower(26)}", negatives=[f"da2-{F.lower(25)}"]),
    token_case(
        "google-api-key",
        f"AIza{F.b64url(35)}",
        negatives=[
            f"AIza{F.b64url(34)}",
            f"AIZA{F.b64url(35)}",
            "AIza" + "X" * 35,
            # typed for a page: an alphabet run, EXAMPLE, one case only
            "AIzaSyabcdefghijklmnopqrstuvwxyz12345670",
            f"AIzaSyEXAMPLE{F.b64url(26)}",
            f"AIza{F.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 35)}",
        ],
    ),
    _gcp_service_account(),
    token_case(
        "gcp-oauth-client-secret", f"GOCSPX-{F.b64url(28)}", negatives=[f"GOCSPX-{F.b64url(27)}"]
    ),
    token_case(
        "google-oauth-access-token", f"ya29.{F.b64url(150)}", negatives=[f"ya29.{F.b64url(20)}"]
    ),
    token_case(
        "google-oauth-refresh-token", f"1//0{F.b64url(100)}", negatives=[f"1//0{F.b64url(30)}"]
    ),
    token_case(
        "firebase-cloud-messaging-key",
        f"AAAA{F.b64url(7)}:APA91b{F.b64url(134)}",
        negatives=[f"AAAA{F.b64url(7)}:APA91b{F.b64url(40)}"],
    ),
    Case(
        "azure-storage-account-key",
        [
            (
                f"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={v};EndpointSuffix=core.windows.net",
                v,
            )
            for v in [F.b64(86) + "=="]
        ],
        [f"AccountKey={F.b64(60)}==", "AccountKey=<your-account-key>"],
    ),
    Case(
        "azure-shared-access-key",
        [
            (
                f"Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey={v}",
                v,
            )
            for v in [F.b64(43) + "="]
        ],
        [f"SharedAccessKey={F.b64(20)}=", "SharedAccessKeyName=RootManageSharedAccessKey"],
    ),
    _azure_sas(),
    Case(
        "azure-ad-client-secret",
        [(f'client_secret = "{v}"', v) for v in [_azure_client_secret()]],
        [f'x = "{F.alnum(3)}8Q~{F.alnum(10)}"', f'x = "{F.alnum(3)}8q~{F.alnum(34)}"'],
    ),
    context_case(
        "azure-client-secret-context", "AZURE_CLIENT_SECRET", F.b64url(40), negatives=[F.alnum(20)]
    ),
    token_case("digitalocean-pat", f"dop_v1_{H(64)}", negatives=[f"dop_v1_{H(63)}"]),
    token_case("digitalocean-oauth-token", f"doo_v1_{H(64)}", negatives=[f"doo_v1_{H(40)}"]),
    token_case(
        "digitalocean-refresh-token", f"dor_v1_{H(64)}", negatives=[f"dor_v1_{F.alnum(64)}"]
    ),
    token_case("heroku-api-key", f"HRKU-{F.b64url(60)}", negatives=[f"HRKU-{F.b64url(20)}"]),
    context_case("heroku-api-key-legacy", "HEROKU_API_KEY", F.uuid(), negatives=[H(32)]),
    context_case(
        "cloudflare-api-token",
        "CLOUDFLARE_API_TOKEN",
        F.b64url(40),
        # a commit SHA or a name of the right length and alphabet is not a token
        negatives=[F.b64url(39), H(40), "workers_deployment_settings_for_staging1"],
    ),
    context_case("cloudflare-global-api-key", "CLOUDFLARE_API_KEY", H(37), negatives=[H(36)]),
    token_case(
        "cloudflare-origin-ca-key", f"v1.0-{H(24)}-{H(146)}", negatives=[f"v1.0-{H(24)}-{H(100)}"]
    ),
    token_case("alibaba-access-key-id", f"LTAI{F.alnum(20)}", negatives=[f"LTAI{F.alnum(8)}"]),
    context_case(
        "alibaba-access-key-secret",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        F.alnum(30),
        negatives=[F.alnum(29)],
    ),
    token_case("tencent-cloud-secret-id", f"AKID{F.alnum(32)}", negatives=[f"AKID{F.alnum(31)}"]),
    context_case("ibm-cloud-api-key", "IBM_CLOUD_API_KEY", F.b64url(44), negatives=[F.b64url(43)]),
    context_case("scaleway-secret-key", "SCW_SECRET_KEY", F.uuid(), negatives=[H(32)]),
    context_case("linode-api-token", "LINODE_TOKEN", H(64), negatives=[H(60)]),
    context_case("vultr-api-key", "VULTR_API_KEY", F.upper(36), negatives=[F.upper(35)]),
    context_case("hetzner-api-token", "HCLOUD_TOKEN", F.alnum(64), negatives=[F.alnum(63)]),
    token_case("flyio-access-token", f"fo1_{F.b64url(43)}", negatives=[f"fo1_{F.b64url(42)}"]),
    token_case(
        "flyio-macaroon-token",
        f"fm2_{F.b64(200)}",
        negatives=[f"fm2_{F.b64(50)}"],
        extra_positives=[(f"Authorization: FlyV1 {v}", v) for v in [f"fm2_{F.b64(180)}"]],
    ),
    token_case("netlify-access-token", f"nfp_{F.alnum(36)}", negatives=[f"nfp_{F.alnum(35)}"]),
    token_case("render-api-key", f"rnd_{F.alnum(32)}", negatives=[f"rnd_{F.alnum(31)}"]),
    context_case("vercel-token", "VERCEL_TOKEN", F.alnum(24), negatives=[F.alnum(23)]),
    token_case("supabase-access-token", f"sbp_{H(40)}", negatives=[f"sbp_{H(39)}"]),
    token_case(
        "supabase-secret-key", f"sb_secret_{F.b64url(32)}", negatives=[f"sb_secret_{F.b64url(20)}"]
    ),
    token_case(
        "planetscale-password", f"pscale_pw_{F.b64url(43)}", negatives=[f"pscale_pw_{F.alnum(20)}"]
    ),
    token_case(
        "planetscale-api-token",
        f"pscale_tkn_{F.b64url(43)}",
        negatives=[f"pscale_tkn_{F.alnum(20)}"],
    ),
    token_case(
        "planetscale-oauth-token",
        f"pscale_oauth_{F.b64url(43)}",
        negatives=[f"pscale_oauth_{F.alnum(20)}"],
    ),
    token_case(
        "tailscale-key",
        f"tskey-auth-{F.alnum(12)}-{F.alnum(32)}",
        negatives=[f"tskey-other-{F.alnum(12)}-{F.alnum(32)}"],
    ),
    context_case(
        "ngrok-authtoken",
        "ngrok config add-authtoken",
        f"{F.alnum(27)}_{F.alnum(21)}",
        template="!{} {}",
        negatives=[f"{F.alnum(27)}"],
    ),
]
