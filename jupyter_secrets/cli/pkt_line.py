"""git's pkt-line framing, as its long-running filter protocol uses it (gitprotocol-common(5)).

A packet is four hex digits giving its length (those four included) and then the data; ``0000``
is a flush packet that ends a list or a content stream.
"""
from __future__ import annotations

from typing import BinaryIO, Iterator, List, Optional

FLUSH = b"0000"
MAX_DATA = 65516  # 65520 bytes a packet, minus its length header


class ProtocolError(Exception):
    """The other side broke the framing or the conversation; the message says how."""


class PktLine:
    def __init__(self, reader: BinaryIO, writer: BinaryIO):
        self._in = reader
        self._out = writer

    def _read_exactly(self, n: int) -> bytes:
        chunks, wanted = [], n
        while wanted:
            chunk = self._in.read(wanted)
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            wanted -= len(chunk)
        return b"".join(chunks)

    def read_packet(self) -> Optional[bytes]:
        """The next packet's data; None for a flush packet. EOFError at a clean end of input."""
        header = self._in.read(4)
        if not header:
            raise EOFError
        if len(header) < 4:
            header += self._read_exactly(4 - len(header))
        try:
            length = int(header, 16)
        except ValueError:
            raise ProtocolError(f"bad packet header {header!r}") from None
        if length == 0:
            return None
        if length < 4 or length > MAX_DATA + 4:
            raise ProtocolError(f"bad packet length {length}")
        return self._read_exactly(length - 4)

    def read_text_list(self) -> List[str]:
        """Text packets up to the next flush, without their trailing newlines."""
        items = []
        while True:
            packet = self.read_packet()
            if packet is None:
                return items
            items.append(packet.decode("utf-8", "surrogateescape").rstrip("\n"))

    def read_content(self) -> bytes:
        parts = []
        while True:
            packet = self.read_packet()
            if packet is None:
                return b"".join(parts)
            parts.append(packet)

    def write_text(self, *lines: str) -> None:
        """Each line as a text packet, then a flush."""
        for line in lines:
            self._write_packet((line + "\n").encode("utf-8", "surrogateescape"))
        self.flush()

    def write_content(self, data: bytes) -> None:
        for chunk in _chunks(data):
            self._write_packet(chunk)
        self.flush()

    def flush(self) -> None:
        self._out.write(FLUSH)
        self._out.flush()

    def _write_packet(self, data: bytes) -> None:
        self._out.write(b"%04x" % (len(data) + 4))
        self._out.write(data)


def _chunks(data: bytes) -> Iterator[bytes]:
    view = memoryview(data)
    for start in range(0, len(data), MAX_DATA):
        yield view[start:start + MAX_DATA]
