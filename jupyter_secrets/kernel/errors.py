"""Errors a cell shows as one clear line instead of a traceback."""
from __future__ import annotations

from typing import List, TypeVar

E = TypeVar("E", bound=BaseException)


def one_line(error: E) -> E:
    """Makes IPython show `error` as `Type: message` alone (its `_render_traceback_` protocol);
    the type is kept, so code can still catch it as before."""
    line = f"{type(error).__name__}: {error}"

    def render() -> List[str]:
        return [line]

    error._render_traceback_ = render  # type: ignore[attr-defined]
    return error


class MagicUsageError(ValueError):
    """A `%secret` line that cannot be understood."""
