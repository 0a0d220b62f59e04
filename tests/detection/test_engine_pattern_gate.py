"""The pattern gate: rules keyed on common words run only where their whole pattern may match.

The gate must never report fewer places than RE2 finds: each test compares it with RE2 on the
rules' own examples (and their negatives), placed where the gate reads them differently (an
ASCII text, a UTF-8 one, a lone surrogate, a joined pass of many texts, a long text).
"""
from __future__ import annotations

import random
import shutil

import pytest
import re2

from jupyter_secrets.detection import pattern_gate, prefilter_cache
from jupyter_secrets.detection.engine import Engine
from jupyter_secrets.detection.prefilter import KeywordPrefilter
from jupyter_secrets.detection.rules import ALL_RULES
from tests.detection.rules.all_cases import ALL_CASES

pytest.importorskip("hyperscan")

GATED = [i for i, rule in enumerate(ALL_RULES) if rule.id in pattern_gate.HOT_RULES]
#: Every example text of every rule: the gated rules' own and, as near misses, the others'.
TEXTS = sorted({text for case in ALL_CASES for text, _ in case.positives}
               | {text for case in ALL_CASES for text in case.negatives})
WORDS = ["token", "key", "password", "secret", "auth", "http", "batch", "0.123456", "loss", "pat",
         "sk", "machine", "environ", "-u", "--token", "api_key", "postgres"]


def _filler(rng: random.Random, size: int) -> str:
    """Text dense with the gated rules' keywords, as a training log is."""
    out = []
    while sum(map(len, out)) < size:
        out.append(rng.choice(WORDS))
    return " ".join(out)


@pytest.fixture(scope="module")
def gate():
    built = pattern_gate.compile_gate(ALL_RULES, GATED)
    assert built is not None
    return built


_COMPILED = {}


def _re2_ends(index: int, data: bytes):
    pattern = _COMPILED.get(index)
    if pattern is None:
        pattern = _COMPILED[index] = re2.compile(ALL_RULES[index].pattern.encode())
    return {m.end() for m in pattern.finditer(data)}


def _gate_ends(gate, data: bytes):
    found = gate.occurrences(data)
    assert found is not None
    ends = {}
    for rule, end in found:
        ends.setdefault(rule, set()).add(end)
    return ends


def test_every_hot_rule_is_a_shipped_rule_and_is_gated(gate):
    ids = {rule.id for rule in ALL_RULES}
    assert set(pattern_gate.HOT_RULES) <= ids
    assert {ALL_RULES[i].id for i in gate.indices} == set(pattern_gate.HOT_RULES)


@pytest.mark.parametrize("form", ["ascii", "utf8", "surrogate"])
def test_the_gate_reports_every_end_re2_finds(gate, form):
    for index in gate.indices:
        _re2_ends(index, b"")
    missed = []
    for text in TEXTS:
        if form != "ascii":
            text = ("é €漢 " if form == "utf8" else "\udc80 ") + text + " ü"
        data = text.encode("utf-8", "surrogatepass")
        ends = _gate_ends(gate, data)
        for index in gate.indices:
            reported = ends.get(index, set())
            if form == "ascii":  # match ends
                lost = _re2_ends(index, data) - reported
            else:  # keyword ends, one inside each match
                lost = [m for m in _COMPILED[index].finditer(data)
                        if not any(m.start() < e <= m.end() for e in reported)]
            if lost:
                missed.append((ALL_RULES[index].id, text[:80]))
    assert missed == []


def test_the_gate_reports_every_end_in_a_joined_pass(gate):
    """Texts joined by newlines, as the prefilter searches a notebook's units: each text's
    matches end where the gate says, anchors and boundaries at the joins included."""
    datas = [t.encode("utf-8", "surrogatepass") for t in TEXTS]
    joined = b"\n".join(datas)
    ends = _gate_ends(gate, joined)
    at = 0
    missed = []
    for data in datas:
        for index in gate.indices:
            for end in _re2_ends(index, data):
                if at + end not in ends.get(index, set()):
                    missed.append((ALL_RULES[index].id, data[:80]))
        at += len(data) + 1
    assert missed == []


def test_a_text_that_is_not_ascii_is_gated_by_keywords(gate):
    ends = _gate_ends(gate, "한국어 token \ud800".encode("utf-8", "surrogatepass"))
    assert {ALL_RULES[i].id for i in ends} >= {"generic-token-assignment"}


def _engine(use_gate: bool) -> Engine:
    return Engine(prefilter=KeywordPrefilter.cached(ALL_RULES) if use_gate
                  else KeywordPrefilter(ALL_RULES, cache=True, use_gate=False), rules=ALL_RULES)


@pytest.fixture(scope="module")
def engines():
    return _engine(True), _engine(False)


