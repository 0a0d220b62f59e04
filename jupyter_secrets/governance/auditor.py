"""An AuditStore bound to who is acting, where, and in which environment."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional

from .audit_chain import AuditRecord
from .audit_store import AuditEvent, AuditStore
from .identity import Workload
from .names import is_safe_to_record


@dataclass(frozen=True)
class Auditor:
    store: AuditStore
    env: str
    actor: str
    source: str  # "broker", "api", "cli", "server" or "kernel"
    path: str = ""
    kernel_id: str = ""

    def for_workload(self, workload: Workload) -> "Auditor":
        return replace(self, actor=workload.user or self.actor, path=workload.label,
                       kernel_id=workload.kernel_id)

    def record(self, action: str, outcome: str, secret: str = "", version: Optional[str] = "",
               detail: str = "", path: Optional[str] = None) -> AuditRecord:
        """Append one record; raises AuditError when the trail cannot be written."""
        if secret and not is_safe_to_record(secret):
            secret, detail = "", f"{detail} (the name was withheld: it looks like a secret value)"
        return self.store.append(AuditEvent(
            action=action, outcome=outcome, secret=secret, version=str(version or ""),
            actor=self.actor, path=self.path if path is None else path, kernel_id=self.kernel_id,
            env=self.env, detail=detail, source=self.source))
