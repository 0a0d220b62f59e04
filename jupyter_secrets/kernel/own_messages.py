"""Messages the kernel sends about itself, whose content no code has written into: they need
no detection engine, so the kernel can answer that it is ready before the engine is built.

Only exact contents count: a status message holding one of the fixed states, and a
``kernel_info_reply`` equal to the one the kernel gave when the extension loaded, before any
cell ran, with IPython's own banner and ipykernel's own help links (config may change those,
and whatever the config says is detected as usual). Anything else, or anything changed since,
is redacted in full. Fetched values are redacted from every message regardless.
"""
from __future__ import annotations

import copy
import logging
from typing import Any, Optional

log = logging.getLogger(__name__)

_STATES = frozenset({"starting", "busy", "idle"})


class OwnMessages:
    def __init__(self, kernel: Any):
        self._info = _pristine_info(kernel)

    def hold_no_output(self, msg_type: Optional[str], content: Any) -> bool:
        if not isinstance(content, dict):
            return False
        if msg_type == "status":
            return content.keys() == {"execution_state"} and content["execution_state"] in _STATES
        if msg_type == "kernel_info_reply":
            return self._info is not None and content == self._info
        return False


def _pristine_info(kernel: Any) -> Optional[dict]:
    """The kernel's reply to ``kernel_info_request``, if only the kernel's own code wrote it."""
    try:
        from IPython.core.usage import default_banner

        shell = kernel.shell
        if getattr(shell, "execution_count", None) != 1:  # a cell ran: it may have changed it
            return None
        if shell.banner1 != default_banner or shell.banner2 or shell.profile != "default":
            return None
        if kernel.help_links != kernel.trait_defaults("help_links"):
            return None
        return copy.deepcopy({"status": "ok", **kernel.kernel_info})
    except Exception:  # another kernel or version: its reply is redacted in full
        log.debug("kernel_info of this kernel is redacted in full", exc_info=True)
        return None
