"""Examples for credentials known by where they sit: Kubernetes and Docker config, package
manager files, HTTP command lines and CLI logins."""

from __future__ import annotations

import base64
import json

from .cases import Case
from .fakes import Fakes

F = Fakes("context")


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _secret_manifests():
    password, token = F.password(18), F.b64url(32)
    listed = {"password": _b64(password), "username": _b64("svc-reporting")}
    entries = "".join(f"\n  {k}: {v}" for k, v in listed.items())
    handwritten = (
        f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:{entries}\n"
    )
    kubectl = f"apiVersion: v1\ndata:{entries}\nkind: Secret\nmetadata:\n  name: db\n"
    as_json = json.dumps({"apiVersion": "v1", "kind": "Secret", "data": {"api": _b64(token)}})
    json_block = json.dumps({"api": _b64(token)})
    escaped = json.dumps(as_json)[1:-1]
    docker = json.dumps({"auths": {"ghcr.io": {"auth": _b64(f"bot:{F.password(20)}")}}})
    docker_entry = f"\n  .dockerconfigjson: {_b64(docker)}"
    public = (
        "apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\ndata:\n"
        f"  tls.crt: {_b64('-----BEGIN CERTIFICATE-----' + F.b64(64))}\n"
        f"  namespace: {_b64('default')}\n"
    )
    placeholder = f"kind: Secret\ndata:\n  password: {_b64('changeme')}\n"
    config_map = f"kind: ConfigMap\ndata:{entries}\n"
    return [
        Case(
            "kubernetes-secret-data",
            [
                (handwritten, entries),
                (as_json, json_block),
                (escaped, json_block.replace('"', '\\"')),
                (json.dumps({"config": handwritten}), entries.replace("\n", "\\n")),
                (f"kind: Secret\ntype: kubernetes.io/dockerconfigjson\ndata:{docker_entry}\n",
                 docker_entry),
            ],
            [public, placeholder, config_map, f"kind: Secret\ndata:\n  password: {password}\n"],
        ),
        Case(
            "kubernetes-secret-data-listed",
            [(kubectl, entries)],
            [public.replace("kind: Secret\n", "") + "kind: Secret\n",
             f"data:{entries}\nkind: ConfigMap\n"],
        ),
    ]


def _docker_auth() -> Case:
    auth = _b64(f"robot:{F.password(20)}")
    return Case(
        "docker-config-auth",
        [
            (json.dumps({"auths": {"registry.example.org": {"auth": auth}}}), auth),
            (json.dumps({"auths": {"r.io": {"email": "me@example.org", "auth": auth}}}), auth),
            (json.dumps({"https://index.docker.io/v1/": {"auth": auth}}), auth),
            (json.dumps(json.dumps({"auths": {"r.io": {"auth": auth}}})), auth),
        ],
        [
            json.dumps({"auths": {"r.example.org": {"auth": _b64("robot:changeme")}}}),
            json.dumps({"auths": {"r.example.org": {"auth": _b64("no colon here")}}}),
            json.dumps({"auths": {"r.example.org": {"auth": ""}}}),
            json.dumps({"author": _b64(f"robot:{F.password(20)}")}),
        ],
    )


def _case(rule_id: str, templates, negatives, value=F.password) -> Case:
    positives = []
    for template in templates:
        v = value()
        positives.append((template.format(v=v), v))
    return Case(rule_id, positives, list(negatives))


def _hex8() -> str:
    return F.hex(8) + ":" + F.hex(8)


