"""The one Scanner the server's guards share, built from this installation's settings."""
from __future__ import annotations

from typing import Optional

from traitlets.config import Config

from ..config import ScanConfig, load_config
from ..detection.engine import Engine
from ..detection.scanner import Scanner
from ..fingerprint_key import load_fingerprint_key
from ..model import Fingerprinter
from .clean_texts import CleanTextCache
from .known_values import KnownValues, KnownValuesEngine


def build_scanner(server_config: Optional[Config] = None,
                  known: Optional[KnownValues] = None) -> Scanner:
    """The fingerprint key plus the ScanConfig of the Jupyter config files
    (``jupyter_secrets_config.*``), overridden by ``c.ScanConfig`` in ``server_config``.
    With ``known``, the scanner also finds the values this server's kernels fetched. Texts it
    found clean are not scanned again (``clean_texts``).

    Raises ConfigError, FingerprintKeyError, TraitError or ValueError (a bad allowlist regex);
    none of their messages holds a secret.
    """
    merged = load_config()
    if server_config is not None and "ScanConfig" in server_config:
        merged.merge(Config({"ScanConfig": server_config.ScanConfig}))
    allowlist = ScanConfig(config=merged).allowlist()
    engine = Engine(allowlist=allowlist)
    guarded = engine if known is None else KnownValuesEngine(engine, known)
    return Scanner(Fingerprinter(load_fingerprint_key()), allowlist=allowlist,
                   engine=CleanTextCache(guarded))
