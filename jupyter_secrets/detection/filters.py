"""Predicates that tell a credential from a value that only sits where one could.

Generic rules (``password = "..."``, ``Authorization: Bearer ...``) match wherever code names a
credential, so most of their hits are placeholders, references to a secret store, variable
names, hashes or ids. Each predicate here recognises one such kind; ``passes_generic_filters``
is what the engine calls. All of them are cheap string checks: they run only on matches.
"""
from __future__ import annotations

import base64
import binascii
import math
import re
from collections import Counter

#: Below this many characters a generic value is a placeholder or a toy, not a credential.
MIN_GENERIC_LENGTH = 8

#: Whole values (case-insensitive) that name a credential instead of holding one.
STOP_VALUES = frozenset("""
    none null nil undefined true false yes no empty blank string str bytes int value values
    default required optional unset notset unknown missing n/a na tbd todo fixme
    password passwd pass pwd secret secrets token tokens apikey api_key api-key key keys
    changeme admin administrator root guest user username login postgres mysql mariadb
    redis mongo mongodb sa test testing tests example sample dummy fake mock placeholder
    hidden masked secure private public anonymous letmein qwerty welcome abc123 password1 default123
""".split())

#: Substrings (lowercase) that mark a value as a placeholder, a mask or an example.
PLACEHOLDER_WORDS = (
    "redacted", "example", "sample", "placeholder", "dummy", "changeme", "change_me",
    "change-me", "changeit", "your", "insert", "replace", "fake", "mock", "test", "xxxx",
    "***", "•", "...", "…", "password", "passwd", "secret", "token", "apikey", "api_key",
    "api-key", "1234", "abcd", "a1b2c3", "qwerty", "hidden", "masked", "omitted", "xmpl",
)

#: Values that point to a secret held elsewhere, which is what we want people to write.
REFERENCE_PREFIXES = (
    "op://", "vault:", "vault://", "arn:", "ssm:", "env:", "secret:", "secrets:", "keyring:",
    "sm://", "gcpsm://", "azkv://", "projects/", "data:", "file:", "http://", "https://",
    "s3://", "gs://", "@microsoft.keyvault",
)

#: Hashes people store next to credential names: algorithm prefixes and crypt formats.
HASH_PREFIXES = (
    "sha1:", "sha256:", "sha384:", "sha512:", "md5:", "sha1-", "sha256-", "sha384-", "sha512-",
    "$2a$", "$2b$", "$2y$", "$argon2", "$pbkdf2", "$scrypt", "$5$", "$6$", "$1$",
    "pbkdf2_sha256$", "pbkdf2_sha1$", "argon2$", "bcrypt$", "scrypt$", "{ssha}", "{sha}",
)

#: Template and format fields (``${X}``, ``{{ x }}``, ``%(x)s``, ``{x}``, f-string fields).
_TEMPLATE = re.compile(r"\$\{|\{\{|\}\}|%\(\w*\)[sdr]|\{[^{}]*\}|<[^<>]*>")
#: A regular expression (a scanner's own pattern, a validation rule), not a value.
_REGEX_SYNTAX = re.compile(
    r"\[[^\]]*[a-zA-Z0-9]-[a-zA-Z0-9][^\]]*\]|\\[dwsb]|\{\d+(?:,\d*)?\}|\(\?")
#: A whole value that is a shell or Windows variable: ``$TOKEN``, ``$password``, ``%API_KEY%``.
_VARIABLE = re.compile(r"\$(?:[A-Z_][A-Z0-9_]*|[a-z_][a-z0-9_]*)|%[A-Za-z_]\w*%")
_CODE_CALL = re.compile(r"^[A-Za-z_][\w.]*\s*[(\[]")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_REPEATED_RUN = re.compile(r"(.)\1{5,}")  # six alike: chance in a key, a mask in a value
_NAME_SEGMENT = re.compile(
    r"[a-z_][a-z0-9_]*|[A-Z_][A-Z0-9_]*|[A-Z]*[a-z]+(?:[A-Z][a-z]+)*|[a-z]+(?:[A-Z][a-z0-9]+)+")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: ``Access-Control-Allow-Credentials``, ``serverlessrepo:applicationId``: labels and names.
