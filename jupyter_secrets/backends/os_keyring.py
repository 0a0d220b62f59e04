"""The OS keyring (Secret Service, macOS Keychain, Windows Credential Locker) via `keyring`.

A keyring stores values by (service, username) and cannot list them, so one extra item holds
an index: names, dates and version numbers, never a value. Older versions are kept as items
named `NAME@VERSION` (`@` is not allowed in secret names, nor is the index's name).
"""
from __future__ import annotations

import json
import logging
import os
import time
from typing import Any, Callable, ContextManager, Dict, List, Optional, Tuple, TypeVar

from jupyter_core.paths import jupyter_runtime_dir
from traitlets import Float, Int, Unicode, default

from .base import (BackendError, ConfigurableBackend, SecretInfo, SecretNotFound, check_name,
                   check_value, scrub)
from .files import backend_lock
from .keyring_detect import describe_keyring, detect_keyring, unusable_reason

log = logging.getLogger(__name__)

BACKEND = "keyring"
INDEX_ITEM = "@index"
USE_LOCAL = "or set c.SecretStore.backend = 'local' to use the encrypted local store"

T = TypeVar("T")


class KeyringBackend(ConfigurableBackend):
    """Secrets in the OS keyring of the user running Jupyter."""

    name = BACKEND

    service = Unicode("jupyter-secrets", help="Service name under which the secrets are kept in "
                                              "the OS keyring.").tag(config=True)
    keyring_class = Unicode("", help="Fully qualified keyring backend class, e.g. "
                                     "'keyring.backends.SecretService.Keyring'. Empty: keyring's "
                                     "own choice (its config file or PYTHON_KEYRING_BACKEND, else "
                                     "the best viable backend).").tag(config=True)
    max_versions = Int(5, help="How many versions of each secret to keep.").tag(config=True)
    lock_file = Unicode(help="Lock that serialises index updates between processes. Default: "
                             "<jupyter runtime dir>/jupyter-secrets-keyring.lock").tag(config=True)
    lock_timeout = Float(10.0, help="Seconds to wait for another process's update.").tag(config=True)

    @default("lock_file")
    def _default_lock_file(self) -> str:
        return os.path.join(jupyter_runtime_dir(), "jupyter-secrets-keyring.lock")

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._keyring: Optional[Any] = None

    def availability(self) -> Tuple[bool, str]:
        """(True, which keyring) if a usable OS keyring is there, else (False, why not)."""
        try:
            kr = self._ring()
        except BackendError as e:
            return False, e.message
        return True, f"the OS keyring ({describe_keyring(kr)}) is available"

    def describe(self) -> str:
        try:
            return f"OS keyring ({describe_keyring(self._ring())}), service {self.service!r}"
        except BackendError:
            return f"OS keyring, service {self.service!r}"

    # -- the interface ---------------------------------------------------------------------

    def get(self, name: str, version: Optional[str] = None) -> str:
        check_name(BACKEND, name)
        item = name
        if version is not None:
            entry = self._index().get(name)
            if entry is None:
                raise SecretNotFound(name, BACKEND)
            if str(version) not in [v["version"] for v in entry["versions"]]:
                raise SecretNotFound(name, BACKEND, str(version))
            if str(version) != entry["version"]:
                item = f"{name}@{version}"
        value = self._call(lambda kr: kr.get_password(self.service, item))
        if value is None:
            raise SecretNotFound(name, BACKEND, None if version is None else str(version))
        return value

    def set(self, name: str, value: str) -> SecretInfo:
        check_name(BACKEND, name)
        check_value(BACKEND, value)
        with self._lock():
            index = self._index()
            now = time.time()
            entry = index.get(name)
            if entry is not None and self.max_versions > 1:
                self._keep_old_version(name, entry["version"])
            self._call(lambda kr: kr.set_password(self.service, name, value), value)
            if entry is None:
                entry = index[name] = {"created": now, "version": "0", "versions": []}
            entry["version"] = str(int(entry["version"]) + 1)
            entry["updated"] = now
            entry["versions"].append({"version": entry["version"], "created": now})
            dropped = entry["versions"][:-self.max_versions]
            del entry["versions"][:-self.max_versions]
            self._save_index(index)
            for old in dropped:
                self._forget(f"{name}@{old['version']}")
        log.info("keyring: stored version %s of %s", entry["version"], name)
        return _info(name, entry)

    def delete(self, name: str) -> None:
        check_name(BACKEND, name)
        with self._lock():
            index = self._index()
            entry = index.pop(name, None)
            found = self._forget(name)
            if entry is None and not found:
                raise SecretNotFound(name, BACKEND)
            for old in (entry or {}).get("versions", []):
                self._forget(f"{name}@{old['version']}")
            self._save_index(index)
        log.info("keyring: deleted %s", name)

    def list(self) -> List[SecretInfo]:
        return [_info(name, entry) for name, entry in sorted(self._index().items())]

    def versions(self, name: str) -> List[SecretInfo]:
        check_name(BACKEND, name)
        entry = self._index().get(name)
        if entry is None:
            raise SecretNotFound(name, BACKEND)
        return [SecretInfo(name, created=v["created"], updated=v["created"], version=v["version"])
                for v in reversed(entry["versions"])]

    # -- internals -------------------------------------------------------------------------

    def _keep_old_version(self, name: str, version: str) -> None:
        old = self._call(lambda kr: kr.get_password(self.service, name))
        if old is not None:
            self._call(lambda kr: kr.set_password(self.service, f"{name}@{version}", old), old)

    def _forget(self, item: str) -> bool:
        from keyring.errors import PasswordDeleteError

        def delete(kr: Any) -> bool:
            try:
                kr.delete_password(self.service, item)
            except PasswordDeleteError:
                return False
            return True

        return self._call(delete)

    def _index(self) -> Dict[str, Dict[str, Any]]:
        raw = self._call(lambda kr: kr.get_password(self.service, INDEX_ITEM))
        if raw is None:
            return {}
        try:
            index = json.loads(raw)
            if not isinstance(index, dict) or not isinstance(index.get("secrets"), dict):
                raise ValueError("unexpected shape")
        except ValueError:
            raise BackendError(
                BACKEND, f"the index item {INDEX_ITEM!r} of service {self.service!r} is damaged",
                "delete it with your keyring tool; the secrets stay, but must be set again to be "
                "listed") from None
        return index["secrets"]

    def _save_index(self, secrets: Dict[str, Any]) -> None:
        text = json.dumps({"format": 1, "secrets": secrets}, sort_keys=True)
        self._call(lambda kr: kr.set_password(self.service, INDEX_ITEM, text))

    def _lock(self) -> ContextManager[None]:
        return backend_lock(BACKEND, self.lock_file, self.lock_timeout)

    def _ring(self) -> Any:
        if self._keyring is None:
            self._keyring = self._choose_ring()
        return self._keyring

    def _choose_ring(self) -> Any:
        if self.keyring_class:
            from keyring.core import load_keyring

            try:
                kr = load_keyring(self.keyring_class)
            except Exception as e:
                raise BackendError(BACKEND, f"cannot load keyring class {self.keyring_class!r}: {e}",
                                   "fix c.KeyringBackend.keyring_class " + USE_LOCAL) from None
            why = unusable_reason(kr)
        else:
            kr, why = detect_keyring()
            why = None if kr is not None else why
        if why:
            raise BackendError(BACKEND, why, "start or unlock your desktop keyring, " + USE_LOCAL)
        return kr

    def _call(self, op: Callable[[Any], T], value: Optional[str] = None) -> T:
        """Run one keyring call; every failure becomes one BackendError with a fix."""
        from keyring import errors

        kr = self._ring()
        try:
            return op(kr)
        except errors.KeyringLocked:
            raise BackendError(BACKEND, "the OS keyring is locked",
                               "unlock it (log in to the desktop, or run "
                               "`gnome-keyring-daemon --unlock`), " + USE_LOCAL) from None
        except errors.NoKeyringError:
            raise BackendError(BACKEND, "no usable OS keyring", USE_LOCAL) from None
        except Exception as e:  # dbus, Keychain and Windows errors vary; none should reach a cell
            message = scrub(str(e), value)
            log.debug("keyring call failed: %s: %s", type(e).__name__, message)
            raise BackendError(BACKEND, f"the OS keyring failed ({type(e).__name__}: {message})",
                               "check that the keyring daemon is running and unlocked, "
                               + USE_LOCAL) from None


def _info(name: str, entry: Dict[str, Any]) -> SecretInfo:
    return SecretInfo(name, created=entry.get("created"), updated=entry.get("updated"),
                      version=entry.get("version"))
