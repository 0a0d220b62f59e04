"""Disguised keys are matched in their normalised form and redacted at their disguised span."""
import re

import pytest

from jupyter_secrets.detection.normalise import normalise
from jupyter_secrets.redaction import redact_text

from .conftest import DEMO_KEY


def full_width(text):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


DISGUISES = {
    "NFKC full-width": full_width(DEMO_KEY),
    "mathematical bold": "".join(chr(0x1D41A + ord(c) - 97) if c.islower() else c for c in DEMO_KEY),
    "zero-width joiners": "\u200d".join(DEMO_KEY),
    "zero-width space, bidi marks, soft hyphen": DEMO_KEY[:6] + "\u200b\u202e\u00ad" + DEMO_KEY[6:],
    "NULs": "\0".join(DEMO_KEY),
    "terminal colours": DEMO_KEY[:8] + "\x1b[31m" + DEMO_KEY[8:16] + "\x1b[0m" + DEMO_KEY[16:],
    "JSON/Python \\u escapes": "".join(f"\\u{ord(c):04x}" for c in DEMO_KEY[:6]) + DEMO_KEY[6:],
    "Python \\x escapes": "".join(f"\\x{ord(c):02x}" for c in DEMO_KEY),
    "HTML numeric entities": "".join(f"&#{ord(c)};" for c in DEMO_KEY[:5]) + DEMO_KEY[5:],
    "HTML hex and named entities": "&#x64;emo&lowbar;" + DEMO_KEY[5:],
    "percent-encoding": "".join(f"%{ord(c):02X}" for c in DEMO_KEY),
    "escaped zero-width": DEMO_KEY[:4] + "\\u200b" + DEMO_KEY[4:],
    "look-alike letters": DEMO_KEY.replace("o", "\u043e").replace("e", "\u0435"),
    "combining strike-through": "\u0336".join(DEMO_KEY),
}


@pytest.mark.parametrize("name", sorted(DISGUISES))
def test_a_disguised_key_is_found_at_its_original_span_and_redacted(engine, name):
    disguised = DISGUISES[name]
    text = f'client = Client(key="{disguised}")\n'
    [match] = engine.scan(text)
    assert match.rule.id == "demo-key"
    assert match.normalised or match.encoding == "url"  # the URL decoder saw it first
    assert match.secret == DEMO_KEY  # the fingerprint is the real key's
    assert text[match.start:match.end] == disguised  # the whole disguise, nothing around it
    assert redact_text(text, [match]) == 'client = Client(key="REDACTED_DEMO_KEY")\n'


def test_spans_map_back_through_both_passes():
    text = "a&#x200B;b\uff43d"
    found = normalise(text)
    assert found.text == "abcd"
    assert [(found.start(i), found.end(i + 1)) for i in range(4)] == [(0, 1), (9, 10), (10, 11), (11, 12)]


def test_plain_text_is_not_normalised():
    assert normalise("import numpy as np\nprint(df.head())\n") is None
    assert normalise("héllo wörld") is None  # NFKC already, nothing hidden
    assert normalise("path\\\\to") is None  # an escaped backslash is itself


def test_a_key_seen_plainly_is_not_reported_twice(engine):
    text = f"{DEMO_KEY} &amp; {DISGUISES['NFKC full-width']}"
    matches = engine.scan(text)
    assert [(m.start, m.normalised) for m in matches] == [(0, False), (len(DEMO_KEY) + 7, True)]


def test_scanner_and_clean_reach_disguised_keys_in_notebooks(scanner):
    import json
    from jupyter_secrets.redaction import clean_bytes
    from .notebooks import code, display, notebook
    nb = notebook(code(f'k = "{DISGUISES["zero-width joiners"]}"',
                       [display({"text/html": f"<td>{DISGUISES['HTML numeric entities']}</td>"})]))
    data = json.dumps(nb, ensure_ascii=False).encode()
    assert [f.where for f in scanner.scan_bytes(data, "nb.ipynb").findings] == ["source", "outputs"]
    cleaned = clean_bytes(data, "nb.ipynb", scanner)
    assert scanner.scan_bytes(cleaned.content, "nb.ipynb").findings == []
    assert "&#100;" not in cleaned.content.decode() and "\u200d" not in cleaned.content.decode()


# -- the shortcuts: a text no pass can change is not walked character by character ----------

