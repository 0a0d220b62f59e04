"""Which files a scan of folders reaches: .gitignore, --exclude, config, skipped folders."""
import os

from .tokens import GITHUB_PAT

LEAK = f"key = '{GITHUB_PAT}'\n"


def _tree(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _paths(result):
    return sorted({f["path"] for f in result.json()["findings"]})


def test_walks_folders_in_order_and_skips_git_and_node_modules(cli, tmp_path, monkeypatch):
    _tree(tmp_path, {"b/x.py": LEAK, "a/y.py": LEAK, ".git/config.py": LEAK,
                     "node_modules/pkg/index.js": LEAK, "deep/er/z.md": LEAK})
    monkeypatch.chdir(tmp_path)
    result = cli("scan", ".", "--format", "json")
    assert [f["path"] for f in result.json()["findings"]] == ["a/y.py", "b/x.py", "deep/er/z.md"]


def test_checkpoints_are_scanned_since_they_leak_too(cli, tmp_path, monkeypatch):
    _tree(tmp_path, {".ipynb_checkpoints/nb-checkpoint.py": LEAK})
    monkeypatch.chdir(tmp_path)
    assert _paths(cli("scan", ".", "--format", "json")) == [".ipynb_checkpoints/nb-checkpoint.py"]


def test_only_scannable_types_are_read_in_folders_but_named_files_always(cli, tmp_path, monkeypatch):
    _tree(tmp_path, {"data.bin": LEAK, "picture.png": LEAK, "run.sh": LEAK, ".env": LEAK})
    monkeypatch.chdir(tmp_path)
    assert _paths(cli("scan", ".", "--format", "json")) == [".env", "run.sh"]
    assert _paths(cli("scan", "data.bin", "--format", "json")) == ["data.bin"]


def test_gitignore_files_are_honoured_like_git(cli, tmp_path, monkeypatch):
    _tree(tmp_path, {
        ".gitignore": "*.log.txt\nbuild/\n!keep.log.txt\n",
        "a.log.txt": LEAK, "keep.log.txt": LEAK, "build/out.py": LEAK,
        "sub/.gitignore": "local.py\n!a.log.txt\n", "sub/local.py": LEAK, "sub/a.log.txt": LEAK,
        "sub/other.py": LEAK, "other/local.py": LEAK,
    })
    monkeypatch.chdir(tmp_path)
    assert _paths(cli("scan", ".", "--format", "json")) == [
        "keep.log.txt", "other/local.py", "sub/a.log.txt", "sub/other.py"]


def test_gitignore_above_the_scanned_folder_counts_inside_a_work_tree(cli, tmp_path, monkeypatch):
    _tree(tmp_path, {".git/HEAD": "ref: refs/heads/main\n", ".gitignore": "secret_*.py\n",
                     "src/secret_one.py": LEAK, "src/plain.py": LEAK})
    monkeypatch.chdir(tmp_path)
    assert _paths(cli("scan", "src", "--format", "json")) == ["src/plain.py"]


def test_a_folder_named_on_the_command_line_is_scanned_even_if_ignored(cli, tmp_path, monkeypatch):
    _tree(tmp_path, {".git/HEAD": "", ".gitignore": "scratch/\n", "scratch/x.py": LEAK})
    monkeypatch.chdir(tmp_path)
    assert _paths(cli("scan", ".", "--format", "json")) == []
    assert _paths(cli("scan", "scratch", "--format", "json")) == ["scratch/x.py"]


def test_exclude_option_and_config_exclude(cli, tmp_path, monkeypatch, jupyter_home):
    _tree(tmp_path, {"data/big.py": LEAK, "src/x.py": LEAK, "src/gen/y.py": LEAK, "z.md": LEAK})
    monkeypatch.chdir(tmp_path)
    result = cli("scan", ".", "--format", "json", "--exclude", "data/", "--exclude", "*.md")
    assert _paths(result) == ["src/gen/y.py", "src/x.py"]
    config = jupyter_home / "config"
    config.mkdir()
    (config / "jupyter_secrets_config.json").write_text('{"ScanConfig": {"exclude": ["gen/"]}}')
    assert _paths(cli("scan", ".", "--format", "json", "--exclude", "data/")) == ["src/x.py", "z.md"]
    assert _paths(cli("scan", "src/gen/y.py", "--format", "json")) == []  # named files too


def test_symlinked_folders_are_not_followed(cli, tmp_path, monkeypatch):
    _tree(tmp_path, {"real/x.py": LEAK})
    os.symlink(tmp_path, tmp_path / "real" / "loop")
    monkeypatch.chdir(tmp_path)
    result = cli("scan", ".", "--format", "json")
    assert _paths(result) == ["real/x.py"]
    assert result.code == 1


def test_an_unreadable_gitignore_line_is_skipped_as_git_does(cli, tmp_path, monkeypatch):
    _tree(tmp_path, {".gitignore": "!\nignored.py\n", "ignored.py": LEAK, "kept.py": LEAK})
    monkeypatch.chdir(tmp_path)
    assert _paths(cli("scan", ".", "--format", "json")) == ["kept.py"]


def test_a_file_reached_twice_is_scanned_once(cli, tmp_path, monkeypatch):
    _tree(tmp_path, {"sub/x.py": LEAK})
    monkeypatch.chdir(tmp_path)
    result = cli("scan", ".", "sub", "sub/x.py", "--format", "json")
    assert [f["path"] for f in result.json()["findings"]] == ["sub/x.py"]
    assert result.json()["stats"]["files"] == 1
