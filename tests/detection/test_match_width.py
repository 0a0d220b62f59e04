"""A rule's byte reach bounds every match RE2 finds, so a window around a keyword never cuts one."""
import math

import pytest
import re2
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jupyter_secrets.detection.engine import _MAX_REACH, Engine, _longest_match
from jupyter_secrets.detection.match_width import longest_match_bytes
from jupyter_secrets.detection.rule import Rule
from jupyter_secrets.detection.rules import ALL_RULES

BOUNDED = [rule for rule in ALL_RULES if longest_match_bytes(rule.pattern) <= _MAX_REACH]


@pytest.mark.parametrize("pattern, most", [
    (r"ab[0-9]{3}", 5),
    (r"(?i)ab", 2),
    (r"(?i)k", 3),  # folds to the Kelvin sign, 3 bytes
    (r"(?i:s)x", 4),  # folds to the long s
    (r"[^a]", 4),
    (r".{2}", 8),
    (r"\w{2}\d\s", 4),
    (r"(?i)\w", 4),
    (r"é", 4),  # a literal beyond ASCII counts as the widest character
    (r"a|bcd", 3),
    (r"\bx(?:y|$)", 2),
    (r"a+", math.inf),
    (r"a{2,}", math.inf),
])
def test_byte_widths(pattern, most):
    assert longest_match_bytes(pattern) == most


def test_never_wider_than_four_bytes_a_character():
    """Every rule searched in windows at four bytes a character still is, in no wider ones."""
    for rule in ALL_RULES:
        if 4 * _longest_match(rule.pattern) <= _MAX_REACH:
            assert longest_match_bytes(rule.pattern) <= 4 * _longest_match(rule.pattern), rule.id


def test_the_caseless_folds_really_are_that_wide():
    """What the bound assumes of RE2: caseless k and s match the Kelvin sign and the long s."""
    assert re2.compile("(?i)k".encode()).fullmatch("\u212a".encode())
    assert re2.compile("(?i)s".encode()).fullmatch("\u017f".encode())
    assert longest_match_bytes("(?i)k") >= len("\u212a".encode())


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_every_match_of_a_bounded_rule_fits_its_reach(data):
    rule = data.draw(st.sampled_from(BOUNDED))
    text = data.draw(st.from_regex(rule.pattern, fullmatch=True))
    found = re2.compile(rule.pattern.encode()).fullmatch(text.encode("utf-8", "surrogatepass"))
    if found is not None:  # Python's and RE2's dialects differ at the edges
        assert found.end() - found.start() <= longest_match_bytes(rule.pattern), rule.id


def test_a_key_wider_in_bytes_than_in_ascii_is_found_in_a_long_text():
    """Caseless letters folded to their 3-byte forms, far from the text's start and end."""
    rule = Rule(id="kelvin", description="d", pattern=r"(?i)\bkey_(?P<secret>[a-z0-9]{40})\b",
                keywords=("key_",))
    engine = Engine([rule])
    secret = "\u212a" * 20 + "s" * 20
    filler = "word " * 2000
    text = filler + "key_" + secret + " " + filler
    [match] = engine.scan(text)
    assert match.secret == secret
