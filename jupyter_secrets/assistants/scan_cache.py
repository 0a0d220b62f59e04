"""What the model guard found in a text, remembered for the next request that carries it.

A chat sends its whole history, and the notebook with it, on every turn: the same long texts
come back request after request. Their matches (rule and span, never the text or the secret)
are kept by a keyed digest of the text (a random key per process), for as long as the engine
and the set of values its kernels fetched stay the same: a value fetched since is searched for
in every text again.
"""
from __future__ import annotations

import hashlib
import secrets
import threading
from collections import OrderedDict
from typing import Any, List, Sequence, Tuple

from ..detection.engine import Match

#: Shorter texts are scanned again: the digest would cost about what the scan does.
MIN_CHARS = 1024
#: Texts remembered at most (a few hundred turns of a long chat).
MAX_ENTRIES = 4096

_Span = Tuple[Any, int, int, Any, bool]  # rule, start, end, encoding, normalised


class ScanCache:
    def __init__(self, max_entries: int = MAX_ENTRIES, min_chars: int = MIN_CHARS):
        self.max_entries = max_entries
        self.min_chars = min_chars
        self._key = secrets.token_bytes(32)
        self._lock = threading.Lock()
        self._entries: "OrderedDict[bytes, Tuple[tuple, List[_Span]]]" = OrderedDict()
        self.hits = self.misses = 0

    def over(self, engine) -> "CachedEngine":
        return CachedEngine(engine, self)

    def _digest(self, text: str) -> bytes:
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), key=self._key,
                               digest_size=32).digest()

    def get(self, digest: bytes, generation: tuple):
        with self._lock:
            entry = self._entries.get(digest)
            if entry is None or entry[0] != generation:
                self.misses += 1
                return None
            self._entries.move_to_end(digest)
            self.hits += 1
            return entry[1]

    def put(self, digest: bytes, generation: tuple, spans: List[_Span]) -> None:
        with self._lock:
            self._entries[digest] = (generation, spans)
            self._entries.move_to_end(digest)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)


class CachedEngine:
    """An engine's ``scan``/``scan_many`` through the cache; everything else is the engine's."""

    def __init__(self, engine, cache: ScanCache):
        self.engine = engine
        self.cache = cache

    def __getattr__(self, name: str):
        return getattr(self.engine, name)

    def _generation(self) -> tuple:
        known = getattr(self.engine, "known", None)
        return (id(self.engine), len(known) if known is not None else 0)

    def scan(self, text: str) -> List[Match]:
        return self.scan_many([text])[0]

    def scan_many(self, texts: Sequence[str]) -> List[List[Match]]:
        generation = self._generation()
        results: List = [None] * len(texts)
        digests = {}
        todo = []
        for index, text in enumerate(texts):
            if len(text) >= self.cache.min_chars:
                digest = digests[index] = self.cache._digest(text)
                spans = self.cache.get(digest, generation)
                if spans is not None:
                    # ``secret`` is the matched text here (not the decoded form of an encoded
                    # match): the guard reads only rule, span and encoding of a rule's match
                    results[index] = [Match(rule, start, end, text[start:end], encoding, normalised)
                                      for rule, start, end, encoding, normalised in spans]
                    continue
            todo.append(index)
        if todo:
            many = getattr(self.engine, "scan_many", None)
            batch = [texts[i] for i in todo]
            found = many(batch) if many is not None else [self.engine.scan(t) for t in batch]
            for index, matches in zip(todo, found):
                results[index] = matches
                if index in digests:
                    self.cache.put(digests[index], generation, [
                        (m.rule, m.start, m.end, m.encoding, m.normalised) for m in matches])
        return results