def _found(engine, text):
    return [(m.rule.id, m.start, m.end, m.secret) for m in engine.scan(text)]


@pytest.mark.parametrize("padding", ["none", "ascii", "utf8", "surrogate"])
def test_the_gated_engine_finds_what_the_keyword_engine_finds(engines, padding):
    """Each example alone, and inside a long keyword-dense log (searched in windows)."""
    gated, plain = engines
    assert gated._prefilter._gate is not None and plain._prefilter._gate is None
    rng = random.Random(padding)
    cases = [(text, secret) for case in ALL_CASES if case.rule_id in pattern_gate.HOT_RULES
             for text, secret in case.positives]
    assert len(cases) > 50
    differ = []
    for text, secret in cases:
        if padding != "none":
            extra = {"ascii": "", "utf8": " «données» ", "surrogate": " \udc80 "}[padding]
            text = _filler(rng, 6000) + extra + "\n" + text + "\n" + extra + _filler(rng, 6000)
        ours = _found(gated, text)
        if ours != _found(plain, text):
            differ.append(text[-200:])
        elif not any(found[3] == secret for found in ours) and padding == "none":
            differ.append(("not found", text))
    assert differ == []


def test_many_texts_in_one_pass_find_what_each_alone_finds(engines):
    gated, _ = engines
    texts = [text for case in ALL_CASES if case.rule_id in pattern_gate.HOT_RULES
             for text, _ in case.positives]
    together = gated.scan_many(texts)
    assert [[(m.rule.id, m.start, m.end) for m in found] for found in together] == \
        [[(m.rule.id, m.start, m.end) for m in gated.scan(text)] for text in texts]
    assert all(together)


def test_a_keyword_dense_log_gets_no_candidate(gate):
    """What the gate is for: a training log full of 'token' and 'key' runs no gated rule."""
    rng = random.Random(1)
    words = ["token", "key", "password", "secret", "auth", "http", "batch", "loss", "epoch",
             "model", "step", "0.123456", "eval", "train"]
    text = " ".join(rng.choice(words) for _ in range(40_000)).encode()
    ends = _gate_ends(gate, text)
    assert ends == {}


def test_the_gate_is_cached_and_a_corrupt_file_is_rebuilt(engines, tmp_path, monkeypatch):
    # the keyword database is copied: compiling it takes minutes on a busy machine
    for path in prefilter_cache.cache_dir().glob("prefilter-*.bin"):
        shutil.copy(path, tmp_path / path.name)
    monkeypatch.setenv(prefilter_cache.CACHE_ENV, str(tmp_path))
    first = pattern_gate.gate_for(ALL_RULES)
    files = list(tmp_path.glob("gate-*.bin"))
    assert first is not None and len(files) == 1
    again = pattern_gate.gate_for(ALL_RULES)
    assert again.indices == first.indices
    data = bytearray(files[0].read_bytes())
    data[-100] ^= 0xFF
    files[0].write_bytes(bytes(data))
    rebuilt = pattern_gate.gate_for(ALL_RULES)
    assert rebuilt.indices == first.indices
    assert files[0].read_bytes() != bytes(data)
    key = "token = 'Zq8" + "Wm3Kp7Xr2Lt9Vb4Nc6Hd1'"
    engine = Engine(ALL_RULES, prefilter=KeywordPrefilter.cached(ALL_RULES))
    assert [m.rule.id for m in engine.scan("log " * 2000 + key)] == ["generic-token-assignment"]


def test_with_the_cache_off_there_is_no_gate_and_keys_are_still_found(engines, monkeypatch):
    _, plain = engines  # the rules keep their keywords, as with the cache off
    key = "token = 'Zq8" + "Wm3Kp7Xr2Lt9Vb4Nc6Hd1'"
    assert [m.rule.id for m in plain.scan("log " * 2000 + key)] == ["generic-token-assignment"]
    monkeypatch.setenv(prefilter_cache.CACHE_ENV, "off")
    assert pattern_gate.gate_for(ALL_RULES) is None


def test_a_pattern_hyperscan_refuses_keeps_its_keywords():
    from jupyter_secrets.detection.rule import Rule

    rules = (Rule(id="generic-key-assignment", description="d", pattern=r"\Akey=(\w+)",
                  keywords=("key",)),
             Rule(id="generic-token-assignment", description="d", pattern=r"token=(?P<secret>\w{8})",
                  keywords=("token",)))
    gate = pattern_gate.compile_gate(rules, [0, 1])
    assert gate.indices == (1,)  # a text anchor: not gated
    prefilter = KeywordPrefilter(rules, gate=gate)
    ends, _ = prefilter.hits(b"key=abc token=abcdefgh")
    assert sorted(ends) == [0, 1]
