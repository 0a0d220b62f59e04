"""The download guard's decisions: which files may leave through ``/files/`` and in what form.

Notebooks and text files that hold a plaintext secret are redacted (or refused, by config);
sensitive artifacts such as model weights are refused unless a pattern allows them: by name (of
the path asked for and of the file it resolves to, links followed) and by content (the headers
of weight formats, ``artifacts``). A text file found clean is not scanned again until it
changes: the verdict is kept by device, inode, size, modification and change times, the name
asked for and the scanner's rule set, for files whose times had settled when they were read
(no same-size rewrite in the same clock tick can keep them). What is sent is always the bytes
that were checked. The HTTP side is in ``files_handler``.
"""
from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from typing import Callable, NamedTuple, Optional, Tuple

import pathspec
from tornado.web import HTTPError
from traitlets import Bool, Enum, Float, Int, List, Unicode, observe
from traitlets.config import LoggingConfigurable

from ..detection.scanner import Scanner
from ..detection.text_decoding import detect_text
from .artifacts import artifact_kind
from .documents import bytes_document
from .errors import describe
from .notices import GuardNotices

REDACT, REFUSE = "redact", "refuse"

#: Model weights and other large trained artifacts: data that should not leave by a click.
DEFAULT_ARTIFACTS = [
    "*.safetensors", "*.pt", "*.pth", "*.ckpt", "*.gguf", "*.onnx",
    "pytorch_model*.bin", "**/model/**/*.bin", "**/models/**/*.bin", "**/checkpoints/**/*.bin",
    "**/checkpoint-*/**/*.bin", "**/weights/**/*.bin",
]
#: Bytes read to tell text from binary.
SNIFF_BYTES = _SNIFF = 8192
#: Clean verdicts kept (about 200 bytes each).
_CACHE_ENTRIES = 4096


class Served(NamedTuple):
    """The bytes a text download sends: the very bytes checked, redacted or as they were."""

    data: bytes
    redacted: bool
    modified: float  # the file's modification time, for the Last-Modified header


#: What ``review_file(known_only=...)`` gives for a file it did not read (too large, or an
#: artifact to refuse with a notice): the worker thread does it all.
NOT_KNOWN = object()


class Unscanned(NamedTuple):
    """A text file's bytes, read and digested but not cleared yet: what a scan then decides."""

    data: bytes
    stat: os.stat_result
    verdict: Tuple  # its key by the file's times (``_verdict_key``)
    settled: bool  # the file's times had settled when it was read: the verdict may be kept
    generation: object  # the known values' generation read before the digest
    digest: Optional[bytes]


class DownloadRefused(HTTPError):
    def __init__(self, message: str):
        super().__init__(403, message, reason="Download refused")


def _spec(patterns) -> pathspec.GitIgnoreSpec:
    return pathspec.GitIgnoreSpec.from_lines([p.lower() for p in patterns])


