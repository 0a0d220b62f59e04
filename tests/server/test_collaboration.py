"""Saves made by real-time collaboration: a Y client edits a shared notebook over the room's
websocket, the room saves it through the contents manager, and the guard decides.

jupyter-collaboration swallows save errors (the client still hears of no failure), so these
tests look at the disk, at the guard's notices and at the collaboration store.
"""
from __future__ import annotations

import asyncio
import json
import logging

import pytest
from jupyter_ydoc import YNotebook
from pycrdt import Provider
from pycrdt.store import YDocNotFound
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect
from traitlets.config import Config

from jupyter_secrets.server.collaboration import MEMORY_YSTORE, keep_ystore_in_memory
from jupyter_secrets.server.ystore import MemoryYStore
from jupyter_secrets.testing import websockets

from .conftest import code, notebook, write_notebook

SAVE_DELAY = 0.2


class WebsocketChannel:
    """pycrdt's Channel over tornado's websocket client (the one pytest-jupyter connects)."""

    def __init__(self, connection, path: str):
        self._connection = connection
        self._path = path

    @property
    def path(self) -> str:
        return self._path

    def __aiter__(self):
        return self

    async def __anext__(self) -> bytes:
        message = await self._connection.read_message()
        if message is None:
            raise StopAsyncIteration
        return message

    async def send(self, message: bytes) -> None:
        await self._connection.write_message(message, binary=True)

    async def recv(self) -> bytes:
        return await self.__anext__()


@pytest.fixture
def rtc_config(jp_root_dir):
    return {"ServerApp": {"jpserver_extensions": {"jupyter_secrets": True, "jupyter_server_ydoc": True,
                                                  "jupyter_server_fileid": True}},
            "YDocExtension": {"document_save_delay": SAVE_DELAY, "file_poll_interval": 0.2},
            "SQLiteYStore": {"db_path": str(jp_root_dir / ".jupyter_ystore.db")},
            "BaseFileIdManager": {"root_dir": str(jp_root_dir),
                                  "db_path": str(jp_root_dir.parent / "file_id.db")}}


@pytest.fixture
def guard_config(rtc_config):
    return rtc_config


@pytest.fixture
def collaborate(jp_fetch, jp_http_port, jp_base_url, jp_auth_header):
    """Opens a notebook's room as a Y client, lets ``edit`` change the shared notebook, and
    returns once ``done()`` holds (the room saves on its own, after its save delay)."""

    async def run(path: str, edit, done) -> None:
        session = json.loads((await jp_fetch(
            "api", "collaboration", "session", path, method="PUT",
            body=json.dumps({"format": "json", "type": "notebook"}))).body)
        room = f"json:notebook:{session['fileId']}"
        # the room name keeps its colons: jp_ws_fetch would escape them into another room
        url = (f"ws://127.0.0.1:{jp_http_port}{jp_base_url}api/collaboration/room/{room}"
               f"?sessionId={session['sessionId']}")
        connection = await websocket_connect(HTTPRequest(url, headers=jp_auth_header))
        ynb = YNotebook()
        async with Provider(ynb.ydoc, WebsocketChannel(connection, room)) as provider:
            await asyncio.wait_for(provider.synced.wait(), 10)
            await asyncio.wait_for(_until(lambda: ynb.cell_number > 0), 10)
            edit(ynb)
            await asyncio.wait_for(_until(done), 10)
        await websockets.close(connection)
    return run


async def _until(condition) -> None:
    while not condition():
        await asyncio.sleep(0.02)


def secret_cell(key: str) -> dict:
    return {"cell_type": "code", "source": f'client = OpenAI(api_key="{key}")',
            "metadata": {}, "outputs": [], "execution_count": None}


def files_holding(root, needle: bytes):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if p.is_file() and needle in p.read_bytes())


async def test_a_collaborative_save_with_a_key_in_a_source_never_reaches_disk(
        collaborate, jp_root_dir, guards, key):
    # Given a clean notebook open in a collaborative room
    before = write_notebook(jp_root_dir / "shared.ipynb", notebook(code("x = 1")))
    recorded = []
    guards.notices.connect(recorded.append)

    # When a collaborator pastes a key into a new cell and the room autosaves
    await collaborate("shared.ipynb", lambda ynb: ynb.append_cell(secret_cell(key)),
                      done=lambda: recorded)

    # Then the save was refused, and neither the file nor the collaboration store holds the key
    assert [n.action for n in recorded] == ["save-blocked"]
    assert (jp_root_dir / "shared.ipynb").read_bytes() == before
    assert not (jp_root_dir / ".jupyter_ystore.db").exists()
    assert files_holding(jp_root_dir.parent, key.encode()) == []


