"""Properties: scanning never raises; cleaning leaves nothing for a scan to find."""
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jupyter_secrets.detection.scanner import Scanner
from jupyter_secrets.model import Fingerprinter
from jupyter_secrets.redaction import clean_bytes

from .tokens import KNOWN_TOKENS

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ARBITRARY = st.text(st.characters(codec="utf-8"), max_size=300)
# Without NUL: text holding a NUL byte is binary, which is reported and never scanned.
TEXTUAL = st.text(st.characters(codec="utf-8", exclude_characters="\0"), max_size=300)
# Text that can sit right next to a token: noise, keywords of other rules, near-miss prefixes.
NOISE = st.one_of(TEXTUAL, st.sampled_from(["", " ", "=", "'", '"', "key: ", "ghp_", "AKIA",
                                              "sk_live_", "xoxb-", "token=", "\\n", "\t"]))


@pytest.fixture(scope="module")
def scanner():
    return Scanner(Fingerprinter(b"property-test-key-0123456789"))


@SETTINGS
@given(text=ARBITRARY, name=st.sampled_from(["x.py", "x.ipynb", "x.txt", "x.json"]))
def test_scanning_arbitrary_text_never_raises(scanner, text, name):
    scan = scanner.scan_bytes(text.encode("utf-8", "surrogatepass"), name)
    assert scan.nbytes == len(text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(data=st.binary(max_size=400), name=st.sampled_from(["x.py", "x.ipynb"]))
def test_scanning_arbitrary_bytes_never_raises(scanner, data, name):
    scanner.scan_bytes(data, name)


@SETTINGS
@given(pieces=st.lists(st.tuples(NOISE, st.sampled_from(KNOWN_TOKENS), NOISE), min_size=1, max_size=4))
def test_clean_then_scan_finds_nothing_in_text(scanner, pieces):
    text = "".join(f"{before}\n{token}\n{after}" for before, token, after in pieces)
    data = text.encode("utf-8")
    assert scanner.scan_bytes(data, "notes.txt").findings  # the planted keys are seen
    cleaned = clean_bytes(data, "notes.txt", scanner)
    assert cleaned.errors == [] and cleaned.content is not None
    after = scanner.scan_bytes(cleaned.content, "notes.txt")
    assert after.findings == []
    assert not any(token.encode() in cleaned.content for _, token, _ in pieces)


@SETTINGS
@given(sources=st.lists(st.tuples(NOISE, st.sampled_from(KNOWN_TOKENS), NOISE), min_size=1, max_size=3),
       output=st.tuples(TEXTUAL, st.sampled_from(KNOWN_TOKENS)))
def test_clean_then_scan_finds_nothing_in_notebooks(scanner, sources, output):
    cells = [{"cell_type": "code", "id": f"c{i}", "metadata": {}, "execution_count": None,
              "source": f"{before}\nkey = '{token}'\n{after}", "outputs": []}
             for i, (before, token, after) in enumerate(sources)]
    cells[0]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": f"{output[0]}\n{output[1]}\n"}]
    data = json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}).encode()
    cleaned = clean_bytes(data, "nb.ipynb", scanner)
    assert cleaned.errors == [] and cleaned.content is not None
    assert scanner.scan_bytes(cleaned.content, "nb.ipynb").findings == []
    assert not any(token.encode() in cleaned.content for _, token, _ in sources)
