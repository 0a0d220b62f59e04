"""The value set alone: encodings, replacement and the held-back prefix, without a kernel."""
from __future__ import annotations

import base64
import json
from urllib.parse import quote

from hypothesis import given, settings
from hypothesis import strategies as st

from jupyter_secrets.kernel.output_filter import OutputRedactor
from jupyter_secrets.kernel.stream_carry import Held, StreamCarry
from jupyter_secrets.kernel.value_set import ValueSet
from jupyter_secrets.kernel.variants import base64_forms

values = st.text(min_size=6, max_size=40).filter(lambda v: "\x00" not in v)
around = st.binary(max_size=12)


@settings(max_examples=200, deadline=None)
@given(value=values, before=around, after=around)
def test_base64_of_any_text_holding_the_value_holds_one_form(value, before, after):
    encoded = base64.b64encode(before + value.encode("utf-8") + after).decode("ascii")
    assert any(form in encoded for form in base64_forms(value) if form)


@settings(max_examples=200, deadline=None)
@given(value=values, before=st.text(max_size=20), after=st.text(max_size=20))
def test_redacted_text_never_holds_the_value(value, before, after):
    found = ValueSet().with_value("NAME", value)
    for shown in (value, json.dumps(value)[1:-1], repr(value)[1:-1], quote(value, safe=""),
                  value.encode("utf-8").hex()):
        assert shown not in found.redact(before + shown + after)


@settings(max_examples=100, deadline=None)
@given(value=values, cut=st.integers(min_value=1, max_value=39), lead=st.text(max_size=10))
def test_a_value_cut_in_two_is_caught_by_holding_back(value, cut, lead):
    cut = min(cut, len(value) - 1)
    found = ValueSet().with_value("NAME", value)
    first = found.redact(lead + value[:cut])
    keep = found.held_back(first)
    # the start of the value is held, not sent, unless it is a fragment and redacted already
    assert keep >= cut or value[:cut] not in first
    joined = found.redact(first[len(first) - keep:] + value[cut:])
    assert value not in first[:len(first) - keep] + joined


def test_text_that_cannot_start_a_value_is_not_held():
    found = ValueSet().with_value("NAME", "s3cret-Value-9")
    assert found.held_back("all done\n") == 0
    assert found.held_back("token: s3c") == 3


def test_same_value_twice_keeps_the_set():
    found = ValueSet().with_value("A", "value-one")
    assert found.with_value("B", "value-one") is found


def test_longest_form_wins_where_two_start_together():
    found = ValueSet().with_value("SHORT", "abcdef").with_value("LONG", "abcdefghij")
    assert found.redact("x abcdefghij y abcdef") == "x [REDACTED:LONG] y [REDACTED:SHORT]"


def test_short_values_are_not_redacted_everywhere(caplog):
    redactor = OutputRedactor(min_length=6)
    redactor.add("PIN", "1234")
    assert redactor.redact_values_only("1234") == "1234"
    assert "shorter than 6" in caplog.text and "1234" not in caplog.text


def test_binary_mimetypes_are_searched_as_bytes_and_unchanged_parts_shared():
    redactor = OutputRedactor(detect_keys=False)
    redactor.add("TOKEN", "tok-abcdef-123456")
    png = base64.b64encode(b"\x89PNG\r\n" + b"tok-abcdef-123456" + b"\x00\x01").decode()
    other = base64.b64encode(b"\x89PNG\r\n unrelated bytes").decode()
    metadata = {"isolated": True}
    content = {"data": {"image/png": png, "image/jpeg": other, "text/plain": "tok-abcdef-123456"},
               "metadata": metadata}
    redacted = redactor.redact_content(content)
    shown = base64.b64decode(redacted["data"]["image/png"])
    assert shown == b"\x89PNG\r\n" + b"*" * 17 + b"\x00\x01"  # same length: the format holds
    assert redacted["data"]["image/jpeg"] is other and redacted["data"]["text/plain"] == "[REDACTED:TOKEN]"
    assert redacted["metadata"] is metadata
    assert content["data"]["text/plain"] == "tok-abcdef-123456"  # the caller's copy is untouched


def test_carry_releases_one_parent_or_all():
    carry = StreamCarry()
    carry.hold(("a", "stdout"), Held("x", None, None, {}))
    carry.hold(("b", "stderr"), Held("y", None, None, {}))
    assert [key for key, _ in carry.release("a")] == [("a", "stdout")]
    assert carry.take(("b", "stderr")) == "y" and not carry
