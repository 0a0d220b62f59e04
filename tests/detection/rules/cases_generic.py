"""Examples for the generic rules: real-looking values must fire, placeholders must not."""

from __future__ import annotations

import base64

from .cases import Case
from .fakes import Fakes

F = Fakes("generic")


def _case(rule_id: str, templates, negatives, value=F.password) -> Case:
    positives = []
    for template in templates:
        v = value()
        positives.append((template.format(v=v), v))
    return Case(rule_id, positives, list(negatives))


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


PLACEHOLDERS = [
    "<your-api-key>",
    "sk-...",
    "${API_KEY}",
    "{{ api_key }}",
    "%(api_key)s",
    "",
    "YOUR_API_KEY_HERE",
    "OPENAI_API_KEY",
    "xxxxxxxxxxxxxxxxxxxx",
    "REDACTED",
    "op://vault/openai/credential",
    "********************",
    "dummy-key-123456789",
    "example_key_0123456789",
    "REDACTED_GENERIC_API_KEY_ASSIGNMENT",
]

CASES = [
    _case(
        "generic-api-key-assignment",
        [
            'api_key = "{v}"',
            '{{"apiKey": "{v}"}}',
            'API_KEY: "{v}"',
            'api_key: str = "{v}"',
            'headers = {{"X-API-Key": "{v}"}}',
            "api_key = '{v}'",
            'api_key <- "{v}"',
            'client = Client(api_key="{v}")',
            '"source": ["api_key = \\"{v}\\"\\n"]',
        ],
        [
            'api_key = os.environ["OPENAI_API_KEY"]',
            "api_key = None",
            "api_key = getpass()",
            f'api_key_id = "{F.password(20)}"',
            'api_key = f"{prefix}-{suffix}"',
            'api_key = "AIza' + F.alnum(20) + '"',
            'stripe_api_key = "sk_live_' + F.alnum(8) + '"',
        ]
        + [f'api_key = "{p}"' for p in PLACEHOLDERS],
    ),
    _case(
        "generic-token-assignment",
        [
            'access_token = "{v}"',
            '{{"refresh_token": "{v}"}}',
            "HF_TOKEN = '{v}'",
            'githubToken: "{v}"',
        ],
        [
            f'token_type = "{F.password(20)}"',
            'pad_token = "<|endoftext|>"',
            'eos_token = "</s>"',
            "token = tokenizer.eos_token",
            'token = "${GITHUB_TOKEN}"',
            'max_new_tokens = "4096"',
            'token = "hf_..."',
            # a provider's prefix on the wrong length is that provider's near miss, not a token
            'github_token = "ghp_' + F.alnum(30) + '"',
            'slack_token = "xoxb-' + F.digits(11) + "-" + F.alnum(20) + '"',
            'HF_TOKEN = "hf_' + F.alnum(20) + '"',
        ],
    ),
    _case(
        "generic-password-assignment",
        [
            'password = "{v}"',
            'db_pass = "{v}"',
            '{{"PGPASSWORD": "{v}"}}',
            'conn = psycopg2.connect(user="me", password="{v}")',
            'passphrase: "{v}"',
        ],
        [
            "password = getpass()",
            'password = "password"',
            'password = "changeme"',
            'password = "********"',
            'password_hash = "$2b$12$' + F.b64(53) + '"',
            'password = "$2b$12$' + F.b64(53) + '"',
            'password = "<password>"',
            'password = "hunter"',
            'password = input("Password: ")',
            'password = "P@ssw0rd"',
            'password = "test1234"',
            'password = "aaaaaaaaaa"',
            'password = "REDACTED_GENERIC_PASSWORD_ASSIGNMENT"',
        ],
    ),
    _case(
        "generic-secret-assignment",
        [
            'client_secret = "{v}"',
            'SECRET_KEY = "{v}"',
            '{{"app_secret": "{v}"}}',
            "JWT_SECRET = '{v}'",
        ],
        [
            'secret_name = "prod/db"',
            'secret = "projects/p/secrets/s/versions/latest"',
            'client_secret = "your-client-secret"',
            'secret = "my-app-secret"',
            'secret = "' + F.uuid() + '"',
            "client_secret = creds['client_secret']",
        ],
    ),
    _case(
        "generic-key-assignment",
        ['fernet_key = b"{v}"', 'key = "{v}"', 'ENCRYPTION_KEY = "{v}"'],
        [
            'key = "models/2024/checkpoint-0001.pt"',
            'sort_key = "created_at"',
            'key = "Data/Exports/2024-01-05/Quarterly-Report.csv"',
            'key = "' + F.hex(8) + '"',
            'monkey = "bananas"',
            'cache_key = f"user:{uid}:profile"',
            'key = "abcdefghijklmnopqrstuvwxyz0123"',
            "key = '" + F.uuid() + "'",
        ],
        value=lambda: F.b64url(43) + "=",
    ),
    _case(
        "generic-env-assignment",
        [
            "MY_SERVICE_TOKEN={v}",
            "export DB_PASSWORD={v}",
            "  password: {v}",
            "secret = {v}",
            "set API_KEY={v}\r",
            "AUTH_KEY={v}  # rotate monthly",
        ],
        [
            "DB_PASSWORD=${DB_PASSWORD}",
            "password: !vault |",
            "API_KEY=changeme",
            "token = tokenizer_output",
            'api_key = os.environ["X"]',
            "password = getpass()",
            "SECRET_KEY=",
            "key: value_name",
            "token = response.json",
            "API_KEY = settings.API_KEY",
            "password = 1234567890123",
            "api_key = cfg.openai_key",
            "primary_key: customer_id",
        ],
        value=F.url_password,
    ),
    _case(  # a config line held in a string: JSON metadata, a repr in an output
        "generic-env-assignment",
        [
            '{{"config": "SERVICE_TOKEN={v}"}}',
            "'  api_key: {v}'",
            '"setup": "x\\nMY_API_KEY={v}\\n"',
        ],
        ['{"config": "SERVICE_TOKEN=${TOKEN}"}', "'  api_key: <your-key>'"],
        value=lambda: F.b64url(32),
    ),
    _case(
        "generic-env-password",
        [
            "  db_password: {v}",
            "password={v}",
            "export PGPASSWORD={v}",
            "  - smtp_pass: {v}",
        ],
        [
            "password: !vault |",
            "DB_PASSWORD=${DB_PASSWORD}",
            "password = getpass()",
            "password: changeme",
            "password_file: /run/secrets/db",
            "password: Required",
            "password: ********",
            "password=",
            "db_password: settings.DB_PASSWORD",
            'print("password: " + password)',
            '"password=%s" % pw',
        ],
        value=lambda: "Tiger" + F.digits(4) + F.chars("xyzq", 1),
    ),
    _case(
        "generic-bearer-token",
        [
            "Authorization: Bearer {v}",
            'headers={{"Authorization": "Bearer {v}"}}',
            "curl -H 'authorization: bearer {v}' https://api.example.org",
        ],
        [
            'headers = {"Authorization": f"Bearer {token}"}',
            '"Bearer " + token',
            "Bearer <token>",
            "Bearer YOUR_TOKEN_HERE",
            "the bearer authentication scheme is described in RFC 6750",
            "Authorization: Bearer $TOKEN",
            "Authorization: Bearer ...",
        ],
        value=lambda: F.b64url(40),
    ),
    _case(
        "generic-basic-auth-header",
        ["Authorization: Basic {v}", 'headers = {{"Authorization": "Basic {v}"}}'],
        [
            f"Authorization: Basic {_b64('user:password')}",
            f"Authorization: Basic {_b64('nocolonhere')}",
            'headers = {"Authorization": f"Basic {creds}"}',
            f"Basic {_b64('me:' + F.password())}",
        ],
        value=lambda: _b64(f"svc:{F.password(16)}"),
    ),
    _case(
        "generic-authorization-header",
        ["Authorization: token {v}", '"Authorization": "Bot {v}"', "authorization: ApiKey {v}"],
        [
            "Authorization: token {{token}}",
            "Authorization: token <token>",
            "Authorization: token xxxxxxxxxxxxxxxxxxxxxxxx",
        ],
        value=lambda: F.b64url(40),
    ),
    _case(
        "generic-header-credential",
        [
            'curl -H "X-API-Key: {v}" https://api.example.org',
            "x-auth-token: {v}",
            "Ocp-Apim-Subscription-Key: {v}",
        ],
        [
            '{"x-api-key": settings.ANTHROPIC_API_KEY }',
            'curl -H "X-API-Key: $API_KEY"',
            "x-api-key: <your-key-goes-here>",
            "X-Api-Key: REDACTED",
        ],
        value=lambda: F.b64url(32),
    ),
    _case(
        "generic-basic-auth-call",
        [
            'requests.get(url, auth=HTTPBasicAuth("me", "{v}"))',
            'r = s.get(url, auth=("me", "{v}"))',
            'aiohttp.BasicAuth("svc", "{v}")',
            'server.login("mailer@example.org", "{v}")',
        ],
        [
            'auth=("me", password)',
            'HTTPBasicAuth("me", "password")',
            'auth=("me", "<password>")',
            'server.login(user, os.environ["SMTP_PASSWORD"])',
            'server.login("me@example.org", "your-app-password")',
        ],
    ),
    _case(
        "generic-cli-credential-flag",
        [
            "!mysql --password={v} -h db",
            "!tool login --token {v}",
            "--api-key '{v}'",
            'cli --client-secret="{v}" --verbose',
        ],
        [
            "--password $DB_PASS",
            "--password-stdin < file",
            "--token=$(cat tok)",
            "--password <password>",
            "--token=${{ secrets.TOKEN }}",
            "--password changeme",
        ],
        value=F.url_password,
    ),
    _case(
        "generic-cli-user-password",
        [
            "!curl -u admin:{v} https://x.example.org",
            'curl --user "me:{v}" https://x',
            "!http -a admin:{v} https://api.example.org/v1/items",
            "https --auth=me:{v} POST api.example.org/login",
        ],
        [
            "curl -u admin:changeme https://x",
            "curl -u $USER:$PASS https://x",
            "curl -u me https://x",
            "http -a $USER:$PASSWORD https://x",
            "ls -a /tmp",
        ],
        value=F.url_password,
    ),
    _case(
        "generic-environ-assignment",
        [
            'os.environ["OPENAI_API_KEY"] = "{v}"',
            "os.environ.setdefault('HF_TOKEN', '{v}')",
            'os.putenv("DB_PASSWORD", "{v}")',
        ],
        [
            'os.environ["CUDA_VISIBLE_DEVICES"] = "0,1,2,3,4,5"',
            'os.environ["TOKENIZERS_PARALLELISM"] = "false"',
            'os.environ["API_KEY"] = getpass()',
            'os.environ["API_KEY"] = "<your-key>"',
            'os.environ["OPENAI_API_KEY"] = "sk-..."',
        ],
    ),
    _case(
        "generic-env-magic",
        ["%env MY_API_KEY={v}", "%set_env SERVICE_TOKEN {v}", "%env DB_PASSWORD = {v}"],
        [
            "%env CUDA_VISIBLE_DEVICES=0",
            "%env API_KEY=$KEY",
            "%env MY_TOKEN=<token>",
            "%env TOKENIZERS_PARALLELISM=false",
        ],
        value=F.url_password,
    ),
    _case(
        "generic-url-credential-param",
        [
            "https://api.example.org/v1/data?api_key={v}&format=json",
            "GET /feed?access_token={v}",
            "wss://stream.example.org/?token={v}",
        ],
        [
            "https://api.example.org/v1/data?api_key={API_KEY}",
            "?token=xxxxxxxxxxxxxxxxxxxx",
            "https://example.org/?page=2&sort=name",
            "?key=YOUR_KEY_HERE",
            "https://api.example.org/?api_key=%(key)s",
        ],
        value=lambda: F.b64url(32),
    ),
    _case(
        "generic-connection-string-password",
        [
            "Server=tcp:x.database.windows.net;Database=db;User ID=me;Password={v};Encrypt=true;",
            "Driver={{ODBC Driver 18}};Server=h;UID=me;PWD={v}",
        ],
        [
            "Server=h;Database=db;User ID=me;Password={password};",
            "Server=h;Password=changeme;",
            "Server=h;Password=;",
        ],
        value=F.url_password,
    ),
]
