"""The secret values this server's kernels fetched, known to its guards by keyed fingerprints.

The broker hands values to kernels; a kernel may write one to a file, or an output may show a
form of it that its redaction missed. The save guard, `/files/` and `/nbconvert/` then see a
value the detection rules cannot recognise. So the broker notes every value it serves here,
as fingerprints of fixed-length windows of each cheap form (`jupyter_secrets.fragments`), and
the guards' engine finds those windows in what they check.

No plaintext is kept. Windows are 8 characters (one machine word), taken inside runs of token
characters. A text's token runs are found by RE2 and searched in one vectorised pass: every
window, read as a word, gets a keyed multiplicative hash (a random odd key per process) that is
looked up in a bitmap and a sorted table of the known windows' hashes; each hit is confirmed by
HMAC-SHA256 (a random key per process) of the window, so a crafted collision finds nothing.
"""
from __future__ import annotations

import functools
import hashlib
import itertools
import hmac
import secrets
import threading
from dataclasses import dataclass
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple

from .. import fragments
from ..detection.engine import Match
from ..detection.rule import Rule
from ..redaction import union_of_overlaps

#: The rule a known value is reported under (in findings, markers and the audit trail).
KNOWN_VALUE = Rule(id="kernel-fetched-secret",
                   description="a secret value a kernel of this server fetched from its broker",
                   pattern=r"\A\z", keywords=("\x00",))

#: Characters of the runs windows are taken from: what keys and their encodings are made of.
TOKEN_CHARS = frozenset(b"abcdefghijklmnopqrstuvwxyz0123456789+/=_-.~")
#: Bytes in the machine word a window is read as; windows are at most this long.
WORD = 8
#: Full-size windows are looked up at every STRIDE-th offset of a text (a quarter of the work);
#: the value's windows are kept at every offset, so aligned ones always exist.
STRIDE = 4
#: Characters two windows in a row cover: what the server needs to see of a long value.
EVIDENCE = WORD + STRIDE
#: The shortest run that surely holds two aligned windows in a row: a fragment this long of a
#: value of 16 characters or more never leaves through a guard.
FULL_EVIDENCE = EVIDENCE + STRIDE - 1
#: Token runs searched one by one; a text with more is searched whole.
_MAX_RUNS = 256
_MASK = (1 << 64) - 1


@dataclass(frozen=True)
class _Table:
    """The known windows of one length: hashes (sorted, for the vectorised lookup) and HMACs."""

    size: int
    hashes: object  # numpy uint64 array, sorted
    bitmap: object  # numpy bool array: do some known hashes have these high bits?
    bits: int
    digests: FrozenSet[bytes]


class KnownValues:
    """Fingerprints of the windows of every value noted. Safe to use from any thread: the
    tables are rebuilt on the first search after a change and swapped in whole."""

    def __init__(self) -> None:
        self._multiplier = secrets.randbits(64) | 1  # the rolling hash's key (odd: a bijection)
        self._key = secrets.token_bytes(32)  # the HMAC's key
        self._lock = threading.Lock()
        self._windows: Dict[int, Dict[int, bytes]] = {}  # size -> keyed hash -> HMAC
        self._seen: set = set()  # HMACs of whole values already noted
        self._tables: Optional[Tuple[_Table, ...]] = ()
        self._generation = 0

    def __len__(self) -> int:
        return len(self._seen)

    @property
    def generation(self) -> int:
        """Moves on each value noted, once a search would find it: a verdict taken under an
        older generation may have missed that value."""
        return self._generation

    def __bool__(self) -> bool:
        return bool(self._seen)

    def add(self, value: str) -> None:
        """Note a value the broker served (or stored); only its fingerprints are kept."""
        mark = self._digest(value.encode("utf-8", "surrogatepass"))
        if mark in self._seen or len(value) < fragments.MIN_FRAGMENT:
            return
        found: Dict[int, Dict[int, bytes]] = {}
        for window in fragments.windows(value, scaled=False):  # one length: one pass
            data = window.encode("ascii", "replace")[:WORD]
            if all(byte in TOKEN_CHARS for byte in data):  # texts are searched in token runs
                found.setdefault(len(data), {})[self._hash(data)] = self._digest(data)
        with self._lock:
            self._seen.add(mark)
            for size, table in found.items():
                self._windows.setdefault(size, {}).update(table)
            self._tables = None  # built again on the next search: a burst of reads builds once
            self._generation += 1  # after the tables are dropped: whoever sees it searches anew

    def tables(self) -> Tuple[_Table, ...]:
        tables = self._tables
        if tables is None:
            with self._lock:
                if self._tables is None:
                    self._tables = tuple(_table(size, table)
                                         for size, table in sorted(self._windows.items()))
                tables = self._tables
        return tables

    def spans(self, text: str) -> List[Tuple[int, int]]:
        """Where windows of known values stand in `text`, merged; empty when none is known."""
        if not self._seen or not text:
            return []
        tables = self.tables()
        if not tables:
            return []
        found: List[Tuple[int, int]] = []
        for table in tables:
            shortest = table.size if table.size < WORD else FULL_EVIDENCE
            runs = list(itertools.islice(_runs(shortest).finditer(text), _MAX_RUNS + 1))
            if not runs:  # the common case, and the fast one: no bytes are even copied
                continue
            if len(runs) > _MAX_RUNS:
                places = [(0, _folded(text))]
            else:
                places = [(run.start(), _folded(run.group(0))) for run in runs]
            for start, piece in places:
                spans = _merged(self._search(piece, table))
                # one window alone may be chance in a long base64 text: full-size windows count
                # from two in a row; a short value's window counts alone
                found += [(start + left, start + right) for left, right in
                          (_widened(piece, span) for span in spans
                           if table.size < WORD or span[1] - span[0] >= EVIDENCE)]
        return _merged(found)

    def matches(self, text: str) -> List[Match]:
        return [Match(KNOWN_VALUE, start, end, text[start:end]) for start, end in self.spans(text)]

    # -- hashing -------------------------------------------------------------------------------

    def _digest(self, data: bytes) -> bytes:
        return hmac.new(self._key, data, hashlib.sha256).digest()

    def _hash(self, data: bytes) -> int:
        """The window as the vectorised search hashes it: its bytes as a little-endian word,
        times the key, modulo 2**64."""
        return (int.from_bytes(data, "little") * self._multiplier) & _MASK

    def _search(self, data: bytes, table: _Table) -> List[Tuple[int, int]]:
        """Places of known windows in `data` that start at a multiple of STRIDE."""
        import numpy as np

        size = table.size
        padded = data + bytes(WORD)
        mask = np.uint64((1 << (8 * size)) - 1) if size < WORD else None
        multiplier = np.uint64(self._multiplier)
        shift = np.uint64(64 - table.bits)
        offsets = range(0, WORD, STRIDE) if size == WORD else range(WORD)
        hits = []
        for offset in offsets:  # the words at offset, offset + 8, …
            count = (len(data) - offset) // WORD + 1
            if count <= 0:
                continue
            words = np.frombuffer(padded, dtype="<u8", count=count, offset=offset)
            if mask is not None:
                words = words & mask
            keyed = words * multiplier
            maybe = np.flatnonzero(table.bitmap[keyed >> shift])
            if not len(maybe):
                continue
            keyed = keyed[maybe]
            at = np.minimum(np.searchsorted(table.hashes, keyed), len(table.hashes) - 1)
            hits.append(offset + WORD * maybe[table.hashes[at] == keyed])
        found = []
        for place in np.concatenate(hits).tolist() if hits else ():
            window = data[place:place + size]
            if len(window) == size and self._digest(window) in table.digests:
                found.append((place, place + size))
        return found


