"""Closing a websocket client leaves no socket open, whether or not the server answers."""
from __future__ import annotations

import asyncio
import base64
import hashlib

from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from jupyter_secrets.testing import websockets

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


async def _silent_server(answer_close: bool):
    """A websocket server on 127.0.0.1 that accepts the upgrade and then either answers the
    client's close frame or ignores it and everything else; with the handlers it started."""
    handlers = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        handlers.append(asyncio.current_task())
        request = await reader.readuntil(b"\r\n\r\n")
        key = next(line.split(b":", 1)[1].strip() for line in request.split(b"\r\n")
                   if line.lower().startswith(b"sec-websocket-key:"))
        accept = base64.b64encode(hashlib.sha1(key + GUID).digest())
        writer.write(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                     b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n")
        await writer.drain()
        await reader.read(2)  # the client's close frame begins
        if answer_close:
            writer.write(b"\x88\x00")
            await writer.drain()
        else:
            while await reader.read(4096):  # until the client gives up and closes
                pass
        writer.close()
        await writer.wait_closed()

    return await asyncio.start_server(serve, "127.0.0.1", 0), handlers


async def _closed_after(answer_close: bool) -> bool:
    server, handlers = await _silent_server(answer_close)
    port = server.sockets[0].getsockname()[1]
    try:
        connection = await websocket_connect(HTTPRequest(f"ws://127.0.0.1:{port}/"))
        stream = connection.protocol.stream
        await websockets.close(connection, seconds=0.5)
        return stream.closed()
    finally:
        server.close()
        await asyncio.wait_for(asyncio.gather(*handlers), 5)  # each ends once the client has gone


def test_the_socket_is_closed_once_the_server_answers():
    assert asyncio.run(_closed_after(answer_close=True))


def test_the_socket_is_closed_when_the_server_never_answers():
    assert asyncio.run(_closed_after(answer_close=False))
