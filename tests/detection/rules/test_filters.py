"""The generic-rule filters one by one: each kind of non-secret, and real-looking values."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jupyter_secrets.detection import filters

from .fakes import Fakes

F = Fakes("filters")

PLACEHOLDERS = [
    "sk-...",
    "<your-key>",
    "<YOUR_API_KEY>",
    "xxxxxxxxxxxx",
    "XXXX-XXXX-XXXX",
    "${OPENAI_API_KEY}",
    "$OPENAI_API_KEY",
    "$password",
    "{{ api_key }}",
    "{{secrets.TOKEN}}",
    "%(password)s",
    "{api_key}",
    "%API_KEY%",
    "********",
    "••••••••",
    "changeme",
    "CHANGE_ME_PLEASE",
    "your-api-key-here",
    "insert-token-here",
    "example-secret-value",
    "sample_password_1",
    "dummy-password",
    "fake-token-value",
    "test-secret-9z",
    "REDACTED",
    "[REDACTED:jwt]",
    "redacted-by-admin",
    "aaaaaaaaaaaa",
    "abababababab",
    "P@ssw0rd!2024",
    "s3cr3t-value",
    "qwerty-uiop-99",
    "mypassword99",
    "my_secret_value",
]
REFERENCES = [
    "os.environ['OPENAI_API_KEY']",
    "os.getenv('TOKEN')",
    "getpass()",
    "getpass.getpass('pw: ')",
    "input('Password: ')",
    "settings.API_KEY",
    "config.openai.api_key",
    "self.password",
    "token_value",
    "OPENAI_API_KEY",
    "accessToken",
    "op://vault/item/password",
    "vault:secret/data/db#password",
    "arn:aws:secretsmanager:eu-west-1:123:secret:db",
    "projects/p/secrets/s/versions/latest",
    "/run/secrets/db_password",
    "./secrets/token.txt",
    "~/.config/tool/token",
    "https://vault.example.org/v1/secret",
    "models/2024/ckpt-0001.pt",
    "Quarterly-Report.xlsx",
    "data:image/png;base64,iVBORw0KGgo",
]
HASHES_AND_IDS = [
    "sha256:" + "ab" * 32,
    "$2b$12$" + "a" * 53,
    "pbkdf2_sha256$600000$salt$hash",
    "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
    "sha512-Zm9vYmFy",
    "{SSHA}abcdefgh",
    "123e4567-e89b-12d3-a456-426614174000",
    "someone@example.org",
    "1234567890",
    "2024-01-05",
]
STOP_WORDS = [
    "None",
    "null",
    "undefined",
    "true",
    "False",
    "password",
    "secret",
    "token",
    "admin",
    "root",
    "guest",
    "postgres",
    "anonymous",
    "test",
    '""',
    "''",
]


@pytest.mark.parametrize("value", PLACEHOLDERS)
def test_placeholders_do_not_pass(value):
    assert not filters.passes_generic_filters(value)


@pytest.mark.parametrize("value", REFERENCES)
def test_references_and_names_do_not_pass(value):
    assert filters.is_reference(value) or filters.is_placeholder(value)
    assert not filters.passes_generic_filters(value)


@pytest.mark.parametrize("value", HASHES_AND_IDS)
def test_hashes_ids_and_numbers_do_not_pass(value):
    assert not filters.passes_generic_filters(value)


@pytest.mark.parametrize("value", STOP_WORDS)
def test_stop_words_do_not_pass(value):
    assert filters.is_stopword_value(value) or len(value) < filters.MIN_GENERIC_LENGTH
    assert not filters.passes_generic_filters(value)


@pytest.mark.parametrize("value", ["", "a", "Zq8#pL2"])
def test_short_values_do_not_pass(value):
    assert not filters.passes_generic_filters(value)


@pytest.mark.parametrize(
    "value",
    [
        "Zq8#pL2v!Wm4",
        "hunter2-Rx9!vq",
        F.alnum(32),
        F.hex(40),
        F.b64url(43) + "=",
        "sunshine1987",
        "K7X2M9Q4P1ZZ",
        "Tr0ub4dor&3x",
        "correct-horse-battery-staple",
        "N3w_Y0rk_C1ty_88",
    ],
)
def test_real_looking_values_pass(value):
    assert filters.passes_generic_filters(value)


def test_entropy_of_known_strings():
    assert filters.shannon_entropy("") == 0.0
    assert filters.shannon_entropy("aaaa") == 0.0
    assert filters.shannon_entropy("abab") == pytest.approx(1.0)
    assert filters.shannon_entropy("abcd") == pytest.approx(2.0)
    assert filters.shannon_entropy("0123456789abcdef") == pytest.approx(4.0)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=200))
def test_entropy_is_bounded_by_the_alphabet_actually_used(text):
    assert 0.0 <= filters.shannon_entropy(text) <= math.log2(len(set(text))) + 1e-9


@settings(max_examples=200, deadline=None)
@given(
    st.text(min_size=0, max_size=40),
    st.text(min_size=0, max_size=40),
    st.sampled_from(["REDACTED", "redacted", "Redacted", "rEdAcTeD"]),
)
def test_nothing_holding_the_marker_word_passes(before, after, word):
    assert not filters.passes_generic_filters(before + word + after)


@pytest.mark.parametrize(
    "make", [F.alnum, F.hex, F.b64, F.b64url, F.password], ids=lambda f: f.__name__
)
def test_random_keys_almost_always_pass(make):
    """A filter that drops real keys is a hole: at most a chance spelling of a stop word or a
    name-like shape may make a random 32-character key fail."""
    passed = sum(filters.passes_generic_filters(make(32)) for _ in range(2000))
    assert passed >= 0.995 * 2000
