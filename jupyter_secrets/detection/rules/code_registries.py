"""Code hosts, CI/CD systems, artifact and package registries, code-quality services: the
formats not in ``code_hosts`` and ``devops``."""
from __future__ import annotations

from functools import partial

from ..rule import Rule
from .patterns import context, hex_chars, token
from .validators import PROVIDER_CHECKS

FAMILY = "code"
_named = partial(context, family=FAMILY, validators=PROVIDER_CHECKS)
_prefixed = partial(token, family=FAMILY, validators=PROVIDER_CHECKS)

RULES = (
    _named("jfrog-api-key-named", "JFrog Artifactory API key or password under a JFrog name",
           ("jfrog", "artifactory"), "[A-Za-z0-9]{64,73}", min_entropy=4.2),
    _named("sonarqube-token-legacy", "SonarQube / SonarCloud token without a prefix",
           ("sonar.login", "sonar_token", "sonar.token", "sonar_login", "sonarqube",
            "sonarcloud"), hex_chars("40")),
    _named("atlassian-api-token-legacy", "Atlassian / Jira API token (24 characters, legacy)",
           ("jira", "confluence", "atlassian"), "[A-Za-z0-9]{24}", min_entropy=3.5),
    Rule(id="gitlab-session-cookie", family=FAMILY, description="GitLab session cookie",
         pattern=r"_gitlab_session=(?P<secret>[0-9a-z]{32})(?:[^0-9a-z]|$)",
         keywords=("_gitlab_session=",), min_entropy=3.5, validators=PROVIDER_CHECKS),
    _prefixed("gitlab-workspace-token", "GitLab workspace token", "glwt-",
              "[A-Za-z0-9_-]{20,80}", min_entropy=3.5),
    Rule(id="gitlab-incoming-email-address", family=FAMILY,
         description="GitLab incoming e-mail address (its token creates issues as the user)",
         pattern=(r"\bincoming\+(?:[A-Za-z0-9._-]{1,100}-)?[0-9]{1,12}-(?P<secret>[a-z0-9]{20,30})"
                  r"-(?:issue(?:-[0-9]{1,12})?|merge-request)@"),
         keywords=("incoming+",), min_entropy=3.5, validators=PROVIDER_CHECKS),
    _prefixed("bitbucket-data-center-token", "Bitbucket Data Center HTTP access token", "BBDC-",
              "[A-Za-z0-9+/=]{32,80}", extra="+/=", min_entropy=4.0),
    _named("bitbucket-client-secret", "Bitbucket OAuth consumer secret", ("bitbucket",),
           "[A-Za-z0-9_=-]{64}", extra="_=-", min_entropy=4.2),
    _named("gitea-access-token", "Gitea / Forgejo access token", ("gitea", "forgejo", "gogs"),
           hex_chars("40")),
    _named("drone-ci-token", "Drone CI access token", ("drone_token", "droneci", "drone-token"),
           "[A-Za-z0-9]{32}", min_entropy=3.8),
    _named("travis-ci-token", "Travis CI access token", ("travis",), "[A-Za-z0-9_-]{22}",
           min_entropy=3.4),
    _named("bitrise-access-token", "Bitrise personal or workspace access token", ("bitrise",),
           "[A-Za-z0-9_-]{60,120}", min_entropy=4.5),
    _named("coveralls-repo-token", "Coveralls repository or personal token", ("coveralls",),
           "[A-Za-z0-9]{32,37}", min_entropy=3.8),
    _named("codacy-api-token", "Codacy API or project token", ("codacy",), "[A-Za-z0-9]{20,32}",
           min_entropy=3.5),
    _prefixed("buildkite-service-token", "Buildkite agent, cluster, job or portal token", "bk",
              "[A-Za-z0-9_-]{40,340}", head="bk(?:aa|ar|ct|pt|ps|pat|aj)_",
              keywords=("bkaa_", "bkar_", "bkct_", "bkpt_", "bkps_", "bkpat_", "bkaj_"),
              min_entropy=4.2),
    Rule(id="harness-api-key", family=FAMILY, description="Harness personal or service token",
         pattern=(r"\b(?P<secret>(?:pat|sat)\.[A-Za-z0-9_-]{22}\.[0-9a-f]{24}\.[A-Za-z0-9]{20})"
                  r"(?:[^A-Za-z0-9_.-]|$)"),
         keywords=("pat.", "sat."), min_entropy=4.0, validators=PROVIDER_CHECKS),
    _named("octopus-deploy-api-key", "Octopus Deploy API key", ("octopus",),
           "API-[A-Z0-9]{26,32}", prefix="API-", min_entropy=3.6),
    _prefixed("docker-swarm-join-token", "Docker Swarm join token", "SWMTKN-1-",
              "[a-z0-9]{50,60}-[a-z0-9]{24,30}", min_entropy=4.0),
    _prefixed("docker-swarm-unlock-key", "Docker Swarm unlock key", "SWMKEY-1-",
              "[A-Za-z0-9+/]{40,50}", extra="+/", min_entropy=4.0),
    _named("cloudsmith-api-key", "Cloudsmith API key", ("cloudsmith",), hex_chars("40")),
    _prefixed("deno-deploy-token", "Deno Deploy personal or organization token", "dd",
              "[A-Za-z0-9]{36}", head="dd[po]_", keywords=("ddp_", "ddo_"), extra="",
              min_entropy=4.0),
    _prefixed("packagist-token", "Packagist API or repository token", "packagist_",
              "[A-Za-z0-9]{32,100}", head="packagist_(?:ort|out|uut|urt|ost)_",
              keywords=("packagist_",), extra="", min_entropy=4.0),
    _prefixed("mergify-application-key", "Mergify application key", "mergify_application_key_",
              "[A-Za-z0-9_-]{40,200}", min_entropy=4.0),
    _prefixed("infracost-api-token", "Infracost API token", "ico-", "[A-Za-z0-9]{32}", extra="",
              min_entropy=4.0),
    _prefixed("prefect-api-key", "Prefect Cloud API key", "pnu_", "[A-Za-z0-9]{36}", extra="",
              min_entropy=4.0),
    _prefixed("endorlabs-api-key", "Endor Labs API key or secret", "endr+", "[A-Za-z0-9-]{16}",
              min_entropy=3.5),
    _prefixed("aikido-ci-token", "Aikido CI or API secret", "AIK_",
              "[A-Za-z0-9]{20,64}", head="AIK_(?:CI|SECRET)_", keywords=("AIK_CI_", "AIK_SECRET_"),
              exact_keywords=True, extra="", min_entropy=4.0),
    _prefixed("scalingo-api-token", "Scalingo API token", "tk-us-", "[A-Za-z0-9_-]{48}",
              min_entropy=4.0),
    _named("hex-pm-api-key", "Hex.pm API key", ("hex_api_key", "hexpm", "hex.pm"), hex_chars("32")),
    _named("gradle-publish-secret", "Gradle Plugin Portal publish secret",
           ("gradle.publish.secret", "gradle_publish_secret", "gradle_publish_key"),
           "[A-Za-z0-9]{32}", min_entropy=3.8),
    _named("github-oauth-client-secret", "GitHub OAuth / GitHub App client secret",
           ("github_client_secret", "gh_client_secret", "github-client-secret",
            "github_app_client_secret", "github_oauth_secret"), hex_chars("40")),
    _named("veracode-api-secret", "Veracode API secret key", ("veracode",), hex_chars("128")),
    _named("semgrep-app-token", "Semgrep App token", ("semgrep",), hex_chars("64")),
    _named("artifact-hub-api-key", "Artifact Hub API key secret", ("artifacthub",),
           "[A-Za-z0-9+/=]{44}", extra="+/=", min_entropy=4.0),
)
