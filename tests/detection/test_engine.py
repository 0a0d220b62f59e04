import base64
from urllib.parse import quote

import pytest

from jupyter_secrets.detection.allowlist import Allowlist
from jupyter_secrets.detection.engine import Engine

from .conftest import DEMO_KEY, DEMO_RULES, DEMO_TOKEN


def test_finds_a_key_with_its_span(engine):
    text = f'x = "{DEMO_KEY}"\n'
    [match] = engine.scan(text)
    assert match.rule.id == "demo-key"
    assert text[match.start:match.end] == DEMO_KEY


def test_secret_group_narrows_the_span(engine):
    text = f"auth {DEMO_TOKEN} end"
    [match] = engine.scan(text)
    assert text[match.start:match.end] == DEMO_TOKEN[len("tok-"):]


def test_spans_are_characters_not_bytes_in_unicode_text(engine):
    text = f"héllo wörld ✓ {DEMO_KEY} ✓"
    [match] = engine.scan(text)
    assert text[match.start:match.end] == DEMO_KEY


def test_keywords_match_case_insensitively_but_patterns_decide(engine):
    assert engine.scan(DEMO_KEY.upper()) == []  # the keyword hits, the pattern does not


def test_no_keyword_no_work(engine):
    assert engine.scan("import numpy as np\n" * 1000) == []


def test_match_repr_never_shows_the_secret(engine):
    [match] = engine.scan(DEMO_KEY)
    assert DEMO_KEY not in repr(match)


def test_low_entropy_values_are_ignored(engine):
    assert engine.scan("demo_" + "a" * 24) == []


def test_generic_rules_skip_placeholders(engine):
    assert engine.scan('password = "<your-password>"') == []
    assert engine.scan('password = "changeme"') == []
    [match] = engine.scan('password = "Zq8#pL2v!Wm4"')
    assert match.rule.id == "demo-assignment"


def test_redaction_markers_never_match(engine):
    assert engine.scan('password = "REDACTED_DEMO_ASSIGNMENT"') == []


def test_pragmas_allow_a_line(engine):
    assert engine.scan(f'k = "{DEMO_KEY}"  # secrets: allow') == []
    assert engine.scan(f'k = "{DEMO_KEY}"  # pragma: allowlist secret') == []
    assert len(engine.scan(f'k = "{DEMO_KEY}"\n# secrets: allow')) == 1


def test_allowlist_by_regex_and_rule():
    by_regex = Engine(DEMO_RULES, allowlist=Allowlist(regexes=[r"^demo_Xy7"]))
    assert by_regex.scan(DEMO_KEY) == []
    by_rule = Engine(DEMO_RULES, allowlist=Allowlist(rules=["demo-key"]))
    assert by_rule.scan(DEMO_KEY) == []
    assert len(by_rule.scan(DEMO_TOKEN)) == 1


def test_base64_encoded_secret_is_found_at_the_encoded_token(engine):
    encoded = base64.b64encode(f"user:{DEMO_KEY}".encode()).decode()
    text = f"Authorization: Basic {encoded}\n"
    [match] = engine.scan(text)
    assert (match.rule.id, match.encoding) == ("demo-key", "base64")
    assert text[match.start:match.end] == encoded
    assert match.secret == DEMO_KEY


def test_urlsafe_base64_and_hex_and_percent_encodings(engine):
    payload = f'{{"key": "{DEMO_KEY}"}}'.encode()
    for text, encoding in ((base64.urlsafe_b64encode(payload).decode().rstrip("="), "base64"),
                           (payload.hex(), "hex"),
                           ("https://x.test/?cfg=" + quote(payload.decode(), safe=""), "url")):
        [match] = engine.scan(text)
        assert match.encoding == encoding, text


def test_image_data_is_not_decoded(engine):
    hidden = base64.b64encode(f"padding {DEMO_KEY} padding".encode()).decode()
    assert engine.scan(f'<img src="data:image/png;base64,{hidden}">') == []


def test_a_decoded_duplicate_of_a_direct_match_is_dropped(engine):
    # a token whose base64 run also spans the key: one finding, the direct one
    [match] = engine.scan(DEMO_KEY)
    assert match.encoding is None


def test_invalid_surrogates_do_not_crash(engine):
    assert engine.scan("\ud800 " + DEMO_KEY)[0].rule.id == "demo-key"


