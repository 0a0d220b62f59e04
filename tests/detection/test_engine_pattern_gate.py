"""The pattern gate: rules keyed on common words run only where their whole pattern may match.

The gate must never report fewer places than RE2 finds: each test compares it with RE2 on the
rules' own examples (and their negatives), placed where the gate reads them differently (an
ASCII text, a UTF-8 one, a lone surrogate, a joined pass of many texts, a long text, a text
whose punctuation sends it to a lower level, a vertical tab where RE2 sees no space), and on
generated texts; the bytes a rule is said to need are checked against every RE2 match.
"""
from __future__ import annotations

import random
import shutil

import pytest
import re2

from jupyter_secrets.detection import gate_patterns, pattern_gate, prefilter_cache, required_bytes
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


@pytest.mark.parametrize("by_level", [False, True])
@pytest.mark.parametrize("form", ["ascii", "utf8", "surrogate"])
def test_the_gate_reports_every_end_re2_finds(gate, form, by_level, monkeypatch):
    if by_level:  # each short text by its own level, not by the pass of every pattern
        monkeypatch.setattr(pattern_gate, "LEVELS_FROM", 0)
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


def test_each_example_alone_searched_by_its_level_is_found_as_without_a_gate(engines, monkeypatch):
    monkeypatch.setattr(pattern_gate, "LEVELS_FROM", 0)
    gated, plain = engines
    cases = [(text, secret) for case in ALL_CASES if case.rule_id in pattern_gate.HOT_RULES
             for text, secret in case.positives]
    differ = [text for text, secret in cases if _found(gated, text) != _found(plain, text)
              or secret not in [found[3] for found in _found(gated, text)]]
    assert differ == []


def test_many_texts_in_one_pass_find_what_each_alone_finds(engines):
    gated, _ = engines
    texts = [text for case in ALL_CASES if case.rule_id in pattern_gate.HOT_RULES
             for text, _ in case.positives]
    together = gated.scan_many(texts)
    assert [[(m.rule.id, m.start, m.end) for m in found] for found in together] == \
        [[(m.rule.id, m.start, m.end) for m in gated.scan(text)] for text in texts]
    assert all(together)


@pytest.mark.parametrize("odd_one", ["utf8", "surrogate"])
def test_one_text_not_ascii_in_a_pass_leaves_the_others_to_the_pattern_pass(engines, monkeypatch, odd_one):
    """A notebook with one accented cell: its ASCII texts are still searched by pattern, only
    the accented one by keywords, and every text finds what it finds without any gate."""
    gated, plain = engines
    rng = random.Random(odd_one)
    positives = [text for case in ALL_CASES if case.rule_id in pattern_gate.HOT_RULES
                 for text, _ in case.positives]
    accented = {"utf8": "« données » token = ", "surrogate": "token \udc80 key "}[odd_one]
    texts = [_filler(rng, 300) for _ in range(20)] + positives
    texts.insert(7, accented + positives[0])
    by_keyword = []
    keywords = gated._prefilter._gate._keywords
    real = keywords.occurrences
    monkeypatch.setattr(keywords, "occurrences", lambda data: by_keyword.append(data) or real(data))

    together = gated.scan_many(texts)

    assert [[(m.rule.id, m.start, m.end, m.secret) for m in found] for found in together] == \
        [[(m.rule.id, m.start, m.end, m.secret) for m in plain.scan(text)] for text in texts]
    assert together[7] and all(together[len(texts) - len(positives):])
    if odd_one == "utf8":  # a lone surrogate sends the pass to each text on its own
        assert [data.decode("utf-8") for data in by_keyword] == [texts[7]]


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


# --- the gate's levels: a text lacking the punctuation some rules need skips them -----------

#: Lines as a loop prints them: words (one of them a gated keyword) and floats, no punctuation
#: but the decimal point.
PRINTED_WORDS = ["alpha", "beta", "gamma", "value", "result", "epoch", "loss", "batch", "step",
                 "model", "token", "train", "eval", "machine", "default", "password", "key"]


def _printed(rng: random.Random, size: int, negative: bool = False) -> str:
    out, total = [], 0
    while total < size:
        sign = -1 if negative and rng.random() < 0.3 else 1
        word = rng.choice(PRINTED_WORDS) if rng.random() < 0.7 else f"{sign * rng.random():.6f}"
        out.append(word)
        total += len(word) + 1
        if rng.random() < 0.02:
            out.append("\n")
    return " ".join(out)


def _hot_positives():
    return [(case.rule_id, text, secret) for case in ALL_CASES if case.rule_id in pattern_gate.HOT_RULES
            for text, secret in case.positives]


