"""What the kernel may show: secret values and plaintext keys replaced by a redaction marker."""
from __future__ import annotations

import logging
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait
from typing import Any, Callable, List, Optional, Tuple

from traitlets import Bool, Int, Unicode
from traitlets.config import Configurable

from .binary import redact_payload
from .value_set import ValueSet

log = logging.getLogger(__name__)

#: Mimetypes whose payload is base64 of binary data: searched as bytes for fetched values only,
#: since rule-based detection on megabytes of image data finds nothing but noise.
_BINARY_PREFIXES = ("image/", "audio/", "video/", "font/")
_BINARY_TYPES = frozenset({"application/pdf", "application/octet-stream", "application/zip"})

#: Characters from which an output's values are searched beside the engine's scan, on a
#: thread of their own: below, handing the work over costs more than it saves.
PARALLEL_FROM = 256 * 1024


def is_binary_mimetype(key: str) -> bool:
    if key in _BINARY_TYPES:
        return True
    return key.startswith(_BINARY_PREFIXES) and not key.endswith(("+xml", "+json"))


class OutputRedactor(Configurable):
    """Replaces every fetched secret value, in each of its common encodings, and every key the
    detection engine finds, in all that the kernel sends."""

    marker = Unicode("", help="Text that replaces a secret in outputs. Empty: "
                              "'[REDACTED:NAME]', with the secret's name, or the detection "
                              "rule's id for a key found in an output.").tag(config=True)
    detect_keys = Bool(True, help="Also redact plaintext keys that the detection engine finds "
                                  "in outputs, even if they were never fetched as secrets."
                       ).tag(config=True)
    min_length = Int(4, help="Values and encoded forms shorter than this are not redacted: "
                             "a very short value would mask unrelated output everywhere."
                     ).tag(config=True)

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._lock = threading.Lock()
        self.values = ValueSet(marker=self.marker_for, min_length=self.min_length)
        self._engine: Optional[Any] = None
        self._engine_failed = False
        self._building: Optional[threading.Timer] = None
        self._build_due = 0.0
        self._build_began = threading.Event()

    def marker_for(self, name: str) -> str:
        return self.marker or f"[REDACTED:{name}]"

    def add(self, name: str, value: str) -> None:
        """Redact `value` from now on. Readers on other threads keep the set they hold."""
        if len(value) < self.min_length:
            log.warning("the secret %s is shorter than %s characters: it is not redacted in "
                        "outputs (c.OutputRedactor.min_length)", name, self.min_length)
            return
        with self._lock:  # held for no I/O, so no sender can ever wait on it for long
            self.values = self.values.with_value(name, value)

    def redact_text(self, text: str) -> str:
        if self.detect_keys and len(text) >= PARALLEL_FROM and len(self.values):
            engine = self.engine()
            if engine is not None:
                return self._redact_in_parallel(text, engine)[0]
        text = self.values.redact(text)
        if self.detect_keys and text:
            text = self._redact_detected(text)
        return text

    def redact_text_while(self, text: str, meanwhile: Callable[[], Any]) -> Tuple[str, Any]:
        """``(redact_text(text), meanwhile())``, with ``meanwhile`` run on this thread while the
        values and the engine search ``text`` on two others: for a long output, the work
        that can be done before the search is over (the message's serialisation)."""
        return self._redact_in_parallel(text, self.engine() if self.detect_keys else None,
                                        meanwhile)

    def _redact_in_parallel(self, text: str, engine: Any,
                            meanwhile: Optional[Callable[[], Any]] = None) -> Tuple[str, Any]:
        """What `redact_text` gives (and what ``meanwhile`` gave, run on this thread), with
        the values and the engine searched on two other threads: both spend most of their
        time in Hyperscan, which releases the GIL. The engine scans the text as it is; where
        values are found, its scan is not used and it scans again what is left once they
        are replaced, as one after the other it would."""
        values = self.values
        threads = parallel_search()
        search = threads.submit(values.spans, text) if len(values) else None
        scan = threads.submit(engine.scan, text) if engine is not None else None
        try:
            ahead = meanwhile() if meanwhile is not None else None
        finally:
            # every search over, whatever failed: a search's failure is the redaction's
            wait([future for future in (search, scan) if future is not None])
        matches = scan.result() if scan is not None else []
        spans = search.result() if search is not None else []
        if spans:
            return self._redact_detected(values.redact(text, spans)), ahead
        return self._marked(text, matches), ahead

    def redact_values_only(self, text: str) -> str:
        return self.values.redact(text)

    def redact_binary(self, payload: Any) -> Any:
        return redact_payload(self.values, payload)

    def redact_content(self, content: Any, redact: Optional[Callable[[str], str]] = None) -> Any:
        """A copy of a message's content (dicts, lists, strings) with every string redacted;
        binary mimetypes are searched as bytes for fetched values. Unchanged parts are shared,
        not copied."""
        return _walk(content, redact or self.redact_text, self.redact_binary)

    # -- keys the engine finds -----------------------------------------------------------

    def build_engine_in_background(self, delay: float = 0.5) -> None:
        """Builds the engine in a thread once `delay` seconds have passed, so that neither
        loading the extension nor the build (which would compete for the GIL) delays the
        kernel's start; an output or cell that needs it earlier builds it at once. A build
        planned for later and not begun yet is brought forward."""
        if self._engine is not None or self._build_began.is_set():
            return
        if self._building is not None:
            if self._build_due <= time.monotonic() + delay:
                return
            self._building.cancel()
        self._build_due = time.monotonic() + delay
        self._building = threading.Timer(delay, self._build_in_background)
        self._building.name = "jupyter-secrets-engine"
        self._building.daemon = True
        self._building.start()

    def _build_in_background(self) -> None:
        self._build_began.set()
        engine = self.engine()
        if engine is not None:
            try:  # what a first long output would otherwise wait for
                engine.prepare_large_scans()
            except Exception:  # noqa: BLE001 - the first long output reads it then
                log.debug("preparing the engine for long outputs failed", exc_info=True)

    def engine(self) -> Optional[Any]:
        """The detection engine, built once, with the user's allowlist; None if it cannot be
        built (values are still redacted then)."""
        building = self._building
        if (self._engine is None and building is not None and building.is_alive()
                and building is not threading.current_thread()):
            building.cancel()  # not started yet: build here and now, else wait for it
            # its writes to a stream only queue the text, so waiting here cannot deadlock
            building.join()
        if self._engine is None and not self._engine_failed:
            # no lock here: this runs inside Session.send, and a thread that held a lock while
            # building could flush a stream and wait for the sender forever; two threads
            # building at once is merely wasteful
            engine = self._build_engine()
            self._engine_failed = engine is None
            self._engine = engine
        return self._engine

    @staticmethod
    def _build_engine() -> Optional[Any]:
        try:
            from jupyter_secrets.config import ConfigError, load_scan_config
            from jupyter_secrets.detection.engine import Engine
        except Exception as e:
            _engine_unavailable(e)
            return None
        try:
            allowlist = load_scan_config().allowlist()
        except ConfigError as e:
            log.warning("jupyter-secrets config ignored by the kernel: %s", e)
            allowlist = None
        try:
            return Engine(allowlist=allowlist)
        except Exception as e:
            _engine_unavailable(e)
            return None

    def _redact_detected(self, text: str) -> str:
        engine = self.engine()
        if engine is None:
            return text
        return self._marked(text, engine.scan(text))

    def _marked(self, text: str, matches: List[Any]) -> str:
        if not matches:
            return text
        from jupyter_secrets.redaction import output_marker, redact_text

        return redact_text(text, matches, marker=lambda rule_id: self.marker or output_marker(rule_id))


