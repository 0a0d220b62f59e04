"""AWS Secrets Manager through boto3, against moto's server over real HTTP on 127.0.0.1."""
from __future__ import annotations

import logging
import time
import urllib.request
from contextlib import contextmanager

import boto3
import pytest
from traitlets import TraitError

from jupyter_secrets.backends.aws import AwsSecretsManager
from jupyter_secrets.backends.base import BackendError, SecretNotFound

from .helpers import assert_not_logged, secret_like


def raw_client(endpoint: str, **credentials):
    return boto3.client("secretsmanager", endpoint_url=endpoint, region_name="us-east-1", **credentials)


def test_round_trip_and_list_without_values(aws_backend):
    info = aws_backend.set("OPENAI_API_KEY", secret_like("aws"))
    aws_backend.set("GITHUB_TOKEN", secret_like("gh"))

    assert info.version
    assert aws_backend.get("OPENAI_API_KEY") == secret_like("aws")
    listed = aws_backend.list()
    assert [i.name for i in listed] == ["GITHUB_TOKEN", "OPENAI_API_KEY"]
    assert listed[1].version == info.version and listed[1].created
    assert secret_like("aws") not in repr(listed)


def test_list_shows_only_names_under_the_prefix(aws_backend, moto_server):
    raw_client(moto_server).create_secret(Name="someone-else/TOKEN", SecretString="x")
    aws_backend.set("MINE", secret_like("mine"))

    assert [i.name for i in aws_backend.list()] == ["MINE"]


def test_versions_come_from_secrets_manager_newest_first(aws_backend):
    first = aws_backend.set("TOKEN", secret_like("v1")).version
    second = aws_backend.set("TOKEN", secret_like("v2")).version

    assert [i.version for i in aws_backend.versions("TOKEN")] == [second, first]
    assert aws_backend.get("TOKEN", version=first) == secret_like("v1")
    assert aws_backend.get("TOKEN") == secret_like("v2")


def test_delete_at_once_then_not_found(aws_backend):
    aws_backend.recovery_window_days = 0
    aws_backend.set("TOKEN", secret_like("gone"))
    aws_backend.delete("TOKEN")

    assert aws_backend.list() == []
    with pytest.raises(SecretNotFound) as caught:
        aws_backend.get("TOKEN")
    assert "%secret set TOKEN" in str(caught.value)
    with pytest.raises(SecretNotFound):
        aws_backend.delete("TOKEN")


def test_delete_with_a_recovery_window_says_how_to_restore(aws_backend):
    aws_backend.recovery_window_days = 7
    aws_backend.set("TOKEN", secret_like("recoverable"))
    aws_backend.delete("TOKEN")

    assert aws_backend.list() == []
    with pytest.raises(BackendError) as caught:
        aws_backend.get("TOKEN")
    assert "scheduled for deletion" in str(caught.value) and "restore-secret" in str(caught.value)


def test_a_binary_secret_is_reported(aws_backend, moto_server):
    raw_client(moto_server).create_secret(Name=aws_backend.name_prefix + "BLOB", SecretBinary=b"\x00\x01")
    with pytest.raises(BackendError, match="binary"):
        aws_backend.get("BLOB")


def test_an_unreachable_endpoint_fails_fast_and_clearly(aws_credentials, free_closed_port):
    backend = AwsSecretsManager(endpoint_url=f"http://127.0.0.1:{free_closed_port}", region_name="us-east-1",
                                connect_timeout=1, max_attempts=1)
    started = time.monotonic()
    with pytest.raises(BackendError) as caught:
        backend.set("TOKEN", secret_like("nowhere"))
    assert time.monotonic() - started < 5
    assert "cannot reach http://127.0.0.1" in str(caught.value)
    assert secret_like("nowhere") not in str(caught.value)
    assert backend.status()["ok"] is False


def test_no_credentials_says_how_to_get_some(aws_credentials, moto_server, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    backend = AwsSecretsManager(endpoint_url=moto_server, region_name="us-east-1")

    with pytest.raises(BackendError) as caught:
        backend.list()
    assert "no AWS credentials" in str(caught.value) and "IAM role" in str(caught.value)


def test_no_region_says_where_to_set_it(aws_credentials, moto_server, monkeypatch):
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    monkeypatch.delenv("AWS_REGION", raising=False)
    with pytest.raises(BackendError, match="AWS_REGION"):
        AwsSecretsManager().list()


@contextmanager
def moto_auth(endpoint: str, free_actions: int):
    """Turn on moto's IAM checks after `free_actions` unauthenticated calls; off again after."""
    def reset(count: str) -> None:
        request = urllib.request.Request(f"{endpoint}/moto-api/reset-auth", data=count.encode(),
                                         headers={"Content-Type": "text/plain"}, method="POST")
        with urllib.request.urlopen(request, timeout=5):
            pass

    reset(str(free_actions))
    try:
        yield
    finally:
        reset("inf")


def test_access_denied_names_the_permission_to_grant(aws_backend, moto_server, monkeypatch):
    with moto_auth(moto_server, free_actions=2):
        iam = boto3.client("iam", endpoint_url=moto_server, region_name="us-east-1")
        iam.create_user(UserName="no-policy")
        key = iam.create_access_key(UserName="no-policy")["AccessKey"]
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", key["AccessKeyId"])
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", key["SecretAccessKey"])
        backend = AwsSecretsManager(endpoint_url=moto_server, region_name="us-east-1")
        with pytest.raises(BackendError) as caught:
            backend.set("TOKEN", secret_like("denied"))
        backend.close()
    assert "access denied" in str(caught.value) and "secretsmanager:" in str(caught.value)
    assert secret_like("denied") not in str(caught.value)


def test_unknown_credentials_are_reported_as_such(aws_backend, moto_server):
    with moto_auth(moto_server, free_actions=0):
        with pytest.raises(BackendError, match="rejected the credentials"):
            aws_backend.list()


def test_the_recovery_window_is_checked():
    for days in (0, 7, 30):
        AwsSecretsManager(recovery_window_days=days)
    with pytest.raises(TraitError, match="0 or 7 to 30"):
        AwsSecretsManager(recovery_window_days=3)


def test_no_value_in_logs_or_errors(aws_backend, caplog):
    caplog.set_level(logging.DEBUG)
    value = secret_like("aws-logs")
    aws_backend.set("TOKEN", value)
    aws_backend.get("TOKEN")
    aws_backend.recovery_window_days = 7
    aws_backend.delete("TOKEN")
    with pytest.raises(BackendError) as caught:
        aws_backend.get("TOKEN")

    assert value not in str(caught.value)
    assert_not_logged(value, caplog)
