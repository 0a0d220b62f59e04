"""Generic rules: credentials recognised by the name they are given, not by their format.

They cover assignments in Python, JSON, YAML, TOML, ini, .env and shell, HTTP headers,
command-line flags and IPython's ``%env``. The name must END with a credential word
(``openai_api_key``, ``DB_PASSWORD``), so ``password_hash`` or ``token_type`` never count. All
are ``generic``: the engine runs the placeholder, reference and hash filters on each value.
"""
from __future__ import annotations

from ..filters import mixes_character_classes
from ..rule import Rule
from .near_miss import not_provider_near_miss
from .patterns import alternation
from .validators import is_basic_credentials

FAMILY = "generic"

API_KEY_WORDS = ("api_key", "api-key", "apikey", "api.key", "access_key", "access-key",
                 "accesskey", "app_key", "app-key", "appkey", "subscription_key",
                 "subscription-key", "auth_key", "auth-key", "authkey")
TOKEN_WORDS = ("token",)
#: camelCase qualifiers that make a token a credential (``accessToken``). Without one, only
#: ``token``, ``*_token``, ``*-token`` and ``*.token`` count: AWS and Google pagination and
#: idempotency tokens (``NextToken``, ``ClientToken``, ``pageToken``) are camelCase.
TOKEN_QUALIFIERS = ("access", "auth", "refresh", "bearer", "api", "id", "session", "bot",
                    "oauth", "personal", "private", "secret", "security", "github", "gitlab",
                    "hf", "slack", "discord", "telegram", "npm", "pypi", "vault", "deploy",
                    "registry", "admin", "user", "app", "jwt")
TOKEN_NAME = r"(?i:(?:\b|[_.\-])token|(?:" + "|".join(TOKEN_QUALIFIERS) + ")token)"
PASSWORD_WORDS = ("password", "passwd", "passphrase", "pwd", "_pass", "-pass")
SECRET_WORDS = ("secret", "secret_key", "secretkey", "secret-key", "private_key", "privatekey",
                "private-key", "signing_key", "encryption_key", "credential", "credentials")
KEY_WORDS = ("key",)
NON_TOKEN_WORDS = API_KEY_WORDS + PASSWORD_WORDS + SECRET_WORDS + KEY_WORDS
ALL_WORDS = NON_TOKEN_WORDS + TOKEN_WORDS
#: Any credential name, its last word deciding: what the unquoted and URL rules look for.
ANY_NAME = f"(?:{alternation(NON_TOKEN_WORDS)}|{TOKEN_NAME})"

_RANDOM = (mixes_character_classes, not_provider_near_miss)
#: A credential word somewhere inside an environment variable's name.
_ENV_NAME = r"[A-Za-z0-9_]{0,40}(?i:key|token|secret|pass|pwd|credential|auth)[A-Za-z0-9_]{0,20}"

#: ``name: str = `` (a Python annotation) or nothing, then the assignment operator.
_ASSIGN = (r"""["'\]]{0,2}(?:\s*:\s*[A-Za-z_][\w\[\]., |]{0,40}?)?\s*"""
           r"""(?:=>|:=|\?=|=|:|<-)\s*""")
#: A quote may be escaped when the code sits inside a JSON string (a raw .ipynb, a config).
_OPEN_QUOTE = r"""[bruf]{0,2}\\?["'`]"""
#: Characters of a free-form unquoted value: no quotes, blanks, comments, code or templates.
_BARE_VALUE = r"""[^\s"'`#;$<>{}\[\]()\\,|&]"""
_TOKEN68 = r"[A-Za-z0-9\-._~+/]"
#: Where a config line starts and ends: a real line, or one held in a string (a JSON value
#: in metadata, a repr in an output) that opens with a quote or an escaped line break.
_LINE_START = r"""(?m)(?:^|["']|\\n)[ \t]*"""
_LINE_END = r"""[ \t]*(?:#[^\n]*)?(?:\r?$|\\[nr]|["'])"""



