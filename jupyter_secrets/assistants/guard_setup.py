"""The model guard of one server: installed at start-up, fed by the guards' scanner (which also
knows the values the broker handed to kernels), recording each redaction in the audit trail."""
from __future__ import annotations

import logging
from typing import Any, Optional, Sequence

from . import http_guard
from .context_guard import Redaction
from .request_origin import Origin
from .scan_cache import ScanCache

log = logging.getLogger(__name__)

#: The audit action of a secret taken out of a request to a model.
ACTION = "model-request-redacted"
#: Records written for one request at most; the rest are summed up in one more.
MAX_RECORDS = 20


def record_redactions(auditor: Any, found: Sequence[Redaction], origin: Origin) -> None:
    """One audit record per secret taken out (rule or name, assistant, where; never the value),
    with the notebook or chat as the record's path when the sender told it."""
    path = origin.path or ""
    for redaction in found[:MAX_RECORDS]:
        how = f" ({redaction.encoding})" if redaction.encoding else ""
        auditor.record(ACTION, "redacted", secret=redaction.name or "", path=path,
                       detail=f"{redaction.assistant}: {redaction.rule_id} at "
                              f"{redaction.json_path}{how}")
    rest = found[MAX_RECORDS:]
    if rest:
        rules = ", ".join(sorted({r.rule_id for r in rest}))
        auditor.record(ACTION, "redacted", path=path,
                       detail=f"{origin.assistant}: {len(rest)} more ({rules})")


def install_model_guard(extension: Any) -> None:
    """Wrap the HTTP clients of this process. Without an audit trail (no governance) a request
    that holds a secret is refused, since its redaction cannot be recorded."""
    from ..server.governed import SETTINGS_KEY

    guards = extension.guards
    services = extension.settings.get(SETTINGS_KEY)
    auditor: Optional[Any] = (services.governance.with_source("server").auditor
                              if services is not None else None)

    cache = ScanCache()  # a chat resends its history and the notebook every turn

    def engine():
        return cache.over(guards.require_scanner().engine)

    def record(found: Sequence[Redaction], origin: Origin) -> None:
        if auditor is None:
            raise RuntimeError("no audit trail")
        record_redactions(auditor, found, origin)

    wrapped = http_guard.install(http_guard.ModelRequestGuard(engine, record))
    log.info("jupyter-secrets: requests to AI models through %s are checked for secrets",
             ", ".join(wrapped) or "no HTTP client (none is installed)")


def uninstall_model_guard() -> None:
    http_guard.uninstall()
