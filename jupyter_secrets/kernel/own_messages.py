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
        info = _pristine_info(kernel)
        # IPython 9 ends its banner with a tip picked at random from its own list
        self._banners = _ipython_banners(kernel) if info is not None else frozenset()
        self._info = None if info is None else {k: v for k, v in info.items() if k != "banner"}

    def hold_no_output(self, msg_type: Optional[str], content: Any) -> bool:
        if not isinstance(content, dict):
            return False
        if msg_type == "status":
            return content.keys() == {"execution_state"} and content["execution_state"] in _STATES
        if msg_type == "kernel_info_reply":
            if self._info is None or content.get("banner") not in self._banners:
                return False
            return {k: v for k, v in content.items() if k != "banner"} == self._info
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


def _ipython_banners(kernel: Any) -> frozenset:
    """The banners IPython itself may write: its default one, alone or with one of its tips."""
    banner1 = kernel.shell.banner1
    try:
        from IPython.core import tips
        texts = [*tips._tips.get("random", ()), *tips._tips.get("every_year", {}).values()]
    except (ImportError, AttributeError):  # IPython 8: no tips
        texts = []
    return frozenset({banner1, *(f"{banner1}Tip: {text}\n" for text in texts)})
