"""Code hosts, CI services and package registries."""
from __future__ import annotations

from .patterns import context, hex_chars, tail_or_full_stop, token
from .validators import checksum_or_random

FAMILY = "code"
#: GitLab bodies, including the routable form ``<payload>.<version>.<crc>`` since GitLab 17.
_GITLAB_BODY = r"[A-Za-z0-9_-]{20,80}(?:\.[0-9a-z]{1,4}\.[0-9a-z]{5,12})?"
#: GitHub tokens are 36 characters after the prefix today; GitHub asks integrators to accept
#: up to 255 in all.
_GITHUB_BODY = "[A-Za-z0-9]{36,251}"
#: Stateless installation tokens (2026) add dots, dashes and underscores and vary in length.
#: A dot may end the sentence around a token, so a token never ends with one.
_GITHUB_STATELESS_BODY = r"[A-Za-z0-9._-]{35,250}[A-Za-z0-9_-]"


def _github(rule_id: str, description: str, prefix: str, body: str = _GITHUB_BODY):
    end = tail_or_full_stop("_-") if body == _GITHUB_STATELESS_BODY else ""
    # the CRC32 suffix admits a real token of low entropy and refuses a made-up one
    return token(rule_id, description, prefix, body, extra="", end=end, family=FAMILY,
                 min_entropy=0, validators=(checksum_or_random(len(prefix), 3.8),))


def _gitlab(rule_id: str, description: str, prefix: str, body: str = _GITLAB_BODY):
    return token(rule_id, description, prefix, body, family=FAMILY, min_entropy=3.5)


RULES = (
    _github("github-pat-classic", "GitHub personal access token (classic)", "ghp_"),
    _github("github-oauth-token", "GitHub OAuth access token", "gho_"),
    _github("github-user-to-server-token", "GitHub App user-to-server token", "ghu_"),
    _github("github-server-to-server-token", "GitHub App installation token", "ghs_",
            _GITHUB_STATELESS_BODY),
    _github("github-refresh-token", "GitHub App refresh token", "ghr_"),
    token("github-pat-fine-grained", "GitHub fine-grained personal access token",
          "github_pat_", "[A-Za-z0-9]{22}_[A-Za-z0-9]{59}", extra="", family=FAMILY,
          min_entropy=4.0),
    _gitlab("gitlab-pat", "GitLab personal, project or group access token", "glpat-"),
    _gitlab("gitlab-deploy-token", "GitLab deploy token", "gldt-"),
    _gitlab("gitlab-runner-token", "GitLab runner authentication token", "glrt-"),
    _gitlab("gitlab-pipeline-trigger-token", "GitLab pipeline trigger token", "glptt-",
            hex_chars("40")),
    _gitlab("gitlab-runner-registration-token", "GitLab runner registration token",
            "GR1348941", "[A-Za-z0-9_-]{20}"),
    _gitlab("gitlab-ci-build-token", "GitLab CI/CD job token", "glcbt-",
            "[0-9a-zA-Z]{1,5}_[A-Za-z0-9_-]{20}"),
    _gitlab("gitlab-oauth-app-secret", "GitLab OAuth application secret", "gloas-",
            "[A-Za-z0-9_-]{64}"),
    _gitlab("gitlab-feed-token", "GitLab feed token", "glft-"),
    _gitlab("gitlab-scim-token", "GitLab SCIM OAuth token", "glsoat-"),
    _gitlab("gitlab-incoming-mail-token", "GitLab incoming mail token", "glimt-",
            "[A-Za-z0-9_-]{25}"),
    _gitlab("gitlab-agent-token", "GitLab agent for Kubernetes token", "glagent-",
            "[A-Za-z0-9_-]{50}"),
    _gitlab("gitlab-feature-flags-token", "GitLab feature flags client token", "glffct-"),
    token("bitbucket-app-password", "Bitbucket app password", "ATBB", r"[A-Za-z0-9_=.\-]{28,64}",
          extra="_=.-", family=FAMILY, min_entropy=4.0),
    token("atlassian-api-token", "Atlassian (Jira, Confluence) API token", "ATATT3",
          "[A-Za-z0-9_=-]{100,300}", extra="_=-", family=FAMILY, min_entropy=4.5),
    token("atlassian-access-token", "Atlassian / Bitbucket workspace or repository access token",
          "ATCTT3", "[A-Za-z0-9_=-]{100,300}", extra="_=-", family=FAMILY, min_entropy=4.5),
    context("azure-devops-pat", "Azure DevOps personal access token",
            ("azure_devops", "azure-devops", "ado_pat", "azdo_pat", "system_accesstoken"),
            "(?:[a-z2-7]{52}|[A-Za-z0-9]{84})", family=FAMILY, min_entropy=3.8),
    token("npm-access-token", "npm access token", "npm_", "[A-Za-z0-9]{36}", extra="",
          family=FAMILY, min_entropy=0, validators=(checksum_or_random(4, 4.0),)),
    token("pypi-upload-token", "PyPI API token", "pypi-AgEIcHlwaS5vcmc",
          "[A-Za-z0-9_-]{50}[A-Za-z0-9_-]*", family=FAMILY, min_entropy=4.0),
    token("testpypi-upload-token", "TestPyPI API token", "pypi-AgENdGVzdC5weXBpLm9yZw",
          "[A-Za-z0-9_-]{50}[A-Za-z0-9_-]*", family=FAMILY, min_entropy=4.0),
    token("circleci-personal-token", "CircleCI personal API token", "CCIPAT_",
          "[A-Za-z0-9]{22}_" + hex_chars("40"), family=FAMILY, min_entropy=4.0),
    token("circleci-project-token", "CircleCI project API token", "CCIPRJ_",
          "[A-Za-z0-9]{22}_" + hex_chars("40"), family=FAMILY, min_entropy=4.0),
    context("circleci-token-legacy", "CircleCI API token (40 hex)",
            ("circleci", "circle_token", "circle-token"), hex_chars("40"), family=FAMILY,
            min_entropy=3.0),
    token("rubygems-api-key", "RubyGems API key", "rubygems_", hex_chars("48"), family=FAMILY,
          min_entropy=3.0),
    token("nuget-api-key", "NuGet API key", "oy2", "[a-z0-9]{43}", extra="", family=FAMILY,
          min_entropy=4.0),
    token("crates-io-token", "crates.io API token", "cio", "[A-Za-z0-9]{32}", extra="",
          family=FAMILY, min_entropy=4.0),
    token("clojars-token", "Clojars deploy token", "CLOJARS_", "[a-z0-9]{60}", extra="",
          family=FAMILY, min_entropy=4.0),
    token("buildkite-api-token", "Buildkite user API token", "bkua_", hex_chars("40"),
          family=FAMILY, min_entropy=3.0),
    context("jenkins-api-token", "Jenkins API token", ("jenkins",), "11" + hex_chars("32"),
            family=FAMILY, min_entropy=3.0),
    token("sourcegraph-access-token", "Sourcegraph access token", "sgp_",
          "(?:[a-f0-9]{16}_)?" + hex_chars("40"), family=FAMILY, min_entropy=3.0),
)
