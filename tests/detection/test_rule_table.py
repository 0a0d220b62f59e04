"""The shipped rule set's table on disk: a process that meets no keyword never imports the
rules; a damaged or foreign table is rebuilt, and a table that disagrees with the rules stops
the scan instead of steering the prefilter."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from jupyter_secrets.detection import prefilter_cache, rule_table
from jupyter_secrets.detection.allowlist import Allowlist
from jupyter_secrets.detection.engine import Engine
from jupyter_secrets.detection.rule_table import LazyRules, RuleTableError

from ..cli.tokens import AWS_ACCESS_KEY_ID, STRIPE_LIVE_KEY

#: Prints, from a fresh process, whether the rule modules were imported around two scans.
CHILD = """
import sys
from jupyter_secrets.detection.engine import Engine

def imported():
    return any(name.startswith("jupyter_secrets.detection.rules") for name in sys.modules)

engine = Engine()
print(type(engine.rules).__name__, imported())
print(engine.scan("x = 1 + 2  # nothing to see"), imported())
print([m.rule.id for m in engine.scan(sys.argv[1])], imported())
"""


@pytest.fixture(scope="module")
def compiled_prefilter(tmp_path_factory):
    """The shipped set's prefilter and pattern gate, compiled once: each test gets a copy in
    its own folder."""
    folder = tmp_path_factory.mktemp("prefilter")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(prefilter_cache.CACHE_ENV, str(folder))
        Engine()
    return sorted(folder.glob("prefilter-*.bin")) + sorted(folder.glob("gate-*.bin"))


@pytest.fixture
def cache(tmp_path, monkeypatch, compiled_prefilter):
    folder = tmp_path / "cache"
    folder.mkdir()
    for path in compiled_prefilter:
        shutil.copy(path, folder / path.name)
    monkeypatch.setenv(prefilter_cache.CACHE_ENV, str(folder))
    return folder


def table_files(cache):
    return sorted(cache.glob("rules-*.json"))


def child(cache, *args):
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ, **{prefilter_cache.CACHE_ENV: str(cache)})
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    done = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def finds(engine):
    return [m.rule.id for m in engine.scan(f"key = '{AWS_ACCESS_KEY_ID}'\n{STRIPE_LIVE_KEY}")]


def test_the_rules_are_imported_only_when_the_prefilter_lets_one_run(cache):
    # The first process builds the rules and writes the table; the next one reads the table.
    assert child(cache, AWS_ACCESS_KEY_ID)[0] == "tuple True"
    assert len(table_files(cache)) == 1
    assert child(cache, AWS_ACCESS_KEY_ID) == [
        "LazyRules False", "[] False", "['aws-access-key-id'] True"]


def test_the_lazy_rules_are_the_shipped_rules(cache):
    from jupyter_secrets.detection.rules import ALL_RULES

    Engine()
    engine = Engine()
    assert isinstance(engine.rules, LazyRules)
    assert tuple(engine.rules) == ALL_RULES
    assert finds(engine) == ["aws-access-key-id", "stripe-secret-key"]


def test_disabled_rules_are_left_out_of_a_lazy_table(cache):
    Engine()
    engine = Engine(allowlist=Allowlist(rules=["aws-access-key-id"]))
    assert isinstance(engine.rules, LazyRules)
    assert "aws-access-key-id" not in [rule.id for rule in engine.rules]
    assert finds(engine) == ["stripe-secret-key"]


@pytest.mark.parametrize("damage", [
    lambda data: data[:len(data) // 2],  # cut short
    lambda data: data.replace(b"aws-access-key-id", b"aws-access-key-xx", 1),  # edited, digest stale
    lambda data: b"garbage" + data,  # not our file
    lambda data: b"",
])
def test_a_damaged_table_is_rebuilt(cache, damage):
    Engine()
    [path] = table_files(cache)
    good = path.read_bytes()
    path.write_bytes(damage(good))
    engine = Engine()
    assert not isinstance(engine.rules, LazyRules)  # built from the rules themselves
    assert finds(engine) == ["aws-access-key-id", "stripe-secret-key"]
    assert path.read_bytes() == good


def test_a_table_of_another_rule_set_or_version_is_not_used(cache, monkeypatch):
    Engine()
    [path] = table_files(cache)
    import jupyter_secrets

    monkeypatch.setattr(jupyter_secrets, "__version__", "99.0.0")
    other = rule_table.table_key()
    foreign = rule_table._file(other)
    assert foreign != path  # another version, another key
    foreign.write_bytes(path.read_bytes())  # the right name, content written under another key
    assert not isinstance(Engine().rules, LazyRules)
    assert isinstance(Engine().rules, LazyRules)  # rewritten under its own key


def test_a_table_that_disagrees_with_the_rules_stops_the_scan_and_is_removed(cache):
    Engine()
    key = rule_table.table_key()
    [path] = table_files(cache)
    table = json.loads(prefilter_cache.read_checked(path, rule_table._MAGIC, key))
    table[0][1].append("zebra")  # a keyword the rule does not have, under a valid digest
    prefilter_cache.write_checked(path, rule_table._MAGIC, key, json.dumps(table).encode(), "rules-*.json")
    engine = Engine()
    with pytest.raises(RuleTableError):
        engine.scan("a zebra crossing")
    assert not path.exists()
    assert finds(Engine()) == ["aws-access-key-id", "stripe-secret-key"]


def test_the_command_line_reports_such_a_file_as_not_checked(cache, tmp_path):
    from jupyter_secrets.cli.main import main

    Engine()
    key = rule_table.table_key()
    [path] = table_files(cache)
    table = json.loads(prefilter_cache.read_checked(path, rule_table._MAGIC, key))
    table[0][1].append("zebra")
    prefilter_cache.write_checked(path, rule_table._MAGIC, key, json.dumps(table).encode(), "rules-*.json")
    target = tmp_path / "notes.txt"
    target.write_text(f"zebra {AWS_ACCESS_KEY_ID}\n")
    assert main(["scan", str(target), "--format", "json"]) == 2  # an error, never "clean"


def test_without_the_cache_the_rules_are_imported(monkeypatch):
    monkeypatch.setenv(prefilter_cache.CACHE_ENV, "off")
    assert rule_table.table_key() is None
    engine = Engine()
    assert isinstance(engine.rules, tuple)
    assert finds(engine) == ["aws-access-key-id", "stripe-secret-key"]
