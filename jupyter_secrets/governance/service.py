"""The governance facade the server and the command line share: every secret operation goes
through policy and the audit trail here, for one environment's backend.

An operation that cannot be audited does not happen: a failing audit write raises AuditError
before any value is returned.
"""
from __future__ import annotations

import copy
import time
from dataclasses import replace
from typing import List, Optional, Tuple

from traitlets.config import Config

from ..backends.base import SecretBackend, SecretInfo, SecretNotFound
from .audit_store import AuditStore, AuditTrail
from .auditor import Auditor
from .environments import Environments, open_backend
from .grants import KINDS, NOTEBOOK, Grant, GrantStore
from .identity import Workload, WorkloadIdentity
from .names import checked_name
from .policy import SecretPolicy, decide, effective_grants
from .rotation import Rotation, RotationError, Rotator
from .rotation_state import RotationStore
from .state import GovernanceState

CURRENT, PREVIOUS = "current", "previous"


class AccessDenied(Exception):
    """A workload asked for a secret outside its scope; the message says how to grant it."""


class Governance:
    """Policy, audit and rotation around one environment's backend."""

    def __init__(self, config: Config, actor: str, source: str, env: Optional[str] = None,
                 backend: Optional[SecretBackend] = None, audit: Optional[AuditStore] = None):
        self.config = config
        self.environments = Environments(config=config)
        self.env = env or self.environments.current
        self.policy = SecretPolicy(config=config)
        self.identity = WorkloadIdentity(config=config)
        self.rotation = Rotation(config=config)
        state_db = GovernanceState(config=config).db_path
        self.grants = GrantStore(state_db)
        self.rotations = RotationStore(state_db)
        self.audit = audit or AuditStore(AuditTrail(config=config))
        self.auditor = Auditor(self.audit, self.env, actor, source)
        self._opened = {"backend": backend}  # shared with with_source() twins

    def with_source(self, source: str, actor: Optional[str] = None) -> "Governance":
        """The same service, recording `source` (and `actor`) in the audit trail."""
        twin = copy.copy(self)
        twin.auditor = replace(self.auditor, source=source, actor=actor or self.auditor.actor)
        return twin

    @property
    def backend(self) -> SecretBackend:
        if self._opened["backend"] is None:
            self._opened["backend"] = open_backend(self.config, self.env)
        return self._opened["backend"]

    # -- reads -------------------------------------------------------------------------------

    def read_for(self, workload: Workload, name: str, version: Optional[str] = None) -> Tuple[str, str]:
        """(value, version) for a kernel, if the policy lets its notebooks read `name`."""
        auditor = self.auditor.for_workload(workload)
        checked_name(self.backend.name, name)
        decision = decide(self.policy, name, workload.paths, self.grants.for_secret(self.env, name),
                          self.env)
        if not decision.allowed:
            auditor.record("read", "denied", name, detail="not in scope")
            raise AccessDenied(decision.message)
        wanted = self._version_to_read(name, version)
        try:
            value = self.backend.get(name, wanted)
        except SecretNotFound:
            auditor.record("read", "not-found", name, wanted)
            raise
        except Exception as e:
            auditor.record("read", "error", name, wanted, type(e).__name__)
            raise
        read_version = wanted or self._current_version_or_blank(name)
        auditor.record("read", "ok", name, read_version, f"granted to {decision.grant.label()}")
        return value, read_version

    def names_for(self, workload: Workload) -> List[SecretInfo]:
        """The secrets this workload may read: names and metadata only."""
        stored: dict = {}
        for grant in self.grants.all(self.env):
            stored.setdefault(grant.secret, []).append(grant)
        return [info for info in self.backend.list()
                if decide(self.policy, info.name, workload.paths, stored.get(info.name, []),
                          self.env).allowed]

    def reveal(self, name: str) -> str:
        """The value, for a person who asked to see it (the panel's reveal button)."""
        value = self.backend.get(checked_name(self.backend.name, name))
        self.auditor.record("reveal", "ok", name, self._current_version_or_blank(name))
        return value

    def _version_to_read(self, name: str, version: Optional[str]) -> Optional[str]:
        if version in (None, "", CURRENT):
            return None
        if version != PREVIOUS:
            raise ValueError("version must be 'current' or 'previous'")
        record = self.rotations.get(self.env, name)
        if record is None or not record.in_overlap(time.time()):
            raise RotationError(f"{name!r} has no previous version in an overlap window")
        return record.previous_version

    def _current_version_or_blank(self, name: str) -> str:
        try:
            versions = self.backend.versions(name)
        except Exception:  # a version label is nice to have; the read itself succeeded
            return ""
        return str(versions[0].version or "") if versions else ""

    # -- writes ------------------------------------------------------------------------------

    def set_secret(self, name: str, value: str, notebook: str = "",
                   workload: Optional[Workload] = None) -> SecretInfo:
        """Store a value. A new secret made from a notebook is granted to that notebook only."""
        auditor = self.auditor.for_workload(workload) if workload else self.auditor
        checked_name(self.backend.name, name)
        existing = {info.name for info in self.backend.list()}
        notebooks = list(workload.paths) if workload else ([notebook] if notebook else [])
        if workload and name in existing:
            decision = decide(self.policy, name, workload.paths,
                              self.grants.for_secret(self.env, name), self.env)
            if not decision.allowed:
                auditor.record("set", "denied", name, detail="not in scope")
                raise AccessDenied(decision.message)
        info = self.backend.set(name, value)
        auditor.record("set", "ok", name, info.version or "", "new secret" if name not in existing
                       else "new version")
        if name not in existing:
            for path in notebooks:
                self.grant(name, NOTEBOOK, path, auditor=auditor, why="created from this notebook")
        return info

    def delete_secret(self, name: str) -> None:
        self.backend.delete(checked_name(self.backend.name, name))
        self.grants.forget_secret(self.env, name)
        self.rotations.forget(self.env, name)
        self.auditor.record("delete", "ok", name)

    def grant(self, name: str, kind: str, target: str, auditor: Optional[Auditor] = None,
              why: str = "") -> bool:
        _check_grant(kind, target)
        added = self.grants.add(self.env, checked_name(self.backend.name, name), kind, target,
                                (auditor or self.auditor).actor)
        (auditor or self.auditor).record("grant", "ok" if added else "unchanged", name,
                                         detail=f"{kind} {target}" + (f": {why}" if why else ""))
        return added

    def revoke(self, name: str, kind: str, target: str) -> bool:
        _check_grant(kind, target)
        removed = self.grants.remove(self.env, name, kind, target)
        self.auditor.record("revoke", "ok" if removed else "unchanged", name, detail=f"{kind} {target}")
        return removed

    def scope(self, name: str) -> List[Grant]:
        return effective_grants(self.policy, name, self.grants.for_secret(self.env, name))

    def rotator(self) -> Rotator:
        return Rotator(self.backend, self.rotation, self.rotations, self.auditor)

    def follow_rename(self, old: str, new: str) -> List[Grant]:
        moved = self.grants.follow_rename(self.env, old, new)
        for grant in moved:
            self.auditor.record("grant", "ok", grant.secret, path=grant.target,
                                detail=f"notebook {old} renamed to {new}: grant follows")
        return moved


def _check_grant(kind: str, target: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"a grant is for a 'notebook' (path or glob) or a 'workload', not {kind!r}")
    if not isinstance(target, str) or not target.strip() or len(target) > 1024:
        raise ValueError("a grant needs a notebook path, a glob, or a workload name")
