"""Examples for private keys, JWTs, credentials in URLs and in configuration files."""

from __future__ import annotations

import base64
import json
import warnings

from cryptography.hazmat.primitives import serialization as ser
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, rsa
from cryptography.utils import CryptographyDeprecationWarning

from .cases import Case, context_case, token_case
from .fakes import Fakes

F = Fakes("keys")
H = F.hex


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _pem(key, fmt, encryption=None) -> str:
    return key.private_bytes(ser.Encoding.PEM, fmt, encryption or ser.NoEncryption()).decode()


def _dsa_pem(fmt) -> str:
    """A DSA key in PEM: deprecated by cryptography 51 (and the tests make its warning an
    error), still found in old deployments, so still a key the detector must know."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        return _pem(dsa.generate_private_key(key_size=1024), fmt)


def _key_cases():
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ec_key = ec.generate_private_key(ec.SECP256R1())
    pkcs8, legacy = ser.PrivateFormat.PKCS8, ser.PrivateFormat.TraditionalOpenSSL
    return {
        "private-key-pem": _pem(rsa_key, pkcs8),
        "rsa-private-key": _pem(rsa_key, legacy),
        "ec-private-key": _pem(ec_key, legacy),
        "dsa-private-key": _dsa_pem(legacy),
        "encrypted-private-key": _pem(ec_key, pkcs8, ser.BestAvailableEncryption(b"pw-for-tests")),
        "openssh-private-key": _pem(
            ed25519.Ed25519PrivateKey.generate(), ser.PrivateFormat.OpenSSH
        ),
    }


def _armored(
    label: str,
    lines: int = 12,
    begin: str = "-----BEGIN ",
    end: str = "-----",
    headers: str = "",
    magic: bytes = b"",
) -> str:
    """An armoured block whose body decodes to ``magic`` and random bytes."""
    raw = magic + F.rng.randbytes(48 * lines - len(magic))
    encoded = base64.b64encode(raw).decode()
    body = "\n".join(encoded[i : i + 64] for i in range(0, len(encoded), 64))
    close = begin.replace("BEGIN", "END")
    return f"{begin}{label}{end}\n{headers}{body}\n={F.b64(4)}\n{close}{label}{end}"


def _pem_case(rule_id: str, pem: str) -> Case:
    header = pem.splitlines()[0]
    footer = pem.strip().splitlines()[-1]
    escaped = pem.strip().replace("\n", "\\n")
    positives = [
        (pem, pem.strip()),
        (json.dumps({"key": pem.strip()}), escaped),
        (f'KEY = "{escaped}"\nprint(1)\n', escaped),
    ]
    label = header.strip("- ").removeprefix("BEGIN ")
    made_up = "\n".join("A" + F.b64(63) for _ in range(12))
    negatives = [
        f"{header}\n...\n{footer}",
        f"{header}\n{made_up}\n{footer}",
        pem.replace(footer, footer.replace(label, "PUBLIC KEY")),
        f"{header}\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC...\n{footer}",
        pem.replace(footer, ""),
        pem.replace("BEGIN", "BEGlN"),
    ]
    return Case(rule_id, positives, negatives)


def _putty() -> Case:
    key = (
        "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: eddsa-key-20240101\n"
        f"Public-Lines: 2\n{F.b64(64)}\n{F.b64(20)}\nPrivate-Lines: 1\n{F.b64(44)}\n"
        f"Private-MAC: {H(64)}"
    )
    return Case(
        "putty-private-key",
        [(key + "\n", key), (json.dumps({"ppk": key}), key.replace("\n", "\\n"))],
        [key.replace("Private-MAC: ", "Private-MAC: zz"), "PuTTY-User-Key-File-3: ssh-rsa\n..."],
    )


def _jwt() -> Case:
    def part(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

    header, claims = (
        part({"alg": "HS256", "typ": "JWT"}),
        part({"sub": F.uuid(), "iat": 1700000000}),
    )
    token = f"{header}.{claims}.{F.b64url(43)}"
    no_alg = f"{part({'typ': 'JWT'})}.{part({'sub': '1'})}.{F.b64url(43)}"
    return Case(
        "jwt",
        [(f'token = "{token}"', token), (f"Authorization: Bearer {token}.", token)],
        [
            no_alg,
            f"{token.rsplit('.', 1)[0]}.",
            f"eyJ{F.b64url(30)}.eyJ{F.b64url(30)}.{F.b64url(43)}",
        ],
    )


def _jwk() -> Case:
    def b64url(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    numbers = ec.generate_private_key(ec.SECP256R1()).private_numbers()
    public = {
        "kty": "EC",
        "crv": "P-256",
        "x": b64url(numbers.public_numbers.x.to_bytes(32, "big")),
        "y": b64url(numbers.public_numbers.y.to_bytes(32, "big")),
    }
    private = json.dumps({**public, "d": b64url(numbers.private_value.to_bytes(32, "big"))})
    symmetric = json.dumps({"kty": "oct", "alg": "HS256", "k": b64url(F.rng.randbytes(32))})
    escaped = json.dumps(private)[1:-1]
    return Case(
        "jwk-private-key",
        [
            (f"jwk = {private}\n", private),
            (f'{{"keys": [{symmetric}]}}', symmetric),
            (f'"source": ["key = \\"{escaped}\\"\n"]', escaped),
        ],
        [
            json.dumps(public),
            json.dumps({**public, "d": "<private-part>"}),
            json.dumps({"kty": "oct", "k": "c2hvcnQ"}),
            '{"kty": "RSA", "n": "...", "e": "AQAB"}',
        ],
    )


def _minisign() -> Case:
    raw = b"EdScB2" + F.rng.randbytes(152)
    key = base64.b64encode(raw).decode()
    text = f"untrusted comment: minisign encrypted secret key\n{key}\n"
    public = base64.b64encode(b"Ed" + F.rng.randbytes(40)).decode()
    return Case(
        "minisign-secret-key",
        [(text, key)],
        [
            f"untrusted comment: minisign public key 0123ABCD\n{public}\n",
            f"untrusted comment: minisign encrypted secret key\n{key[:120]}\n",
        ],
    )


def _other_label_case() -> Case:
    der = ed25519.Ed25519PrivateKey.generate().private_bytes(
        ser.Encoding.DER, ser.PrivateFormat.PKCS8, ser.NoEncryption()
    )
    body = base64.b64encode(der + der).decode()
    block = f"-----BEGIN ANY PRIVATE KEY-----\n{body}\n-----END ANY PRIVATE KEY-----"
    made_up = "A" + F.b64(95)
    return Case(
        "private-key-block",
        [(block + "\n", block), (json.dumps({"pem": block}), block.replace("\n", "\\n"))],
        [
            block.replace("END ANY", "END OTHER"),
            f"-----BEGIN ANY PRIVATE KEY-----\n{made_up}\n-----END ANY PRIVATE KEY-----",
            f"-----BEGIN ANY PRIVATE KEY-----\n{body[:-3]}\n-----END ANY PRIVATE KEY-----",
            "-----BEGIN ANY PRIVATE KEY-----\n...\n-----END ANY PRIVATE KEY-----",
        ],
    )


def _url_case(rule_id: str, urls, negatives) -> Case:
    positives = []
    for template in urls:
        password = F.url_password(16)
        positives.append((f'URL = "{template.format(password)}"', password))
    return Case(rule_id, positives, [f'URL = "{n}"' for n in negatives])


KEYS = _key_cases()

CASES = [
    *(_pem_case(rule_id, pem) for rule_id, pem in KEYS.items()),
    _pem_case(
        "pgp-private-key-block",
        _armored(
            "PGP PRIVATE KEY BLOCK",
            headers="Comment: Someone <someone@example.org>\n\n",
            magic=b"\x95\x03\xc6\x04",
        ),
    ),
    _pem_case(
        "ssh2-private-key",
        _armored(
            "SSH2 ENCRYPTED PRIVATE KEY", begin="---- BEGIN ", end=" ----", magic=b"\x3f\x6f\xf9\xeb"
        ),
    ),
    _pem_case(
        "openvpn-static-key",
        "-----BEGIN OpenVPN Static key V1-----\n"
        + "\n".join(H(32) for _ in range(16))
        + "\n-----END OpenVPN Static key V1-----\n",
    ),
    _putty(),
    _jwk(),
    _minisign(),
    _other_label_case(),
    token_case(
        "age-secret-key",
        "AGE-SECRET-KEY-1" + F.chars("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58),
        negatives=[
            "AGE-SECRET-KEY-1" + F.chars("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 57),
            "AGE-SECRET-KEY-1" + "B" * 58,
        ],
    ),
    context_case(
        "wireguard-private-key",
        "PrivateKey",
        F.b64(42) + "A=",
        template="{} = {}",
        negatives=[F.b64(42) + "B=", F.b64(40) + "A="],
    ),
    _jwt(),
    _url_case(
        "database-url-password",
        [
            "postgresql://analyst:{}@db.internal:5432/warehouse",
            "postgresql+psycopg2://app:{}@10.0.0.5/app",
            "mongodb+srv://svc:{}@cluster0.x.mongodb.net/db",
            "rediss://:{}@cache.internal:6380/0",
            "mysql://root:{}@localhost/db",
            "amqps://worker:{}@mq.internal/vhost",
            "snowflake://me:{}@acct/db/schema",
        ],
        [
            "postgresql://user:password@localhost/db",
            "postgres://postgres:postgres@localhost:5432/x",
            "mongodb://admin:<password>@host/db",
            "postgresql://u:{password}@host/db",
            "postgresql://u:${DB_PASSWORD}@host/db",
            "postgresql://localhost:5432/db",
            "redis://:changeme@localhost",
            "amqp://guest:guest@localhost:5672//",
            "postgresql://u:REDACTED_DATABASE_URL_PASSWORD@host/db",
        ],
    ),
    _url_case(
        "http-basic-auth-url",
        ["https://deploy:{}@git.example.org/repo.git", "http://proxyuser:{}@proxy.internal:3128"],
        [
            "https://user:pass@example.com",
            "https://example.com:443/path@x",
            "http://[::1]:8888/lab",
            "https://user:${TOKEN}@host",
            "https://user:%s@host",
        ],
    ),
    _url_case(
        "service-url-password",
        [
            "ftp://files:{}@ftp.internal/pub",
            "sftp://me:{}@host:22/data",
            "smtp://mailer:{}@smtp.internal:587",
            "ldaps://cn=admin:{}@ldap.internal",
        ],
        [
            "ftp://anonymous:anonymous@ftp.internal",
            "ssh://git@github.com/org/repo.git",
            "smtp://user:<password>@smtp.internal",
        ],
    ),
    _url_case(
        "jdbc-oracle-password",
        ["jdbc:oracle:thin:scott/{}@//db.internal:1521/ORCL", "jdbc:oracle:thin:app/{}@db:1521:XE"],
        [
            "jdbc:oracle:thin:scott/tiger@//db:1521/ORCL",
            "jdbc:oracle:thin:@//db.internal:1521/ORCL",
            "jdbc:oracle:thin:app/${DB_PASSWORD}@db:1521:XE",
        ],
    ),
    _url_case(
        "jdbc-password-parameter",
        [
            "jdbc:postgresql://db:5432/app?user=app&password={}",
            "jdbc:sqlserver://h:1433;databaseName=x;user=sa;password={};encrypt=true",
            "jdbc:mysql://db:3306/shop?useSSL=true&pwd={}",
        ],
        [
            "jdbc:postgresql://db:5432/app?user=app&password=${DB_PASSWORD}",
            "jdbc:postgresql://db:5432/app?user=app&password=password",
            "jdbc:postgresql://db:5432/app?user=app",
            "jdbc:sqlserver://h:1433;user=sa;password=<password>",
        ],
    ),
    context_case(
        "snowflake-password",
        "SNOWFLAKE_PASSWORD",
        F.password(16),
        negatives=["<your-password>", "os.getenv('SNOWFLAKE_PASSWORD')"],
    ),
    Case(
        "netrc-password",
        [(f"machine api.example.org\n  login me\n  password {v}\n", v) for v in [F.password(20)]],
        ["machine api.example.org login me password changeme", "machine x login me"],
    ),
    Case(
        "npmrc-auth-token",
        [(f"//npm.pkg.github.com/:_authToken={v}\n", v) for v in [F.b64url(40)]],
        ["//registry.npmjs.org/:_authToken=${NPM_TOKEN}", "//r/:_authToken=short"],
    ),
    Case(
        "kubernetes-client-key-data",
        [
            (f"    client-key-data: {v}\n", v)
            for v in [base64.b64encode(KEYS["ec-private-key"].encode()).decode()]
        ],
        [
            f"    client-certificate-data: {_b64(KEYS['ec-private-key'])}",
            f"    client-key-data: {_b64('not a key at all, just some text to encode here')}",
        ],
    ),
]
