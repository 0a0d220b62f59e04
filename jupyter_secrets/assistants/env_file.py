"""A home for the keys Jupyter AI keeps in the workspace ``.env`` file: the secret store.

Jupyter AI 3 (its Jupyternaut persona, ``EnvSecretsManager``) writes the provider keys a person
enters in its settings to ``.env`` at the server's root through the contents manager, and reads
the file back through the contents manager every two seconds, applying it to the server's
``os.environ`` with python-dotenv, where its model clients read the keys. The save guard would
refuse such a save (a plaintext key), so its settings could not be kept.

With this home, a save of that ``.env`` (from Jupyter AI, the editor or an upload) stores each
value that is a key in the secret store, under the variable's name, and writes a reference in
its place: ``OPENAI_API_KEY="jupyter-secrets:OPENAI_API_KEY"``. Whoever saves expects the file
to be saved and the key to work, so the save goes through rather than being refused; it is
refused (and nothing written) only when a key cannot be stored, with a message that says why.
Where Jupyter AI applies the file to the environment, each reference is replaced by its value,
in the server process only: the value is never on disk in plain nor sent to the browser, which
reads the file with its references. A reference resolves only to a secret granted to the file
(a save grants it the keys it stored), so writing ``X="jupyter-secrets:OTHER"`` into ``.env``
reads no secret the file was not given.
"""
from __future__ import annotations

import base64
import binascii
import logging
import os
from dataclasses import dataclass
from io import StringIO
from typing import Any, Callable, Iterable, List, Optional, Tuple

from dotenv.parser import parse_stream
from tornado.web import HTTPError
from traitlets import List as ListTrait
from traitlets import Unicode
from traitlets.config import LoggingConfigurable

from ..governance.grants import NOTEBOOK
from ..governance.identity import Workload
from ..governance.names import checked_name

#: What a value that lives in the secret store is written as in ``.env``.
REFERENCE = "jupyter-secrets:"
#: Words in a variable's name that make its value a secret, whatever it looks like (Jupyter AI
#: lists variables with the first three as secrets).
SECRET_WORDS = ("KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL")
#: The settings key under which Jupyter AI's Jupyternaut keeps its secrets manager.
JUPYTER_AI_SECRETS = "jupyternaut.secrets_manager"
#: The file Jupyter AI reads (at the server's root).
JUPYTER_AI_ENV = ".env"

log = logging.getLogger(__name__)


class EnvFileRefused(HTTPError):
    """A ``.env`` save whose keys cannot be stored; the message never holds a value."""

    def __init__(self, path: str, why: str, status_code: int = 503):
        super().__init__(status_code, f"Not saved: {path}: {why}. The file was left as it was.")


def reference_of(value: Optional[str]) -> Optional[str]:
    """The secret name a ``.env`` value refers to, or None for a plain value."""
    if value and value.startswith(REFERENCE) and len(value) > len(REFERENCE):
        return value[len(REFERENCE):]
    return None


def is_secret_entry(name: str, value: str, engine: Any) -> bool:
    """A value to keep in the store: its name says it is a secret, or the detector sees one."""
    if not value or reference_of(value) is not None:
        return False
    return any(word in name.upper() for word in SECRET_WORDS) or bool(engine.scan(value))


@dataclass
class Rewritten:
    text: str
    stored: List[str]


def rewrite(text: str, store: Callable[[str, str], None], engine: Any) -> Rewritten:
    """``text`` (a ``.env`` file) with each secret value stored and replaced by its reference;
    comments, other variables and the layout are kept."""
    out, stored = [], []
    for binding in parse_stream(StringIO(text)):
        original = binding.original.string
        if binding.error or binding.key is None or binding.value is None or \
                not is_secret_entry(binding.key, binding.value, engine):
            out.append(original)
            continue
        store(binding.key, binding.value)
        stored.append(binding.key)
        body = original.lstrip()
        lead, trail = original[:len(original) - len(body)], "\n" if body.endswith("\n") else ""
        export = "export " if body.startswith("export ") else ""
        out.append(f'{lead}{export}{binding.key}="{REFERENCE}{binding.key}"{trail}')
    return Rewritten("".join(out), stored)


