"""`jupyter-secrets vault setup`: configure OpenBao/Vault to trust a Jupyter server's workload
JWTs (see `vault_setup`). Idempotent; prints what it changed, then the server's config."""
from __future__ import annotations

import argparse
import os
import sys

from .governed import EXIT_OK, fail

HELP = "configure OpenBao/Vault for a Jupyter server's workload identity (idempotent)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="vault_action", metavar="ACTION")
    setup = actions.add_parser("setup", help="JWT auth mount, role, policies, KV v2, audit device",
                               description=HELP)
    setup.add_argument("--server", required=True, metavar="URL",
                       help="the Jupyter server's issuer URL, e.g. http://host:8888/jupyter-secrets "
                            "(under JupyterHub .../user/NAME/jupyter-secrets)")
    setup.add_argument("--user", required=True, help="the user the server runs for")
    setup.add_argument("--env", required=True, help="the server's environment (dev, prod, ...)")
    setup.add_argument("--vault-addr", default=os.environ.get("VAULT_ADDR", ""),
                       help="Vault's address (default: $VAULT_ADDR); the admin's token comes "
                            "from $VAULT_TOKEN or ~/.vault-token")
    setup.add_argument("--mount", default="", help="JWT auth mount (default jupyter-ENV-USER)")
    setup.add_argument("--kv-mount", default="secret", help="KV v2 mount (default secret)")
    setup.add_argument("--path-prefix", default="",
                       help="KV folder of this server's secrets (default jupyter-secrets/ENV/USER/)")
    setup.add_argument("--audience", default="jupyter-secrets",
                       help="the JWTs' audience (c.WorkloadJwt.audience)")
    setup.add_argument("--jwks-url", default="",
                       help="where Vault fetches the keys (default: the discovery's jwks_uri)")
    setup.add_argument("--pubkeys", action="store_true",
                       help="give Vault the server's current public keys instead of a jwks_url, "
                            "for a Vault that cannot reach the server (rerun after each server start)")
    setup.add_argument("--audit-file", default="",
                       help="enable a file audit device writing here (a path on Vault's host)")
    setup.add_argument("--token-ttl", type=int, default=300, help="seconds a kernel's Vault token lives")


def run(args: argparse.Namespace) -> int:
    if args.vault_action != "setup":
        return fail("vault", "say what to do: `jupyter-secrets vault setup --help`")
    from .vault_setup import Plan, SetupError, apply, server_config

    if not args.vault_addr:
        return fail("vault setup", "no Vault address: set $VAULT_ADDR or --vault-addr")
    try:
        plan = Plan(args.server, args.user, args.env, mount=args.mount, kv_mount=args.kv_mount,
                    path_prefix=args.path_prefix, audience=args.audience, jwks_url=args.jwks_url,
                    pubkeys=args.pubkeys, audit_file=args.audit_file, token_ttl=args.token_ttl)
        changes = _apply(args.vault_addr, plan, apply)
    except SetupError as e:
        return fail("vault setup", e)
    for line in changes or ["nothing to change: Vault is set up for this server"]:
        sys.stdout.write(line + "\n")
    sys.stdout.write("\n# the Jupyter server's config (it holds no Vault credential):\n")
    sys.stdout.write(server_config(plan, args.vault_addr) + "\n")
    return EXIT_OK


def _apply(vault_addr: str, plan, apply) -> list:
    import hvac
    import hvac.exceptions
    import requests

    from .vault_setup import SetupError

    client = hvac.Client(url=vault_addr, timeout=10)  # the admin's token: $VAULT_TOKEN / ~/.vault-token
    try:
        if not client.token:
            raise SetupError("no Vault admin token: set $VAULT_TOKEN or run `bao login` (this "
                             "token is the admin's, for this command only)")
        return apply(client, plan)
    except (hvac.exceptions.Forbidden, hvac.exceptions.Unauthorized):
        raise SetupError("Vault refused the admin token: it needs sudo on sys/auth, sys/mounts, "
                         "sys/audit and sys/policies") from None
    except (requests.exceptions.ConnectionError, requests.exceptions.Timeout):
        raise SetupError(f"cannot reach Vault at {vault_addr}") from None
    finally:
        client.adapter.close()


