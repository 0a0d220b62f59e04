"""Options and set-up shared by the commands that scan: config, excludes, the scanner.

Settings are read with traitlets only when a config file exists, and gitignore patterns are
compiled only when there are some: a scan of one file must start fast.
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any, List, Optional

from jupyter_secrets.config_files import ConfigError, config_files
from jupyter_secrets.detection.allowlist import Allowlist
from jupyter_secrets.detection.scanner import Scanner
from jupyter_secrets.fingerprint_key import FingerprintKeyError, load_fingerprint_key
from jupyter_secrets.model import Fingerprinter

from .errors import UsageError

__all__ = ["ScanSetup", "UsageError", "add_config_arguments", "build"]


@dataclass
class ScanSetup:
    key: bytes
    scanner: Scanner
    exclude: Optional[Any]  # a pathspec.GitIgnoreSpec, or None: nothing excluded


def add_config_arguments(parser: argparse.ArgumentParser, walks: bool = True) -> None:
    parser.add_argument("--config", metavar="FILE",
                        help="a jupyter_secrets_config .json or .py file, read after the ones on "
                             "the Jupyter config path")
    if walks:
        parser.add_argument("--exclude", metavar="GLOB", action="append", default=[],
                            help="gitignore-style pattern of paths not to scan (repeatable)")


def _settings(extra_file: Optional[str]):
    """(allowlist, exclude patterns) from the config files; defaults when there are none."""
    if not config_files(extra_file):
        return Allowlist(), []
    from jupyter_secrets.config import load_scan_config

    config = load_scan_config(extra_file)
    return config.allowlist(), list(config.exclude)


def build(args: argparse.Namespace) -> ScanSetup:
    try:
        allowlist, patterns = _settings(args.config)
    except ConfigError as e:
        raise UsageError(str(e)) from None
    except ValueError as e:  # a bad allowlist regex: the message names the pattern
        raise UsageError(f"config: {e}") from None
    try:
        key = load_fingerprint_key()
    except FingerprintKeyError as e:
        raise UsageError(str(e)) from None
    scanner = Scanner(Fingerprinter(key), allowlist)
    patterns: List[str] = patterns + list(getattr(args, "exclude", None) or [])
    exclude = None
    if any(p.strip() for p in patterns):
        from .discovery import compile_patterns

        try:
            exclude = compile_patterns(patterns)
        except ValueError as e:
            raise UsageError(f"invalid exclude pattern: {e}") from None
    return ScanSetup(key, scanner, exclude)
