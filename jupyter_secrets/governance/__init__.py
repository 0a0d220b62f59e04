"""Governance: who may read which secret, what happened to each, and how keys rotate.

Pure logic with no web framework in it:

- audit trail: `audit_store` (hash-chained SQLite, optional JSON lines), `audit_chain`,
  `audit_query`, `audit_report`, `auditor`;
- scopes: `policy` (`c.SecretPolicy`), `grants`, `globs`; secret names: `names`;
- environments: `environments` (`c.Environments`);
- kernel identity: `identity` (`c.WorkloadIdentity`), `tokens`;
- rotation: `rotation` (`c.Rotation`), `rotation_state`, `validators`, `validator_runner`;
- the facade the server and the command line share: `service`, `catalog`;
- the kernel's side: `kernel_access`, `broker_client`.

The server adapts HTTP to it (`jupyter_secrets.server.broker`, `secrets_handlers`, ...).
"""
