"""`%secret`: read a secret into a variable, store one without showing it, list them."""
from __future__ import annotations

import getpass
import keyword
import os
import shlex
from datetime import datetime
from typing import Any, List, Optional

from IPython.core.error import StdinNotImplementedError, UsageError
from IPython.core.magic import Magics, line_magic, magics_class
from traitlets import Unicode

from jupyter_secrets.backends.base import BackendError, SecretInfo, SecretNotFound

from .api import SecretClient
from .errors import one_line

USAGE = """\
%secret NAME [as VARIABLE] [--env]   put the secret NAME in a variable (and in os.environ)
%secret set NAME                     store a secret; its value is asked for without echo
%secret list                         names, versions and dates of the stored secrets"""


@magics_class
class SecretMagics(Magics):
    """The `%secret` line magic."""

    set_prompt = Unicode("Value of the secret {name} (input hidden): ",
                         help="Prompt of `%secret set NAME`; {name} is the secret's name."
                         ).tag(config=True)

    def __init__(self, shell: Any = None, client: Optional[SecretClient] = None, **kwargs: Any):
        super().__init__(shell=shell, **kwargs)
        self.client = client or SecretClient(parent=self)

    @line_magic
    def secret(self, line: str) -> None:
        """Secrets from the configured backend, never typed into the notebook.

        %secret NAME [as VARIABLE] [--env]   put the secret NAME in a variable (and in os.environ)
        %secret set NAME                     store a secret; its value is asked for without echo
        %secret list                         names, versions and dates of the stored secrets
        """
        words = _split(line)
        try:
            if words == ["list"]:
                self._list()
            elif len(words) == 2 and words[0] == "set":
                self._set(words[1])
            else:
                self._bind(words)
        except (SecretNotFound, BackendError) as e:
            raise one_line(e) from None

    def _bind(self, words: List[str]) -> None:
        to_env = "--env" in words
        words = [word for word in words if word != "--env"]
        if len(words) == 1:
            name = variable = words[0]
        elif len(words) == 3 and words[1] == "as":
            name, variable = words[0], words[2]
        else:
            raise UsageError(f"%secret: expected a secret's name.\n{USAGE}")
        self.client.checked(name)  # before any message repeats it: it may be a value
        if not variable.isidentifier() or keyword.iskeyword(variable):
            raise UsageError(f"%secret: {variable!r} is not a Python variable name; "
                             f"use `%secret {name} as some_name`")
        value = self.client.get(name)
        self.shell.user_ns[variable] = value
        if to_env:
            os.environ[name] = value

    def _set(self, name: str) -> None:
        # checked before the prompt, so nobody types a value that cannot be stored
        self.client.checked(name)
        backend = self.client.backend()
        if backend.read_only:
            raise BackendError(backend.name, f"the {backend.name} backend is read-only: {name} "
                                             "cannot be stored there",
                               "choose a writable backend with c.SecretStore.backend")
        try:
            value = getpass.getpass(self.set_prompt.format(name=name))
        except StdinNotImplementedError:
            raise UsageError(f"%secret set: this frontend cannot ask for input; store {name} "
                             f"from the Secrets panel or with `jupyter-secrets set {name}`") from None
        if not value:
            print(f"Nothing was stored: the value of {name} was empty.")
            return
        info = self.client.set(name, value)
        version = f" as version {info.version}" if info.version else ""
        print(f"Stored {name} in the {backend.name} backend{version}. "
              f"Read it with `%secret {name}`.")

    def _list(self) -> None:
        backend = self.client.backend()
        infos = self.client.list()
        if not infos:
            print(f"No secrets in the {backend.name} backend ({backend.describe()}) yet: add one "
                  f"with `%secret set NAME` or from the Secrets panel.")
            return
        print(f"{len(infos)} secret{'s' if len(infos) != 1 else ''} in the {backend.name} "
              f"backend ({backend.describe()}):")
        print(format_table(infos))


def format_table(infos: List[SecretInfo]) -> str:
    """Names and metadata in aligned columns; values are never part of a SecretInfo."""
    rows = [("name", "version", "updated", "created")]
    rows += [(i.name, i.version or "-", _when(i.updated), _when(i.created)) for i in infos]
    widths = [max(len(row[col]) for row in rows) for col in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()
                     for row in rows)


def _when(stamp: Optional[float]) -> str:
    return datetime.fromtimestamp(stamp).strftime("%Y-%m-%d %H:%M") if stamp else "-"


def _split(line: str) -> List[str]:
    try:
        return shlex.split(line)
    except ValueError as e:
        raise UsageError(f"%secret: {e}\n{USAGE}") from None


def load_ipython_extension(ipython: Any) -> None:
    """`%load_ext jupyter_secrets`, and the automatic load in kernels of an installation."""
    from .extension import load

    load(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    from .extension import unload

    unload(ipython)