def _table(size: int, table: Dict[int, bytes]) -> _Table:
    import numpy as np

    hashes = np.array(sorted(table), dtype=np.uint64)
    # high bits index a small bitmap (it stays in cache): about one window in 32 goes on to
    # the exact lookup, one in 2**64 of those to the HMAC
    bits = min(20, max(12, (len(hashes) * 32).bit_length()))
    bitmap = np.zeros(1 << bits, dtype=bool)
    bitmap[(hashes >> np.uint64(64 - bits)).astype(np.int64)] = True
    return _Table(size, hashes, bitmap, bits, frozenset(table.values()))


@functools.lru_cache(maxsize=8)
def _runs(size: int):
    import re2

    return re2.compile(r"[A-Za-z0-9+/=_.~-]{%d,}" % size)


def _folded(text: str) -> bytes:
    """One byte per character (offsets hold), ASCII letters lowercased, and every byte outside
    the token characters made a zero byte, which no window of a value holds."""
    return text.encode("ascii", "replace").translate(_FOLDED_TOKENS)


_FOLDED_TOKENS = bytes(byte if byte in TOKEN_CHARS else 0
                       for byte in bytes(range(256)).lower())


def _widened(data: bytes, span: Tuple[int, int]) -> Tuple[int, int]:
    """A found place, grown by up to STRIDE - 1 token characters on each side: what aligned
    windows may have left of the fragment around them."""
    left, right = span
    for _ in range(STRIDE - 1):
        if left > 0 and data[left - 1]:
            left -= 1
        if right < len(data) and data[right]:
            right += 1
    return left, right


def _merged(spans: List[Tuple[int, int]]) -> List[Tuple[int, int]]:
    spans.sort()
    merged: List[Tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


class KnownValuesEngine:
    """A detection engine that also reports the known values: what the guards' Scanner runs, so
    the save guard, downloads, exports and the spans API all see them."""

    def __init__(self, engine, known: KnownValues):
        self.engine = engine
        self.known = known

    def __getattr__(self, name: str):  # rules, allowlist, compile_all … of the wrapped engine
        if name.startswith("scan"):  # a way to scan this class does not know would skip values
            raise AttributeError(f"KnownValuesEngine does not wrap {name}")
        return getattr(self.engine, name)

    def scan(self, text: str) -> List[Match]:
        return self._with_known(text, self.engine.scan(text))

    def scan_many(self, texts: Sequence[str]) -> List[List[Match]]:
        many = getattr(self.engine, "scan_many", None)
        found = many(texts) if many is not None else [self.engine.scan(t) for t in texts]
        return [self._with_known(text, matches) for text, matches in zip(texts, found)]

    def _with_known(self, text: str, found: List[Match]) -> List[Match]:
        if not self.known:
            return found
        known = self.known.matches(text)
        if not known:
            return found
        return union_of_overlaps(found + known, text)
