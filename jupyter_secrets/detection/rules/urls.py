"""Credentials inside URLs and self-contained tokens: JWTs, database and service URLs.

URL passwords are free-form, so these rules are ``generic``: a placeholder such as
``postgres://user:password@localhost`` or ``{password}`` is filtered out like any other.
"""
from __future__ import annotations

from ..rule import Rule
from .patterns import context
from .validators import is_jwt

FAMILY = "urls"

#: Schemes of databases, caches, queues and warehouses (SQLAlchemy ``+driver`` suffixes too).
DATABASE_SCHEMES = (
    "postgres", "postgresql", "mysql", "mariadb", "mongodb", "redis", "rediss", "amqp", "amqps",
    "mssql", "sqlserver", "snowflake", "clickhouse", "cockroachdb", "oracle", "db2", "neo4j",
    "bolt", "couchbase", "couchbases", "cassandra", "memcached", "influxdb", "trino", "presto",
    "hive", "redshift", "vertica", "teradata", "sybase", "nats", "kafka", "pulsar", "valkey",
)
#: Schemes of other services where a password in the URL is a password on the wire.
SERVICE_SCHEMES = (
    "ftp", "ftps", "sftp", "smtp", "smtps", "imap", "imaps", "pop3", "pop3s", "ldap", "ldaps",
    "ssh", "scp", "rsync", "svn", "git", "ws", "wss", "mqtt", "mqtts", "socks5", "socks5h",
    "socks4", "smb", "webdav", "davs", "nntp", "sip",
)
_USER = r"""[^:/@\s"'<>\[\]]{0,64}"""
_PASSWORD = r"""(?P<secret>[^@/\s"'<>\[\]{}]{1,128})"""
_HOST = r"[A-Za-z0-9._\-\[]"


def _scheme_alternation(schemes) -> str:
    # longest first, so that "rediss" is tried before "redis"
    return "|".join(sorted(schemes, key=len, reverse=True))


def _url_rule(rule_id: str, description: str, schemes, keywords, drivers: bool = False) -> Rule:
    driver = r"(?:\+[a-z0-9]+)?" if drivers else ""
    pattern = (rf"(?i)\b(?:{_scheme_alternation(schemes)}){driver}://"
               rf"{_USER}:{_PASSWORD}@{_HOST}")
    return Rule(id=rule_id, description=description, pattern=pattern, family=FAMILY,
                keywords=tuple(keywords), generic=True, min_entropy=2.0)


RULES = (
    Rule(id="jwt", family=FAMILY, prefix="eyJ",
         description="JSON Web Token (a signed bearer credential)",
         pattern=(r"\b(?P<secret>eyJ[A-Za-z0-9_-]{10}[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{10}"
                  r"[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{16}[A-Za-z0-9_-]*)(?:[^A-Za-z0-9_-]|$)"),
         keywords=("eyj",), min_entropy=4.0, validators=(is_jwt,)),
    _url_rule("database-url-password", "Password in a database, cache or queue URL",
              DATABASE_SCHEMES, ("postgres", "mysql", "mariadb", "mongodb", "redis", "amqp",
                                 "mssql", "sqlserver", "snowflake", "clickhouse", "cockroachdb",
                                 "oracle", "neo4j", "couchbase", "cassandra",
                                 "memcached", "influxdb", "trino", "presto", "redshift",
                                 "vertica", "teradata", "sybase", "kafka", "pulsar", "valkey",
                                 # words common in prose and hex: only as a scheme
                                 "db2:", "db2+", "bolt:", "bolt+", "hive:", "hive+", "nats:",
                                 "nats+"), drivers=True),
    _url_rule("http-basic-auth-url", "Password in an HTTP(S) URL (basic auth)", ("https", "http"),
              ("http",)),
    _url_rule("service-url-password", "Password in an FTP, SSH, SMTP, LDAP ... URL",
              SERVICE_SCHEMES, tuple(f"{scheme}://" for scheme in SERVICE_SCHEMES)),
    Rule(id="jdbc-oracle-password", family=FAMILY, generic=True, min_entropy=2.0,
         description="Password in an Oracle JDBC thin URL (jdbc:oracle:thin:user/password@)",
         pattern=(r"(?i)\bjdbc:oracle:(?:thin|oci8?):[A-Za-z0-9_$#.\-]{1,64}/"
                  r"""(?P<secret>[^@/\s"'<>\[\]{}]{1,128})@"""),
         keywords=("jdbc:oracle:",)),
    Rule(id="jdbc-password-parameter", family=FAMILY, generic=True, min_entropy=2.0,
         description="Password given as a JDBC URL property (?password=, ;password=)",
         pattern=(r"(?i)\bjdbc:[a-z0-9]{2,20}:[^\s\"'<>]{0,300}?[?&;](?:password|pwd)="
                  r"""(?P<secret>[^&;\s"'<>]{1,128})"""),
         keywords=("jdbc:",)),
    context("snowflake-password", "Snowflake password or key passphrase",
            ("snowflake_password", "snowflake_pwd", "snowsql_pwd", "snowflake_passphrase",
             "snowflake_private_key_passphrase", "private_key_passphrase"),
            r"""[^\s"'`<>]{8,128}""", extra="", family=FAMILY, min_entropy=2.5, generic=True),
)
