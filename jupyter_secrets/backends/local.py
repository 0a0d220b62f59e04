"""The embedded default backend: an AES-GCM encrypted store in the Jupyter data directory.

The data file holds names, dates and one ciphertext per kept version; the key lives in a
separate file (by default in the Jupyter config directory). Writes happen under an fcntl lock
and replace the file atomically, so concurrent kernels lose no write and a crash leaves the old
file. A store that cannot be parsed or decrypted is reported and never overwritten.
"""
from __future__ import annotations

import json
import logging
import os
import time
from typing import Any, ContextManager, Dict, List, Optional, Tuple

from jupyter_core.paths import jupyter_config_dir, jupyter_data_dir
from traitlets import Float, Int, Unicode, default, validate

from .base import BackendError, ConfigurableBackend, SecretInfo, SecretNotFound, check_name, check_value
from .files import backend_lock, private_dir, write_atomic
from .local_key import StoreKey, create_key, load_key

log = logging.getLogger(__name__)

BACKEND = "local"
FORMAT = 1
DATA_FILE = "store.json"
LOCK_FILE = "store.lock"

Doc = Dict[str, Any]


class LocalStore(ConfigurableBackend):
    """Encrypted secrets in a local file, for machines without a usable OS keyring."""

    name = BACKEND

    store_dir = Unicode(help="Directory of the encrypted store (data file and lock file). "
                             "Default: <jupyter data dir>/jupyter_secrets.").tag(config=True)
    key_file = Unicode(help="File holding the store's key, kept apart from the data. "
                            "Default: <jupyter config dir>/jupyter_secrets/local-store.key. "
                            "Whoever can read both files can read every secret.").tag(config=True)
    max_versions = Int(5, help="How many versions of each secret to keep (rotation and roll "
                               "back use the older ones).").tag(config=True)
    lock_timeout = Float(10.0, help="Seconds to wait for another process's write to finish "
                                    "before giving up.").tag(config=True)

    @default("store_dir")
    def _default_store_dir(self) -> str:
        return os.path.join(jupyter_data_dir(), "jupyter_secrets")

    @default("key_file")
    def _default_key_file(self) -> str:
        return os.path.join(jupyter_config_dir(), "jupyter_secrets", "local-store.key")

    @validate("max_versions")
    def _check_max_versions(self, proposal: Any) -> int:
        if proposal["value"] < 1:
            raise BackendError(BACKEND, "c.LocalStore.max_versions must be at least 1")
        return proposal["value"]

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._cache: Optional[Tuple[Tuple[int, int, int], Doc]] = None
        self._key: Optional[StoreKey] = None

    @property
    def data_file(self) -> str:
        return os.path.join(self.store_dir, DATA_FILE)

    def describe(self) -> str:
        return f"encrypted local store in {self.store_dir}"

    # -- reading ---------------------------------------------------------------------------

    def get(self, name: str, version: Optional[str] = None) -> str:
        check_name(BACKEND, name)
        doc = self._read()
        entry = doc["secrets"].get(name)
        if entry is None:
            raise SecretNotFound(name, BACKEND)
        chosen = _pick_version(entry, version)
        if chosen is None:
            raise SecretNotFound(name, BACKEND, version)
        key = self._key_for(doc)
        value = key.open(name, chosen["version"], chosen["sealed"])
        if value is None:
            raise BackendError(BACKEND, f"the secret {name!r} in {self.data_file} cannot be "
                                        "decrypted: it was altered or sealed with another key",
                               "restore the store or its key from a backup, or set it again")
        return value

    def list(self) -> List[SecretInfo]:
        doc = self._read()
        if doc["secrets"]:
            self._key_for(doc)  # a store whose key is gone is not healthy, even for names
        return [_info(name, entry) for name, entry in sorted(doc["secrets"].items())]

    def versions(self, name: str) -> List[SecretInfo]:
        check_name(BACKEND, name)
        entry = self._read()["secrets"].get(name)
        if entry is None:
            raise SecretNotFound(name, BACKEND)
        return [SecretInfo(name, created=v["created"], updated=v["created"], version=v["version"])
                for v in reversed(entry["versions"])]

    # -- writing ---------------------------------------------------------------------------

    def set(self, name: str, value: str) -> SecretInfo:
        check_name(BACKEND, name)
        check_value(BACKEND, value)
        with self._write_lock():
            doc = self._read(use_cache=False)
            key = self._key_for(doc, create=True)
            now = time.time()
            entry = doc["secrets"].setdefault(name, {"created": now, "versions": []})
            previous = entry["versions"][-1]["version"] if entry["versions"] else "0"
            version = str(int(previous) + 1)
            entry["versions"].append({"version": version, "created": now,
                                      "sealed": key.seal(name, version, value)})
            del entry["versions"][:-self.max_versions]
            entry["updated"] = now
            doc["key_id"] = key.key_id
            self._write(doc)
        log.info("local store: stored version %s of %s", version, name)
        return _info(name, entry)

    def delete(self, name: str) -> None:
        check_name(BACKEND, name)
        with self._write_lock():
            doc = self._read(use_cache=False)
            if doc["secrets"].pop(name, None) is None:
                raise SecretNotFound(name, BACKEND)
            self._write(doc)
        log.info("local store: deleted %s", name)

    # -- internals -------------------------------------------------------------------------

    def _write_lock(self) -> ContextManager[None]:
        try:
            private_dir(self.store_dir)
        except OSError as e:
            raise BackendError(BACKEND, f"cannot create {self.store_dir}: {e.strerror}",
                               "set c.LocalStore.store_dir to a writable directory") from None
        return backend_lock(BACKEND, os.path.join(self.store_dir, LOCK_FILE), self.lock_timeout)

    def _read(self, use_cache: bool = True) -> Doc:
        path = self.data_file
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return {"format": FORMAT, "key_id": None, "secrets": {}}
        except OSError as e:
            raise BackendError(BACKEND, f"cannot read {path}: {e.strerror}") from None
        stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
        if use_cache and self._cache is not None and self._cache[0] == stamp:
            return self._cache[1]
        try:
            with open(path, "rb") as handle:
                doc = _parse(handle.read(), path)
        except OSError as e:
            raise BackendError(BACKEND, f"cannot read {path}: {e.strerror}") from None
        self._cache = (stamp, doc)
        return doc

    def _write(self, doc: Doc) -> None:
        self._cache = None
        try:
            write_atomic(self.data_file, json.dumps(doc, indent=1, sort_keys=True).encode("utf-8"))
        except OSError as e:
            raise BackendError(BACKEND, f"cannot write {self.data_file}: {e.strerror}",
                               "nothing was changed; free some space or fix the permissions") from None

    def _key_for(self, doc: Doc, create: bool = False) -> StoreKey:
        """The key matching the store; a missing key is created only for an empty store."""
        for _attempt in range(2):  # the key file may have changed since we cached it
            key = self._key or load_key(self.key_file)
            if key is None:
                if doc["secrets"] or doc.get("key_id"):
                    raise BackendError(
                        BACKEND, f"the key file {self.key_file} is missing, so the store in "
                                 f"{self.store_dir} cannot be read",
                        "restore the key file from a backup, or move the store away to start anew")
                if not create:
                    raise BackendError(BACKEND, "the store is empty and has no key yet")
                key = create_key(self.key_file)
            if doc.get("key_id") in (None, key.key_id):
                self._key = key
                return key
            self._key = None
        raise BackendError(BACKEND, f"the key file {self.key_file} does not match the store in "
                                    f"{self.store_dir}", "restore the matching key file; the store "
                                                        "was left untouched")


