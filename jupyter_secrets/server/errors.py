"""The HTTP errors the guards raise. Their messages name rules and places, never a secret."""
from __future__ import annotations

from typing import Iterable, List, Optional, Sequence

from tornado.web import HTTPError

from ..model import Finding

#: What a person can do about a finding; the save dialog and the panel show it.
HOW_TO_FIX = ("Move the value out of the notebook: store it with `%secret set NAME` (or the "
              "jupyter-secrets panel) and read it with `secret('NAME')`; then save again.")
HOW_TO_ALLOW = ("If it is not a real secret (an example, a test value), add the comment "
                "`# secrets: allow` on its line, or list it in `c.ScanConfig.allowlist_regexes`.")
_SHOWN = 3


def _place(finding: Finding) -> str:
    if finding.cell is None:
        return f"line {finding.line}"
    where = {"source": "", "outputs": " output", "metadata": " metadata",
             "attachments": " attachment"}.get(finding.where, "")
    return f"cell {finding.cell + 1}{where}, line {finding.line}"


def describe(findings: Sequence[Finding]) -> str:
    """'cell 3, line 2: openai-api-key (sk-proj-…); ...' for the first few findings."""
    shown = "; ".join(f"{_place(f)}: {f.rule} ({f.preview})" for f in findings[:_SHOWN])
    more = f"; and {len(findings) - _SHOWN} more" if len(findings) > _SHOWN else ""
    return shown + more


class GuardHTTPError(HTTPError):
    """An HTTPError whose repr (what jupyter-collaboration logs and emits) carries its message."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class SaveRefused(GuardHTTPError):
    """A save (or upload) that would write a plaintext secret; carries the findings."""

    def __init__(self, path: str, findings: Iterable[Finding], status_code: int = 422):
        self.path = path
        self.findings: List[Finding] = list(findings)
        count = len(self.findings)
        message = (f"Not saved: {path} holds {count} plaintext secret{'s' if count != 1 else ''} "
                   f"({describe(self.findings)}). {HOW_TO_FIX} {HOW_TO_ALLOW}")
        super().__init__(status_code, message, reason="Plaintext secret")

    @property
    def message(self) -> str:
        return self._log_message or ""  # unescaped (tornado doubles each % of log_message)

    def reply(self) -> dict:
        return {"message": self.message, "reason": self.reason, "path": self.path,
                "findings": [f.to_dict() for f in self.findings],
                "how_to_fix": HOW_TO_FIX, "how_to_allow": HOW_TO_ALLOW}


class GuardFailure(GuardHTTPError):
    """The guard could not do its check, so the action was refused (fail closed)."""

    def __init__(self, what: str, path: str, error: Optional[BaseException] = None,
                 status_code: int = 500, message: str = ""):
        cause = f" ({type(error).__name__})" if error is not None else ""
        message = message or (
            f"jupyter-secrets could not check {path} for secrets{cause}, so the {what} was "
            f"stopped: nothing unchecked was written or sent. The server log has details; try "
            f"again, or ask whoever runs this server.")
        super().__init__(status_code, message, reason="Secret check failed")

    @property
    def message(self) -> str:
        return self._log_message or ""


def refusal_of(error: Optional[BaseException]) -> Optional[SaveRefused]:
    """The SaveRefused behind an error, also when the contents manager wrapped it (a post-save
    hook's exception comes back as a 500 whose cause is ours)."""
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, SaveRefused):
            return error
        error, seen = error.__cause__, seen + 1
    return None
