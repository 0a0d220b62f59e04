"""The export guard: an nbconvert preprocessor that removes secrets from whatever is exported.

The server extension appends it to ``Exporter.preprocessors`` in the server's config, so every
``/nbconvert/<format>/<path>`` and ``POST /nbconvert/<format>`` export runs it, whatever the
file on disk holds. It runs after nbconvert's own preprocessors, when ExtractOutputPreprocessor
may already have moved outputs into ``resources["outputs"]``: those are cleaned too.

For ``jupyter nbconvert`` on the command line (nbconvert reads no ``.d`` config folders), add
to ``jupyter_nbconvert_config.py``::

    c.Exporter.preprocessors.append("jupyter_secrets.server.export.RedactSecretsPreprocessor")

Importing this module loads nbconvert and the detection engine, not the Jupyter server; the
server puts the guard into its config with ``export_config.py``, which loads neither.
"""
from __future__ import annotations

from typing import List

import nbformat
from nbconvert.preprocessors import Preprocessor
from traitlets import Instance, default

from ..detection.scanner import Scanner
from ..model import Finding
from ..redaction import redact_notebook
from .documents import bytes_document
from .export_config import PREPROCESSOR, ServerLink, install_export_guard  # noqa: F401 (API)
from .scanning import build_scanner

class RedactSecretsPreprocessor(Preprocessor):
    """Replaces every secret in sources, outputs, metadata and extracted output files."""

    server = Instance(ServerLink, allow_none=True,
                      help="Set by the server extension; None on the command line.").tag(config=True)
    scanner = Instance(Scanner, help="The scanner: the server's, else this installation's own.")

    @default("enabled")
    def _enabled_default(self) -> bool:
        return True

    @default("scanner")
    def _scanner_default(self) -> Scanner:
        if self.server is not None and self.server.scanner is not None:
            return self.server.scanner()
        return build_scanner()

    def preprocess(self, nb, resources):
        path = _notebook_name(resources)
        findings: List[Finding] = redact_notebook(nb, self.scanner, path)
        findings.extend(self._clean_extracted(resources, path))
        if findings:
            message = f"Removed {len(findings)} secret(s) from the export of {path}."
            self.log.info("jupyter-secrets: %s (rules: %s)", message,
                          ", ".join(sorted({f.rule for f in findings})))
            if self.server is not None and self.server.notify is not None:
                self.server.notify("export-stripped", path, findings, message)
        # the redaction put plain dicts where it rewrote metadata: give templates nodes again
        return nbformat.from_dict(nb), resources

    def _clean_extracted(self, resources, path: str) -> List[Finding]:
        outputs = resources.get("outputs") or {}
        findings: List[Finding] = []
        for name, data in list(outputs.items()):
            if not isinstance(data, (bytes, bytearray)):
                continue
            cleaned = {}
            document = bytes_document(bytes(data), f"{path}:{name}", self.scanner,
                                      lambda new: cleaned.__setitem__("data", new))
            if document is None or not document.pieces:
                continue
            findings.extend(document.redact({"source", "output", "metadata"}))
            outputs[name] = cleaned["data"]
        return findings


def _notebook_name(resources) -> str:
    metadata = (resources or {}).get("metadata") or {}
    name = metadata.get("name") or "notebook"
    return name if name.endswith(".ipynb") else name + ".ipynb"