_LABEL = re.compile(r"(?:[A-Z][a-z]+-)+[A-Z][a-z]+|[A-Za-z]+(?::[A-Za-z]+)+")
_WINDOWS_PATH = re.compile(r"(?:[A-Za-z]:)?\\?(?:[\w .$-]+\\)+[\w .$-]*")
#: ``dir/file.ext``, ``file-name.ext`` and folder prefixes with a dash or dot in them
#: (``job-4750.../``); base64 keys may end with "/" but hold neither.
_PATH_WITH_FILE = re.compile(
    r".*/.*\.[A-Za-z][A-Za-z0-9]{1,7}|[\w-]+\.[a-z][a-z0-9]{1,4}|[\w.-]*[-.][\w.-]*/(?:[\w.-]+/)*")
#: ``/run/secrets/db``, ``~/.config/tool/token``, ``./key.pem``. A base64 key may start with
#: "/" too, but is neither all lowercase nor holds a dot, dash or underscore.
_FILE_PATH = re.compile(r"(?:~|\.{1,2})?/(?:[\w.\-]+/)*[\w.\-]*")
_SHORT_HEX = re.compile(r"[0-9a-fA-F]{1,23}")
_SCOPED_PACKAGE = re.compile(r"@[a-z0-9._-]+/[a-z0-9._-]+(?:/.*)?")
_LOWER_PATH = re.compile(r"(?:[a-z0-9_.-]+/){2,}[a-z0-9_.-]*")
_FILE_NAME = re.compile(
    r"(?i).*\.(?:csv|tsv|json|jsonl|txt|parquet|feather|arrow|pkl|pickle|png|jpe?g|gif|svg|pdf|py"
    r"|ipynb|ya?ml|toml|xml|html?|md|zip|gz|tgz|tar|bz2|xz|h5|hdf5|pt|pth|bin|onnx|safetensors"
    r"|ckpt|npy|npz|log|db|sqlite|xlsx?|docx?|mp[34]|wav)")
#: Leetspeak spellings of these words (``P@ssw0rd``) are placeholders too. Kept short: the
#: more words, the likelier a random key spells one by chance.
_LEET = str.maketrans("@4$5013!7", "aassoleit")
LEET_WORDS = ("password", "passwd", "secret", "admin", "letmein", "welcome")


def shannon_entropy(s: str) -> float:
    """Shannon entropy of ``s`` in bits per character (0 for an empty string)."""
    if not s:
        return 0.0
    total = len(s)
    return -sum(n / total * math.log2(n / total) for n in Counter(s).values())


def _normalized(value: str) -> str:
    return value.strip().strip("\"'`").lower().translate(_LEET)


def _letters_only(value: str) -> str:
    """``Pass@Word1`` -> ``password``: what is left when digits and punctuation are dropped."""
    return "".join(c for c in value.lower() if c.isalpha())


def is_stopword_value(value: str) -> bool:
    """A word that names a credential (``password``, ``None``, ``changeme``) instead of one."""
    lowered = value.strip().strip("\"'`").lower()
    return lowered in STOP_VALUES or lowered.translate(_LEET) in STOP_VALUES


def is_placeholder(value: str) -> bool:
    """Templates, masks, examples and obviously made-up values."""
    lowered, normalized = value.lower(), _normalized(value)
    if any(word in lowered for word in PLACEHOLDER_WORDS):
        return True
    if any(word in normalized or word in _letters_only(value) for word in LEET_WORDS):
        return True
    if _TEMPLATE.search(value) or _VARIABLE.fullmatch(value) or _REGEX_SYNTAX.search(value):
        return True
    if _REPEATED_RUN.search(value):
        return True
    return len(set(value)) <= 2


