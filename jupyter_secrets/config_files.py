"""Where the ``jupyter_secrets_config`` files are, found without loading traitlets.

The command line reads settings only when one of these files exists: a scan in a git filter or a
pre-commit hook starts once per run, and most machines have no such file.
"""
from __future__ import annotations

import os
from typing import List, Optional

CONFIG_BASENAME = "jupyter_secrets_config"


class ConfigError(Exception):
    """A config file is missing, malformed or sets a value of the wrong type."""


def config_files(extra_file: Optional[str] = None) -> List[str]:
    """The config files to read, lowest priority first: the Jupyter config path, then extra_file."""
    from jupyter_core.paths import jupyter_config_path

    found = []
    for directory in reversed(jupyter_config_path()):
        for ext in (".json", ".py"):
            path = os.path.join(directory, CONFIG_BASENAME + ext)
            if os.path.isfile(path):
                found.append(path)
    if extra_file:
        if not os.path.isfile(extra_file):
            raise ConfigError(f"{extra_file}: config file not found")
        found.append(extra_file)
    return found
