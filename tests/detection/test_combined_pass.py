"""The keywords and the pattern gate in one pass: it must report exactly what the two passes
report, on every rule's examples, in long printed text (each level of the gate), in joined
passes and on generated texts; its cache file is checked, and a wrong one is rebuilt."""
from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys

import pytest

from jupyter_secrets.detection import combined_pass, pattern_gate, prefilter_cache
from jupyter_secrets.detection.engine import Engine
from jupyter_secrets.detection.prefilter import KeywordPrefilter
from jupyter_secrets.detection.rules import ALL_RULES
from tests.detection.rules.all_cases import ALL_CASES

pytest.importorskip("hyperscan")

EXAMPLES = sorted({text for case in ALL_CASES for text, _ in case.positives}
                  | {text for case in ALL_CASES for text in case.negatives})
PRINTED = ["alpha", "beta", "loss", "epoch", "token", "model", "batch", "step", "0.123456",
           "accuracy", "train", "eval", "value", "result"]
PIECES = ["token", "key", "password", "machine", "login", "SK", "pat", "ck_", "re_", "sk-",
          "ghp_", "AKIA", "xoxb-", "postgres://", "http://", "environ[", "--token", "-u", " ",
          "\n", "\t", "=", ":", "'", '"', "`", "@", "/", "-", "_", ".", "0123456789abcdef",
          "Zq8Wm3Kp7Xr2", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz", "%41", "\\u0041"]


@pytest.fixture(scope="module")
def prefilters():
    combined = KeywordPrefilter.cached(ALL_RULES)
    apart = KeywordPrefilter.cached(ALL_RULES)
    apart._combined = None
    assert combined._combined_pass() is not None, "the cached prefilter has its combined pass"
    return combined, apart


def _hits(prefilter, data: bytes):
    ends, encodings = prefilter.hits(data)
    return {rule: sorted(at) for rule, at in ends.items()}, encodings


def _printed(rng: random.Random, size: int, signed: bool = False) -> str:
    out, total = [], 0
    while total < size:
        word = rng.choice(PRINTED) if rng.random() < 0.7 else f"{rng.choice((-1, 1) if signed else (1,)) * rng.random():.6f}"
        out.append(word)
        total += len(word) + 1
    return " ".join(out)


def test_every_example_gets_the_hits_of_the_two_passes(prefilters):
    combined, apart = prefilters
    differ = [text for text in EXAMPLES if text.isascii()
              and _hits(combined, text.encode()) != _hits(apart, text.encode())]
    assert differ == []


@pytest.mark.parametrize("signed", [False, True])
def test_examples_in_long_printed_text_get_the_hits_of_the_two_passes(prefilters, signed):
    """Long enough for the gate's levels: a table of words (level 0), with minus signs (1),
    and whatever punctuation the example brings (up to the pass of every pattern)."""
    combined, apart = prefilters
    gate = combined._gate
    rng = random.Random(signed)
    levels, differ = set(), []
    for text in EXAMPLES:
        if not text.isascii():
            continue
        data = (_printed(rng, 3000, signed) + "\n" + text + "\n" + _printed(rng, 3000, signed)).encode()
        levels.add(gate.level_of(data))
        if _hits(combined, data) != _hits(apart, data):
            differ.append(text)
    assert differ == []
    assert levels == ({1, 2} if signed else {0, 1, 2})


def test_generated_texts_get_the_hits_of_the_two_passes(prefilters, monkeypatch):
    monkeypatch.setattr(pattern_gate, "LEVELS_FROM", 0)
    monkeypatch.setattr(combined_pass, "LEVELS_FROM", 0)
    combined, apart = prefilters
    rng = random.Random(5)
    differ, hit = [], 0
    for round_ in range(2000):
        pieces = PIECES
        if round_ % 3:  # without some punctuation, so that each level searches some texts
            dropped = set(rng.sample("=:'\"`@-/", rng.randint(2, 8)))
            pieces = [p for p in PIECES if not dropped & set(p)]
        data = "".join(rng.choice(pieces) for _ in range(rng.randint(5, 80))).encode()
        ours = _hits(combined, data)
        hit += bool(ours[0])
        if ours != _hits(apart, data):
            differ.append(data)
    assert differ == [] and hit > 500


def test_a_joined_pass_gets_the_hits_of_the_two_passes(prefilters):
    combined, apart = prefilters
    rng = random.Random(9)
    texts = [t.encode() for t in EXAMPLES if t.isascii()]
    rng.shuffle(texts)
    for group in (texts[:300], texts[300:], [_printed(rng, 5000).encode()] + texts[:50]):
        assert combined.hits_found(group) == apart.hits_found(group)
    # a pass that is not all ASCII keeps the two passes
    mixed = texts[:40] + ["données token = 'Zq8Wm3Kp7Xr2Lt9Vb4Nc6Hd1'".encode()]
    assert combined.hits_found(mixed) == apart.hits_found(mixed)


def test_the_engine_finds_the_same_with_one_pass_or_two(prefilters):
    combined, apart = prefilters
    one, two = Engine(ALL_RULES, prefilter=combined), Engine(ALL_RULES, prefilter=apart)
    rng = random.Random(2)
    texts = [_printed(rng, 4000) + "\n" + text for case in ALL_CASES for text, _ in case.positives]
    found = [[(m.rule.id, m.start, m.end) for m in f] for f in one.scan_many(texts)]
    assert found == [[(m.rule.id, m.start, m.end) for m in f] for f in two.scan_many(texts)]
    assert sum(map(bool, found)) > 0.9 * len(texts)


def _disguised(rng: random.Random, text: str) -> str:
    """``text`` with one character in a disguise the normaliser takes off."""
    at = rng.randrange(len(text))
    char = text[at]
    cover = rng.choice([f"\\u{ord(char):04x}", f"\\x{ord(char):02x}", f"&#{ord(char)};", f"%{ord(char):02X}",
                        f"\x1b[31m{char}\x1b[0m", f"{char}\x00"])
    return text[:at] + cover + text[at + 1:]


def test_disguises_marked_by_the_combined_pass_are_those_a_pass_of_their_own_marks(prefilters, monkeypatch):
    """The combined pass reports where an ASCII text may wear a disguise, so no pass of its
    own looks for them: every text finds what it finds with the two passes and that pass."""
    combined, apart = prefilters
    one, two = Engine(ALL_RULES, prefilter=combined), Engine(ALL_RULES, prefilter=apart)
    rng = random.Random(12)
    keys = [text for case in ALL_CASES for text, _ in case.positives if text.isascii()]
    texts = [_disguised(rng, text) if rng.random() < 0.5 else text for text in keys]
    texts += [_printed(rng, 300) for _ in range(200)]
    rng.shuffle(texts)
    apart_marks = []
    import jupyter_secrets.detection.engine as engine_module
    real = engine_module.disguised
    monkeypatch.setattr(engine_module, "disguised", lambda *args: apart_marks.append(1) or real(*args))
    for group in (texts, [_printed(rng, 300_000) + " " + texts[0]], texts[:1]):
        found = [[(m.rule.id, m.start, m.end) for m in f] for f in one.scan_many(group)]
        assert apart_marks == []  # the combined pass marked them
        assert found == [[(m.rule.id, m.start, m.end) for m in f] for f in two.scan_many(group)]
        assert apart_marks  # the two passes need a pass of its own
        apart_marks.clear()
    found = one.scan_many(texts)
    assert sum(1 for text, f in zip(texts, found) if f and text not in keys) > 50  # disguised


def _cache_copy(tmp_path, monkeypatch):
    # the keyword and gate databases are copied: compiling them takes long on a busy machine
    for family in ("prefilter-*.bin", "gate-*.bin"):
        for path in prefilter_cache.cache_dir().glob(family):
            shutil.copy(path, tmp_path / path.name)
    monkeypatch.setenv(prefilter_cache.CACHE_ENV, str(tmp_path))


def test_the_combined_pass_is_cached_and_a_wrong_file_is_rebuilt(tmp_path, monkeypatch, prefilters):
    _, apart = prefilters
    _cache_copy(tmp_path, monkeypatch)
    first = KeywordPrefilter.cached(ALL_RULES)
    assert not list(tmp_path.glob("combined-*.bin"))  # built at the first scan, not before
    assert first._combined_pass() is not None
    files = list(tmp_path.glob("combined-*.bin"))
    assert len(files) == 1
    sample = b"log " * 2000 + b"token = 'Zq8" + b"Wm3Kp7Xr2Lt9Vb4Nc6Hd1' and ghp_x"
    expected = _hits(apart, sample)
    again = KeywordPrefilter.cached(ALL_RULES)
    assert again._combined_pass() is not None and _hits(again, sample) == expected  # read back
    corrupt = bytearray(files[0].read_bytes())
    corrupt[-100] ^= 0xFF
    files[0].write_bytes(bytes(corrupt))
    rebuilt = KeywordPrefilter.cached(ALL_RULES)
    assert rebuilt._combined_pass() is not None and _hits(rebuilt, sample) == expected
    assert files[0].read_bytes() != bytes(corrupt)


def test_small_scans_never_read_the_combined_pass_and_a_large_one_does(tmp_path, monkeypatch):
    """Reading it costs tens of milliseconds: a commit hook's small files never pay that."""
    _cache_copy(tmp_path, monkeypatch)
    KeywordPrefilter.cached(ALL_RULES)._combined_pass()  # the file is there
    engine = Engine(ALL_RULES, prefilter=KeywordPrefilter.cached(ALL_RULES))
    key = "token = 'Zq8" + "Wm3Kp7Xr2Lt9Vb4Nc6Hd1'"
    assert [m.rule.id for m in engine.scan("log line\n" * 1000 + key)] == ["generic-token-assignment"]
    assert engine._prefilter._combined is combined_pass_untried()
    found = engine.scan("log line\n" * 40_000 + key)
    assert [m.rule.id for m in found] == ["generic-token-assignment"]
    assert isinstance(engine._prefilter._combined, combined_pass.CombinedPass)


def combined_pass_untried():
    from jupyter_secrets.detection import prefilter

    return prefilter._UNTRIED


def test_a_database_that_lost_its_keywords_is_not_used(tmp_path, monkeypatch, prefilters):
    """A file whose digest holds but whose databases are not the keywords' (written by a
    faulty build) fails the probe, and is rebuilt."""
    import hyperscan

    _, apart = prefilters
    _cache_copy(tmp_path, monkeypatch)
    KeywordPrefilter.cached(ALL_RULES)._combined_pass()
    path, = tmp_path.glob("combined-*.bin")
    data = path.read_bytes()
    magic_end = len(combined_pass._MAGIC)
    header = json.loads(data[magic_end:data.index(b"\n", magic_end)])
    body = data[data.index(b"\n", magic_end) + 1:]
    meta = json.loads(body[:body.index(b"\n")])
    empty = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    empty.compile(expressions=[b"zzzzzz-not-a-keyword"], ids=[0], elements=1, flags=[0])
    blob = hyperscan.dumpb(empty)
    meta["sizes"] = [len(blob)] * len(meta["sizes"])
    forged = json.dumps(meta).encode() + b"\n" + blob * len(meta["sizes"])
    prefilter_cache.write_checked(path, combined_pass._MAGIC, header["key"], forged, "combined-*.bin")
    written = path.read_bytes()
    rebuilt = KeywordPrefilter.cached(ALL_RULES)
    assert rebuilt._combined_pass() is not None
    sample = b"token = 'Zq8" + b"Wm3Kp7Xr2Lt9Vb4Nc6Hd1' AKIA ghp_"
    assert _hits(rebuilt, sample) == _hits(apart, sample)
    assert path.read_bytes() != written  # rebuilt and stored again


def test_with_the_cache_off_there_is_no_combined_pass(monkeypatch):
    monkeypatch.setenv(prefilter_cache.CACHE_ENV, "off")
    prefilter = KeywordPrefilter.cached(ALL_RULES)
    assert prefilter._combined is None and prefilter._combined_pass() is None
    assert Engine(ALL_RULES, prefilter=prefilter).scan("token = 'Zq8" + "Wm3Kp7Xr2Lt9Vb4Nc6Hd1'")


def test_encoded_forms_come_in_one_order_in_every_process():
    # the combined pass and the literal cache index the same forms, and each may have been
    # built by another process: the order must not depend on the process's hash seed
    code = ("import json; from jupyter_secrets.detection.prefilter import encoded_forms; "
            "print(json.dumps([[k.decode(), v] for k, v in encoded_forms("
            "[('token', False), ('ghp_', True), ('password', False), ('xoxb-', False)]).items()]))")
    orders = {subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                             text=True, env={**os.environ, "PYTHONHASHSEED": seed},
                             ).stdout for seed in ("1", "2", "3", "4")}
    assert len(orders) == 1
