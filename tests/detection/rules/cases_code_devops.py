"""Examples for the code host, CI, registry and devops-tool rules."""

from __future__ import annotations

from tests.token_formats import crc32_token, with_bad_checksum

from .cases import Case, context_case, token_case
from .fakes import B64, Fakes

F = Fakes("code")
H = F.hex


def _github(rule_id: str, prefix: str, length: int = 36) -> Case:
    # 36 characters: 30 random and their CRC32, which must check; longer tokens have none
    token = crc32_token(prefix, F.alnum(30)) if length == 36 else prefix + F.alnum(length)
    negatives = [prefix + F.alnum(35), prefix.upper() + token[len(prefix):], prefix + "x" * length]
    if length == 36:
        negatives += [with_bad_checksum(token), prefix + F.alnum(36)]
    return token_case(rule_id, token, negatives=negatives)


def _gitlab(rule_id: str, prefix: str, body: str = "") -> Case:
    body = body or F.b64url(20)
    return token_case(rule_id, prefix + body, negatives=[prefix + F.alnum(12), prefix + "..."])


CASES = [
    _github("github-pat-classic", "ghp_"),
    _github("github-oauth-token", "gho_"),
    _github("github-user-to-server-token", "ghu_"),
    _github("github-server-to-server-token", "ghs_"),
    Case(
        "github-server-to-server-token",
        [
            (f"The token is {v}. Rotate it.", v)
            for v in [f"ghs_{F.alnum(20)}.{F.b64url(30)}-{F.alnum(20)}"]
        ],
        [f"ghs_{F.alnum(20)}.{F.alnum(4)}", f"ghs_{F.alnum(30)}"],
    ),
    _github("github-refresh-token", "ghr_", 76),
    token_case(
        "github-pat-fine-grained",
        f"github_pat_{F.alnum(22)}_{F.alnum(59)}",
        negatives=[f"github_pat_{F.alnum(22)}_{F.alnum(58)}", "github_pat_..."],
    ),
    _gitlab("gitlab-pat", "glpat-"),
    Case(
        "gitlab-pat",
        [(f"GITLAB_TOKEN={v}", v) for v in [f"glpat-{F.b64url(40)}.01.{F.lower(9)}"]],
        ["glpat-xxxxxxxxxxxxxxxxxxxx"],
    ),
    _gitlab("gitlab-deploy-token", "gldt-"),
    _gitlab("gitlab-runner-token", "glrt-"),
    _gitlab("gitlab-pipeline-trigger-token", "glptt-", H(40)),
    _gitlab("gitlab-runner-registration-token", "GR1348941", F.b64url(20)),
    _gitlab("gitlab-ci-build-token", "glcbt-", f"{F.alnum(3)}_{F.b64url(20)}"),
    _gitlab("gitlab-oauth-app-secret", "gloas-", F.b64url(64)),
    _gitlab("gitlab-feed-token", "glft-"),
    _gitlab("gitlab-scim-token", "glsoat-"),
    _gitlab("gitlab-incoming-mail-token", "glimt-", F.b64url(25)),
    _gitlab("gitlab-agent-token", "glagent-", F.b64url(50)),
    _gitlab("gitlab-feature-flags-token", "glffct-"),
    token_case(
        "bitbucket-app-password", f"ATBB{F.alnum(32)}{F.upper(8)}", negatives=[f"ATBB{F.alnum(12)}"]
    ),
    token_case(
        "atlassian-api-token",
        f"ATATT3xFfGF0{F.b64url(180)}=ABCD1234",
        negatives=[f"ATATT3xFfGF0{F.b64url(40)}"],
    ),
    token_case(
        "atlassian-access-token",
        f"ATCTT3xFfGN0{F.b64url(180)}=ABCD1234",
        negatives=[f"ATCTT3xFfGN0{F.b64url(40)}"],
    ),
    context_case(
        "azure-devops-pat",
        "AZURE_DEVOPS_EXT_PAT",
        F.chars("abcdefghijklmnopqrstuvwxyz234567", 52),
        negatives=[F.chars("abcdefghijklmnopqrstuvwxyz234567", 51)],
    ),
    token_case(
        "npm-access-token",
        crc32_token("npm_", F.alnum(30)),
        negatives=[f"npm_{F.alnum(35)}", with_bad_checksum(crc32_token("npm_", F.alnum(30)))],
        extra_positives=[
            (f"//registry.npmjs.org/:_authToken={v}", v) for v in [crc32_token("npm_", F.alnum(30))]
        ],
    ),
    token_case(
        "pypi-upload-token",
        f"pypi-AgEIcHlwaS5vcmc{F.b64url(150)}",
        negatives=[f"pypi-AgEIcHlwaS5vcmc{F.b64url(20)}", f"pypi-{F.b64url(150)}"],
    ),
    token_case(
        "testpypi-upload-token",
        f"pypi-AgENdGVzdC5weXBpLm9yZw{F.b64url(150)}",
        negatives=[f"pypi-AgENdGVzdC5weXBpLm9yZw{F.b64url(20)}"],
    ),
    token_case(
        "circleci-personal-token",
        f"CCIPAT_{F.alnum(22)}_{H(40)}",
        negatives=[f"CCIPAT_{F.alnum(22)}_{H(39)}"],
    ),
    token_case(
        "circleci-project-token",
        f"CCIPRJ_{F.alnum(22)}_{H(40)}",
        negatives=[f"CCIPRJ_{F.alnum(21)}_{H(40)}"],
    ),
    context_case("circleci-token-legacy", "CIRCLECI_TOKEN", H(40), negatives=[H(39)]),
    token_case("rubygems-api-key", f"rubygems_{H(48)}", negatives=[f"rubygems_{H(47)}"]),
    token_case("nuget-api-key", f"oy2{F.lower(43)}", negatives=[f"oy2{F.lower(42)}"]),
    token_case("crates-io-token", f"cio{F.alnum(32)}", negatives=[f"cio{F.alnum(31)}"]),
    token_case("clojars-token", f"CLOJARS_{F.lower(60)}", negatives=[f"CLOJARS_{F.lower(59)}"]),
    token_case("buildkite-api-token", f"bkua_{H(40)}", negatives=[f"bkua_{H(39)}"]),
    context_case("jenkins-api-token", "JENKINS_API_TOKEN", "11" + H(32), negatives=[H(34)]),
    token_case("sourcegraph-access-token", f"sgp_{H(16)}_{H(40)}", negatives=[f"sgp_{H(39)}"]),
    token_case("vault-service-token", f"hvs.{F.b64url(90)}", negatives=[f"hvs.{F.b64url(20)}"]),
    token_case("vault-batch-token", f"hvb.{F.b64url(120)}", negatives=[f"hvb.{F.b64url(20)}"]),
    context_case(
        "vault-token-legacy", "VAULT_TOKEN", f"s.{F.alnum(24)}", negatives=[f"s.{F.alnum(23)}"]
    ),
    token_case(
        "terraform-cloud-token",
        f"{F.alnum(14)}.atlasv1.{F.b64url(67)}",
        negatives=[f"{F.alnum(14)}.atlasv1.{F.b64url(30)}"],
    ),
    token_case("pulumi-access-token", f"pul-{H(40)}", negatives=[f"pul-{H(39)}"]),
    token_case("doppler-token", f"dp.pt.{F.alnum(43)}", negatives=[f"dp.xx.{F.alnum(43)}"]),
    token_case(
        "onepassword-service-account-token",
        "ops_eyJ" + F.b64url(300),
        negatives=["ops_eyJ" + F.b64url(40)],
    ),
    token_case(
        "onepassword-secret-key",
        f"A3-{F.upper(6)}-{F.upper(6)}-{F.upper(5)}-{F.upper(5)}-{F.upper(5)}-{F.upper(5)}",
        negatives=[f"A3-{F.upper(6)}-{F.upper(6)}-{F.upper(5)}"],
    ),
    token_case(
        "docker-hub-pat", f"dckr_pat_{F.b64url(27)}", negatives=[f"dckr_pat_{F.b64url(20)}"]
    ),
    token_case(
        "docker-hub-org-token", f"dckr_oat_{F.b64url(32)}", negatives=[f"dckr_oat_{F.b64url(20)}"]
    ),
    token_case(
        "jfrog-api-key", f"AKCp{F.alnum(69)}", negatives=[f"AKCp{F.alnum(67)}", f"AKCp{F.alnum(71)}"]
    ),
    token_case(
        "jfrog-reference-token",
        f"cmVmdGtuOjAxOj{F.alnum(50)}",
        negatives=[f"cmVmdGtuOjAxOj{F.alnum(30)}"],
    ),
    token_case("sonarqube-token", f"squ_{H(40)}", negatives=[f"sqx_{H(40)}"]),
    token_case("postman-api-key", f"PMAK-{H(24)}-{H(34)}", negatives=[f"PMAK-{H(24)}-{H(33)}"]),
    token_case(
        "grafana-cloud-token",
        "glc_" + F.b64_of(F.alnum(90).encode()),
        negatives=[f"glc_{F.b64(20)}"],
    ),
    token_case(
        "grafana-service-account-token",
        f"glsa_{F.alnum(32)}_{H(8)}",
        negatives=[f"glsa_{F.alnum(32)}_{H(7)}"],
    ),
    token_case(
        "sentry-org-token",
        "sntrys_eyJ" + F.chars(B64 + "=_", 150),
        negatives=["sntrys_eyJ" + F.b64(20)],
    ),
    token_case("sentry-user-token", f"sntryu_{H(64)}", negatives=[f"sntryu_{H(63)}"]),
    context_case("datadog-api-key", "DD_API_KEY", H(32), negatives=[H(31)]),
    context_case("datadog-app-key", "DD_APP_KEY", H(40), negatives=[H(39)]),
    token_case("newrelic-user-api-key", f"NRAK-{F.upper(27)}", negatives=[f"NRAK-{F.upper(26)}"]),
    token_case("newrelic-insert-key", f"NRII-{F.b64url(32)}", negatives=[f"NRII-{F.b64url(31)}"]),
    context_case(
        "newrelic-license-key", "NEW_RELIC_LICENSE_KEY", H(36) + "NRAL", negatives=[H(36)]
    ),
    token_case(
        "dynatrace-api-token",
        f"dt0c01.{F.upper(24)}.{F.upper(64)}",
        negatives=[f"dt0c01.{F.upper(24)}.{F.upper(63)}"],
    ),
    context_case("snyk-token", "SNYK_TOKEN", F.uuid(), negatives=[H(32)]),
    context_case("codecov-token", "CODECOV_TOKEN", F.uuid(), negatives=[H(32)]),
]
