"""Closing a tornado websocket client for good.

`WebSocketClientConnection.close()` only starts the closing handshake: the socket stays open
until the server's close frame arrives. A test whose loop ends before that (a busy machine is
enough) leaves the socket to the garbage collector, and its ResourceWarning then fails whichever
test happens to be running when the collector comes by.
"""
from __future__ import annotations

import asyncio
from typing import Any

CLOSE_TIMEOUT = 10.0


async def close(connection: Any, seconds: float = CLOSE_TIMEOUT) -> None:
    """Closes `connection` and waits until its socket is closed (at most `seconds`, then it
    is closed without waiting for the server)."""
    stream = getattr(getattr(connection, "protocol", None), "stream", None)  # gone once closed
    connection.close()
    try:
        # read_message answers None once the connection is closed; messages still queued
        # before it are dropped
        while await asyncio.wait_for(connection.read_message(), seconds) is not None:
            pass
    except (asyncio.TimeoutError, OSError):
        pass
    finally:
        if stream is not None and not stream.closed():
            stream.close()