CASES = [
    *_secret_manifests(),
    _docker_auth(),
    _case(
        "kubectl-secret-literal",
        [
            "!kubectl create secret generic db --from-literal=password={v}",
            "kubectl create secret generic api --from-literal 'token={v}' -n prod",
        ],
        [
            "kubectl create secret generic db --from-literal=password=$DB_PASSWORD",
            "kubectl create secret generic db --from-literal=password=changeme",
            "kubectl create secret generic db --from-file=./password.txt",
        ],
    ),
    _case(
        "npmrc-auth-token",
        ["//npm.pkg.github.com/:_authToken={v}\n", "_authToken={v}\n",
         '{{"npmrc": "//npm.internal/:_authToken={v}\\n"}}',
         "//registry.internal/:_password={v}"],
        [
            "//registry.npmjs.org/:_authToken=${NPM_TOKEN}",
            "//r/:_authToken=short",
            "self._authToken = token",
        ],
        value=lambda: F.b64url(40),
    ),
    _case(
        "npmrc-auth",
        ["_auth={v}\n", "//registry.internal/:_auth = {v}\n"],
        [f"_auth={_b64('user:changeme')}", f"_auth={_b64('no-colon-here')}", "_auth=${NPM_AUTH}"],
        value=lambda: _b64(f"ci:{F.password(16)}"),
    ),
    _case(  # .pypirc sections: the generic unquoted-password rule reads them
        "generic-env-password",
        [
            "[distutils]\nindex-servers = internal\n\n[internal]\n"
            "repository = https://pypi.internal/\nusername = ci\npassword = {v}\n",
            "[testpypi]\nusername = me\npassword: {v}\n",
        ],
        [
            "[internal]\nrepository = https://pypi.internal/\nusername = ci\npassword = <password>",
            "[internal]\nusername = ci\npassword = %(PYPI_PASSWORD)s",
            "[internal]\nusername = ci\npassword = ${PYPI_PASSWORD}",
        ],
    ),
    _case(
        "sidekiq-credentials",
        [
            "BUNDLE_ENTERPRISE__CONTRIBSYS__COM: {v}",
            'export BUNDLE_GEMS__CONTRIBSYS__COM="{v}"',
            "!bundle config gems.contribsys.com {v}",
        ],
        [
            "BUNDLE_GEMS__CONTRIBSYS__COM: ${SIDEKIQ_CREDS}",
            "BUNDLE_GEMS__CONTRIBSYS__COM: user:pass",
            "BUNDLE_GEMS__CONTRIBSYS__COM: " + F.hex(8) + ":" + F.hex(7),
        ],
        value=_hex8,
    ),
    Case(
        "sidekiq-url-credentials",
        [(f"source 'https://{F.hex(8)}:{p}@gems.contribsys.com/'", p) for p in [F.hex(8)]]
        + [(f"https://{F.hex(8)}:{p}@enterprise.contribsys.com/", p) for p in [F.hex(8)]],
        ["source 'https://gems.contribsys.com/'", f"https://{F.hex(8)}:xyz@gems.contribsys.com/"],
    ),
    _case(
        "bundler-host-credentials",
        ["BUNDLE_GEMS__EXAMPLE__ORG: ci:{v}", 'BUNDLE_RUBYGEMS__PKG__GITHUB__COM="me:{v}"'],
        ["BUNDLE_GEMS__EXAMPLE__ORG: ci:${TOKEN}", "BUNDLE_PATH: vendor/bundle",
         "BUNDLE_GEMS__EXAMPLE__ORG: ci:changeme"],
    ),
    _case(
        "xml-password-element",
        [
            "<server>\n  <id>internal</id>\n  <username>ci</username>\n"
            "  <password>{v}</password>\n</server>",
            "<apiKey>{v}</apiKey>",
        ],
        ["<password>${env.REPO_PASSWORD}</password>", "<password>changeme</password>",
         "<password></password>", "<token>{{token}}</token>"],
    ),
    _case(
        "nuget-cleartext-password",
        ['<add key="ClearTextPassword" value="{v}" />'],
        ['<add key="ClearTextPassword" value="%NUGET_PASSWORD%" />',
         '<add key="Username" value="someone" />'],
    ),
    _case(
        "cli-authorization-header",
        [
            '!curl -H "Authorization: {v}" https://api.example.org',
            "curl --header 'Authorization: Digest {v}' https://x",
            'wget --header="authorization: SSWS {v}" https://x',
        ],
        [
            'curl -H "Authorization: $TOKEN" https://x',
            'curl -H "Authorization: Bearer ${API_TOKEN}" https://x',
            'curl -H "Authorization: <your-token>" https://x',
            'curl -H "Authorization: application/json" https://x',
        ],
        value=lambda: F.b64url(32),
    ),
    _case(
        "httpie-authorization-header",
        ["!http GET https://api.example.org/v1/me Authorization:'Token {v}'",
         "https POST api.example.org/items authorization:{v} name=x"],
        ["http GET https://x Authorization:$TOKEN", "http GET https://x Accept:application/json"],
        value=lambda: F.b64url(32),
    ),
    _case(
        "cli-form-credential",
        [
            "!curl -d 'username=me&password={v}' https://x.example.org/login",
            'curl --data-urlencode "client_secret={v}" https://x',
            "wget --post-data 'user=me&pass={v}' https://x",
            "curl -F token={v} https://x",
        ],
        [
            "curl -d 'username=me&password=$PASSWORD' https://x",
            "curl -d 'password=<password>' https://x",
            "curl -d 'grant_type=client_credentials' https://x",
        ],
        value=F.url_password,
    ),
    _case(
        "registry-login-password",
        [
            "!docker login -u ci -p {v} registry.example.org",
            "podman login --username ci --password {v} quay.io",
            "helm registry login -u me -p '{v}' oci.example.org",
        ],
        [
            "docker login -u ci -p $CI_REGISTRY_PASSWORD registry.example.org",
            "docker login -u ci --password-stdin registry.example.org",
            "docker login -u ci -p <password> registry",
        ],
        value=F.url_password,
    ),
    _case(
        "mysql-cli-password",
        ["!mysql -u root -p{v} -h db.internal", "mysqldump -uapp -p'{v}' app > dump.sql"],
        ["mysql -u root -p -h db", "mysql -u root -p$MYSQL_PWD", "mysql -h db -P 3306 -u me"],
        value=F.url_password,
    ),
    _case(
        "sshpass-password",
        ["!sshpass -p {v} ssh me@host", "sshpass -p'{v}' scp f host:"],
        ["sshpass -p $PASS ssh me@host", "sshpass -f pwfile ssh me@host"],
        value=F.url_password,
    ),
]
