"""Options and set-up shared by the commands that scan: config, excludes, the scanner."""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Optional

import pathspec

from jupyter_secrets.config import ConfigError, ScanConfig, load_scan_config
from jupyter_secrets.detection.scanner import Scanner
from jupyter_secrets.fingerprint_key import FingerprintKeyError, load_fingerprint_key
from jupyter_secrets.model import Fingerprinter

from .discovery import compile_patterns


class UsageError(Exception):
    """Bad options, config or key: reported in one line, exit code 2."""


@dataclass
class ScanSetup:
    config: ScanConfig
    key: bytes
    scanner: Scanner
    exclude: Optional[pathspec.GitIgnoreSpec]


def add_config_arguments(parser: argparse.ArgumentParser, walks: bool = True) -> None:
    parser.add_argument("--config", metavar="FILE",
                        help="a jupyter_secrets_config .json or .py file, read after the ones on "
                             "the Jupyter config path")
    if walks:
        parser.add_argument("--exclude", metavar="GLOB", action="append", default=[],
                            help="gitignore-style pattern of paths not to scan (repeatable)")


def build(args: argparse.Namespace) -> ScanSetup:
    try:
        config = load_scan_config(args.config)
    except ConfigError as e:
        raise UsageError(str(e)) from None
    try:
        key = load_fingerprint_key()
    except FingerprintKeyError as e:
        raise UsageError(str(e)) from None
    try:
        allowlist = config.allowlist()
    except ValueError as e:  # a bad allowlist regex: the message names the pattern
        raise UsageError(f"config: {e}") from None
    scanner = Scanner(Fingerprinter(key), allowlist)
    patterns = list(config.exclude) + list(getattr(args, "exclude", None) or [])
    try:
        exclude = compile_patterns(patterns)
    except ValueError as e:
        raise UsageError(f"invalid exclude pattern: {e}") from None
    return ScanSetup(config, key, scanner, exclude)
