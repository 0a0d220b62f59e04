"""What the panel shows per secret: everything but the value."""
from __future__ import annotations

from typing import Dict, List

from .audit_query import usage
from .grants import Grant
from .policy import effective_grants
from .service import Governance


def catalog(gov: Governance) -> List[dict]:
    """Name, version, dates, scope, last use and users, rotation state, per secret."""
    infos = gov.backend.list()
    used = usage(gov.audit, gov.env)
    rotations = gov.rotations.all(gov.env)
    stored: Dict[str, List[Grant]] = {}
    for grant in gov.grants.all(gov.env):
        stored.setdefault(grant.secret, []).append(grant)
    entries = []
    for info in infos:
        use = used.get(info.name)
        rotation = rotations.get(info.name)
        entries.append({
            "name": info.name,
            "version": info.version,
            "created": info.created,
            "updated": info.updated,
            "scope": [g.to_json() for g in effective_grants(gov.policy, info.name,
                                                            stored.get(info.name, []))],
            "last_used": use.last_used if use else None,
            "reads": use.reads if use else 0,
            "used_by": use.notebooks if use else [],
            "rotation": rotation.to_json() if rotation else None,
            "validator": info.name in gov.rotation.validators,
        })
    return entries


def status(gov: Governance) -> dict:
    """Backend, environment and whether it works, with the fix when it does not."""
    from ..backends.base import BackendError

    try:
        backend = gov.backend
    except BackendError as e:
        return {"env": gov.env, "backend": e.backend, "ok": False, "message": e.message,
                "fix": e.hint, "environments": gov.environments.known()}
    result = backend.status()
    message = result.get("message", "")
    return {"env": gov.env, "backend": result.get("backend"), "ok": bool(result.get("ok")),
            "message": message, "fix": _fix_from(message), "reason": result.get("reason", ""),
            "detail": result.get("detail", ""), "read_only": result.get("read_only", False),
            "environments": gov.environments.known()}


def audit_health(gov: Governance) -> dict:
    """The trail's newest end against its anchor (cheap: the whole chain is `audit verify`)."""
    from .audit_store import AuditError

    try:
        problems = gov.audit.check_head()
    except AuditError as e:
        problems = [str(e)]
    return {"ok": not problems, "problems": problems,
            "fix": "" if not problems else
            "run `jupyter-secrets audit verify` for the whole chain; records may have been "
            "deleted or the trail restored from an older copy"}


def _fix_from(message: str) -> str:
    """BackendError puts its hint in parentheses at the end of the message."""
    if message.endswith(")") and " (" in message:
        return message[message.rindex(" (") + 2:-1]
    return ""