def _pick_version(entry: Doc, version: Optional[str]) -> Optional[Doc]:
    if version is None:
        return entry["versions"][-1]
    return next((v for v in entry["versions"] if v["version"] == str(version)), None)


def _info(name: str, entry: Doc) -> SecretInfo:
    return SecretInfo(name, created=entry["created"], updated=entry.get("updated", entry["created"]),
                      version=entry["versions"][-1]["version"])


def _parse(raw: bytes, path: str) -> Doc:
    """Load and check the data file; anything unexpected is reported, never repaired."""
    damaged = BackendError(BACKEND, f"the store file {path} is damaged",
                           "restore it from a backup or move it away; it was left untouched")
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise damaged from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("secrets"), dict):
        raise damaged
    for name, entry in doc["secrets"].items():
        if not _entry_ok(name, entry):
            raise damaged
    return doc


def _entry_ok(name: Any, entry: Any) -> bool:
    if not isinstance(entry, dict) or not isinstance(entry.get("versions"), list) or not entry["versions"]:
        return False
    if not isinstance(entry.get("created"), (int, float)):
        return False
    return all(isinstance(v, dict) and isinstance(v.get("version"), str)
               and isinstance(v.get("sealed"), str) and isinstance(v.get("created"), (int, float))
               for v in entry["versions"])
