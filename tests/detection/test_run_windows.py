"""Unbounded rules whose matches are runs of a few ASCII bytes (a JWT) are searched in the run
around each keyword of a long text: they find exactly what a search of the whole text finds."""
import base64
import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jupyter_secrets.detection import engine as engine_module
from jupyter_secrets.detection.engine import Engine
from jupyter_secrets.detection.match_width import run_alphabet
from jupyter_secrets.detection.rule import Rule

ENGINE = Engine()
WHOLE = Engine()
WHOLE._run_spans = lambda index, data, ends: WHOLE._run_rule(index, data)  # the whole text


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def jwt(rng: random.Random) -> str:
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = _b64url(json.dumps({"sub": str(rng.randrange(10 ** 9)), "iat": rng.randrange(10 ** 9)}).encode())
    return f"{header}.{payload}.{_b64url(rng.randbytes(32))}"


def _found(engine, text):
    return [(m.rule.id, m.start, m.end, m.secret) for m in engine.scan(text)]


def test_run_windows_are_used_for_the_jwt_rule():
    index = next(i for i, r in enumerate(ENGINE.rules) if r.id == "jwt")
    ENGINE._pattern(index)
    assert ENGINE._reaches[index] is None and ENGINE._runs[index] is not None


def test_a_rule_whose_keyword_leaves_its_alphabet_gets_no_run_windows():
    rule = Rule(id="spaced", description="d", pattern=r"\bab[a-z]*", keywords=("x ab",))
    assert run_alphabet(rule.pattern) is not None
    assert engine_module._run_table(rule) is None


PIECES = ["A", "z", "9", "-", "_", ".", "+", "/", "=", " ", "\n", '"', "eyJ", "EYJ", "é", "\u212a",
          "ey", "J"]


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(0, 2 ** 32), st.lists(st.sampled_from(PIECES), max_size=60), st.integers(0, 3))
def test_long_texts_with_tokens_find_what_the_whole_text_search_finds(seed, pieces, tokens):
    rng = random.Random(seed)
    parts = ["".join(rng.choice("ABCDEFabcdef0123456789+/") for _ in range(6000))]
    for _ in range(tokens):
        parts.append("".join(pieces[: rng.randrange(len(pieces) + 1)]))
        parts.append(jwt(rng))
        parts.append("".join(pieces[rng.randrange(len(pieces) + 1):]))
    parts.append("".join(rng.choice("ABCDEFabcdef0123456789+/.") for _ in range(3000)))
    text = "".join(parts) if rng.random() < 0.5 else "".join(reversed(parts))
    assert _found(ENGINE, text) == _found(WHOLE, text)


@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_a_jwt_at_the_edges_of_a_long_text_is_found(where):
    rng = random.Random(where)
    token = jwt(rng)
    filler = "".join(rng.choice("ABCDabcd0123+/") for _ in range(20_000))
    text = {"start": token + " " + filler, "middle": filler + " " + token + " " + filler,
            "end": filler + " " + token}[where]
    found = [(m.rule.id, m.secret) for m in ENGINE.scan(text)]
    assert ("jwt", token) in found
    assert _found(ENGINE, text) == _found(WHOLE, text)


def _windowed_rule_ids():
    ids = set()
    for index, rule in enumerate(ENGINE.rules):
        ENGINE._pattern(index)
        if ENGINE._runs[index] is not None or ENGINE._reaches[index] is not None:
            ids.add(rule.id)
    return ids


def test_every_windowed_rule_s_examples_are_found_inside_a_long_text():
    """Each positive example of each rule searched in windows or runs, placed amid a long text
    of base64 and words: found as the whole-text search finds it, and as found on its own."""
    from tests.detection.rules.all_cases import ALL_CASES

    windowed = _windowed_rule_ids()
    rng = random.Random("run windows")
    filler = "".join(rng.choice("ABCDabcd0123+/ .\n") for _ in range(6000))
    checked = 0
    for case in ALL_CASES:
        if case.rule_id not in windowed:
            continue
        for text, _secret in case.positives:
            long_text = filler + "\n" + text + "\n" + filler
            found = _found(ENGINE, long_text)
            assert found == _found(WHOLE_TEXT, long_text), case.rule_id
            alone = {(m.rule.id, m.secret) for m in ENGINE.scan(text)}
            assert alone <= {(rule, s) for rule, _, _, s in found}, case.rule_id
            checked += 1
    assert checked > 500


class _WholeText(Engine):
    """The engine with no windows at all: every rule over the whole text."""

    def _rule_spans(self, index, data, keyword_ends):
        self._pattern(index)
        yield from self._run_rule(index, data)


WHOLE_TEXT = _WholeText()


@pytest.mark.parametrize("length", [100, 511, 512, 513, 3000])
@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_a_jwt_in_a_run_longer_than_the_first_look_is_found(length, where):
    """A run that goes past the bytes read first around its keyword is read whole."""
    rng = random.Random(length)
    token = jwt(rng)
    # the run goes on through the dots: "q...q." + token + ".q...q"
    run = "q" * length + "." + token + "." + "q" * length
    filler = "".join(rng.choice("ABCDabcd0123+/") for _ in range(8000))
    text = {"start": run + " " + filler, "middle": filler + " " + run + " " + filler,
            "end": filler + " " + run}[where]
    found = _found(ENGINE, text)
    assert ("jwt", token) in [(rule, secret) for rule, _, _, secret in found]
    assert found == _found(WHOLE_TEXT, text)


@pytest.mark.parametrize("side", [100, 600, 5000])
def test_a_match_reaching_far_either_side_of_its_keyword_is_found_whole(side):
    """The run is read whole when it goes past the first look, so a long match is not cut."""
    rule = Rule(id="far", description="d", pattern=r"\b(?P<secret>AB[a-z]*KEY[a-z]*)(?:[^A-Za-z]|$)",
                keywords=("key",))
    engine, whole = Engine([rule]), _WholeText([rule])
    index = 0
    engine._pattern(index)
    assert engine._runs[index] is not None
    secret = "AB" + "x" * side + "KEY" + "y" * side
    text = "word + " * 2000 + secret + " + word" * 2000
    assert [m.secret for m in engine.scan(text)] == [secret] == [m.secret for m in whole.scan(text)]