def test_every_match_holds_a_byte_of_each_set_its_rule_needs():
    """required_bytes against RE2, for every rule (not only the gated ones): each match of a
    rule in its own examples, and in all the others', holds a byte of each needed set."""
    patterns = {}
    wrong, counted = [], 0
    for rule in ALL_RULES:
        sets = required_bytes.needs(rule.pattern)
        if not sets:
            continue
        counted += 1
        pattern = patterns[rule.id] = re2.compile(rule.pattern.encode())
        for text in TEXTS:
            data = text.encode("utf-8", "surrogatepass")
            if not data.isascii():
                continue
            for match in pattern.finditer(data):
                held = data[match.start():match.end()]
                if not all(any(byte in held for byte in byte_set) for byte_set in sets):
                    wrong.append((rule.id, sets, text[:60]))
    assert counted > 100  # most rules need some punctuation
    assert wrong == []


@pytest.mark.parametrize("pattern, needed", [
    (r"token\s*[=:]\s*'(\w+)'", (b"'", b":=")),
    (r"(?i)\bSK[0-9a-f]{32}", ()),  # letters only: every text has them
    (r"a=?b", ()),  # an optional element requires nothing
    (r"(?:x=|y)z", ()),  # nor an alternation with a branch that needs nothing
    (r"(?:x=|y:)z", (b":=",)),  # a branch each: the union
    (r"user(?:@|%40)host", (b"%@",)),
    (r"[^\s]+@", (b"@",)),  # a negated class holds letters
    (r"(?i:x)[\"']{1,2}", (b"\"'",)),
    (r"a(?=b)", ()),  # not RE2: nothing is known
])
def test_needed_bytes_of_small_patterns(pattern, needed):
    assert required_bytes.needs(pattern) == needed


@pytest.mark.parametrize("pattern", [r"\s", r"\S{2}", r"[^\s'\"]+", r"[\s=]", r"[^\S]", r"[\S]x",
                                     r"[]\s]", r"[^]\S]", r"\\s", r"a\s+b\S*c"])
def test_the_gate_spells_spaces_as_re2_reads_them(pattern):
    """Every byte: Hyperscan matches it with the gate's spelling exactly where RE2 matches it
    with the rule's (a vertical tab is not a space to RE2)."""
    import hyperscan

    spelt = gate_patterns.gate_pattern(pattern)
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(expressions=[spelt.encode()], ids=[0], elements=1, flags=[hyperscan.HS_FLAG_SINGLEMATCH])
    compiled = re2.compile(pattern.encode())
    for byte in range(128):
        one = bytes([byte])
        for data in (one + one + b"x", b"a" + one + b"b" + one + b"c", b"\\s"):
            found = []
            database.scan(data, match_event_handler=lambda *a: found.append(a))
            assert bool(found) == bool(compiled.search(data)), (pattern, spelt, data)


@pytest.mark.parametrize("by_level", [False, True])
def test_a_vertical_tab_does_not_hide_a_match_from_the_gate(gate, monkeypatch, by_level):
    """RE2's \\S holds \\v and Hyperscan's does not: every example of every gated rule, with
    its spaces made vertical tabs where RE2 still matches, is reported where RE2 ends it."""
    if by_level:
        monkeypatch.setattr(pattern_gate, "LEVELS_FROM", 0)
    missed, tried = [], 0
    for rule_id, text, _ in _hot_positives():
        for variant in (text.replace(" ", "\x0b"), text.replace(" ", " \x0b"), text.replace(" ", "\x0b ")):
            data = variant.encode()
            if not data.isascii():
                continue
            ends = _gate_ends(gate, data)
            for index in gate.indices:
                real = _re2_ends(index, data)
                tried += bool(real)
                if real - ends.get(index, set()):
                    missed.append((ALL_RULES[index].id, variant[:80]))
    netrc = "machine db.example.org\x0bx login me password Qz8vW3nK5pL2"
    assert _re2_ends(ALL_RULES.index(next(r for r in ALL_RULES if r.id == "netrc-password")), netrc.encode())
    ends = _gate_ends(gate, netrc.encode())
    assert any(ALL_RULES[i].id == "netrc-password" for i in ends)
    assert tried > 20 and missed == []


def test_printed_words_are_searched_by_the_first_level(gate):
    """What the levels are for: the pass over a printed table leaves out the rules that need
    a quote, an '=' or ':', an '@' or a '-'; with minus signs, all but the last ones."""
    rng = random.Random(5)
    assert len(gate.levels) == 2
    assert gate.level_of(_printed(rng, 50_000).encode()) == 0
    assert gate.level_of(_printed(rng, 50_000, negative=True).encode()) == 1
    assert gate.level_of((_printed(rng, 50_000) + " a=b").encode()) == 2
    assert gate.level_of(("x = 'y'\n" + _printed(rng, 50_000)).encode()) == 2
    held = [{ALL_RULES[gate.indices[i]].id for i in level.ids} for level in gate.levels]
    assert "generic-token-assignment" not in held[1] and "generic-env-assignment" not in held[1]
    assert "generic-cli-credential-flag" in held[1] and "generic-cli-credential-flag" not in held[0]
    assert "netrc-password" in held[0]


