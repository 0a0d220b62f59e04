"""Keys and secret values kept out of IPython's input history (an SQLite file on disk)."""
from __future__ import annotations

from typing import Any, Optional

from .output_filter import OutputRedactor


class HistoryRedaction:
    """Wraps one HistoryManager's `store_inputs` so that what it keeps is redacted, in `In`
    and `_ih` as in the history database."""

    def __init__(self, history_manager: Any, redactor: OutputRedactor):
        self.history_manager = history_manager
        self.redactor = redactor
        self._original = history_manager.store_inputs

    def install(self) -> None:
        self.history_manager.store_inputs = self.store_inputs

    def uninstall(self) -> None:
        if self.history_manager.__dict__.get("store_inputs") == self.store_inputs:
            del self.history_manager.store_inputs

    def store_inputs(self, line_num: int, source: str, source_raw: Optional[str] = None) -> None:
        redact = self.redactor.redact_text
        self._original(line_num, redact(source), None if source_raw is None else redact(source_raw))
