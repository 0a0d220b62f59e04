"""Redaction at the kernel's one choke point: its `Session.send`.

Streams, display data, execute results, errors, replies, comm messages and input requests all
leave through the kernel's single Session; the documented hooks (`OutStream.register_hook`,
display publisher hooks) each see only part of that, and none sees errors.
"""
from __future__ import annotations

import logging
import threading
from typing import Any, List, Optional

from . import output_filter
from .binary import redact_buffers
from .output_filter import OutputRedactor
from .own_messages import OwnMessages
from .stream_carry import Held, StreamCarry

log = logging.getLogger(__name__)

#: Seconds after the first ``kernel_info_reply`` that the engine starts to be built: the client
#: that asked has its answer by then.
ENGINE_AFTER_READY_S = 0.2

#: Messages that end a cell's output, or are output themselves: what a stream held back for
#: the same cell must go out before them, to keep the order the user wrote.
_IOPUB_OUTPUT = frozenset({"display_data", "update_display_data", "execute_result", "error",
                           "clear_output"})


class SessionFilter:
    """Wraps one Session's `send` so that every message leaves redacted."""

    def __init__(self, session: Any, redactor: OutputRedactor, own: Optional[OwnMessages] = None):
        self.session = session
        self.redactor = redactor
        self.own = own
        self.carry = StreamCarry()
        self._original_send = session.send
        self._original_serialize = session.serialize
        #: per sending thread: (message, ident, its frames), built while it was redacted
        self._ahead = threading.local()

    def install(self) -> None:
        # instance attributes shadow the class's methods for this session only
        self.session.send = self.send
        self.session.serialize = self._serialize

    def uninstall(self) -> None:
        for name, ours in (("send", self.send), ("serialize", self._serialize)):
            if self.session.__dict__.get(name) == ours:
                delattr(self.session, name)

    def _serialize(self, msg: Any, ident: Any = None) -> List[bytes]:
        """`Session.serialize`, except for the one message just built ahead (by identity,
        on this thread): its frames are taken as they are. Any other call forgets them."""
        ahead, self._ahead.frames = getattr(self._ahead, "frames", None), None
        if ahead is not None and ahead[0] is msg and ahead[1] is ident:
            return ahead[2]
        return self._original_serialize(msg, ident)

    def send(self, stream: Any, msg_or_type: Any, content: Any = None, parent: Any = None,
             ident: Any = None, buffers: Any = None, track: bool = False, header: Any = None,
             metadata: Any = None) -> Optional[dict]:
        if isinstance(msg_or_type, dict):
            msg = msg_or_type
        else:
            msg = self.session.msg(msg_or_type, content=content, parent=parent, header=header,
                                   metadata=metadata)
        msg_type = msg.get("header", {}).get("msg_type") or msg.get("msg_type")
        parent_id = (msg.get("parent_header") or {}).get("msg_id")
        if msg_type == "stream":
            msg = self._stream_message(stream, msg, ident, parent_id)
            if msg is None:
                return None
        else:
            self._release_held(msg_type, msg, parent_id)
            content = msg.get("content")
            if self.own is not None and self.own.hold_no_output(msg_type, content):
                content = self.redactor.redact_content(content, self.redactor.redact_values_only)
            else:
                content = self._redacted_content(content)
            msg = {**msg, "content": content}
            buffers = redact_buffers(self.redactor.values, buffers)
        try:
            sent = self._original_send(stream, msg, ident=ident, buffers=buffers, track=track)
        finally:
            self._ahead.frames = None  # used by now, or never to be (a send that gave up)
        if msg_type == "kernel_info_reply":
            # the kernel is ready: build the engine now, in the background, before the first cell
            self.redactor.build_engine_in_background(delay=ENGINE_AFTER_READY_S)
        return sent

    def _redacted_content(self, content: Any) -> Any:
        if isinstance(content, (bytes, bytearray, memoryview)):
            content = self.session.unpack(bytes(content))
        try:
            return self.redactor.redact_content(content)
        except Exception:  # never let a failing detector decide that a value goes out plain
            log.warning("redacting a kernel message failed; only known secret values were "
                        "redacted", exc_info=True)
            return self.redactor.redact_content(content, self.redactor.redact_values_only)

    def _stream_message(self, socket: Any, msg: dict, ident: Any,
                        parent_id: Optional[str]) -> Optional[dict]:
        content = msg.get("content") or {}
        key = (parent_id, content.get("name", ""))
        # Streams are sent from the IOPub thread alone, so nothing else takes or holds this key
        # meanwhile; no lock is held while redacting, since anything that logs from in here
        # writes to a stream, which may flush, which calls this again on the same thread.
        text = self.carry.take(key) + content.get("text", "")
        # the end that may start a value is held as it is (it is not sent), so that the next
        # write completes it into one value and one marker, rather than a fragment marker each
        keep = self.redactor.values.held_back(text)
        if keep:
            self.carry.hold(key, Held(text[-keep:], socket, ident, msg.get("parent_header") or {}))
            text = text[:-keep]
        if len(text) >= output_filter.PARALLEL_FROM:
            return self._redacted_ahead(msg, content, text, ident)
        text = self._redacted_content(text)
        if not text:
            return None
        return {**msg, "content": {**content, "text": text}}

    def _redacted_ahead(self, msg: dict, content: dict, text: str, ident: Any) -> dict:
        """A long stream message, serialised while it is searched (serialising 10 MB costs
        about as much as searching it): if nothing is found, which is the common case, the
        frames built meanwhile are the ones sent. If anything is found, they are dropped
        unsent. If anything fails, the text takes the usual road."""
        clean = {**msg, "content": {**content, "text": text}}
        try:
            redacted, frames = self.redactor.redact_text_while(
                text, lambda: self._original_serialize(clean, ident))
        except Exception:  # noqa: BLE001 - redacted again below, with its own fallback
            log.debug("redacting a long stream beside its serialisation failed", exc_info=True)
            redacted, frames = self._redacted_content(text), None
        if redacted is text and frames is not None:
            self._ahead.frames = (clean, ident, frames)
            return clean
        return {**msg, "content": {**content, "text": redacted}}

    def _release_held(self, msg_type: Optional[str], msg: dict, parent_id: Optional[str]) -> None:
        """Sends what streams hold back, before a message that must come after it."""
        if not self.carry:
            return
        if msg_type == "status" and (msg.get("content") or {}).get("execution_state") == "idle":
            which = None  # a background thread's output may belong to an earlier cell
        elif msg_type in _IOPUB_OUTPUT:
            which = parent_id
        else:
            return
        for (_, name), held in self.carry.release(which):
            text = self._redacted_content(held.text)
            out = self.session.msg("stream", content={"name": name, "text": text},
                                   parent=held.parent or None)
            self._original_send(held.socket, out, ident=held.ident)
