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
from .notebooks import code, display, markdown, notebook, png, stream

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


def _random_notebook(rnd: random.Random) -> dict:
    """A notebook of nbformat's fields, each now and then of the wrong type, missing, or
    joined by a field of its own, in any order."""
    def pick(*values):
        return rnd.choice(values)

    def output():
        out = pick(stream(pick("a\n", ["a\n", "b"], 5, ["a", 1]), pick("stdout", "stderr", "log")),
                   display(pick({"text/plain": ["1"], "image/png": png()}, {"application/json": [1, "v"]},
                                {"text/html": "<b>x</b>", "application/vnd.x+json": "{}"}, {"text/plain": 7},
                                "not a bundle"), pick("display_data", "execute_result", "stream")),
                   {"output_type": "error", "ename": "E", "evalue": pick("v", 3), "traceback": pick(["t"], "t")},
                   "not an output")
        if isinstance(out, dict) and rnd.random() < 0.3:
            out[pick("metadata", "execution_count", "extra")] = pick({}, {"scrolled": True}, {"k": "v"}, "s", 1, None)
        return out

    cells = []
    for _ in range(rnd.randint(0, 4)):
        cell = pick(code(pick("x = 1", ["a\n", "b"], 3), [output() for _ in range(rnd.randint(0, 3))]),
                    markdown(pick("# t", ["m\n", "n"]), attachments=pick(None, {"a.png": {"image/png": png()}})),
                    "not a cell")
        if isinstance(cell, dict) and rnd.random() < 0.4:
            cell[pick("metadata", "execution_count", "id", "cell_type", "extra")] = pick(
                {}, {"collapsed": False}, {"tags": ["t"]}, "s", 1, None, ["l"], "code", "odd")
        cells.append(cell)
    nb = notebook(*cells, metadata=pick(None, {"kernelspec": {"name": "python3"}}))
    if rnd.random() < 0.4:
        nb[pick("metadata", "nbformat_minor", "cells", "extra")] = pick({}, "5", None, 5, {"a": "b"}, ["c"])
    if rnd.random() < 0.2:
        del nb[pick("metadata", "nbformat_minor", "cells")]
    items = list(nb.items())
    rnd.shuffle(items)
    return dict(items)


def test_the_walk_of_nbformat_fields_alone_gives_what_the_loop_over_every_field_gives(monkeypatch):
    """The walker reads a notebook or cell of nbformat's own fields without a loop over them;
    with those shortcuts off, every notebook gives the same units and the same problems."""
    from jupyter_secrets.detection import walker

    rnd = random.Random(20261204)
    notebooks = [_random_notebook(rnd) for _ in range(1500)]

    def walked():
        found = []
        for nb in notebooks:
            problems = []
            found.append(([(u.where, u.cell, u.output, u.path, u.text) for u in iter_units(nb, problems)],
                          problems))
        return found

    quick = walked()
    monkeypatch.setattr(walker, "_NOTEBOOK_USUAL", frozenset())
    monkeypatch.setattr(walker, "_CELL_USUAL", frozenset())
    assert quick == walked()
    assert sum(1 for units, problems in quick if problems) > 200
    assert sum(len(units) for units, _ in quick) > 5000
