"""Environments (e.g. `dev`, `prod`) namespace secrets; a server runs in exactly one.

By default all environments share the configured backend: the unprefixed environment (`dev`)
stores a secret under its own name, so `%secret` outside a server and other tools see it; every
other environment stores it as `<env>.<NAME>`. An environment listed in
`Environments.backends` gets a backend of its own (e.g. prod in AWS) and plain names there.
Nothing here reads another environment's values: the server and its broker only ever open the
current one, and `jupyter-secrets diff` compares names.
"""
from __future__ import annotations

import copy
import os
import re
from typing import Any, Dict, List, Optional, Sequence

from traitlets import Dict as DictTrait
from traitlets import List as ListTrait
from traitlets import TraitError, Unicode, default, validate
from traitlets.config import Config, Configurable

from ..backends.base import BackendError, SecretBackend, SecretInfo, check_name

ENV_VAR = "JUPYTER_SECRETS_ENV"
ENV_NAME = re.compile(r"[a-z][a-z0-9_-]{0,31}")


class Environments(Configurable):
    """Which environment this process works in, and how environments are kept apart."""

    current = Unicode(help="The environment this server (or command) works in. Default: "
                           "$JUPYTER_SECRETS_ENV, else the unprefixed environment.").tag(config=True)
    unprefixed = Unicode("dev", help="The environment whose secrets keep their plain names in "
                                     "the shared backend.").tag(config=True)
    names = ListTrait(Unicode(), default_value=["dev", "prod"],
                      help="The environments in use; names of other environments are hidden "
                           "from each one.").tag(config=True)
    backends = DictTrait(
        key_trait=Unicode(), value_trait=DictTrait(),
        help="A backend of its own per environment, as config sections, e.g. {'prod': "
             "{'SecretStore': {'backend': 'aws'}, 'AwsSecretsManager': {'region_name': "
             "'eu-west-1'}}}.").tag(config=True)

    @default("current")
    def _default_current(self) -> str:
        return os.environ.get(ENV_VAR, "").strip() or self.unprefixed

    @validate("current", "unprefixed")
    def _check_name(self, proposal: Any) -> str:
        return check_env_name(proposal["value"], TraitError)

    def known(self) -> List[str]:
        return sorted(set(self.names) | set(self.backends) | {self.current, self.unprefixed})


def check_env_name(name: str, error: type = ValueError) -> str:
    if not isinstance(name, str) or not ENV_NAME.fullmatch(name):
        raise error(f"{name!r} is not a valid environment name: use 1 to 32 lowercase letters, "
                    "digits, '_' or '-', starting with a letter")
    return name


def open_backend(config: Config, env: Optional[str] = None) -> SecretBackend:
    """The backend view of `env` (default: the current one) under `config`."""
    from ..backends.registry import get_backend

    envs = Environments(config=config)
    env = check_env_name(env or envs.current)
    own = envs.backends.get(env)
    if own:
        merged = copy.deepcopy(config)
        merged.merge(Config(own))
        return get_backend(merged)
    shared = get_backend(config)
    others = [f"{name}." for name in envs.known() if name != env and name not in envs.backends]
    if env == envs.unprefixed:
        return NamespacedBackend(shared, env, prefix="", hidden=others)
    return NamespacedBackend(shared, env, prefix=f"{env}.", hidden=[])


class NamespacedBackend(SecretBackend):
    """One environment's view of a shared backend: names carry the environment's prefix."""

    def __init__(self, inner: SecretBackend, env: str, prefix: str, hidden: Sequence[str]):
        self.inner = inner
        self.env = env
        self.prefix = prefix
        self.hidden = tuple(hidden)
        self.name = inner.name
        self.read_only = inner.read_only
        self.reason = inner.reason

    def get(self, name: str, version: Optional[str] = None) -> str:
        return self.inner.get(self._full(name), version)

    def set(self, name: str, value: str) -> SecretInfo:
        return self._short(self.inner.set(self._full(name), value))

    def delete(self, name: str) -> None:
        self.inner.delete(self._full(name))

    def list(self) -> List[SecretInfo]:
        return [self._short(info) for info in self.inner.list() if self._mine(info.name)]

    def versions(self, name: str) -> List[SecretInfo]:
        return [self._short(info) for info in self.inner.versions(self._full(name))]

    def close(self) -> None:
        self.inner.close()

    def describe(self) -> str:
        where = self.inner.describe()
        return f"{where}, names prefixed {self.prefix!r}" if self.prefix else where

    def status(self) -> Dict[str, Any]:
        return self.inner.status()

    def _full(self, name: str) -> str:
        check_name(self.inner.name, name)
        if not self.prefix and name.startswith(self.hidden):
            raise OtherEnvironmentName(self.inner.name, f"{name!r} starts with another "
                                                        "environment's prefix",
                                       "choose a name without it, or run a server in that "
                                       "environment")
        return check_name(self.inner.name, self.prefix + name)

    def _mine(self, full: str) -> bool:
        if self.prefix:
            return full.startswith(self.prefix)
        return not full.startswith(self.hidden) if self.hidden else True

    def _short(self, info: SecretInfo) -> SecretInfo:
        if not self.prefix:
            return info
        return SecretInfo(info.name[len(self.prefix):], info.created, info.updated, info.version)


class OtherEnvironmentName(BackendError):
    """A name that reaches into another environment's secrets: refused, not a broken backend."""


def diff_names(a: SecretBackend, b: SecretBackend) -> Dict[str, List[str]]:
    """Names only in `a`, only in `b`, and in both. Values are never read."""
    names_a = {info.name for info in a.list()}
    names_b = {info.name for info in b.list()}
    return {"only_a": sorted(names_a - names_b), "only_b": sorted(names_b - names_a),
            "both": sorted(names_a & names_b)}
