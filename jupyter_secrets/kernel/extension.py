"""Wires the kernel extension into one IPython shell: magics, redaction, guard, history."""
from __future__ import annotations

import logging
import os
from typing import Any, List, Optional, Tuple

from . import api
from .api import SecretClient
from .exec_guard import ExecutionGuard
from .fd_copy import RedactedCopy, redact_kernel_copies
from .history import HistoryRedaction
from .magics import SecretMagics
from .output_filter import OutputRedactor
from .own_messages import OwnMessages
from .session_filter import SessionFilter

log = logging.getLogger(__name__)

#: When a kernel that nobody asked for kernel_info builds its engine anyway.
ENGINE_FALLBACK_S = 3.0


class KernelExtension:
    """Everything the extension adds to one shell, and how to take it away again."""

    def __init__(self, shell: Any):
        self.shell = shell
        self.redactor = OutputRedactor(parent=shell)
        self.client = SecretClient(redactor=self.redactor, parent=shell)
        self.guard = ExecutionGuard(engine=self.redactor.engine, parent=shell)
        self.magics = SecretMagics(shell=shell, client=self.client)
        self.session_filter: Optional[SessionFilter] = None
        self.history: Optional[HistoryRedaction] = None

    def load(self) -> None:
        shell = self.shell
        shell.register_magics(self.magics)
        self.guard.register(shell)
        api.use_client(self.client)
        if getattr(shell, "history_manager", None) is not None:
            self.history = HistoryRedaction(shell.history_manager, self.redactor)
            self.history.install()
        _redact_identity_token(self.redactor)
        kernel = getattr(shell, "kernel", None)
        if kernel is not None:
            self.session_filter = SessionFilter(kernel.session, self.redactor, OwnMessages(kernel))
            self.session_filter.install()
            _redact_process_output(self.redactor)
        # built meanwhile, rather than in the middle of the first output, or before the kernel
        # says it is ready; a kernel brings it forward once it answered kernel_info
        self.redactor.build_engine_in_background(
            delay=ENGINE_FALLBACK_S if kernel is not None else 0.5)

    def unload(self) -> None:
        self.guard.unregister(self.shell)
        if self.session_filter is not None:
            self.session_filter.uninstall()
        if self.history is not None:
            self.history.uninstall()
        if api.current_client() is self.client:
            api.use_client(None)


_extension: Optional[KernelExtension] = None
_fetched_before: Tuple[Tuple[str, str], ...] = ()
#: Started once per process: the descriptors stay redirected, each forwarding through the
#: redactor of the extension loaded last.
_fd_copies: List[RedactedCopy] = []


def _redact_identity_token(redactor: OutputRedactor) -> None:
    """The token a server gives its kernels is a credential too: `print(os.environ)` must not
    show it."""
    from jupyter_secrets.governance.identity import ENV_TOKEN

    token = os.environ.get(ENV_TOKEN)
    if token:
        redactor.add(ENV_TOKEN, token)


def _redact_process_output(redactor: OutputRedactor) -> None:
    if _fd_copies:
        for copy in _fd_copies:
            copy.redactor = redactor
        return
    _fd_copies.extend(redact_kernel_copies(redactor))


def load(shell: Any) -> None:
    global _extension
    if _extension is not None and _extension.shell is shell:
        return
    extension = KernelExtension(shell)
    for name, value in _fetched_before:  # a reload must not forget what to redact
        extension.redactor.add(name, value)
    extension.load()
    _extension = extension
    log.debug("jupyter_secrets kernel extension loaded")


def unload(shell: Any) -> None:
    global _extension, _fetched_before
    if _extension is not None and _extension.shell is shell:
        _extension.unload()
        _fetched_before = _extension.redactor.values.entries
        _extension = None


def current() -> Optional[KernelExtension]:
    return _extension