_PIECES = ["\\", "\\\\", "\\u0041", "\\u00e9", "\\ud83d\\ude00", "\\x41", "\\U0001F600", "&", "&amp;",
           "&#65;", "&#x41;", "&lt", "%", "%41", "%e2%80%8b", "%zz", "a", "Z", "0", " ", "\n", "é", "ｋ",
           "а", "\u200b", "\u0336", "\x1b[31m", "\x00", "\ud800", "\ufeff", "€", "中", "ß", "ﬁ", "&#8203;",
           "\\u200b", "%C3%A9", "$\\alpha$", "&nbsp;"]


def _shown(found, text):
    return None if found is None else (found.text, [(found.start(i), found.end(i)) for i in range(len(found.text) + 1)])


def test_the_shortcuts_give_what_the_full_passes_give(monkeypatch):
    import random

    from jupyter_secrets.detection import normalise as module

    rnd = random.Random(20261203)
    texts = ["".join(rnd.choice(_PIECES) for _ in range(rnd.randint(1, 12))) for _ in range(3000)]
    texts += ["$\\frac{a}{b}$ & é " * 50 + "\\u0041", "тест \\beta & 100% " * 40, "日本語 " * 100 + "а"]
    quick = [[_shown(normalise(t, controls), t) for controls in (True, False)] for t in texts]
    monkeypatch.setattr(module, "_hidden_or_lookalike", lambda text: True)
    assert quick == [[_shown(normalise(t, controls), t) for controls in (True, False)] for t in texts]
    assert sum(1 for q in quick if q[0] is not None) > 1000


class _EveryStart:
    """An escape tried at every backslash, ``&`` and ``%``: what the starts' patterns skip."""

    def __init__(self, text, _data=None):
        self.text = text

    def search(self, _text, position):
        found = [at for at in (self.text.find(c, position) for c in "\\&%") if at >= 0]
        return min(found) if found else None


class _SearchedStart:
    """A character piece's start searched for at each step, with one pattern for all text."""

    def __init__(self, text, _data=None):
        self.text = text

    def search(self, _text, position):
        found = re.compile("[^\t\n\r\x20-\x7e]").search(self.text, position)
        return None if found is None else found.start()


@pytest.mark.parametrize("finder", ["hyperscan", "re2"])
def test_the_starts_found_at_once_give_what_a_try_at_every_candidate_gives(monkeypatch, finder):
    """Hyperscan reports every start, overlapping ones too; RE2 (its fallback) one after
    another: both give the escape pass what it needs."""
    import random

    from jupyter_secrets.detection import byte_classes
    from jupyter_secrets.detection import normalise as module

    if finder == "re2":
        for starts in (module._ESCAPE_START_BYTES, module._CONTROL_STARTS):
            monkeypatch.setattr(starts, "_starts", byte_classes._re2_starts(starts._patterns))
    else:
        pytest.importorskip("hyperscan")

    rnd = random.Random(20261204)
    texts = ["".join(rnd.choice(_PIECES + ["\\n", "\\\\\\u0041", "\\\\u0041", "&&#65;", "%%41"])
                     for _ in range(rnd.randint(1, 16))) for _ in range(3000)]
    texts.append('{\n "source": "a\\nb\\n",\n "x": "\\\\\\u0041"}' * 300)  # JSON text: many \n
    texts.append("\x1b[0;31mValueError\x1b[0m \x00\x7f\x0b " * 50 + "é\x1b[1m")  # controls, ASCII or not
    texts.append("\x1b[0;31mValueError\x1b[0m \x00\x7f\x0b " * 50)
    quick = [_shown(normalise(t), t) for t in texts]
    monkeypatch.setattr(module, "_escape_starts", _EveryStart)
    monkeypatch.setattr(module, "_character_starts", _SearchedStart)
    assert quick == [_shown(normalise(t), t) for t in texts]
    assert quick[-3] is not None and "\\A" in quick[-3][0]
    assert quick[-1] is not None and quick[-1][0].startswith("ValueError ")


def test_latex_with_no_escape_and_text_with_no_disguise_are_left_as_they_are():
    assert normalise("$\\alpha + \\beta$ — ça & co, 100 %") is None
    assert normalise("日本語のテキスト " * 200) is None
    found = normalise("$\\alpha$ é " + "\\u0064" + DEMO_KEY[1:])  # "\\u0064" is "d"
    assert found is not None and DEMO_KEY in found.text
    found = normalise("é " + DEMO_KEY[:5] + "\u200b" + DEMO_KEY[5:])
    assert found is not None and DEMO_KEY in found.text
