"""AWS Secrets Manager through boto3 and its default credential chain.

No static keys are needed: boto3 finds IAM roles, instance and pod identity, SSO and profiles on
its own. Every failure becomes one BackendError naming the fix; none carries a value.
"""
from __future__ import annotations

import datetime
import logging
import time
from typing import Any, Callable, List, Optional, TypeVar

from traitlets import Float, Int, TraitError, Unicode, validate

from .base import (BackendError, ConfigurableBackend, SecretInfo, SecretNotFound, check_name,
                   check_value, scrub)

log = logging.getLogger(__name__)

BACKEND = "aws"
CURRENT = "AWSCURRENT"
T = TypeVar("T")

_DENIED = ("AccessDeniedException", "AccessDenied", "UnauthorizedOperation")
_BAD_CREDENTIALS = ("UnrecognizedClientException", "InvalidClientTokenId", "ExpiredTokenException",
                    "InvalidSignatureException", "SignatureDoesNotMatch", "ExpiredToken")


class AwsSecretsManager(ConfigurableBackend):
    """Secrets named `<name_prefix><NAME>` in AWS Secrets Manager."""

    name = BACKEND

    region_name = Unicode("", help="AWS region; empty: boto3's default (AWS_REGION, the profile, "
                                   "instance metadata).").tag(config=True)
    endpoint_url = Unicode("", help="Endpoint to use instead of AWS's own, e.g. a VPC endpoint "
                                    "or a local test server.").tag(config=True)
    profile_name = Unicode("", help="Named profile of the AWS config files; empty: the default "
                                    "credential chain.").tag(config=True)
    name_prefix = Unicode("jupyter-secrets/", help="Prefix of the secrets' names in Secrets "
                                                   "Manager; list() shows only these.").tag(config=True)
    recovery_window_days = Int(30, help="Days a deleted secret can still be restored (7 to 30), "
                                        "or 0 to delete at once with no recovery.").tag(config=True)
    connect_timeout = Float(3.0, help="Seconds to wait for a connection.").tag(config=True)
    read_timeout = Float(10.0, help="Seconds to wait for an answer.").tag(config=True)
    max_attempts = Int(2, help="Attempts per call, the first included (boto3 standard retry "
                               "mode).").tag(config=True)

    @validate("recovery_window_days")
    def _check_window(self, proposal: Any) -> int:
        days = proposal["value"]
        if days != 0 and not 7 <= days <= 30:
            raise TraitError("c.AwsSecretsManager.recovery_window_days must be 0 or 7 to 30")
        return days

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._client: Any = None

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def describe(self) -> str:
        where = self.endpoint_url or "AWS"
        region = f", region {self.region_name}" if self.region_name else ""
        return f"AWS Secrets Manager at {where}{region}, names {self.name_prefix}*"

    # -- the interface ---------------------------------------------------------------------

    def get(self, name: str, version: Optional[str] = None) -> str:
        check_name(BACKEND, name)
        kwargs = {"SecretId": self.name_prefix + name}
        if version is not None:
            kwargs["VersionId"] = str(version)
        reply = self._call(lambda c: c.get_secret_value(**kwargs), name, version)
        if "SecretString" not in reply:
            raise BackendError(BACKEND, f"the secret {name!r} holds binary data, not text",
                               "store it as a string (e.g. base64) to use it here")
        return reply["SecretString"]

    def set(self, name: str, value: str) -> SecretInfo:
        check_name(BACKEND, name)
        check_value(BACKEND, value)
        secret_id = self.name_prefix + name

        def store(client: Any) -> dict:
            try:
                return client.put_secret_value(SecretId=secret_id, SecretString=value)
            except client.exceptions.ResourceNotFoundException:
                pass
            try:
                return client.create_secret(Name=secret_id, SecretString=value)
            except client.exceptions.ResourceExistsException:  # created meanwhile by another process
                return client.put_secret_value(SecretId=secret_id, SecretString=value)

        reply = self._call(store, name, value=value)
        log.info("aws: stored a new version of %s", name)
        return SecretInfo(name, updated=time.time(), version=reply.get("VersionId"))

    def delete(self, name: str) -> None:
        check_name(BACKEND, name)
        kwargs: dict = {"SecretId": self.name_prefix + name}
        if self.recovery_window_days:
            kwargs["RecoveryWindowInDays"] = self.recovery_window_days
        else:
            kwargs["ForceDeleteWithoutRecovery"] = True
        described = self._call(lambda c: c.describe_secret(SecretId=kwargs["SecretId"]), name)
        if described.get("DeletedDate"):  # AWS deletes a missing secret without complaint
            raise SecretNotFound(name, BACKEND)
        self._call(lambda c: c.delete_secret(**kwargs), name)
        log.info("aws: deleted %s (recovery window %s days)", name, self.recovery_window_days)

    def list(self) -> List[SecretInfo]:
        def fetch(client: Any) -> List[SecretInfo]:
            pages = client.get_paginator("list_secrets").paginate(
                Filters=[{"Key": "name", "Values": [self.name_prefix]}] if self.name_prefix else [])
            return [info for page in pages for info in self._infos(page.get("SecretList", []))]

        return sorted(self._call(fetch), key=lambda i: i.name)

    def versions(self, name: str) -> List[SecretInfo]:
        check_name(BACKEND, name)

        def fetch(client: Any) -> List[dict]:
            found: List[dict] = []
            kwargs = {"SecretId": self.name_prefix + name, "IncludeDeprecated": False}
            while True:  # botocore has no paginator for this call
                page = client.list_secret_version_ids(**kwargs)
                found.extend(page.get("Versions", []))
                if not page.get("NextToken"):
                    return found
                kwargs["NextToken"] = page["NextToken"]

        found = self._call(fetch, name)
        found.sort(key=lambda v: (CURRENT in v.get("VersionStages", []), _epoch(v.get("CreatedDate"))),
                   reverse=True)
        return [SecretInfo(name, created=_epoch(v.get("CreatedDate")), updated=_epoch(v.get("CreatedDate")),
                           version=v["VersionId"]) for v in found]

    # -- internals -------------------------------------------------------------------------

    def _infos(self, secrets: List[dict]) -> List[SecretInfo]:
        infos = []
        for secret in secrets:
            full = secret.get("Name", "")
            if secret.get("DeletedDate") or not full.startswith(self.name_prefix):
                continue
            stages = secret.get("SecretVersionsToStages", {})
            current = next((vid for vid, st in stages.items() if CURRENT in st), None)
            infos.append(SecretInfo(full[len(self.name_prefix):], created=_epoch(secret.get("CreatedDate")),
                                    updated=_epoch(secret.get("LastChangedDate")), version=current))
        return infos

    def _make_client(self) -> Any:
        import boto3
        from botocore.config import Config
        from botocore.exceptions import BotoCoreError, NoRegionError, ProfileNotFound

        _quiet_botocore_payloads()
        try:
            session = boto3.session.Session(profile_name=self.profile_name or None,
                                            region_name=self.region_name or None)
            return session.client(
                "secretsmanager", endpoint_url=self.endpoint_url or None,
                config=Config(connect_timeout=self.connect_timeout, read_timeout=self.read_timeout,
                              retries={"max_attempts": self.max_attempts, "mode": "standard"}))
        except NoRegionError:
            raise BackendError(BACKEND, "no AWS region is configured",
                               "set AWS_REGION or c.AwsSecretsManager.region_name") from None
        except ProfileNotFound:
            raise BackendError(BACKEND, f"the AWS profile {self.profile_name!r} does not exist",
                               "fix c.AwsSecretsManager.profile_name or ~/.aws/config") from None
        except (BotoCoreError, ValueError) as e:
            raise BackendError(BACKEND, f"cannot set up the AWS client ({e})",
                               "check c.AwsSecretsManager.endpoint_url and region_name") from None

    def _call(self, op: Callable[[Any], T], name: Optional[str] = None, version: Optional[str] = None,
              value: Optional[str] = None) -> T:
        """Run one API call; every failure becomes a BackendError (or SecretNotFound)."""
        from botocore.exceptions import BotoCoreError, ClientError

        if self._client is None:
            self._client = self._make_client()
        try:
            return op(self._client)
        except ClientError as e:
            raise self._client_error(e, name, version, value) from None
        except BotoCoreError as e:
            raise _transport_error(e, self.endpoint_url, value) from None

    def _client_error(self, e: Any, name: Optional[str], version: Optional[str],
                      value: Optional[str]) -> Exception:
        error = e.response.get("Error", {})
        code = error.get("Code", "")
        message = scrub(str(error.get("Message", "")), value)
        log.debug("aws: %s failed: %s: %s", e.operation_name, code, message)
        if code.isdigit():  # an error body botocore could not parse: look for a known code in it
            code = next((known for known in _DENIED + _BAD_CREDENTIALS if known in message), code)
        if code == "ResourceNotFoundException" and name is not None:
            return SecretNotFound(name, BACKEND, version)
        if code in _DENIED:
            return BackendError(BACKEND, f"access denied for {e.operation_name}",
                                "grant this identity secretsmanager:" + e.operation_name +
                                f" on {self.name_prefix}* in its IAM policy")
        if code in _BAD_CREDENTIALS:
            return BackendError(BACKEND, f"AWS rejected the credentials ({code})",
                                "refresh them (e.g. `aws sso login`) or check the profile in use")
        if code == "InvalidRequestException" and "deleted" in message.lower():
            return BackendError(BACKEND, f"the secret {name!r} is scheduled for deletion",
                                "restore it with `aws secretsmanager restore-secret` first")
        return BackendError(BACKEND, f"{e.operation_name} failed ({code}: {message})",
                            "see the AWS Secrets Manager documentation for this error")


