"""Scan settings shared by the command line and the server: one traitlets Configurable.

Set them in ``jupyter_secrets_config.json`` or ``jupyter_secrets_config.py`` in any Jupyter config
directory (``jupyter --paths``), e.g. ``c.ScanConfig.exclude = ["data/"]``, or in a file given
with ``--config``.
"""
from __future__ import annotations

import json
import os
from typing import Optional

from traitlets import List, TraitError, Unicode
from traitlets.config import Config, Configurable
from traitlets.config.loader import ConfigFileNotFound, JSONFileConfigLoader, PyFileConfigLoader

from .config_files import CONFIG_BASENAME, ConfigError, config_files

__all__ = ["CONFIG_BASENAME", "ConfigError", "ScanConfig", "load_config", "load_scan_config"]


class ScanConfig(Configurable):
    """What to skip when scanning notebooks and files for secrets."""

    allowlist_regexes = List(
        Unicode(),
        help="RE2 regular expressions; a finding whose secret or line matches one is not reported.",
    ).tag(config=True)

    allowlist_paths = List(
        Unicode(),
        help="Glob patterns of paths whose findings are not reported (the files are still read).",
    ).tag(config=True)

    disabled_rules = List(
        Unicode(),
        help="Rule ids that never report (see the rule list in the README).",
    ).tag(config=True)

    exclude = List(
        Unicode(),
        help=("Gitignore-style patterns of files and folders that are not scanned when walking "
              "folders, relative to each folder given; they also apply to files named directly."),
    ).tag(config=True)

    def allowlist(self):
        """The detection engine's Allowlist for these settings."""
        from jupyter_secrets.detection.scanner import Allowlist

        return Allowlist(regexes=list(self.allowlist_regexes), paths=list(self.allowlist_paths),
                         rules=list(self.disabled_rules))


def load_config(extra_file: Optional[str] = None) -> Config:
    """Merge the config files on the Jupyter config path (lowest priority first), then extra_file."""
    merged = Config()
    for path in config_files(extra_file):
        merged.merge(_load_file(path))
    return merged


def load_scan_config(extra_file: Optional[str] = None) -> ScanConfig:
    """A ScanConfig built from the config files; raises ConfigError naming the bad file."""
    config = load_config(extra_file)
    try:
        return ScanConfig(config=config)
    except TraitError as e:
        raise ConfigError(f"invalid ScanConfig setting: {e}") from None


def _load_file(path: str) -> Config:
    directory, name = os.path.split(os.path.abspath(path))
    if name.endswith(".json"):
        loader = JSONFileConfigLoader(name, directory)
    elif name.endswith(".py"):
        loader = PyFileConfigLoader(name, directory)
    else:
        raise ConfigError(f"{path}: a config file must end in .json or .py")
    try:
        return loader.load_config()
    except ConfigFileNotFound:
        raise ConfigError(f"{path}: config file not found") from None
    except json.JSONDecodeError as e:
        raise ConfigError(f"{path}: invalid JSON at line {e.lineno} column {e.colno}: {e.msg}") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror}") from None
    except Exception as e:  # a Python config file can raise anything; report it, never crash
        raise ConfigError(f"{path}: error while loading: {type(e).__name__}: {e}") from None
