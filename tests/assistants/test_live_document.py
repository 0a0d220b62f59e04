"""The live collaborative document on a real server with jupyter-collaboration: a key a
collaborator pasted, whose save the guard refused, and which they then removed, is not
readable afterwards in the room's history, neither in its store nor through the timeline API
(whose fork an assistant with the server's token can undo step by step).

(What an agent reads from the live document through jupyter-mcp-server is redacted:
`test_jupyter_mcp_server.py`.)"""
from __future__ import annotations

import asyncio
import json

import pytest
from jupyter_server_ydoc.handlers import FORK_DOCUMENTS
from jupyter_ydoc import YNotebook
from pycrdt import Provider
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from jupyter_secrets.testing import websockets
from tests.assistants.test_env_file import server_test
from tests.server.conftest import *  # noqa: F401,F403  (a real server: pytest-jupyter's fixtures)
from tests.server.conftest import code, notebook, write_notebook
from tests.server.test_collaboration import WebsocketChannel, rtc_config, secret_cell  # noqa: F401


@pytest.fixture(params=["block", "strip"])
def source_policy(request):
    return request.param


@pytest.fixture
def guard_config(rtc_config, source_policy):  # noqa: F811
    rtc_config["YDocExtension"]["document_save_delay"] = 0.3
    rtc_config["SaveGuard"] = {"source_policy": source_policy}
    return rtc_config


async def until(condition, seconds: float = 20) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("timed out")


def rooms_of(jp_serverapp, path: str):
    server = jp_serverapp.extension_manager.extension_points["jupyter_server_ydoc"].app \
        .ywebsocket_server
    file_id = jp_serverapp.web_app.settings["file_id_manager"].get_id(path)
    return [room for room_id, room in server.rooms.items() if room_id.endswith(f":{file_id}")]


@server_test
async def test_a_refused_key_removed_by_its_author_leaves_no_history(
        jp_fetch, jp_http_port, jp_base_url, jp_auth_header, jp_root_dir, jp_serverapp, guards,
        key, source_policy):
    # Given a notebook open in a collaborative room
    path = jp_root_dir / "shared.ipynb"
    before = write_notebook(path, notebook(code("x = 1")))
    notices = []
    guards.notices.connect(notices.append)
    session = json.loads((await jp_fetch(
        "api", "collaboration", "session", "shared.ipynb", method="PUT",
        body=json.dumps({"format": "json", "type": "notebook"}))).body)
    room_id = f"json:notebook:{session['fileId']}"
    url = (f"ws://127.0.0.1:{jp_http_port}{jp_base_url}api/collaboration/room/{room_id}"
           f"?sessionId={session['sessionId']}")
    connection = await websocket_connect(HTTPRequest(url, headers=jp_auth_header))
    ynb = YNotebook()
    async with Provider(ynb.ydoc, WebsocketChannel(connection, room_id)) as provider:
        await asyncio.wait_for(provider.synced.wait(), 10)
        await until(lambda: ynb.cell_number > 0)

        # When a collaborator pastes a key (the save is refused, or written without it while
        # the live document keeps it), then removes the cell
        ynb.append_cell(secret_cell(key))
        expected = {"block": "save-blocked", "strip": "save-stripped"}[source_policy]
        await until(lambda: any(n.action == expected for n in notices))
        if source_policy == "block":
            assert path.read_bytes() == before
        await asyncio.sleep(0.5)
        written = path.stat().st_mtime_ns
        del ynb.ycells[1]
        # and the room saves the notebook without it
        await until(lambda: path.stat().st_mtime_ns != written)
        await asyncio.sleep(0.5)  # the server's contents event reaches its listeners

        # Then the room's store holds no update with the key
        [room] = rooms_of(jp_serverapp, "shared.ipynb")
        updates = [update async for update, *_ in room.ystore.read()]
        assert updates and not any(key.encode() in update for update in updates)
        # and the timeline's fork, undone as far back as it goes, never shows it
        timeline = json.loads((await jp_fetch(
            "api", "collaboration", "timeline", "shared.ipynb",
            params={"format": "json", "type": "notebook"})).body)
        fork = timeline["forkRoom"]
        for _ in range(len(timeline["timestamps"]) + 1):
            await jp_fetch("api", "collaboration", "undo_redo", room_id, method="PUT", body="",
                           params={"action": "undo", "steps": "1", "forkRoom": fork})
            assert key not in json.dumps(FORK_DOCUMENTS[fork].get())
        assert key.encode() not in FORK_DOCUMENTS[fork].ydoc.get_update()
        # while the collaborator's document is as they left it
        assert [c["source"] for c in ynb.get()["cells"]] == ["x = 1"]
    await websockets.close(connection)
