"""Find the backends (entry points) and pick the one the configuration asks for.

`get_backend()` is what the kernel extension, the server and the CLI call.
"""
from __future__ import annotations

import logging
import os
from importlib.metadata import entry_points
from typing import Dict, List, Optional, Type

from traitlets import Unicode, default
from traitlets.config import Config, Configurable

from .base import BackendError, SecretBackend

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "jupyter_secrets.backends"
ENV_BACKEND = "JUPYTER_SECRETS_BACKEND"

#: The built-in backends, used as they are when the package's entry points are not installed
#: (running from a source tree); installed entry points take precedence.
BUILTIN_BACKENDS = {
    "keyring": "jupyter_secrets.backends.os_keyring:KeyringBackend",
    "local": "jupyter_secrets.backends.local:LocalStore",
    "aws": "jupyter_secrets.backends.aws:AwsSecretsManager",
    "vault": "jupyter_secrets.backends.vault:VaultBackend",
    "env": "jupyter_secrets.backends.env:EnvBackend",
}


class SecretStore(Configurable):
    """Which backend holds the secrets."""

    backend = Unicode(help="Where secrets live: 'auto' (the OS keyring when the keyring package "
                           "has a usable backend, else the encrypted local store), 'keyring', "
                           "'local', 'aws', 'vault', 'env', or a backend another package registers "
                           "in the 'jupyter_secrets.backends' entry point group. Default: "
                           "$JUPYTER_SECRETS_BACKEND, else 'auto'.").tag(config=True)

    @default("backend")
    def _default_backend(self) -> str:
        return os.environ.get(ENV_BACKEND, "").strip() or "auto"


def backend_names() -> List[str]:
    """Every backend name that can be configured, sorted."""
    return sorted(_targets())


def backend_class(name: str) -> Type[SecretBackend]:
    """The class registered under `name`; a clear BackendError if none or if it fails to load."""
    targets = _targets()
    if name not in targets:
        raise BackendError("config", f"unknown backend {name!r}",
                           f"set c.SecretStore.backend to one of: auto, {', '.join(sorted(targets))}")
    try:
        cls = targets[name].load() if hasattr(targets[name], "load") else _load_path(targets[name])
    except Exception as e:  # a broken plugin must not take the others down
        log.debug("loading backend %s failed", name, exc_info=True)
        raise BackendError(name, f"the backend could not be loaded ({type(e).__name__}: {e})",
                           "reinstall the package that provides it") from None
    if not (isinstance(cls, type) and issubclass(cls, SecretBackend)):
        raise BackendError(name, "the entry point does not name a SecretBackend subclass",
                           "fix the package that registers it")
    return cls


def get_backend(config: Optional[Config] = None) -> SecretBackend:
    """The configured backend, ready to use, with `.reason` saying why it was chosen.

    With no `config`, the user's `jupyter_secrets_config.{json,py}` files on the Jupyter config
    path are read.
    """
    if config is None:
        config = load_user_config()
    choice = SecretStore(config=config).backend
    if choice != "auto":
        backend = _instantiate(choice, config)
        backend.reason = f"configured: c.SecretStore.backend = {choice!r}"
        return backend
    keyring_backend = _instantiate("keyring", config)
    usable, why = keyring_backend.availability()  # type: ignore[attr-defined]
    if usable:
        keyring_backend.reason = f"auto: {why}"
        return keyring_backend
    local = _instantiate("local", config)
    local.reason = f"auto: {why}; using the encrypted local store"
    log.info("secrets backend: %s", local.reason)
    return local


def load_user_config() -> Config:
    """The settings in the user's `jupyter_secrets_config.{json,py}` files (Jupyter config path)."""
    from jupyter_secrets.config import ConfigError, load_config

    try:
        return load_config()
    except ConfigError as e:
        raise BackendError("config", str(e), "fix or remove the file") from None


def _instantiate(name: str, config: Config) -> SecretBackend:
    cls = backend_class(name)
    if issubclass(cls, Configurable):
        return cls(config=config)
    return cls()


def _targets() -> Dict[str, object]:
    targets: Dict[str, object] = dict(BUILTIN_BACKENDS)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        targets[ep.name] = ep
    return targets


def _load_path(target: object) -> object:
    import importlib

    module_name, _, attr = str(target).partition(":")
    return getattr(importlib.import_module(module_name), attr)