def test_huge_single_line_is_linear(engine):
    text = "A" * 10_000_000 + " " + DEMO_KEY
    [match] = engine.scan(text)
    assert match.start == 10_000_001


def test_case_sensitive_keywords_skip_other_cases():
    from jupyter_secrets.detection.rule import Rule
    rule = Rule(id="fixed-case", description="d", pattern=r"\bEAA[A-Za-z0-9]{20}\b",
                keywords=("EAA",), case_sensitive_keywords=True)
    engine = Engine([rule])
    assert engine._prefilter.scan(b"digest 0eaa3f9e") == ([], frozenset())
    assert engine._prefilter.scan(b"x EAAb")[0] == [0]
    assert len(engine.scan("token EAA" + "Zq8pL2vWm4Xy7Qp2Lm9R")) == 1


@pytest.mark.parametrize("prefer_hyperscan", [True, False])
def test_long_texts_are_searched_around_keywords_without_losing_keys(prefer_hyperscan):
    from jupyter_secrets.detection import engine as engine_module
    from jupyter_secrets.detection.prefilter import KeywordPrefilter
    engine = Engine(DEMO_RULES)
    engine._prefilter = KeywordPrefilter(engine.rules, prefer_hyperscan)
    size = 5 * engine_module._WHOLE_TEXT
    filler = "word " * (size // 5)
    for offset in (0, 5, 2000, size // 2, size - 5, size):
        text = filler[:offset] + " " + DEMO_KEY + " " + filler[offset:] + DEMO_KEY
        found = [(m.start, m.rule.id) for m in engine.scan(text)]
        assert found == [(offset + 1, "demo-key"), (len(text) - len(DEMO_KEY), "demo-key")], offset
    # a key cut by a window's edge is not reported as a shorter one
    glued = "x" * size + DEMO_KEY + "Q" * 2000
    assert engine.scan(glued) == []


def test_unbounded_rules_see_the_whole_long_text():
    from jupyter_secrets.detection.rule import Rule
    spread = Rule(id="spread", description="d", pattern=r"BEGIN[^!]*?(?P<secret>[A-Z0-9]{24})!",
                  keywords=("begin",))
    engine = Engine([spread])
    assert engine._reach == [None]
    text = "BEGIN" + "x" * 100_000 + "Q8W7E6R5T4Y3U2I1O9P8A7S6!"
    [match] = engine.scan(text)
    assert text[match.start:match.end] == "Q8W7E6R5T4Y3U2I1O9P8A7S6"


def test_the_first_rule_names_a_span_two_rules_find():
    from jupyter_secrets.detection.rule import Rule
    generic = Rule(id="generic", description="d", generic=False,
                   pattern=r"(?i)password\s*=\s*\"(?P<secret>[^\"]{8,})\"", keywords=("password",))
    specific = DEMO_RULES[0]
    text = f'password = "{DEMO_KEY}"'  # the generic keyword comes first in the text
    assert [m.rule.id for m in Engine([specific, generic]).scan(text)] == ["demo-key"]
    assert [m.rule.id for m in Engine([generic, specific]).scan(text)] == ["generic"]


def test_percent_tokens_are_whole_runs_between_delimiters():
    """The runs found from each ``%XX`` are those of one pattern for the whole run (RE2's
    ``\\s``: tab, line feed, form feed, carriage return, space), on texts of every piece."""
    import random

    import re2

    from jupyter_secrets.detection import encoded

    whole_run = re2.compile(rb"[^\s\"'<>`]*%[0-9A-Fa-f]{2}[^\s\"'<>`]*")
    pieces = [b"%41", b"%4", b"%zz", b"%", b"a", b"Z", b"9", b" ", b"\t", b"\n", b"\r", b"\f", b"\v",
              b'"', b"'", b"<", b">", b"`", b"%e2%80", b"=", b"&", b"/", b"\\", "é".encode()]
    rnd = random.Random(20261204)
    texts = [b"".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 24))) for _ in range(4000)]
    # runs longer than the read back from a %XX, with and without a delimiter before them
    texts += [b"a" * 5000 + b"%41", b"x y" + b"b" * 5000 + b"%41 z%42", b"%41" + b"c" * 9000 + b"%4"]
    for data in texts:
        assert list(encoded._percent_runs(data)) == [m.span() for m in whole_run.finditer(data)], data
