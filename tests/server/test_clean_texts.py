"""Saves read again only what changed: texts found clean are not scanned twice, and nothing a
scan would find now is ever hidden by an earlier clean verdict."""
from __future__ import annotations

import json
import secrets

import pytest

from .conftest import code, markdown, notebook, stream


@pytest.fixture
def scanned(guards, monkeypatch):
    """Every text that reaches the detection engine itself (below the verdict cache)."""
    texts = []
    inner = guards.require_scanner().engine.engine  # built in the background at start
    original = inner.scan_many

    def recording(batch):
        texts.extend(batch)
        return original(batch)

    monkeypatch.setattr(inner, "scan_many", recording)
    return texts


def log_notebook(cells: int = 40) -> dict:
    return notebook(*[code(f"step_{i} = train({i})", outputs=[stream(f"epoch {i} loss 0.{i:04d}\n" * 50)])
                      for i in range(cells)], markdown("# Results"))


async def test_an_unchanged_resave_scans_nothing_and_a_changed_cell_alone_is_read(
        save_notebook, scanned, jp_root_dir, key):
    # Given a notebook saved once (every text scanned)
    nb = log_notebook()
    assert (await save_notebook("run.ipynb", nb)).code in (200, 201)
    assert len(scanned) >= 80

    # When it is saved again as it is (an autosave), nothing is scanned again
    scanned.clear()
    assert (await save_notebook("run.ipynb", nb)).code == 200
    assert scanned == []

    # And when one cell gets a key, that cell's text alone is read, and the save is refused
    nb["cells"][7]["source"] = f'api_key = "{key}"'
    response = await save_notebook("run.ipynb", nb)
    assert response.code == 422
    assert [f["cell"] for f in json.loads(response.body)["findings"]] == [7]
    assert scanned == [f'api_key = "{key}"']
    assert key not in (jp_root_dir / "run.ipynb").read_text()

    # and the key is found again on every later try: a text with a finding is never cached
    scanned.clear()
    assert (await save_notebook("run.ipynb", nb)).code == 422
    assert scanned == [f'api_key = "{key}"']


async def test_a_value_a_kernel_fetched_later_is_found_in_text_cached_clean(
        save_notebook, guards, jp_root_dir):
    # Given a notebook whose output holds a random token no rule knows, saved clean
    value = "w" + secrets.token_urlsafe(47)
    nb = notebook(code("print(rows[17])", outputs=[stream(f"row 17 {value}\n")]))
    first = await save_notebook("late.ipynb", nb)
    assert first.code in (200, 201) and "jupyter_secrets" not in json.loads(first.body)
    assert value in (jp_root_dir / "late.ipynb").read_text()

    # When a kernel of this server fetches that very value from the broker
    guards.known_values.add(value)

    # Then the same save, unchanged, is read again and the value stripped from the output
    again = await save_notebook("late.ipynb", nb)
    assert again.code == 200
    assert json.loads(again.body)["jupyter_secrets"]["stripped"][0]["where"] == "outputs"
    assert value not in (jp_root_dir / "late.ipynb").read_text()


def test_a_verdict_taken_while_a_value_is_noted_is_not_kept():
    # Given the guards' engine over real known values, and a value the broker notes while a
    # scan runs (another thread, in the server)
    from jupyter_secrets.detection.engine import Engine
    from jupyter_secrets.server.clean_texts import CleanTextCache
    from jupyter_secrets.server.known_values import KnownValues, KnownValuesEngine

    value = "w" + secrets.token_urlsafe(47)
    known = KnownValues()
    inner = KnownValuesEngine(Engine(), known)
    scan_many = inner.scan_many

    def noted_meanwhile(texts):
        found = scan_many(texts)  # the scan has read the tables without the value
        known.add(value)
        return found

    inner.scan_many = noted_meanwhile
    cache = CleanTextCache(inner)
    text = f"row 17 {value}\n"

    # When the text is scanned then, it is clean to that scan, but the verdict is not kept
    assert cache.scan(text) == []
    assert cache.entries == 0
    # so the next look finds the value
    inner.scan_many = scan_many
    assert [m.rule.id for m in cache.scan(text)] == ["kernel-fetched-secret"]


def test_a_verdict_is_a_keyed_digest_of_the_text_alone():
    from jupyter_secrets.detection.engine import Engine
    from jupyter_secrets.server.clean_texts import CleanTextCache

    one, other = CleanTextCache(Engine()), CleanTextCache(Engine())
    text = "epoch 1 loss 0.5\n" * 100
    assert one.scan(text) == [] and one.entries == 1
    # the same text under another process's key has another digest, one changed byte too
    assert one.digest(text) != other.digest(text)
    assert one.digest(text) != one.digest(text[:-2] + "X\n")
    assert len(one.digest(text)) == 32
