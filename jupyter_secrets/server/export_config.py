"""Puts the export guard into a server's nbconvert config, without importing nbconvert.

The preprocessor itself (``export.py``) loads nbconvert and its HTML stack, which a server pays
for only when something is exported; the config names it by its import path.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Optional, Sequence

from traitlets.config import Config
from traitlets.config.loader import LazyConfigValue

if TYPE_CHECKING:
    from ..detection.scanner import Scanner
    from ..model import Finding

PREPROCESSOR = "jupyter_secrets.server.export.RedactSecretsPreprocessor"

Notify = Callable[[str, str, Sequence["Finding"], str], object]


class ServerLink:
    """What the server hands the preprocessor through its config: how to get its scanner (which
    raises when the server has none, so exports fail closed) and where to tell about
    redactions. Config values are deep-copied; this one is shared instead (the scanner holds
    compiled patterns)."""

    def __init__(self, scanner: Optional[Callable[[], "Scanner"]] = None,
                 notify: Optional[Notify] = None):
        self.scanner = scanner
        self.notify = notify

    def __deepcopy__(self, memo) -> "ServerLink":
        return self

    def __copy__(self) -> "ServerLink":
        return self


def install_export_guard(config: Config, scanner: Optional[Callable[[], "Scanner"]] = None,
                         notify: Optional[Notify] = None) -> None:
    """Appends the preprocessor to every exporter's list in ``config`` (the server's), keeping
    what is configured already; a more specific ``c.HTMLExporter.preprocessors`` gets it too.

    Call it once before the server shares its config with the extensions (they copy it) and
    again when the scanner exists: the link to the server is one object, filled in place, so
    every copy of the config sees the scanner.
    """
    sections = {"Exporter"} | {name for name, section in config.items()
                               if name.endswith("Exporter") and isinstance(section, Config)
                               and "preprocessors" in section}
    for name in sorted(sections):
        section = config[name]
        current = section.get("preprocessors", [])
        if isinstance(current, LazyConfigValue):  # `c.Exporter.preprocessors.append(...)`
            if PREPROCESSOR not in current.get_value([]):
                current.append(PREPROCESSOR)
        elif PREPROCESSOR not in current and not any(_is_preprocessor_class(p) for p in current):
            section.preprocessors = list(current) + [PREPROCESSOR]
    link = config.RedactSecretsPreprocessor.get("server")
    if not isinstance(link, ServerLink):
        link = config.RedactSecretsPreprocessor.server = ServerLink()
    if scanner is not None:
        link.scanner = scanner
    if notify is not None:
        link.notify = notify


def _is_preprocessor_class(entry) -> bool:
    """The class itself in the list (configured in Python): it can only be there if export.py
    was imported, so this looks for it without importing it."""
    return (isinstance(entry, type) and entry.__name__ == "RedactSecretsPreprocessor"
            and entry.__module__ == "jupyter_secrets.server.export")
