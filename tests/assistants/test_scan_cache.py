"""The guard's memory of long texts it checked: the same matches for the same text, a text
searched again once a kernel fetched another value, and a bounded size."""
from __future__ import annotations

from jupyter_secrets.assistants.context_guard import redact_for_model
from jupyter_secrets.assistants.scan_cache import ScanCache
from jupyter_secrets.detection.engine import Engine
from jupyter_secrets.server.known_values import KnownValues, KnownValuesEngine
from jupyter_secrets.testing.model_keys import opaque_value, openai_project_key


def long_text(*secrets: str) -> str:
    filler = "epoch 1 loss 0.25 accuracy 0.91\n" * 60
    return filler + "".join(f"value: {s}\n" for s in secrets) + filler


def test_a_text_seen_again_gives_the_same_redaction_from_the_cache():
    known = KnownValues()
    cache = ScanCache()
    engine = cache.over(KnownValuesEngine(Engine(), known))
    key = openai_project_key()
    request = {"messages": [{"role": "user", "content": long_text(key)}, {"role": "user",
                                                                         "content": "short"}]}
    first = redact_for_model(request, assistant="T", engine=engine)
    second = redact_for_model(request, assistant="T", engine=engine)
    assert first == second and "[REDACTED:openai-project-key]" in str(first[0])
    assert (cache.hits, cache.misses) == (1, 1)  # the short text is not kept


def test_a_value_fetched_since_is_searched_for_again():
    known = KnownValues()
    cache = ScanCache()
    engine = cache.over(KnownValuesEngine(Engine(), known))
    value = opaque_value()
    text = long_text(value)
    assert redact_for_model(text, assistant="T", engine=engine)[1] == []
    known.add(value)  # a kernel fetched it after the first request
    redacted, found = redact_for_model(text, assistant="T", engine=engine)
    assert value not in redacted and [r.rule_id for r in found] == ["kernel-fetched-secret"]
    assert cache.hits == 0


def test_the_cache_keeps_a_bounded_number_of_texts_and_no_text():
    cache = ScanCache(max_entries=3)
    engine = cache.over(Engine())
    keys = [openai_project_key() for _ in range(5)]
    texts = [long_text(key) for key in keys]
    assert all(len(found) == 1 for found in engine.scan_many(texts))
    assert len(cache._entries) == 3
    kept = repr(cache._entries)
    assert "epoch 1 loss" not in kept and not any(key in kept for key in keys)
