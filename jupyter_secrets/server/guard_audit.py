"""Guard actions (blocked or stripped saves, stripped exports, refused downloads) into the
audit trail, through the guards' notice seam. A record that cannot be written raises, which
stops the guarded action: nothing leaves unrecorded."""
from __future__ import annotations

from typing import Any, Callable

from ..governance.audit_store import AuditError
from ..governance.auditor import Auditor
from .errors import GuardFailure

OUTCOMES = {"blocked": "blocked", "stripped": "stripped", "warned": "warned",
            "redacted": "redacted", "refused": "refused", "failed": "failed"}


def guard_listener(auditor: Auditor) -> Callable[[Any], None]:
    """A listener for `GuardNotices.connect`; notices carry rule ids, never values."""

    def record(notice: Any) -> None:
        rules = sorted({finding.rule for finding in notice.findings})
        count = len(notice.findings)
        detail = f"{count} finding(s)" + (f": {', '.join(rules)}" if rules else "")
        outcome = OUTCOMES.get(notice.action.rsplit("-", 1)[-1], "done")
        try:
            auditor.record(notice.action, outcome, path=notice.path, detail=detail)
        except AuditError as e:  # its message names the trail, never content
            raise GuardFailure(notice.action, notice.path, e, status_code=503, message=(
                f"Not done: {notice.path} could not be recorded in the audit trail ({e}).")
            ) from None

    return record