def _rule(rule_id: str, description: str, pattern: str, keywords, min_entropy: float,
          validators=_RANDOM) -> Rule:
    return Rule(id=rule_id, description=description, pattern=pattern, family=FAMILY,
                keywords=tuple(keywords), generic=True, min_entropy=min_entropy,
                validators=tuple(validators))


def _quoted(rule_id: str, description: str, words, min_length: int, min_entropy: float,
            name: str = "", validators=_RANDOM) -> Rule:
    pattern = (f"{name or alternation(words)}{_ASSIGN}{_OPEN_QUOTE}"
               rf"""(?P<secret>[^"'`\s\\]{{{min_length},200}})\\?["'`]""")
    return _rule(rule_id, description, pattern, words, min_entropy, validators)


RULES = (
    _quoted("generic-api-key-assignment", "API key assigned to a named variable or field",
            API_KEY_WORDS, 12, 3.3),
    _quoted("generic-token-assignment", "Token assigned to a named variable or field",
            TOKEN_WORDS, 12, 3.3, name=TOKEN_NAME),
    _quoted("generic-password-assignment", "Password assigned to a named variable or field",
            PASSWORD_WORDS, 8, 2.5, validators=()),
    _quoted("generic-secret-assignment", "Secret assigned to a named variable or field",
            SECRET_WORDS, 8, 3.0),
    _quoted("generic-key-assignment", "High-entropy value assigned to a *key variable or field",
            KEY_WORDS, 24, 4.0),
    _rule("generic-env-assignment",
          "Unquoted credential in .env, shell, YAML or ini (NAME=value, export NAME=value)",
          (rf"{_LINE_START}(?:export[ \t]+|set[ \t]+|setenv[ \t]+|declare[ \t]+-x[ \t]+)?"
           rf"[A-Za-z0-9_.\-]{{0,60}}?{ANY_NAME}[ \t]*(?::=|=|:)[ \t]*"
           rf"(?P<secret>{_BARE_VALUE}{{8,200}}){_LINE_END}"),
          ALL_WORDS, 3.3),
    # Passwords may be words with digits ("Tiger2024x"), below the entropy of a generated key.
    _rule("generic-env-password",
          "Unquoted password in .env, shell, YAML or ini (DB_PASSWORD=value, password: value)",
          (rf"{_LINE_START}(?:export[ \t]+|set[ \t]+|setenv[ \t]+|declare[ \t]+-x[ \t]+)?-?[ \t]*"
           rf"[A-Za-z0-9_.\-]{{0,60}}?{alternation(PASSWORD_WORDS)}[\"']?[ \t]*(?::=|=|:)[ \t]*"
           rf"(?P<secret>{_BARE_VALUE}{{8,200}}){_LINE_END}"),
          PASSWORD_WORDS, 2.5, validators=(not_provider_near_miss,)),
    _rule("generic-bearer-token", "Bearer token (Authorization: Bearer ...)",
          (rf"(?i)\bbearer[ \t]+(?P<secret>{_TOKEN68}{{16}}{_TOKEN68}*=*)"
           r"(?:[^A-Za-z0-9\-._~+/=]|$)"),
          ("bearer",), 3.5),
    _rule("generic-basic-auth-header", "Basic credentials in an Authorization header",
          (r"""(?i)authorization["']?\s*[:=]\s*(?:[bruf]?["'])?basic[ \t]+"""
           r"(?P<secret>[A-Za-z0-9+/]{8}[A-Za-z0-9+/]*={0,2})(?:[^A-Za-z0-9+/=]|$)"),
          ("authorization",), 3.0, validators=(is_basic_credentials,)),
    _rule("generic-authorization-header",
          "Credential in an Authorization header with a Token, ApiKey, Key or Bot scheme",
          (r"""(?i)authorization["']?\s*[:=]\s*(?:[bruf]?["'])?"""
           r"(?:token|apikey|api-key|key|sso-key|ssws|bot|dsn)[ \t]+"
           r"(?P<secret>[A-Za-z0-9\-._~+/:=]{16}[A-Za-z0-9\-._~+/:=]*)"),
          ("authorization",), 3.5),
    _rule("generic-header-credential", "Credential in an API key header (X-API-Key: ...)",
          (r"""(?i)(?:api-key|apikey|-token|subscription-key|functions-key)["']?[ \t]*:[ \t]*"""
           r"""["']?(?P<secret>[A-Za-z0-9._~+/=\-]{16}[A-Za-z0-9._~+/=\-]*)(?:["'\s,}]|$)"""),
          ("api-key", "apikey", "-token", "subscription-key", "functions-key"), 3.5),
    _rule("generic-basic-auth-call", "Password passed to a basic-auth helper, an auth= tuple or a .login(user, password) call",
          (r"""(?i)(?:basicauth\(|\bauth\s*=\s*\(|\.login\()\s*["'][^"'\n]{1,64}["']\s*,\s*"""
           r"""["'](?P<secret>[^"'\s]{6,128})["']\s*\)"""),
          ("auth", ".login("), 2.5, validators=()),
    _rule("generic-cli-credential-flag",
          "Credential passed as a command-line flag (--password=...)",
          (r"(?i)\B--?(?:[a-z0-9_-]{0,30}?"
           + alternation(("password", "passwd", "pwd", "passphrase", "secret", "api-key",
                          "api_key", "apikey", "access-key", "secret-key", "private-key",
                          "auth-key"))
           + "|(?:" + "|".join(TOKEN_QUALIFIERS) + ")?[_-]?token)"
           + r"""(?:=|[ \t]+)["']?(?P<secret>[^\s"'`$<>{}()]{6,200})(?:["'\s]|$)"""),
          ("password", "passwd", "pwd", "passphrase", "token", "secret", "api-key", "api_key",
           "apikey", "access-key", "secret-key", "private-key", "auth-key"), 3.0),
    _rule("generic-cli-user-password",
          "user:password passed to -u / --user (curl), -a / --auth (httpie) and others",
          (r"""\B-(?:u|a|-user|-auth)(?:=|[ \t]+)["']?[^\s:"'@]{1,64}:"""
           r"""(?P<secret>[^\s"'@]{6,128})["']?(?:\s|$)"""),
          ("-u", "-a"), 2.5, validators=()),
    _rule("generic-environ-assignment", "Credential written into os.environ from a literal",
          (r"""(?i)(?:environ\s*\[\s*|environ\.setdefault\(\s*|putenv\(\s*)["']"""
           + _ENV_NAME + r"""["']\s*(?:\]\s*=|,)\s*(?:[bruf]?["'])"""
           + r"""(?P<secret>[^"'`\s]{6,300})["']"""),
          ("environ", "putenv"), 3.0),
    _rule("generic-env-magic", "Credential set with IPython's %env / %set_env",
          (r"(?im)^[ \t]*%(?:set_)?env[ \t]+" + _ENV_NAME
           + r"""(?:[ \t]*=[ \t]*|[ \t]+)["']?(?P<secret>[^\s"'`]{6,300})"""),
          ("%env", "%set_env"), 3.0),
    _rule("generic-url-credential-param", "Credential in a URL query parameter (?api_key=...)",
          (rf"[?&][A-Za-z0-9_.\-]{{0,30}}?(?:(?i:key|secret|password|passwd|pwd)|{TOKEN_NAME})="
           r"(?P<secret>[A-Za-z0-9%._~+/\-]{16}[A-Za-z0-9%._~+/\-]*=*)"
           r"(?:[^A-Za-z0-9%._~+/\-=]|$)"),
          ("key=", "token=", "secret=", "password=", "passwd=", "pwd="), 3.5),
    _rule("generic-connection-string-password", "Password in an ODBC / ADO.NET connection string",
          (r"""(?im);[ \t]*(?:password|pwd)[ \t]*=[ \t]*(?P<secret>[^;"'\s]{6,128})"""
           r"""[ \t]*(?:;|["']|$)"""),
          ("password", "pwd"), 2.5, validators=()),
)