class TestStripMode:
    @pytest.fixture
    def guard_config(self, rtc_config):
        return {**rtc_config, "SaveGuard": {"source_policy": "strip"}}

    async def test_the_room_saves_the_notebook_with_the_key_replaced(self, collaborate, jp_root_dir, key):
        path = jp_root_dir / "shared.ipynb"
        write_notebook(path, notebook(code("x = 1")))

        await collaborate("shared.ipynb", lambda ynb: ynb.append_cell(secret_cell(key)),
                          done=lambda: b"REDACTED_OPENAI" in path.read_bytes())

        saved = json.loads((jp_root_dir / "shared.ipynb").read_text())
        assert ["".join(c["source"]) for c in saved["cells"]] == \
            ["x = 1", 'client = OpenAI(api_key="REDACTED_OPENAI_PROJECT_KEY")']
        assert files_holding(jp_root_dir.parent, key.encode()) == []


class TestWithThePersistentStore:
    """The control: with the store jupyter-collaboration uses by default, the key stays in the
    SQLite file although the guard kept it off the notebook. This is what the extension avoids."""

    @pytest.fixture
    def guard_config(self, rtc_config):
        rtc_config["YDocExtension"]["ystore_class"] = "jupyter_server_ydoc.stores.SQLiteYStore"
        return rtc_config

    async def test_the_sqlite_store_would_keep_the_blocked_key(self, collaborate, jp_root_dir, guards, key):
        before = write_notebook(jp_root_dir / "shared.ipynb", notebook(code("x = 1")))
        recorded = []
        guards.notices.connect(recorded.append)

        await collaborate("shared.ipynb", lambda ynb: ynb.append_cell(secret_cell(key)),
                          done=lambda: recorded)

        assert (jp_root_dir / "shared.ipynb").read_bytes() == before
        assert files_holding(jp_root_dir, key.encode()) == [".jupyter_ystore.db"]


def test_the_store_is_kept_in_memory_unless_one_is_configured(caplog):
    chosen, default = Config(), Config()
    chosen.YDocExtension.ystore_class = "jupyter_server_ydoc.stores.SQLiteYStore"
    log = logging.getLogger("test-ystore")

    with caplog.at_level(logging.WARNING, logger="test-ystore"):
        keep_ystore_in_memory(default, log)
        keep_ystore_in_memory(chosen, log)

    assert default.YDocExtension.ystore_class == MEMORY_YSTORE
    assert chosen.YDocExtension.ystore_class == "jupyter_server_ydoc.stores.SQLiteYStore"
    assert "may keep secrets that the save guard kept off disk" in caplog.text


async def test_the_memory_store_replays_a_room_and_forgets_it_with_the_room():
    store = MemoryYStore(path="json:notebook:x", config=Config())
    with pytest.raises(YDocNotFound):
        async for _update in store.read():
            pass
    await store.write(b"update-1")
    await store.write(b"update-2")

    assert [update async for update, _metadata, _time in store.read()] == [b"update-1", b"update-2"]
    assert MemoryYStore(path="json:notebook:x")._updates == []


async def test_a_collaborative_save_strips_a_key_held_in_an_image_png_output(
        collaborate, jp_root_dir, key):
    # Given a notebook in a room, and a collaborator whose output puts a key where an image goes
    path = jp_root_dir / "shared.ipynb"
    write_notebook(path, notebook(code("x = 1")))
    cell = {"cell_type": "code", "source": "show()", "metadata": {}, "execution_count": 1,
            "outputs": [{"output_type": "display_data", "metadata": {},
                         "data": {"image/png": f"key {key}", "text/plain": "<Figure>"}}]}

    await collaborate("shared.ipynb", lambda ynb: ynb.append_cell(cell),
                      done=lambda: b"show()" in path.read_bytes())

    # Then the room's save went through with the output stripped: no key on disk anywhere
    assert files_holding(jp_root_dir.parent, key.encode()) == []