_parallel: Optional[ThreadPoolExecutor] = None
_parallel_pid = 0
_parallel_lock = threading.Lock()


def parallel_search() -> ThreadPoolExecutor:
    """The two threads that search long outputs (values on one, the engine on the other, while
    the sender waits or serialises the message); new ones in a forked child, where the
    parent's threads do not run."""
    global _parallel, _parallel_pid
    with _parallel_lock:  # guards no I/O
        if _parallel is None or _parallel_pid != os.getpid():
            _parallel = ThreadPoolExecutor(max_workers=2,
                                           thread_name_prefix="jupyter-secrets-search")
            _parallel_pid = os.getpid()
        return _parallel


def _engine_unavailable(error: Exception) -> None:
    log.warning("jupyter-secrets: plaintext keys are not detected in this kernel (the detection "
                "engine failed: %s); fetched secret values are still redacted",
                type(error).__name__)
    log.debug("detection engine failure", exc_info=True)


def _walk(node: Any, redact: Callable[[str], str], binary: Callable[[Any], Any]) -> Any:
    if isinstance(node, str):
        return redact(node)
    if isinstance(node, dict):
        changed = {}
        for key, value in node.items():
            if isinstance(key, str) and is_binary_mimetype(key):
                new = binary(value)
            else:
                new = _walk(value, redact, binary)
            if new is not value:
                changed[key] = new
        return {**node, **changed} if changed else node
    if isinstance(node, (list, tuple)):
        items: List[Any] = [_walk(item, redact, binary) for item in node]
        if any(new is not old for new, old in zip(items, node)):
            return type(node)(items)
        return node
    return node
