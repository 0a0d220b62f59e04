"""Examples for the CI/CD, registry and code-quality rules beyond the first code host set."""

from __future__ import annotations

from .cases import Case
from .fakes import Fakes
from .provider_cases import named, tok

F = Fakes("code-registries")
H, A, L, U, B, D = F.hex, F.alnum, F.lower, F.upper, F.b64url, F.digits


def _gitlab_cookie() -> Case:
    value = L(32)
    return Case(
        "gitlab-session-cookie",
        [(f"Cookie: _gitlab_session={value}; path=/", value)],
        [f"Cookie: _gitlab_session={L(31)};", f"Cookie: _gitlab_session={'x' * 32};",
         f"Cookie: _other_session={value};"],
    )


def _incoming_email() -> Case:
    secret = L(24)
    return Case(
        "gitlab-incoming-email-address",
        [(f"to: incoming+group-project-{D(5)}-{secret}-issue@gitlab.example.org", secret)],
        [f"to: incoming+group-project-{D(5)}-{L(12)}-issue@gitlab.example.org",
         f"to: incoming+group-project-{D(5)}-{'x' * 24}-issue@gitlab.example.org",
         f"to: outgoing+group-project-{D(5)}-{secret}-issue@gitlab.example.org"],
    )


CASES = [
    named("jfrog-api-key-named", "ARTIFACTORY_PASSWORD", A(64), A(63), [A(74)]),
    named("sonarqube-token-legacy", "SONAR_TOKEN", H(40), H(39), [H(41)]),
    named("atlassian-api-token-legacy", "JIRA_API_TOKEN", A(24), A(23), [A(25)]),
    _gitlab_cookie(),
    tok("gitlab-workspace-token", "glwt-", B(20), B(12), [f"glxt-{B(20)}"]),
    _incoming_email(),
    tok("bitbucket-data-center-token", "BBDC-", F.b64(44), F.b64(20), [f"BBDX-{F.b64(44)}"]),
    named("bitbucket-client-secret", "BITBUCKET_CLIENT_SECRET", B(64), B(63), [B(65)]),
    named("gitea-access-token", "GITEA_TOKEN", H(40), H(39), [H(41)]),
    named("drone-ci-token", "DRONE_TOKEN", A(32), A(31), [A(33)]),
    named("travis-ci-token", "TRAVIS_API_TOKEN", B(22), B(21), [B(23)]),
    named("bitrise-access-token", "BITRISE_ACCESS_TOKEN", B(86), B(40), [B(121)]),
    named("coveralls-repo-token", "COVERALLS_REPO_TOKEN", A(33), A(31), [A(38)]),
    named("codacy-api-token", "CODACY_API_TOKEN", A(20), A(19), [A(33)]),
    tok("buildkite-service-token", "bkaa_", B(75), B(30), [f"bkzz_{B(75)}"]),
    tok("harness-api-key", "pat.", f"{B(22)}.{H(24)}.{A(20)}", f"{B(22)}.{H(23)}.{A(20)}",
        [f"pam.{B(22)}.{H(24)}.{A(20)}"]),
    named("octopus-deploy-api-key", "OCTOPUS_API_KEY", f"API-{U(26)}", f"API-{U(25)}",
          [f"APX-{U(26)}"]),
    tok("docker-swarm-join-token", "SWMTKN-1-", f"{L(50)}-{L(25)}", f"{L(50)}-{L(12)}",
        [f"SWMTKN-2-{L(50)}-{L(25)}"]),
    tok("docker-swarm-unlock-key", "SWMKEY-1-", F.b64(43), F.b64(30), [f"SWMKEY-2-{F.b64(43)}"]),
    named("cloudsmith-api-key", "CLOUDSMITH_API_KEY", H(40), H(39), [H(41)]),
    tok("deno-deploy-token", "ddp_", A(36), A(35), [f"ddx_{A(36)}"]),
    tok("packagist-token", "packagist_ort_", A(68), A(20), [f"packagist_zzz_{A(68)}"]),
    tok("mergify-application-key", "mergify_application_key_", B(60), B(20)),
    tok("infracost-api-token", "ico-", A(32), A(31), [f"icx-{A(32)}"]),
    tok("prefect-api-key", "pnu_", A(36), A(35), [f"pnx_{A(36)}"]),
    tok("endorlabs-api-key", "endr+", A(16), A(15), [f"endx+{A(16)}"]),
    tok("aikido-ci-token", "AIK_CI_", A(32), A(12), [f"AIK_XX_{A(32)}"]),
    tok("scalingo-api-token", "tk-us-", B(48), B(47), [f"tk-xx-{B(48)}"]),
    named("hex-pm-api-key", "HEX_API_KEY", H(32), H(31), [H(33)]),
    named("gradle-publish-secret", "gradle.publish.secret", A(32), A(31), [A(33)],
          template="{}={}"),
    named("github-oauth-client-secret", "GITHUB_CLIENT_SECRET", H(40), H(39), [H(41)]),
    named("veracode-api-secret", "VERACODE_API_KEY_SECRET", H(128), H(127), [H(129)]),
    named("semgrep-app-token", "SEMGREP_APP_TOKEN", H(64), H(63), [H(65)]),
    named("artifact-hub-api-key", "ARTIFACTHUB_API_KEY_SECRET", F.b64(43) + "=", F.b64(30)),
]
