"""Texts the guards' scanner found nothing in, remembered by keyed digest so they are not
scanned again: an autosave of a large notebook changes a cell or two, and only those are read.

Only clean verdicts are kept; a text with a finding is scanned every time (its findings carry
positions and fingerprints). A verdict holds for the text itself, whatever its place: the engine
reads nothing but the text. It is forgotten when anything else the engine's answer depends on
changes: the scanner is rebuilt (a new cache comes with it), or the kernels fetch a value the
known-values search must find from then on (its generation moves). A digest is SHA-256 of a
random per-process key and the text's UTF-8 bytes, so a verdict can only be reused for the very
same text, and nothing of a text is kept. Whole files (downloads) and the cells of a save
request (each by its JSON text in the request's body: ``save_body``) are kept the same way, by
keyed BLAKE3 (another random key; megabytes at a time, where it is twice as fast), each digest
apart by its kind.
"""
from __future__ import annotations

import hashlib
import secrets
import threading
from collections import OrderedDict
from typing import List, Sequence

import blake3

#: Clean verdicts kept (about 150 bytes each): a 10 MB notebook holds about 2,300 texts.
MAX_ENTRIES = 1 << 15


class CleanTextCache:
    """Wraps the guards' engine: ``scan`` and ``scan_many`` skip texts already found clean."""

    def __init__(self, engine, max_entries: int = MAX_ENTRIES):
        self.engine = engine
        self.max_entries = max_entries
        self._keyed = hashlib.sha256(secrets.token_bytes(32))
        # whole files and notebook cells, megabytes at a time: BLAKE3 in its keyed mode (a MAC)
        self._bulk_key = secrets.token_bytes(32)
        # apart from file and cell digests: the same bytes, another question
        self._text_keyed = self._keyed.copy()
        self._text_keyed.update(b"text\0")
        self._lock = threading.Lock()
        self._clean: "OrderedDict[bytes, None]" = OrderedDict()
        self._generation = self._current_generation()

    def __getattr__(self, name: str):  # rules, allowlist, known … of the wrapped engine
        if name.startswith("scan"):  # a way to scan this class does not know would skip the cache
            raise AttributeError(f"CleanTextCache does not wrap {name}")
        return getattr(self.engine, name)

    @property
    def entries(self) -> int:  # not __len__: an empty cache must not read as a missing engine
        return len(self._clean)

    def _current_generation(self):
        known = getattr(self.engine, "known", None)
        return None if known is None else known.generation

    def digest(self, text: str) -> bytes:
        keyed = self._text_keyed.copy()
        keyed.update(text.encode("utf-8", "surrogatepass"))
        return keyed.digest()

    # -- whole files (downloads) and a save's cells, by the guards that read them ------------
    @property
    def generation(self):
        """What a verdict taken now is valid for; give it back to ``note_clean``."""
        return self._current_generation()

    def file_digest(self, path: str, data: bytes) -> bytes:
        """The digest of a file's bytes as asked for by ``path`` (the name decides how it is
        read: allowlisted paths, notebooks)."""
        keyed = blake3.blake3(b"file\0" + path.encode("utf-8", "surrogatepass") + b"\0",
                              key=self._bulk_key)
        keyed.update(data)
        return keyed.digest()

    def cell_digest(self, data) -> bytes:
        """The digest of a notebook cell's JSON text (``data``: its UTF-8 bytes, or a view of
        them in the request body), wherever it sits: the same bytes are the same cell."""
        keyed = blake3.blake3(b"cell\0", key=self._bulk_key)
        keyed.update(data)
        return keyed.digest()

    def unseen(self, digests: Sequence[bytes]) -> List[int]:
        """The indices of the ``digests`` not found clean (all of them after the known values
        changed)."""
        generation = self._current_generation()
        with self._lock:
            if generation != self._generation:
                self._clean.clear()
                self._generation = generation
                return list(range(len(digests)))
            clean, todo = self._clean, []
            for index, digest in enumerate(digests):
                if digest in clean:
                    clean.move_to_end(digest)
                else:
                    todo.append(index)
            return todo

    def note_all_clean(self, digests: Sequence[bytes], generation) -> None:
        """Keeps clean verdicts taken under ``generation`` (read before the check)."""
        with self._lock:
            if self._generation == generation and generation == self._current_generation():
                for digest in digests:
                    self._clean[digest] = None
                while len(self._clean) > self.max_entries:
                    self._clean.popitem(last=False)

    def seen_clean(self, digest: bytes) -> bool:
        generation = self._current_generation()
        with self._lock:
            if generation != self._generation:
                self._clean.clear()
                self._generation = generation
                return False
            if digest in self._clean:
                self._clean.move_to_end(digest)
                return True
        return False

    def note_clean(self, digest: bytes, generation) -> None:
        """Keeps a clean verdict taken under ``generation`` (read before the check)."""
        self.note_all_clean((digest,), generation)

    def scan(self, text: str):
        return self.scan_many([text])[0] if text else []

    def scan_many(self, texts: Sequence[str]) -> List[list]:
        # read before the scan: a value noted meanwhile moves the generation, and a verdict
        # taken under the old one is then dropped, never trusted
        generation = self._current_generation()
        digests = [self.digest(text) for text in texts]
        with self._lock:
            if generation != self._generation:
                self._clean.clear()
                self._generation = generation
            todo = []
            for index, digest in enumerate(digests):
                if digest in self._clean:
                    self._clean.move_to_end(digest)
                else:
                    todo.append(index)
        results: List[list] = [[] for _ in texts]
        if not todo:
            return results
        found = self.engine.scan_many([texts[index] for index in todo])
        clean = []
        for index, matches in zip(todo, found):
            results[index] = matches
            if not matches:
                clean.append(digests[index])
        with self._lock:
            if self._generation == generation and generation == self._current_generation():
                for digest in clean:
                    self._clean[digest] = None
                while len(self._clean) > self.max_entries:
                    self._clean.popitem(last=False)
        return results
