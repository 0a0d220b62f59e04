"""Which strings governance takes for names and which for values passed where a name belongs."""
import random
import string

import pytest

from jupyter_secrets.governance.names import NotAName, checked_name, looks_random

ALNUM = string.ascii_letters + string.digits

NAMES = [
    "OPENAI_API_KEY", "MyServiceKey2024", "AzureOpenAIApiKeyProdEastUs2",
    "HuggingFaceHubTokenForCI", "awsSecretAccessKeyIdProdV2", "DATABRICKS_HOST_2024_EU_WEST_1",
    "gcpServiceAccountJsonB64", "PineconeApiKeyUsEast1Gcp", "MyS3BucketKeyForEu2Prod",
    "ApiKeyV2ForS3AndEc2InUsEast1", "WandbApiKey4TeamA1B2", "Db2ConnStrForQa1Env2Eu3",
    "model_v2_run_20240101_a1b2c3", "AWS_S3_KEY_ID_V2_EU_1A", "snowflake.warehouse.password",
]


@pytest.mark.parametrize("name", NAMES)
def test_names_people_write_are_names(name):
    assert not looks_random(name)
    assert checked_name("test", name) == name


def random_token(rng, length):
    return "".join(rng.choice(ALNUM) for _ in range(length))


def test_a_long_random_token_is_a_value_however_it_is_cut_or_prefixed():
    rng = random.Random(12)
    shapes = [random_token(rng, 64) for _ in range(2000)]
    # an OpenAI-like body with separators, behind a name-like prefix: one in 25 passed before
    shapes += ["TOKEN_sk_proj_" + "".join(rng.choice(ALNUM + "_-") for _ in range(64)).replace("-", "_")
               for _ in range(2000)]
    missed = [s for s in shapes if not looks_random(s)]
    assert len(missed) <= 4, len(missed)


def test_a_random_token_is_refused_without_being_shown():
    token = "TOKEN_" + random_token(random.Random(3), 48)
    with pytest.raises(NotAName) as caught:
        checked_name("test", token)
    assert token not in str(caught.value)
    assert token[6:] not in str(caught.value)
