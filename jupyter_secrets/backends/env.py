"""Read-only secrets from environment variables, for CI and batch jobs fed by their platform."""
from __future__ import annotations

import os
from typing import List, NoReturn, Optional

from traitlets import List as ListTrait
from traitlets import Unicode

from .base import BackendError, ConfigurableBackend, SecretInfo, SecretNotFound, check_name, is_valid_name

BACKEND = "env"


class EnvBackend(ConfigurableBackend):
    """`get("NAME")` reads the variable `<prefix>NAME`; nothing can be written."""

    name = BACKEND
    read_only = True

    prefix = Unicode("", help="Prefix of the variables that hold secrets: with 'JS_', the secret "
                              "'TOKEN' is read from $JS_TOKEN.").tag(config=True)
    names = ListTrait(Unicode(), help="If not empty, only these secrets can be read. With no "
                                      "prefix and no names, list() shows nothing, since every "
                                      "variable would be a candidate.").tag(config=True)

    def describe(self) -> str:
        where = f"variables starting with {self.prefix!r}" if self.prefix else "variables"
        return f"environment {where} (read-only)"

    def get(self, name: str, version: Optional[str] = None) -> str:
        check_name(BACKEND, name)
        if version is not None:
            raise BackendError(BACKEND, "environment variables have no versions",
                               "ask for the current value without a version")
        if self.names and name not in self.names:
            raise SecretNotFound(name, BACKEND, hint="it is not in c.EnvBackend.names")
        value = os.environ.get(self.prefix + name)
        if not value:
            raise SecretNotFound(name, BACKEND, hint=f"set the environment variable "
                                                     f"{self.prefix + name} where the kernel starts")
        return value

    def list(self) -> List[SecretInfo]:
        if self.names:
            candidates = self.names
        elif self.prefix:
            candidates = [k[len(self.prefix):] for k in os.environ if k.startswith(self.prefix)]
        else:
            candidates = []
        return [SecretInfo(name) for name in sorted(set(candidates))
                if os.environ.get(self.prefix + name) and is_valid_name(name)]

    def set(self, name: str, value: str) -> NoReturn:
        self._read_only("set")

    def delete(self, name: str) -> NoReturn:
        self._read_only("delete")

    def _read_only(self, action: str) -> NoReturn:
        raise BackendError(BACKEND, f"the environment backend is read-only: cannot {action} a secret",
                           "change the variable where the job is configured, or choose a writable "
                           "backend with c.SecretStore.backend")

