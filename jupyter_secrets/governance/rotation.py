"""Safe rotation: stage a candidate beside the current value, validate it, cut over, keep the
previous version for an overlap window, and roll back in one step.

A staged candidate is held in memory until it passes validation; only the cut-over writes it
to the backend, so a candidate that fails leaves the backend exactly as it was. Roll back
writes the previous value again as the newest version, so every reader (broker, direct reads,
other tools) sees the same value. Running kernels pick the change up when their cache expires.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Dict, Optional

from traitlets import Bool, Float
from traitlets import Dict as DictTrait
from traitlets.config import Configurable

from ..backends.base import BackendError, SecretBackend, check_value
from .auditor import Auditor
from .names import checked_name
from .rotation_state import (ABANDONED, FAILED, OVERLAP, ROLLED_BACK, STAGED, VALIDATED,
                             RotationRecord, RotationStore)
from .validators import ValidatorSpec, Verdict, run_validator


class Rotation(Configurable):
    """Validators and the overlap window."""

    overlap_window = Float(86400.0, help="Seconds the previous version stays readable (as "
                                         "version 'previous') and restorable with `jupyter-secrets "
                                         "rollback` after a cut-over.").tag(config=True)
    validators = DictTrait(
        key_trait=None, value_trait=DictTrait(),
        help="A validator per secret: {'API_KEY': {'command': 'curl -sf -H @- https://...'}} or "
             "{'API_KEY': {'entry_point': 'openai'}} (entry point group "
             "'jupyter_secrets.validators'). The candidate arrives on stdin, never in argv. "
             "Optional 'timeout' in seconds.").tag(config=True)
    validation_timeout = Float(30.0, help="Default seconds a validator may take.").tag(config=True)
    require_validator = Bool(False, help="Refuse to rotate a secret that has no validator."
                             ).tag(config=True)

    def validator_for(self, secret: str) -> Optional[ValidatorSpec]:
        raw = self.validators.get(secret)
        return None if raw is None else ValidatorSpec.from_config(secret, raw, self.validation_timeout)


class RotationError(Exception):
    """A rotation step cannot go ahead; the message says why and what to do."""


@dataclass
class Staged:
    """A candidate waiting for validation and cut-over. Its value never appears in a repr."""

    secret: str
    base_version: str
    candidate: str = field(repr=False)
    verdict: Optional[Verdict] = None
    staged_at: float = field(default_factory=time.time)


class Rotator:
    """The rotation steps for one environment's backend; every step is audited."""

    def __init__(self, backend: SecretBackend, settings: Rotation, store: RotationStore,
                 auditor: Auditor, clock=time.time):
        self.backend = backend
        self.settings = settings
        self.store = store
        self.auditor = auditor
        self._clock = clock

    def stage(self, secret: str, candidate: str) -> Staged:
        checked_name(self.backend.name, secret)
        check_value(self.backend.name, candidate)
        if self.backend.read_only:
            raise RotationError(f"the {self.backend.name} backend is read-only: rotate {secret!r} "
                                "where it is stored")
        if self.settings.require_validator and self.settings.validator_for(secret) is None:
            raise RotationError(f"{secret!r} has no validator and c.Rotation.require_validator "
                                f"is set: add one to c.Rotation.validators[{secret!r}]")
        base = self.current_version(secret)
        if candidate == self.backend.get(secret, base):
            raise RotationError(f"the candidate for {secret!r} is the current value: nothing to "
                                "rotate")
        staged = Staged(secret, base, candidate)
        self.store.put(self.auditor.env, secret, STAGED, base, reason="staged beside version " + base)
        self.auditor.record("rotate-stage", "ok", secret, base, "candidate staged")
        return staged

    def validate(self, staged: Staged) -> Verdict:
        spec = self.settings.validator_for(staged.secret)
        if spec is None:
            verdict = Verdict(True, "no validator is configured for this secret")
            outcome = "skipped"
        else:
            verdict = run_validator(spec, staged.secret, staged.candidate)
            outcome = "ok" if verdict.valid else "failed"
        staged.verdict = verdict
        state = VALIDATED if verdict.valid else FAILED
        self.store.put(self.auditor.env, staged.secret, state, staged.base_version, reason=verdict.reason)
        self.auditor.record("rotate-validate", outcome, staged.secret, staged.base_version, verdict.reason)
        return verdict

    def cutover(self, staged: Staged) -> RotationRecord:
        if staged.verdict is None or not staged.verdict.valid:
            raise RotationError(f"the candidate for {staged.secret!r} has not passed validation; "
                                f"the current version {staged.base_version} stays")
        current = self.current_version(staged.secret)
        if current != staged.base_version:
            raise RotationError(f"{staged.secret!r} changed (version {current}) since the "
                                "candidate was staged: stage it again")
        info = self.backend.set(staged.secret, staged.candidate)
        new_version = str(info.version or self.current_version(staged.secret))
        until = self._clock() + self.settings.overlap_window
        record = self.store.put(self.auditor.env, staged.secret, OVERLAP, new_version,
                                staged.base_version, until,
                                f"version {new_version} replaced {staged.base_version}")
        self.auditor.record("rotate-cutover", "ok", staged.secret, new_version,
                            f"previous version {staged.base_version} kept until {_when(until)}")
        return record

    def abandon(self, staged: Staged) -> None:
        self.store.put(self.auditor.env, staged.secret, ABANDONED, staged.base_version,
                       reason="the staged candidate was discarded")
        self.auditor.record("rotate-abandon", "ok", staged.secret, staged.base_version)

    def rotate(self, secret: str, candidate: str) -> RotationRecord:
        """Stage, validate and cut over; RotationError (current version kept) if invalid."""
        staged = self.stage(secret, candidate)
        verdict = self.validate(staged)
        if not verdict.valid:
            raise RotationError(f"{secret!r} was not rotated: {verdict.reason}. The current "
                                f"version {staged.base_version} is still in use")
        return self.cutover(staged)

    def rollback(self, secret: str, force: bool = False) -> RotationRecord:
        checked_name(self.backend.name, secret)
        record = self.store.get(self.auditor.env, secret)
        if record is None or not record.previous_version or record.state == ROLLED_BACK:
            raise RotationError(f"{secret!r} has no rotation to roll back")
        if not force and not record.in_overlap(self._clock()):
            raise RotationError(f"the overlap window of {secret!r} ended at "
                                f"{_when(record.overlap_until)}; pass --force to restore version "
                                f"{record.previous_version} anyway")
        current = self.current_version(secret)
        if current != record.current_version and not force:
            raise RotationError(f"{secret!r} changed (version {current}) since the rotation; "
                                "pass --force to restore the previous value anyway")
        value = self.backend.get(secret, record.previous_version)
        info = self.backend.set(secret, value)
        restored = str(info.version or self.current_version(secret))
        reason = f"restored the value of version {record.previous_version} as version {restored}"
        result = self.store.put(self.auditor.env, secret, ROLLED_BACK, restored, current, 0.0, reason)
        self.auditor.record("rollback", "ok", secret, restored, reason)
        return result

    def current_version(self, secret: str) -> str:
        versions = self.backend.versions(secret)
        if not versions or versions[0].version is None:
            raise BackendError(self.backend.name, f"the backend keeps no versions of {secret!r}",
                               "rotation needs a backend with versions (local, keyring, aws, vault)")
        return str(versions[0].version)

    def status(self, secret: str) -> Optional[RotationRecord]:
        return self.store.get(self.auditor.env, secret)

    def states(self) -> Dict[str, RotationRecord]:
        return self.store.all(self.auditor.env)


def _when(epoch: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S %Z", time.localtime(epoch))