@pytest.mark.parametrize("place", ["start", "middle", "end", "alone in a line"])
@pytest.mark.parametrize("negative", [False, True])
def test_every_example_planted_in_printed_words_is_found_as_without_a_gate(engines, gate, place, negative):
    """Each gated rule's examples in a long printed table (each is searched by the level its
    own bytes call for, the rest of the text holds none): the gated engine finds what the
    engine without a gate finds (and, on a line of its own, the example's secret); the gate
    reports every RE2 end."""
    gated, plain = engines
    rng = random.Random(f"{place}{negative}")
    differ, levels = [], set()
    for rule_id, text, secret in _hot_positives():
        filler = _printed(rng, 3000, negative)
        long = {"start": text + " " + filler + filler,
                "middle": filler + " " + text + " " + filler,
                "end": filler + filler + " " + text,
                "alone in a line": filler + "\n" + text + "\n" + filler}[place]
        data = long.encode("utf-8", "surrogatepass")
        if data.isascii():
            levels.add(gate.level_of(data))
            ends = _gate_ends(gate, data)
            for index in gate.indices:
                if _re2_ends(index, data) - ends.get(index, set()):
                    differ.append(("end not reported", ALL_RULES[index].id, text))
        ours = _found(gated, long)
        if ours != _found(plain, long):
            differ.append(("differs", rule_id, text))
        elif place == "alone in a line" and not any(found[3] == secret for found in ours):
            differ.append(("not found", rule_id, text))  # elsewhere the words may end it early
    assert differ == []
    assert levels >= ({1, 2} if negative else {0, 1, 2})  # every level had its turn


_PIECES = ["token", "key", "password", "machine", "default", "login", "SK", "pat", "ck_", "re_",
           "st.", "travis", "coveralls", "postgres://", "http://", "environ[", "--token", "-u",
           "api_key", "secret", ";pwd=", " ", "  ", "\n", "\t", "\x0b", "=", ":", ":=", "'", '"', "`",
           "@", "/", "-", "_", ".", ",", "(", ")", "[", "]", "\\n", "0123456789abcdef", "Zq8Wm3Kp7Xr2",
           "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz", "ff00aa11bb22cc33"]


@pytest.fixture
def levels_always(monkeypatch):
    """Short texts too are searched by their level (not by the pass of every pattern)."""
    monkeypatch.setattr(pattern_gate, "LEVELS_FROM", 0)


def test_generated_texts_every_re2_end_is_reported(gate, levels_always):
    """Random texts of keywords, punctuation and token characters, and texts from which one
    kind of punctuation is missing (so a lower level searches them): the gate reports every
    match end RE2 finds for every gated rule."""
    rng = random.Random(12)
    missed, matched, levels = [], 0, set()
    for round_ in range(3000):
        pieces = _PIECES
        if round_ % 3:  # leave out some punctuation, so every level has texts to search
            dropped = set(rng.sample("=:'\"`@-;,()[]/", rng.randint(3, 14)))
            pieces = [p for p in _PIECES if not dropped & set(p)]
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(5, 60)))
        positive = rng.choice(_hot_positives())[1]
        if round_ % 2 and positive.isascii() and not (set(positive) & set("=:'\"`@-;")):
            text = text + positive
        data = text.encode()
        levels.add(gate.level_of(data))
        ends = _gate_ends(gate, data)
        for index in gate.indices:
            real = _re2_ends(index, data)
            matched += bool(real)
            if real - ends.get(index, set()):
                missed.append((ALL_RULES[index].id, text))
    assert matched > 100 and levels == {0, 1, 2}
    assert missed == []


def test_the_cached_gate_has_the_same_levels(tmp_path, monkeypatch, gate):
    for path in prefilter_cache.cache_dir().glob("prefilter-*.bin"):
        shutil.copy(path, tmp_path / path.name)
    monkeypatch.setenv(prefilter_cache.CACHE_ENV, str(tmp_path))
    built = pattern_gate.gate_for(ALL_RULES)
    loaded = pattern_gate.gate_for(ALL_RULES)
    assert [level.ids for level in loaded.levels] == [level.ids for level in built.levels] \
        == [level.ids for level in gate.levels]
    assert loaded.needed == built.needed == gate.needed
    rng = random.Random(3)
    for text in (_printed(rng, 20_000), _printed(rng, 20_000, negative=True), "x = 'y'",
                 "machine h login u password Qz8vW3nK5pL2 " + _printed(rng, 9000)):
        data = text.encode()
        assert loaded.level_of(data) == gate.level_of(data)
        assert sorted(loaded.occurrences(data)) == sorted(gate.occurrences(data))