def is_reference(value: str) -> bool:
    """A pointer to a secret (a store reference, a path, a URL), a call or a variable name."""
    lowered = value.lower()
    if lowered.startswith(REFERENCE_PREFIXES) or _LOWER_PATH.fullmatch(value):
        return True
    if _FILE_NAME.fullmatch(value) or _PATH_WITH_FILE.fullmatch(value):
        return True
    if _FILE_PATH.fullmatch(value) and (value == lowered or any(c in value[1:] for c in "._-")):
        return True
    if _WINDOWS_PATH.fullmatch(value) or _LABEL.fullmatch(value):
        return True
    if _SCOPED_PACKAGE.fullmatch(value):
        return True
    if _CODE_CALL.match(value) or "environ" in lowered or "getenv" in lowered:
        return True
    return is_identifier_like(value)


def is_identifier_like(value: str) -> bool:
    """``settings.API_KEY``, ``token_value``, ``OPENAI_API_KEY``, ``self.password``: names.

    A single plain word is not counted (``sunshine`` is a weak password, not a name), but
    snake_case, ALL_CAPS with underscores and dotted names are.
    """
    segments = value.removesuffix("()").split(".")
    if len(segments) > 1:
        # attribute access: ``self.G2_node_order.__getitem__``, ``EngineDefaults.Marker``:
        # half the parts at least read as names (a random ``t.FbADI5hXz_4XtM`` has none
        # longer than two letters)
        named = sum(1 for s in segments if len(s) > 2 and _NAME_SEGMENT.fullmatch(s))
        return all(_IDENTIFIER.fullmatch(s) for s in segments) and 2 * named >= len(segments)
    if not _NAME_SEGMENT.fullmatch(value):
        return False
    return "_" in value or (value.isalpha() and any(c.isupper() for c in value[1:]))


def is_hash_or_id(value: str) -> bool:
    """Hashes stored with their algorithm, short hex ids, UUIDs, e-mail addresses, numbers."""
    lowered = value.lower()
    if lowered.startswith(HASH_PREFIXES) or _SHORT_HEX.fullmatch(value):
        return True
    if _UUID.fullmatch(value) or _EMAIL.fullmatch(value):
        return True
    return value.replace(".", "").replace("-", "").replace("_", "").isdigit()


#: Documented prefixes of token formats whose length and alphabet are fixed. A value that
#: carries one but did not match its provider's rule is a near miss (cut short, too long, an
#: example): had it been well formed, the provider's rule would have reported it.
PROVIDER_PREFIXES = (
    "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xoxb-", "xoxp-", "xoxa-",
    "xoxr-", "xoxe-", "xapp-", "sk_live_", "sk_test_", "rk_live_", "rk_test_", "pk_live_",
    "pk_test_", "AKIA", "ASIA", "AIza", "hf_", "npm_", "pypi-", "SG.", "dop_v1_", "shpat_",
    "shpss_", "AGE-SECRET-KEY-",
)


def has_provider_prefix(value: str) -> bool:
    """A value starting with a fixed-format provider prefix (see ``PROVIDER_PREFIXES``)."""
    return value.startswith(PROVIDER_PREFIXES)


def mixes_character_classes(value: str) -> bool:
    """Generated keys mix digits with letters, or upper with lower case; names and words
    (``vscode-html-languageserver-bin``) do not. Not for passwords, which may be words."""
    digits = any(c.isdigit() for c in value)
    letters = any(c.isalpha() for c in value)
    mixed_case = any(c.isupper() for c in value) and any(c.islower() for c in value)
    return (digits and letters) or mixed_case


_BASE64_TEXT = re.compile(r"(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")


def is_encoded_placeholder(value: str) -> bool:
    """Base64 of a placeholder (a Kubernetes Secret's ``PHBhc3N3b3JkPg==``, "<password>").
    A real key's base64 decodes to binary or to a value that passes the filters."""
    if len(value) < 12 or not _BASE64_TEXT.fullmatch(value):
        return False
    try:
        decoded = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return False
    if not decoded.isprintable():
        return False
    return not _passes(decoded.strip())


def _passes(value: str) -> bool:
    if len(value) < MIN_GENERIC_LENGTH:
        return False
    return not (is_stopword_value(value) or is_placeholder(value)
                or is_reference(value) or is_hash_or_id(value))


def passes_generic_filters(secret: str) -> bool:
    """True when a value found by a generic rule still looks like a real credential."""
    value = secret.strip()
    return _passes(value) and not is_encoded_placeholder(value)
