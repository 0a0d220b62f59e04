"""What the scan leaves out for speed, and why nothing it could find is lost: nbformat's own
words and flag-only metadata are no units; only texts that can wear a disguise are normalised."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jupyter_secrets.detection.engine import Engine
from jupyter_secrets.detection.normalise import disguised, normalise
from jupyter_secrets.detection.walker import iter_units
from tests.token_formats import github_token

from .conftest import DEMO_KEY
from .notebooks import code, markdown, notebook, stream

ENGINE = Engine()


def _units(nb):
    return [(u.where, u.path, u.text) for u in iter_units(nb, [])]


def test_nbformat_words_and_flags_are_not_scanned():
    nb = notebook(code("x = 1", outputs=[stream("ok\n")]), markdown("# Title"))
    nb["cells"][0]["metadata"] = {"collapsed": False, "scrolled": True}
    nb["cells"][0]["outputs"][0]["metadata"] = {"trusted": True}
    # the cell ids stay: a user can write anything there
    assert [text for _, _, text in _units(nb)] == ["x = 1", "ok\n", "c", "# Title", "m"]


@pytest.mark.parametrize("field", ["cell_type", "output_type", "name"])
def test_a_key_in_place_of_an_nbformat_word_is_still_found(scanner, field):
    nb = notebook(code("x = 1", outputs=[stream("ok\n")]))
    target = nb["cells"][0] if field == "cell_type" else nb["cells"][0]["outputs"][0]
    target[field] = DEMO_KEY
    found = scanner.scan_bytes(json.dumps(nb).encode(), "nb.ipynb").findings
    assert [(f.where, f.rule) for f in found] == [("other", "demo-key")]


@pytest.mark.parametrize("metadata", [
    {"collapsed": DEMO_KEY},  # a flag's name with a string where a boolean belongs
    {DEMO_KEY: True},  # a key as a flag's name
    {"collapsed": False, "tags": [DEMO_KEY]},  # a flag beside anything else
])
def test_metadata_other_than_flags_is_still_scanned(scanner, metadata):
    nb = notebook(code("x = 1"))
    nb["cells"][0]["metadata"] = metadata
    found = scanner.scan_bytes(json.dumps(nb).encode(), "nb.ipynb").findings
    assert [f.rule for f in found] == ["demo-key"]


def _pieces():
    key = github_token()
    return ["plain text ", "x = '\\n'", "100%", "%41", "a & b", "&amp;", "&#103;", "\\u0067",
            "\\x67", "\\\\u0067", "\x1b[31m", "\x00", "\u200b", "ｇｈｐ", "é", "\ud800", "ghp", key,
            key[:6] + "\u200b" + key[6:], "%67hp_" + key[4:], "\t", "\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_pieces()), max_size=6).map("".join), min_size=2, max_size=8))
def test_every_text_normalise_changes_is_marked(texts):
    datas = [t.encode("utf-8", "surrogatepass") for t in texts]
    marked = set(disguised(texts, datas))
    for index, text in enumerate(texts):
        if normalise(text) is not None:
            assert index in marked, text


def test_a_notebook_scanned_at_once_finds_what_each_text_finds_alone():
    rng = random.Random("scan-many")
    pieces = _pieces()
    for _ in range(60):
        texts = ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 6)))
                 for _ in range(rng.randrange(2, 9))]
        together = ENGINE.scan_many(texts)
        alone = [ENGINE.scan(t) for t in texts]
        assert [[(m.rule.id, m.start, m.end) for m in ms] for ms in together] == \
               [[(m.rule.id, m.start, m.end) for m in ms] for ms in alone], texts
