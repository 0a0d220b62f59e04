"""Guard actions (blocked or stripped saves, stripped exports, refused downloads) into the
audit trail, through the guards' notice seam. A record that cannot be written raises, which
stops the guarded action: nothing leaves unrecorded."""
from __future__ import annotations

from typing import Any, Callable

from ..governance.auditor import Auditor

OUTCOMES = {"blocked": "blocked", "stripped": "stripped", "warned": "warned",
            "redacted": "redacted", "refused": "refused", "failed": "failed"}


def guard_listener(auditor: Auditor) -> Callable[[Any], None]:
    """A listener for `GuardNotices.connect`; notices carry rule ids, never values."""

    def record(notice: Any) -> None:
        rules = sorted({finding.rule for finding in notice.findings})
        count = len(notice.findings)
        detail = f"{count} finding(s)" + (f": {', '.join(rules)}" if rules else "")
        outcome = OUTCOMES.get(notice.action.rsplit("-", 1)[-1], "done")
        auditor.record(notice.action, outcome, path=notice.path, detail=detail)

    return record