class EnvFileHome(LoggingConfigurable):
    """Keeps the keys of the workspace ``.env`` in the secret store (see the module's doc)."""

    mode = Unicode("auto", help=(
        "'auto': when Jupyter AI's secrets manager runs in this server; 'store': always; "
        "'off': never (a .env file with a key is then refused like any other file)."),
    ).tag(config=True)

    paths = ListTrait(Unicode(), default_value=[".env"], help=(
        "The .env files (relative to the server's root) whose keys go to the secret store; "
        "Jupyter AI reads .env at the root.")).tag(config=True)

    def __init__(self, governance: Callable[[], Any], engine: Callable[[], Any],
                 settings: Optional[dict] = None, known: Any = None, **kwargs):
        super().__init__(**kwargs)
        self._governance = governance
        self._engine = engine
        self._settings = settings if settings is not None else {}
        #: the server's known values (`KnownValues`): the keys of .env are put in the server's
        #: environment, which its kernels inherit, so every guard that knows fetched values
        #: (saves, downloads, what agents and models are sent) knows these too
        self._known = known

    @property
    def active(self) -> bool:
        if self.mode == "store":
            return True
        return self.mode == "auto" and self._settings.get(JUPYTER_AI_SECRETS) is not None

    def handles(self, path: str) -> bool:
        return path.strip("/") in {p.strip("/") for p in self.paths} and self.active

    # -- saving ----------------------------------------------------------------------------
    def before_save(self, model: dict, path: str) -> None:
        """Called by the save guard before it scans a save: a ``.env`` model's keys go to the
        store and the model holds references. Raises `EnvFileRefused` when a key cannot be
        stored (nothing is written then)."""
        path = path.strip("/")
        if model.get("type") != "file" or model.get("content") is None or not self.handles(path):
            return
        text, encode = _text_of(model)
        if text is None:
            return  # not text: the save guard decides
        gov = self._governance()
        if gov is None:
            raise EnvFileRefused(path, "the secret store is not set up in this server, so its "
                                       "keys have no place to go")

        def store(name: str, value: str) -> None:
            self._note(value)
            try:
                checked_name(gov.backend.name, name)
            except ValueError:
                raise EnvFileRefused(path, "a variable's name cannot be a secret name (use "
                                           "letters, digits and _)", 422) from None
            try:
                current = _current(gov, name)
                if current is None:
                    gov.set_secret(name, value, notebook=path)  # a new secret: granted to it
                elif current == value:  # whoever saves knows the value: the file may read it
                    gov.grant(name, NOTEBOOK, path, why="kept from this .env file")
                elif _granted_to(gov, name, path):
                    gov.set_secret(name, value)  # a new version of the file's own key
                else:
                    raise _Overwrite
            except _Overwrite:
                raise EnvFileRefused(path, (
                    f"the secret store already holds {name} for other notebooks, and a save of "
                    f"this file does not replace it: to use it here, write "
                    f'{name}="{REFERENCE}{name}" and grant it with `jupyter-secrets grant {name} '
                    f"{path}`; to keep another key, give the variable another name"), 409) from None
            except Exception as error:  # a backend's message names the backend, not the value
                raise EnvFileRefused(path, f"the secret store could not keep its keys "
                                           f"({type(error).__name__})") from None

        rewritten = rewrite(text, store, self._engine())
        if rewritten.stored:
            encode(rewritten.text)
            log.info("jupyter-secrets: %s: %d key(s) kept in the secret store (%s); the file "
                     "holds references", path, len(rewritten.stored), ", ".join(rewritten.stored))

    # -- reading ---------------------------------------------------------------------------
    def resolve(self, name: str, path: str = JUPYTER_AI_ENV) -> str:
        """The value a reference in ``path`` stands for, for this server process: only a secret
        granted to that file (as those its saves stored are), so that writing a reference
        reads no secret that is not granted to it. Audited like a kernel's read."""
        gov = self._governance()
        if gov is None:
            raise LookupError("the secret store is not set up in this server")
        reader = Workload(kernel_id="", paths=(path,), user="jupyter-ai")
        value = gov.read_for(reader, name)[0]
        self._note(value)
        return value

    def _note(self, value: str) -> None:
        if self._known is not None:
            self._known.add(value)

    def resolve_environ(self, names: Iterable[str]) -> None:
        """Replaces each reference among ``os.environ[name]`` by its value; a reference that
        cannot be resolved is removed, so no model client sends it as a key."""
        for name in names:
            secret = reference_of(os.environ.get(name))
            if secret is None:
                continue
            try:
                os.environ[name] = self.resolve(secret)
            except Exception as error:  # AccessDenied, SecretNotFound: no value in the message
                os.environ.pop(name, None)
                # what follows the prefix is written by hand: it may be a value, not a name
                shown = _shown_name(secret)
                log.warning("jupyter-secrets: %s in .env refers to the secret %s, which cannot "
                            "be read for it (%s: grant it to .env with `jupyter-secrets grant "
                            "%s .env`); it is unset", _shown_name(name), shown,
                            type(error).__name__, shown)

    def attach_jupyter_ai(self) -> bool:
        """Resolves references where Jupyter AI applies ``.env`` to the environment (its
        secrets manager's ``_apply_dotenv``). False when it is not running here or has no such
        method (a version whose reading is not known)."""
        manager = self._settings.get(JUPYTER_AI_SECRETS)
        apply = getattr(manager, "_apply_dotenv", None)
        if manager is None or not callable(apply) or getattr(apply, "_resolves", False):
            if manager is not None and not callable(apply):
                log.warning("jupyter-secrets: this Jupyter AI reads .env in a way it does not "
                            "know; keys kept in the secret store will not reach it")
            return False
        from dotenv import dotenv_values

        def apply_and_resolve(content: str) -> None:
            apply(content)
            self.resolve_environ(dotenv_values(stream=StringIO(content)))

        apply_and_resolve._resolves = True  # type: ignore[attr-defined]
        manager._apply_dotenv = apply_and_resolve
        # a .env applied before this ran (the first tick of its watcher) holds references
        self.resolve_environ(getattr(manager, "_dotenv_env", {}) or {})
        return True


class _Overwrite(Exception):
    """A save would replace a secret that is not this file's."""


def _granted_to(gov: Any, name: str, path: str) -> bool:
    return any(g.kind == NOTEBOOK and g.target == path for g in gov.scope(name))


def _current(gov: Any, name: str) -> Optional[str]:
    if name not in {info.name for info in gov.backend.list()}:
        return None
    return gov.backend.get(name)


def _text_of(model: dict) -> Tuple[Optional[str], Callable[[str], None]]:
    """A file model's text and how to write a new text back in the same format."""
    content = model["content"]
    if not isinstance(content, str):
        return None, lambda _text: None
    if model.get("format") == "base64":
        try:
            text = base64.b64decode("".join(content.split()), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return None, lambda _text: None

        def write_base64(new: str) -> None:
            model["content"] = base64.b64encode(new.encode("utf-8")).decode("ascii")
        return text, write_base64

    def write_text(new: str) -> None:
        model["content"] = new
    return content, write_text


def _shown_name(text: str) -> str:
    """`text` where it is a secret name, else a stand-in: a log line never shows a value."""
    try:
        return checked_name("env-file", text)
    except ValueError:
        return "<not a secret name>"
