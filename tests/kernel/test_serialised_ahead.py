"""Given a long stream message, when the session filter sends it, then it is serialised while it
is searched, and the frames built meanwhile leave only if the search left the text as it was:
what a real Session sends (and a real Session verifies) is what one step after the other gives."""
from __future__ import annotations

import secrets

import pytest
from jupyter_client.session import Session

from jupyter_secrets.kernel import output_filter
from jupyter_secrets.kernel.output_filter import OutputRedactor
from jupyter_secrets.kernel.session_filter import SessionFilter

from .keys import github_token, rule_of

FILLER = "epoch 3 loss 0.1234 accuracy 0.9876 step 120\n"
IDENT = b"stream.stdout"


class Socket:
    """Records the frames a Session sends, as a zmq socket would carry them."""

    def __init__(self):
        self.sent = []

    def send_multipart(self, frames, copy=True, **_):
        self.sent.append([bytes(frame) for frame in frames])


@pytest.fixture(scope="module")
def value() -> str:
    return "lv_" + secrets.token_urlsafe(24)


@pytest.fixture(scope="module")
def redactor(value) -> OutputRedactor:
    redactor = OutputRedactor()
    redactor.add("LONG_VALUE", value)
    redactor.engine()
    return redactor


@pytest.fixture
def wired(redactor):
    """A real Session with a key, its serialisations counted, behind a session filter."""
    session = Session(key=secrets.token_hex(16).encode())
    serialised = []
    serialize = session.serialize

    def counted(msg, ident=None):
        serialised.append(msg)
        if getattr(counted, "fail", 0):
            counted.fail -= 1
            raise RuntimeError("serialisation failed")
        return serialize(msg, ident)

    session.serialize = counted
    session_filter = SessionFilter(session, redactor)
    session_filter.install()
    try:
        yield session, Socket(), serialised, counted
    finally:
        session_filter.uninstall()


def session_filter_of(session: Session) -> SessionFilter:
    return session.__dict__["serialize"].__self__


def long_text(*inserts: str) -> str:
    lines = [FILLER] * (output_filter.PARALLEL_FROM // len(FILLER) + 10)
    for number, insert in enumerate(inserts):
        lines[(number + 1) * len(lines) // (len(inserts) + 1)] = insert
    return "".join(lines)


def send(session: Session, socket: Socket, text: str) -> None:
    session.send(socket, "stream", {"name": "stdout", "text": text}, ident=IDENT)


def received(session: Session, socket: Socket) -> list:
    """The texts of the messages sent, each read back by the session (signature checked)."""
    texts = []
    for frames in socket.sent:
        _, parts = session.feed_identities(frames)
        texts.append(session.deserialize(parts)["content"]["text"])
    return texts


def test_a_clean_long_message_is_serialised_once_while_it_is_searched(wired, redactor,
                                                                     monkeypatch):
    session, socket, serialised, counted = wired
    events = []
    scan = redactor.engine().scan

    def scanning(text):
        found = scan(text)
        events.append("scanned")
        return found

    def serialising(msg, ident=None):
        events.append("serialising")
        return counted(msg, ident)

    monkeypatch.setattr(redactor.engine(), "scan", scanning)
    monkeypatch.setattr(session_filter_of(session), "_original_serialize", serialising)
    text = long_text()
    send(session, socket, text)
    assert received(session, socket) == [text]
    assert len(serialised) == 1  # the frames built beside the search are the ones sent
    assert events[0] == "serialising" and "scanned" in events  # begun before the scan ended


@pytest.mark.parametrize("kind", ["value", "key", "both"])
def test_what_the_search_finds_never_leaves_in_the_frames_built_meanwhile(wired, redactor,
                                                                           value, kind):
    session, socket, serialised, _ = wired
    key = github_token()
    inserts = {"value": [f"token {value}\n"], "key": [f"key {key}\n"],
               "both": [f"token {value}\n", f"key {key}\n"]}[kind]
    text = long_text(*inserts)
    send(session, socket, text)
    (shown,) = received(session, socket)
    assert shown == redactor.redact_text(text)
    assert (kind != "key") == ("[REDACTED:LONG_VALUE]" in shown)
    assert (kind != "value") == (f"[REDACTED:{rule_of(key)}]" in shown)
    sent = b"".join(b"".join(frames) for frames in socket.sent)
    assert value.encode() not in sent and key.encode() not in sent
    assert len(serialised) == 2  # built ahead, dropped, built again from the redacted text


def test_a_serialisation_that_fails_beside_the_search_leaves_the_usual_road(wired, redactor,
                                                                             value):
    session, socket, serialised, counted = wired
    counted.fail = 1
    text = long_text(f"token {value}\n")
    send(session, socket, text)
    assert received(session, socket) == [redactor.redact_text(text)]
    assert len(serialised) == 2


def test_an_engine_that_fails_beside_the_serialisation_still_has_values_redacted(
        wired, redactor, value, monkeypatch):
    session, socket, _, _ = wired

    def failing(text):
        raise RuntimeError("engine failed")

    monkeypatch.setattr(redactor.engine(), "scan", failing)
    text = long_text(f"token {value}\n")
    send(session, socket, text)
    (shown,) = received(session, socket)
    assert value not in shown and "[REDACTED:LONG_VALUE]" in shown


def test_frames_built_for_a_send_that_gave_up_are_never_sent_for_another(wired):
    session, socket, serialised, _ = wired
    first, second = long_text("first\n"), long_text("second\n")
    session.check_pid, pid = True, session.pid
    session.pid = -1  # Session.send gives up before it serialises: a send from a fork
    try:
        send(session, socket, first)
    finally:
        session.pid = pid
    assert socket.sent == [] and len(serialised) == 1
    send(session, socket, second)
    assert received(session, socket) == [second]


def test_the_filter_taken_away_gives_the_session_its_own_serialize_again(redactor):
    session = Session(key=b"k")
    session_filter = SessionFilter(session, redactor)
    session_filter.install()
    assert "serialize" in session.__dict__ and "send" in session.__dict__
    session_filter.uninstall()
    assert "serialize" not in session.__dict__ and "send" not in session.__dict__
