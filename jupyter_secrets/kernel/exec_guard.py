"""Cells whose source holds a plaintext key: a warning, or a refusal to run them.

An IPython input transformer sees every cell before it runs; raising from it stops the cell
before any of its code executes, and IPython shows the error through `_render_traceback_`.
"""
from __future__ import annotations

import sys
from typing import Any, Callable, List, Optional, Sequence

from traitlets import Enum
from traitlets.config import Configurable

from .errors import one_line

ADVICE = ("store it with `%secret set NAME` (or in the Secrets panel) and read it with "
          "`%secret NAME` or `secret(\"NAME\")` instead")


class PlaintextKeyInCell(Exception):
    """A cell holds a plaintext key and ExecutionGuard.mode is 'block'."""


class ExecutionGuard(Configurable):
    """Checks each cell for plaintext keys before it runs."""

    mode = Enum(["warn", "block", "off"], default_value="warn",
                help="What happens when a cell about to run holds a plaintext key: 'warn' "
                     "prints one line and runs it, 'block' refuses to run it, 'off' does not "
                     "check.").tag(config=True)

    def __init__(self, engine: Callable[[], Optional[Any]], **kwargs: Any):
        super().__init__(**kwargs)
        self._engine = engine
        self._shell: Any = None
        self._last_warning: Optional[tuple] = None

    def register(self, shell: Any) -> None:
        self._shell = shell
        if self.transform not in shell.input_transformers_post:
            shell.input_transformers_post.append(self.transform)

    def unregister(self, shell: Any) -> None:
        if self.transform in shell.input_transformers_post:
            shell.input_transformers_post.remove(self.transform)

    def transform(self, lines: List[str]) -> List[str]:
        if self.mode == "off":
            return lines
        engine = self._engine()
        if engine is None:
            return lines
        text = "".join(lines)
        matches = engine.scan(text)
        if not matches:
            return lines
        where = describe(matches, text)
        if self.mode == "block":
            raise one_line(PlaintextKeyInCell(
                f"this cell holds a plaintext key ({where}) and was not run: {ADVICE}"))
        # ipykernel may transform a cell twice before running it: one warning per run
        run = (getattr(self._shell, "execution_count", None), hash(text))
        if run != self._last_warning:
            self._last_warning = run
            print(f"Warning: this cell holds a plaintext key ({where}): {ADVICE}.", file=sys.stderr)
        return lines


def describe(matches: Sequence[Any], text: str) -> str:
    """`rule on line N` for each match, never the key itself."""
    places = []
    for match in matches:
        place = f"{match.rule.id} on line {text.count(chr(10), 0, match.start) + 1}"
        if place not in places:
            places.append(place)
    shown = ", ".join(places[:3])
    return shown + (f" and {len(places) - 3} more" if len(places) > 3 else "")
