"""Redaction of what reaches the kernel's own stdout and stderr, which end in the server's log.

ipykernel captures file descriptors 1 and 2 (C code, subprocesses) and, besides sending that
output to the notebook, writes the raw bytes to a duplicate of the original descriptor
(`OutStream._original_stdstream_copy`); subprocesses given `sys.stdout` write there directly,
and so does the kernel's log handler. Putting a pipe in front of that duplicate, with a thread
that redacts and forwards, covers every writer without touching ipykernel's own threads.
"""
from __future__ import annotations

import atexit
import logging
import os
import select
import sys
import threading
import time
from typing import List, Optional

from .output_filter import OutputRedactor

log = logging.getLogger(__name__)

_CHUNK = 65536


class RedactedCopy:
    """Everything written to `fd` goes through `redactor` before it reaches where `fd` went."""

    def __init__(self, fd: int, redactor: OutputRedactor, linger: float = 0.2):
        self.fd = fd
        self.redactor = redactor
        #: How long a possible start of a secret value waits for the rest of it.
        self.linger = linger
        self.destination: Optional[int] = None
        self._read_end: Optional[int] = None
        self._thread: Optional[threading.Thread] = None
        self._busy = False  # between taking bytes from the pipe and forwarding all of them

    def start(self) -> None:
        self.destination = os.dup(self.fd)
        read_end, write_end = os.pipe()
        os.dup2(write_end, self.fd)  # atomic: writers switch to the pipe with nothing lost
        os.close(write_end)
        self._read_end = read_end
        self._thread = threading.Thread(target=self._pump, name=f"redacted-fd-{self.fd}",
                                        daemon=True)
        self._thread.start()
        # the pump is a daemon thread: give it a moment at exit for what was written last
        atexit.register(self.drain)

    def drain(self, timeout: float = 1.0) -> None:
        """Waits until everything written so far has been forwarded (or `timeout`)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            readable, _, _ = select.select([self._read_end], [], [], 0)
            if not readable and not self._busy:
                return
            time.sleep(0.01)

    def _pump(self) -> None:
        pending = ""
        while True:
            self._busy = bool(pending)
            ready, _, _ = select.select([self._read_end], [], [], self.linger if pending else None)
            self._busy = True
            if not ready:
                # the rest never came: a held start of a value is never forwarded raw
                self._forward(self.redactor.values.masked_start(pending))
                pending = ""
                continue
            chunk = os.read(self._read_end, _CHUNK)
            if not chunk:
                self._forward(self.redactor.values.masked_start(pending))
                return
            # surrogateescape keeps any bytes, even a UTF-8 sequence split between two reads
            text = self._redact(pending + chunk.decode("utf-8", "surrogateescape"))
            keep = self.redactor.values.held_back(text)
            self._forward(text[:len(text) - keep])
            pending = text[len(text) - keep:]

    def _redact(self, text: str) -> str:
        try:
            return self.redactor.redact_text(text)
        except Exception:
            log.debug("key detection failed on the kernel's own output", exc_info=True)
            return self.redactor.redact_values_only(text)

    def _forward(self, text: str) -> None:
        data = memoryview(text.encode("utf-8", "surrogateescape"))
        while data:
            try:
                written = os.write(self.destination, data)
            except OSError:  # the log is gone: keep draining, so writers never block
                return
            data = data[written:]


def redact_kernel_copies(redactor: OutputRedactor) -> List[RedactedCopy]:
    """Starts a RedactedCopy for stdout and stderr of this kernel process."""
    copies = []
    for name, default_fd in (("stdout", 1), ("stderr", 2)):
        stream = getattr(sys, name, None)
        fd = getattr(stream, "_original_stdstream_copy", None)
        if fd is None:  # fd capture is off: descriptors 1 and 2 lead straight to the log
            fd = default_fd
        copy = RedactedCopy(fd, redactor)
        try:
            copy.start()
        except OSError:
            log.warning("the kernel's %s cannot be redacted: its descriptor is not usable", name)
            continue
        copies.append(copy)
    return copies
