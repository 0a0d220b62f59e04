"""Rotation validators: a shell command or a Python entry point judges a candidate value.

The candidate reaches the validator on its standard input, never in its arguments or
environment (both are visible to other users in the process list). Exit status 0 means valid.
A validator's message is reported with the candidate scrubbed out of it.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from typing import Dict, Optional

from ..backends.base import scrub

ENTRY_POINT_GROUP = "jupyter_secrets.validators"
MAX_REASON = 200


@dataclass(frozen=True)
class ValidatorSpec:
    """`command` (run by the shell) or `entry_point` (a name in the validators group)."""

    command: str = ""
    entry_point: str = ""
    timeout: float = 30.0

    @classmethod
    def from_config(cls, secret: str, raw: Dict, timeout: float) -> "ValidatorSpec":
        if not isinstance(raw, dict) or bool(raw.get("command")) == bool(raw.get("entry_point")):
            raise ValueError(f"c.Rotation.validators[{secret!r}] must give exactly one of "
                             "'command' or 'entry_point'")
        return cls(command=str(raw.get("command") or ""), entry_point=str(raw.get("entry_point") or ""),
                   timeout=float(raw.get("timeout", timeout)))

    def describe(self) -> str:
        return f"entry point {self.entry_point!r}" if self.entry_point else "validation command"


@dataclass(frozen=True)
class Verdict:
    valid: bool
    reason: str


def run_validator(spec: ValidatorSpec, secret: str, candidate: str) -> Verdict:
    """Run one validator on `candidate`; any failure to run it counts as invalid."""
    if spec.entry_point:
        argv = [sys.executable, "-m", "jupyter_secrets.governance.validator_runner",
                spec.entry_point]
        shell = False
    else:
        argv, shell = spec.command, True
    env = dict(os.environ, JUPYTER_SECRETS_NAME=secret)
    try:
        process = subprocess.Popen(argv, shell=shell, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, env=env, start_new_session=True)
    except OSError as e:
        return Verdict(False, f"the {spec.describe()} could not start: {e.strerror}")
    try:
        out, err = process.communicate(candidate.encode("utf-8"), timeout=spec.timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        return Verdict(False, f"the {spec.describe()} did not answer within {spec.timeout:g} s")
    if process.returncode == 0:
        return Verdict(True, f"accepted by the {spec.describe()}")
    said = _last_line(err) or _last_line(out) or f"exit status {process.returncode}"
    return Verdict(False, f"rejected by the {spec.describe()}: {_clean(said, candidate)}")


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)  # the shell's children too
    except OSError:
        process.kill()
    process.communicate()


def _last_line(data: Optional[bytes]) -> str:
    lines = [line.strip() for line in (data or b"").decode("utf-8", "replace").splitlines()]
    return next((line for line in reversed(lines) if line), "")


def _clean(text: str, candidate: str) -> str:
    text = scrub(text, candidate)
    return text if len(text) <= MAX_REASON else text[:MAX_REASON - 1] + "…"