class DownloadGuard(LoggingConfigurable):
    """What a download through ``/files/`` may carry."""

    secrets_policy = Enum(
        [REDACT, REFUSE], default_value=REDACT,
        help=("A notebook or text file holding a plaintext secret is served with the secrets "
              "replaced ('redact', the default) or not at all ('refuse')."),
    ).tag(config=True)

    sensitive_artifacts = List(
        Unicode(), default_value=DEFAULT_ARTIFACTS,
        help=("Gitignore-style patterns (relative to the server root, case-insensitive) of "
              "files whose download through /files/ and the contents API is refused: by "
              "default model weight formats."),
    ).tag(config=True)

    allowed_artifacts = List(
        Unicode(),
        help="Patterns of sensitive artifacts that may be downloaded anyway (e.g. 'public/**').",
    ).tag(config=True)

    max_scan_bytes = Int(
        256 * 1024 * 1024,
        help=("Text files up to this size are checked before they are served; a larger text "
              "file is refused, since it could not be checked (binary files are served)."),
    ).tag(config=True)

    sensitive_by_content = Bool(
        True,
        help=("Also refuse files whose content is a model-weight format (safetensors, GGUF, "
              "ONNX, PyTorch, pickle, Keras/HDF5, TensorFlow Lite), whatever their name."),
    ).tag(config=True)

    verdict_settle_seconds = Float(
        2.0,
        help=("A clean verdict is kept (and the file not scanned again until it changes) only "
              "for a file last changed at least this long before it was read: a rewrite within "
              "one tick of the file system's clock (up to 2 s on some) keeps the same times."),
    ).tag(config=True)

    def __init__(self, scanner: Callable[[], Scanner], notices: GuardNotices, **kwargs):
        super().__init__(**kwargs)
        self._scanner = scanner
        self.notices = notices
        self._compile()
        self._clean: "OrderedDict[tuple, bool]" = OrderedDict()
        self._lock = threading.Lock()

    @observe("sensitive_artifacts", "allowed_artifacts")
    def _patterns_changed(self, _change) -> None:
        self._compile()
        if hasattr(self, "_clean"):
            with self._lock:
                self._clean.clear()

    def _compile(self) -> None:
        self._sensitive = _spec(self.sensitive_artifacts)
        self._allowed = _spec(self.allowed_artifacts)

    def refuse_artifact(self, path: str, os_path: Optional[str] = None,
                        root: Optional[str] = None) -> None:
        """Raises DownloadRefused when ``path`` is a sensitive artifact that is not allowed: by
        its name, by the name of the file it resolves to (``os_path``, links followed, relative
        to ``root``) or by that file's content. Reads the disk: call it from a worker thread."""
        why = self.artifact_refusal(path, os_path, root)
        if why is not None:
            self._refuse_artifact(path, why)

    def artifact_refusal(self, path: str, os_path: Optional[str] = None,
                         root: Optional[str] = None) -> Optional[str]:
        """Why ``path`` is a sensitive artifact that may not be sent (see ``refuse_artifact``),
        or None; tells no one."""
        names = [path.strip("/")]
        real = os.path.realpath(os_path) if os_path else None
        if real is not None:
            names.append(_relative(real, root))
        if any(self._sensitive.match_file(n.lower()) for n in names):
            if not all(self._allowed.match_file(n.lower()) for n in names):
                return ("it matches the sensitive artifacts "
                        "(DownloadGuard.sensitive_artifacts, e.g. model weights)")
            return None
        if not self.sensitive_by_content or real is None or not os.path.isfile(real):
            return None
        if all(self._allowed.match_file(n.lower()) for n in names):
            return None
        kind = artifact_kind(real)
        if kind is not None:
            return f"its content is a trained artifact ({kind} model weights or similar)"
        return None

    def _refuse_artifact(self, path: str, why: str) -> None:
        message = (f"{path} was not sent: {why}, which this server does not let leave through "
                   f"the browser. Ask whoever runs it to allow it in "
                   f"DownloadGuard.allowed_artifacts if it should.")
        self.notices.publish("download-refused", path, (), message)
        raise DownloadRefused(message)

    def review_file(self, path: str, os_path: str, root: Optional[str] = None,
                    known_only: Optional[int] = None):
        """None: a binary file, to serve from disk as it is. Else the bytes to send: those read
        and checked here (a file that changes after the check cannot slip out unchecked),
        redacted if need be. A text file found clean before, unchanged since, is read but not
        scanned again. Raises DownloadRefused. Reads the disk: call it from a worker thread;
        or, with ``known_only`` (a size in bytes), from the event loop as the server's own file
        handler does: then a file that is larger gives NOT_KNOWN unread, and one whose bytes
        must be scanned gives them ``Unscanned``, for ``scan_read`` in a worker thread (a file
        just touched, its bytes found clean before, is served from there: no thread hop)."""
        with open(os_path, "rb") as f:
            before = time.time_ns()
            stat = os.fstat(f.fileno())
            if known_only is not None:  # told, if refused, from the worker thread
                if (stat.st_size > min(known_only, self.max_scan_bytes)
                        or self.artifact_refusal(path, os_path, root)):
                    return NOT_KNOWN
            else:
                self.refuse_artifact(path, os_path, root)
            if detect_text(f.read(_SNIFF)) is None:
                return None  # binary by content: images, archives; the rules read text only
            if stat.st_size > self.max_scan_bytes:
                self._refuse(path, f"{path} is too large to be checked for secrets "
                                   f"(over DownloadGuard.max_scan_bytes), so it was not sent.", ())
            verdict = self._verdict_key(path, stat)  # needs the scanner: fails closed without
            f.seek(0)
            data = f.read()
            # what was read is what the verdict is about only if the file did not change
            # meanwhile, nor in the clock tick it was last changed in before
            settled = (_same_file(stat, os.fstat(f.fileno()))
                       and max(stat.st_ctime_ns, stat.st_mtime_ns)
                       < before - int(self.verdict_settle_seconds * 1e9))
        if settled:
            with self._lock:
                if verdict in self._clean:
                    self._clean.move_to_end(verdict)
                    return Served(data, False, stat.st_mtime)
        # the same bytes found clean before (a touched file, a copy): not scanned again
        texts = self._scanner().engine
        if not hasattr(texts, "file_digest"):
            if known_only is not None:
                return NOT_KNOWN
            return self._checked(path, Unscanned(data, stat, verdict, settled, None, None), False)
        read = Unscanned(data, stat, verdict, settled, texts.generation,
                         texts.file_digest(path, data))
        seen = texts.seen_clean(read.digest)
        if known_only is not None and not seen:
            return read  # the scan is for a worker thread: ``scan_read``
        return self._checked(path, read, seen)

    def scan_read(self, path: str, read: "Unscanned") -> Served:
        """Scans the bytes ``review_file(known_only=...)`` read and could not clear (from a
        worker thread); the bytes sent are those, never a second read."""
        return self._checked(path, read, False)

    def _checked(self, path: str, read: "Unscanned", seen: bool) -> Served:
        if not seen:
            redacted = self.review(path, read.data)
            if redacted is not None:
                return Served(redacted, True, read.stat.st_mtime)
            if read.digest is not None:
                self._scanner().engine.note_clean(read.digest, read.generation)
        if read.settled:
            with self._lock:
                self._clean[read.verdict] = True
                while len(self._clean) > _CACHE_ENTRIES:
                    self._clean.popitem(last=False)
        return Served(read.data, False, read.stat.st_mtime)

    def _verdict_key(self, path: str, stat: os.stat_result) -> Tuple:
        """What a clean verdict depends on: the file (device, inode, size, modification and
        change times), the name it is asked by (patterns), and the scanner's rule set (a
        rebuilt scanner, or values added to the known values the kernels fetched)."""
        scanner = self._scanner()
        known = getattr(getattr(scanner, "engine", None), "known", None)
        return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns,
                path, id(scanner), known.generation if known is not None else 0,
                self.secrets_policy, self.sensitive_by_content)

    def review(self, path: str, data: bytes) -> Optional[bytes]:
        """The same decision for bytes already read (a contents manager without files on disk)."""
        cleaned = {}
        document = bytes_document(data, path, self._scanner(),
                                  lambda new: cleaned.__setitem__("data", new))
        if document is None or not document.pieces:
            return None
        findings = document.findings
        if self.secrets_policy == REFUSE or document.lossy:
            self._refuse(path, f"{path} was not sent: it holds {len(findings)} plaintext "
                               f"secret(s) ({describe(findings)}). Move them to a secret store "
                               f"and try again.", findings)
        document.redact({"source", "output", "metadata"})
        self.notices.publish("download-redacted", path, findings,
                             f"{path} was sent with {len(findings)} secret(s) redacted.")
        return cleaned["data"]

    def _refuse(self, path: str, message: str, findings) -> None:
        self.notices.publish("download-refused", path, findings, message)
        raise DownloadRefused(message)


def _same_file(before: os.stat_result, after: os.stat_result) -> bool:
    return ((before.st_dev, before.st_ino, before.st_size, before.st_mtime_ns, before.st_ctime_ns)
            == (after.st_dev, after.st_ino, after.st_size, after.st_mtime_ns, after.st_ctime_ns))


def _relative(real: str, root: Optional[str]) -> str:
    """``real`` relative to the server root (forward slashes), or its bare name outside it."""
    if root:
        base = os.path.realpath(root)
        if real == base or real.startswith(base.rstrip(os.sep) + os.sep):
            return os.path.relpath(real, base).replace(os.sep, "/")
    return os.path.basename(real)