class _NoSecretPayloads(logging.Filter):
    """botocore logs every request's parameters and every response body at DEBUG; for Secrets
    Manager those carry secret values, so exactly those records are dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        if record.msg == "Making request for %s with params: %s" and args:
            service = getattr(getattr(args[0], "service_model", None), "service_name", "")
            return service != "secretsmanager"
        if str(record.msg).startswith("Response body") and args:
            return not (isinstance(args[0], bytes) and b'"Secret' in args[0])
        return True


def _quiet_botocore_payloads() -> None:
    for name in ("botocore.endpoint", "botocore.parsers"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _NoSecretPayloads) for f in logger.filters):
            logger.addFilter(_NoSecretPayloads())


def _transport_error(e: Exception, endpoint: str, value: Optional[str]) -> BackendError:
    from botocore.exceptions import (ConnectTimeoutError, EndpointConnectionError,
                                     NoCredentialsError, PartialCredentialsError, ReadTimeoutError)

    if isinstance(e, (NoCredentialsError, PartialCredentialsError)):
        return BackendError(BACKEND, "no AWS credentials were found",
                            "run on an instance or pod with an IAM role, set AWS_PROFILE, or "
                            "run `aws configure` / `aws sso login`")
    if isinstance(e, (EndpointConnectionError, ConnectTimeoutError, ReadTimeoutError)):
        where = endpoint or "the AWS endpoint"
        return BackendError(BACKEND, f"cannot reach {where}",
                            "check the network, proxy and c.AwsSecretsManager.endpoint_url / region_name")
    log.debug("aws: %s: %s", type(e).__name__, scrub(str(e), value))
    return BackendError(BACKEND, f"the AWS call failed ({type(e).__name__})",
                        "check the AWS configuration of this machine")


def _epoch(moment: Any) -> Optional[float]:
    if isinstance(moment, datetime.datetime):
        return moment.timestamp()
    return None
