"""Amazon Web Services: access key ids, secret keys, session tokens, Bedrock API keys.

Key ids carry a documented four-letter prefix saying what they are; secret keys and session
tokens have none, so their rules need the name they are given in files and SDK calls.
"""
from __future__ import annotations

from .patterns import context, token, uuid
from .validators import not_documented_example

FAMILY = "cloud"
_KEY_ID_BODY = "[A-Z0-9]{16}"
_NO_DOCS = (not_documented_example,)

RULES = (
    token("aws-access-key-id", "AWS access key id (long-term, IAM user)", "AKIA", _KEY_ID_BODY,
          extra="", family=FAMILY, validators=_NO_DOCS),
    token("aws-temporary-access-key-id", "AWS temporary access key id (STS)", "ASIA",
          _KEY_ID_BODY, extra="", family=FAMILY, validators=_NO_DOCS),
    token("aws-sts-bearer-key-id", "AWS STS service bearer token key id", "ABIA", _KEY_ID_BODY,
          extra="", family=FAMILY, validators=_NO_DOCS),
    token("aws-context-key-id", "AWS context-specific credential key id", "ACCA", _KEY_ID_BODY,
          extra="", family=FAMILY, validators=_NO_DOCS),
    context("aws-secret-access-key", "AWS secret access key",
            ("secret_access_key", "secret-access-key", "secretaccesskey", "aws_secret_key",
             "aws-secret-key", "awssecretkey"),
            "[A-Za-z0-9/+]{40}", extra="/+=", family=FAMILY, min_entropy=4.0,
            validators=_NO_DOCS),
    context("aws-session-token", "AWS session token",
            ("session_token", "session-token", "sessiontoken", "security_token",
             "security-token", "securitytoken"),
            "[A-Za-z0-9/+]{100}[A-Za-z0-9/+]*={0,2}", extra="/+=", family=FAMILY,
            min_entropy=4.5, validators=_NO_DOCS),
    token("aws-mws-auth-token", "Amazon Marketplace Web Service auth token", "amzn.mws.",
          uuid(), family=FAMILY),
    token("aws-bedrock-api-key", "Amazon Bedrock long-term API key", "ABSKQmVkcm9ja0FQSUtleS",
          "[A-Za-z0-9+/]{60}[A-Za-z0-9+/]*={0,2}", extra="+/=", family=FAMILY,
          min_entropy=4.5),
    token("aws-bedrock-short-term-key", "Amazon Bedrock short-term API key",
          "bedrock-api-key-", "[A-Za-z0-9+/]{100}[A-Za-z0-9+/]*={0,2}", extra="+/=",
          family=FAMILY, min_entropy=4.5),
    token("aws-appsync-api-key", "AWS AppSync GraphQL API key", "da2-", "[a-z0-9]{26}",
          family=FAMILY, min_entropy=3.5),
)
