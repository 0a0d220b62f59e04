"""A walk for texts alone (places found again only when a unit is asked for) gives the units an
eager walk gives: the same texts in the same order, the same shape problems, and for every unit
the same place, JSON path and writer."""
import json

import pytest

from jupyter_secrets.detection.json_text import iter_strings, read_slot
from jupyter_secrets.detection.walker import iter_units, walk_texts

from .conftest import DEMO_KEY
from .notebooks import code, display, error, markdown, notebook, png, stream


def _deep(levels: int):
    value = DEMO_KEY
    for _ in range(levels):
        value = {"a": [value]}
    return value


def _varied():
    """Notebooks of every shape the walker reads: nbformat's places, odd values, deep values."""
    yield notebook(code("print(1)", [stream(["a\n", "b"]), display({"text/plain": "1", "image/png": png(),
                                                                     "application/json": {"k": [1, "v"]}},
                                                                    "execute_result"),
                                     error("boom", ["\x1b[31mtb\x1b[0m", "line"])], metadata={"tags": ["t"]}),
                   markdown(["m\n", "n"], attachments={"a.png": {"image/png": png()}, "b.txt": {"text/plain": "x"}}),
                   metadata={"kernelspec": {"name": "python3"}})
    yield dict(notebook(code("x", foo={"deep": [1, "s"]})), extra="top", worksheets=[{"cells": []}])
    yield notebook(code("x", [dict(stream("hi"), name="weird"), {"output_type": "future", "payload": "p"},
                              display({"application/x-foo": "v", "image/png": "not an image"}),
                              display({"text/plain": [1]}), {"output_type": "stream", "text": 5}]))
    yield notebook(dict(code("x"), execution_count="one", cell_type="odd", id=["l"]),
                   {"source": 7, "outputs": "none", "metadata": [1], "attachments": [2]},
                   "not a cell", markdown("y", attachments={"a": [1], "b": {"x/y": "z"}}))
    yield notebook(code("x", metadata={"collapsed": False}), code("y", metadata={"deep": _deep(600)}),
                   {"cell_type": "raw", "source": "r", "metadata": {}, "extra": _deep(600)})
    yield {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": {"a": "b"}}
    yield dict(notebook(code(f"k = '{DEMO_KEY}'")), **{f"name {DEMO_KEY}": 1, "nbformat_minor": "5"})


def _described(unit):
    return unit.where, unit.cell, unit.output, unit.text, unit.path, unit.json_path


def _fresh(index: int) -> dict:
    """A new copy of the varied notebook at ``index`` (some are too deep for copy.deepcopy)."""
    return list(_varied())[index]


_INDICES = range(len(list(_varied())))


@pytest.mark.parametrize("index", _INDICES)
def test_lazy_places_are_the_eager_ones(index):
    nb = _fresh(index)
    eager_problems, lazy_problems = [], []
    eager = list(iter_units(_fresh(index), eager_problems))
    lazy = iter_units(nb, lazy_problems, places=False)
    assert lazy.texts == [unit.text for unit in eager] == walk_texts(nb, [])
    assert lazy_problems == eager_problems
    assert [_described(lazy.unit(i)) for i in range(len(eager))] == [_described(u) for u in eager]


@pytest.mark.parametrize("index", [i for i in _INDICES if i != 4])  # 4: too deep to compare quickly
def test_lazy_writers_write_where_the_eager_ones_do(index):
    for unit in range(len(walk_texts(_fresh(index), []))):
        eager_copy, lazy_copy = _fresh(index), _fresh(index)
        list(iter_units(eager_copy, []))[unit].write('"redacted"')
        iter_units(lazy_copy, [], places=False).unit(unit).write('"redacted"')
        assert _strings(lazy_copy) == _strings(eager_copy), unit
        assert _strings(lazy_copy) != _strings(_fresh(index)), unit  # the write reached the notebook


def _strings(nb):
    """Every string of ``nb`` with its path (read without recursion: some are deep)."""
    return sorted((repr(path), read_slot(slot)) for slot, path in iter_strings(nb))


def test_a_notebook_changed_before_its_places_are_found_is_refused():
    nb = notebook(code("x"), markdown("y"))
    units = iter_units(nb, [], places=False)
    nb["cells"].insert(0, code("new"))
    with pytest.raises(RuntimeError):
        units.unit(0)


def test_a_file_scan_parses_again_only_for_a_finding(scanner, monkeypatch):
    """The files of one batch: a place is looked for only in the notebook with a finding, and
    there it is the eager walk's."""
    from jupyter_secrets.detection import json_text, walker

    clean = json.dumps(notebook(code("x", [stream("out")]))).encode()
    found = notebook(code("y", [stream("z")]), code("a", [display({"text/plain": f"v {DEMO_KEY}"})]),
                     metadata={"extra": {"k": "v"}})
    walked = []
    real = walker.walk_places
    monkeypatch.setattr(walker, "walk_places", lambda nb: walked.append(nb) or real(nb))
    scans = scanner.scan_files([(clean, "a.ipynb"), (json.dumps(found).encode(), "b.ipynb"), (clean, "c.ipynb")])
    assert [len(s.findings) for s in scans] == [0, 1, 0]
    assert walked == [json_text.loads(json.dumps(found))]
    [finding] = scans[1].findings
    assert (finding.cell, finding.where, finding.output) == (1, "outputs", 0)
    assert finding.to_dict() == scanner.scan_notebook(found, "b.ipynb")[0].to_dict()
