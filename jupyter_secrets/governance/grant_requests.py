"""Grants an agent asks for and a person decides on.

An AI agent (over MCP) may not grant itself anything: it files a request naming the secret,
the notebook and why; the request waits until a person approves it in the Secrets panel (or
denies it), and only an approval writes the grant. Requests and decisions are audited, with
the agent, and then the person, as the actor. Nothing here ever holds a value.
"""
from __future__ import annotations

import secrets
import time
from dataclasses import asdict, dataclass
from typing import List, Optional

from .db import opened, write_transaction
from .globs import normalize_pattern
from .grants import NOTEBOOK
from .names import checked_name
from .service import Governance
from .state import SCHEMA

PENDING, APPROVED, DENIED = "pending", "approved", "denied"
MAX_REASON = 200


class UnknownRequest(LookupError):
    """No pending request with that id in this environment."""


@dataclass(frozen=True)
class GrantRequest:
    id: str
    env: str
    secret: str
    target: str
    requested_by: str
    reason: str
    requested_at: float
    state: str
    decided_by: str = ""
    decided_at: float = 0.0

    def to_json(self) -> dict:
        return asdict(self)


def _db(gov: Governance) -> str:
    return gov.grants.db_path


def request_grant(gov: Governance, secret: str, notebook: str, reason: str = "") -> GrantRequest:
    """File a request for `secret` to be granted to `notebook` (a path or glob)."""
    name = checked_name("jupyter-secrets", secret)  # no backend is opened to file a request
    target = normalize_pattern(notebook) if isinstance(notebook, str) else ""
    if not target or len(target) > 1024:
        raise ValueError("a grant request names the notebook (path or glob) it is for")
    why = " ".join(str(reason or "").split())[:MAX_REASON]
    request = GrantRequest(id=secrets.token_hex(8), env=gov.env, secret=name, target=target,
                           requested_by=gov.auditor.actor, reason=why,
                           requested_at=time.time(), state=PENDING)
    with opened(_db(gov), SCHEMA) as conn, write_transaction(conn):
        conn.execute("INSERT INTO grant_requests VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     tuple(asdict(request).values()))
    gov.auditor.record("grant-request", "pending", name,
                       detail=f"notebook {target}" + (f": {why}" if why else ""))
    return request


def requests(gov: Governance, state: Optional[str] = PENDING) -> List[GrantRequest]:
    """This environment's requests, newest first (all states when `state` is None)."""
    sql = "SELECT * FROM grant_requests WHERE env = ?"
    params: tuple = (gov.env,)
    if state is not None:
        sql, params = sql + " AND state = ?", params + (state,)
    with opened(_db(gov), SCHEMA) as conn:
        rows = conn.execute(sql + " ORDER BY requested_at DESC", params).fetchall()
    return [GrantRequest(*row) for row in rows]


def request_state(gov: Governance, request_id: str) -> GrantRequest:
    with opened(_db(gov), SCHEMA) as conn:
        row = conn.execute("SELECT * FROM grant_requests WHERE env = ? AND id = ?",
                           (gov.env, str(request_id))).fetchone()
    if row is None:
        raise UnknownRequest(f"no grant request {request_id!r} in the {gov.env} environment")
    return GrantRequest(*row)


def decide(gov: Governance, request_id: str, approve: bool) -> GrantRequest:
    """A person's decision: approval writes the grant (audited as theirs)."""
    with opened(_db(gov), SCHEMA) as conn, write_transaction(conn):
        row = conn.execute("SELECT * FROM grant_requests WHERE env = ? AND id = ? AND state = ?",
                           (gov.env, str(request_id), PENDING)).fetchone()
        if row is None:
            raise UnknownRequest(f"no pending grant request {request_id!r} in the {gov.env} "
                                 "environment")
        state = APPROVED if approve else DENIED
        conn.execute("UPDATE grant_requests SET state = ?, decided_by = ?, decided_at = ? "
                     "WHERE id = ?", (state, gov.auditor.actor, time.time(), row[0]))
    request = GrantRequest(*row)
    if approve:
        gov.grant(request.secret, NOTEBOOK, request.target,
                  why=f"requested by {request.requested_by}")
    else:
        gov.auditor.record("grant-request", "denied", request.secret,
                           detail=f"notebook {request.target}, requested by {request.requested_by}")
    return request_state(gov, request.id)
