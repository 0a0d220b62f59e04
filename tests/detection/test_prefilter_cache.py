"""The compiled prefilter is kept on disk: reused when intact, rebuilt when not, never trusted."""
import pytest

from jupyter_secrets.detection import prefilter_cache
from jupyter_secrets.detection.engine import Engine
from jupyter_secrets.detection.prefilter import KeywordPrefilter
from jupyter_secrets.detection.rule import Rule

from .conftest import DEMO_KEY, DEMO_RULES, DEMO_TOKEN

pytest.importorskip("hyperscan")


@pytest.fixture(autouse=True)
def small_sets_cached(monkeypatch):
    monkeypatch.setattr(prefilter_cache, "MIN_KEYWORDS", 0)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(prefilter_cache.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def cache_files(cache):
    return sorted(cache.glob("prefilter-*.bin"))


def works(prefilter):
    engine = Engine(DEMO_RULES, prefilter=prefilter)
    return [m.rule.id for m in engine.scan(f"{DEMO_KEY} {DEMO_TOKEN}")] == ["demo-key", "demo-token"]


def test_a_second_build_reads_the_database_instead_of_compiling(cache, monkeypatch):
    assert works(KeywordPrefilter.cached(DEMO_RULES))
    [written] = cache_files(cache)
    from jupyter_secrets.detection import literals

    def no_compile(*_args, **_kwargs):
        raise AssertionError("compiled although the cache holds the database")
    original = literals.HyperscanLiterals.__init__
    monkeypatch.setattr(literals.HyperscanLiterals, "__init__",
                        lambda self, lits, database=None: no_compile() if database is None else
                        original(self, lits, database))
    assert works(KeywordPrefilter.cached(DEMO_RULES))
    assert cache_files(cache) == [written]


def _flip_first_encoding(data: bytes) -> bytes:
    """The file with its first literal's encoding letter (after the header line) swapped."""
    at = data.index(b"\n", data.index(b"\n") + 1) + 1
    return data[:at] + (b"h" if data[at:at + 1] == b"b" else b"b") + data[at + 1:]


@pytest.mark.parametrize("damage", [
    lambda data: data[:len(data) // 2],  # cut short
    lambda data: data[:-40] + bytes(40),  # zeroed database tail
    lambda data: _flip_first_encoding(data),  # edited encodings
    lambda data: b"garbage" + data,  # not our file
    lambda data: b"",  # empty
])
def test_a_corrupt_cache_is_rebuilt(cache, damage):
    KeywordPrefilter.cached(DEMO_RULES)
    [path] = cache_files(cache)
    good = path.read_bytes()
    path.write_bytes(damage(good))
    assert works(KeywordPrefilter.cached(DEMO_RULES))
    assert path.read_bytes()[:len(good) // 2] == good[:len(good) // 2]  # rewritten whole


def test_a_foreign_cache_under_the_same_name_is_not_used(cache):
    other = [Rule(id="other", description="d", pattern=r"zzz", keywords=("zzz",))]
    KeywordPrefilter.cached(other)
    [foreign] = cache_files(cache)
    ours = prefilter_cache._file(prefilter_cache.cache_key([(k, False) for r in DEMO_RULES for k in r.keywords]))
    ours.parent.mkdir(exist_ok=True)
    ours.write_bytes(foreign.read_bytes())  # right name, another rule set's content
    assert works(KeywordPrefilter.cached(DEMO_RULES))


def test_a_new_version_or_rule_set_gets_its_own_file(cache, monkeypatch):
    KeywordPrefilter.cached(DEMO_RULES)
    import jupyter_secrets
    monkeypatch.setattr(jupyter_secrets, "__version__", "99.0.0")
    assert works(KeywordPrefilter.cached(DEMO_RULES))
    changed = DEMO_RULES[:1] + (Rule(id="demo-token", description="d", pattern=r"\btok-(?P<secret>[A-Za-z0-9]{20})\b",
                                     keywords=("tok-", "tkn-")),) + DEMO_RULES[2:]
    Engine(changed)
    assert len(cache_files(cache)) == 3


def test_the_cache_can_be_turned_off_and_an_unwritable_folder_is_no_error(tmp_path, monkeypatch):
    monkeypatch.setenv(prefilter_cache.CACHE_ENV, "off")
    assert works(KeywordPrefilter.cached(DEMO_RULES))
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(prefilter_cache.CACHE_ENV, str(blocked / "cache"))
    assert works(KeywordPrefilter.cached(DEMO_RULES))


def test_no_temporary_file_is_left_behind_and_old_files_go(cache, monkeypatch):
    KeywordPrefilter.cached(DEMO_RULES)
    assert [p.name for p in cache.iterdir()] == [cache_files(cache)[0].name]
    monkeypatch.setattr(prefilter_cache, "KEEP_FILES", 2)
    for n in range(4):
        KeywordPrefilter.cached([Rule(id="r", description="d", pattern="x", keywords=(f"kw{n}",))])
    assert len(cache_files(cache)) == 2


def test_small_rule_sets_are_not_cached(cache, monkeypatch):
    monkeypatch.setattr(prefilter_cache, "MIN_KEYWORDS", 64)
    assert works(KeywordPrefilter.cached(DEMO_RULES))
    assert not cache.exists()


def test_rules_compile_on_first_use_and_a_bad_one_is_named():
    bad = Rule(id="broken-rule", description="d", pattern=r"brk(?<!x)[a-z]{10}", keywords=("brk",))
    engine = Engine(DEMO_RULES + (bad,))
    assert engine._patterns == [None] * 4  # nothing compiled yet
    assert [m.rule.id for m in engine.scan(DEMO_KEY)] == ["demo-key"]
    assert engine._patterns[0] is not None and engine._patterns[1] is None
    with pytest.raises(ValueError, match="broken-rule"):
        engine.scan("brkabcdefghij")
    with pytest.raises(ValueError, match="broken-rule"):
        engine.compile_all()


def test_every_shipped_rule_compiles():
    Engine().compile_all()
