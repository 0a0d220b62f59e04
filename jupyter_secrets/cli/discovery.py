"""Turn the paths given on the command line into the files to scan.

Folders are walked in sorted order. ``.gitignore`` files found in the tree (and those above it, up
to the top of its git work tree) are honoured the way git does: the deepest file decides, the last
matching line within it wins, and nothing inside an ignored folder comes back. ``.git`` and
``node_modules`` are never entered; ``.ipynb_checkpoints`` is scanned, since checkpoints leak too.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Dict, Iterable, Iterator, List, Optional, Tuple, Union

if TYPE_CHECKING:  # imported where patterns are compiled: a scan of one file needs none
    import pathspec

ALWAYS_SKIPPED_DIRS = frozenset({".git", "node_modules"})
GITIGNORE = ".gitignore"


@dataclass(frozen=True)
class Target:
    """A file to scan: where to open it and how to name it in reports."""

    path: str
    display: str


@dataclass(frozen=True)
class WalkError:
    path: str
    message: str


def compile_patterns(patterns: Iterable[str]) -> Optional[pathspec.GitIgnoreSpec]:
    lines = [p for p in patterns if p.strip()]
    if not lines:
        return None
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


def discover(paths: Iterable[str], exclude: Optional[pathspec.GitIgnoreSpec],
             is_scannable: Callable[[str], bool]) -> Iterator[Union[Target, WalkError]]:
    """Yield a Target per file to scan (once, however many arguments reach it) and a WalkError
    per path that cannot be walked."""
    seen = set()
    for item in _discover_each(paths, exclude, is_scannable):
        if isinstance(item, Target):
            identity = os.path.realpath(item.path)
            if identity in seen:
                continue
            seen.add(identity)
        yield item


def _discover_each(paths: Iterable[str], exclude: Optional[pathspec.GitIgnoreSpec],
                   is_scannable: Callable[[str], bool]) -> Iterator[Union[Target, WalkError]]:
    for given in paths:
        try:
            st = os.stat(given)
        except OSError as e:
            yield WalkError(given, _describe(e))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk(given, exclude, is_scannable)
        elif not stat.S_ISREG(st.st_mode):
            yield WalkError(given, "not a regular file")
        elif not (exclude and exclude.match_file(_relative_for_matching(given))):
            yield Target(given, os.path.normpath(given))


class _IgnoreFiles:
    """The .gitignore specs of a tree, keyed by the absolute folder each one sits in."""

    def __init__(self) -> None:
        self._specs: Dict[str, pathspec.GitIgnoreSpec] = {}

    def add(self, directory: str, spec: pathspec.GitIgnoreSpec) -> None:
        self._specs[directory] = spec

    def ignored(self, abs_path: str, is_dir: bool) -> bool:
        directory = os.path.dirname(abs_path)
        while True:  # deepest .gitignore first: the first one with an opinion decides
            spec = self._specs.get(directory)
            if spec is not None:
                rel = os.path.relpath(abs_path, directory).replace(os.sep, "/")
                verdict = spec.check_file(rel + "/" if is_dir else rel).include
                if verdict is not None:
                    return verdict
            parent = os.path.dirname(directory)
            if parent == directory:
                return False
            directory = parent


def _walk(root: str, exclude: Optional[pathspec.GitIgnoreSpec],
          is_scannable: Callable[[str], bool]) -> Iterator[Union[Target, WalkError]]:
    abs_root = os.path.abspath(root)
    ignores = _IgnoreFiles()
    errors: List[WalkError] = []
    for directory in _ancestors_in_work_tree(abs_root):
        _load_gitignore(directory, ignores, errors)
    if ignores.ignored(abs_root, True):
        ignores = _IgnoreFiles()  # the folder was asked for by name: scan it, ignored or not

    def on_error(e: OSError) -> None:
        errors.append(WalkError(_display(root, abs_root, e.filename or abs_root), _describe(e)))

    for dirpath, dirnames, filenames in os.walk(abs_root, onerror=on_error):
        yield from errors
        errors.clear()
        if GITIGNORE in filenames:
            _load_gitignore(dirpath, ignores, errors)
            yield from errors
            errors.clear()
        dirnames[:] = sorted(d for d in dirnames if d not in ALWAYS_SKIPPED_DIRS
                             and _kept(abs_root, os.path.join(dirpath, d), True, exclude, ignores))
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            if (is_scannable(full) and _kept(abs_root, full, False, exclude, ignores)
                    and _is_regular(full)):
                yield Target(full, _display(root, abs_root, full))
    yield from errors


def _kept(abs_root: str, full: str, is_dir: bool,
          exclude: Optional[pathspec.GitIgnoreSpec], ignores: _IgnoreFiles) -> bool:
    if exclude is not None:
        rel = os.path.relpath(full, abs_root).replace(os.sep, "/")
        if exclude.match_file(rel + "/" if is_dir else rel):
            return False
    return not ignores.ignored(full, is_dir)


def _load_gitignore(directory: str, ignores: _IgnoreFiles, errors: List[WalkError]) -> None:
    path = os.path.join(directory, GITIGNORE)
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", "replace")
    except FileNotFoundError:
        return
    except OSError as e:
        errors.append(WalkError(path, f"cannot read this .gitignore ({_describe(e)}); its rules were not applied"))
        return
    ignores.add(directory, _gitignore_spec(text.splitlines()))


def _gitignore_spec(lines: List[str]) -> pathspec.GitIgnoreSpec:
    import pathspec

    try:
        return pathspec.GitIgnoreSpec.from_lines(lines)
    except ValueError:  # git skips a line it cannot read; so do we
        return pathspec.GitIgnoreSpec.from_lines([line for line in lines if _valid_pattern(line)])


def _valid_pattern(line: str) -> bool:
    import pathspec

    try:
        pathspec.GitIgnoreSpec.from_lines([line])
    except ValueError:
        return False
    return True


def _ancestors_in_work_tree(abs_root: str) -> List[str]:
    """Folders above abs_root up to the top of its git work tree, outermost first."""
    chain: List[str] = []
    directory = abs_root
    while True:
        parent = os.path.dirname(directory)
        if os.path.exists(os.path.join(directory, ".git")):
            return list(reversed(chain))
        if parent == directory:
            return []  # not in a work tree: only the .gitignore files inside the tree count
        directory = parent
        chain.append(directory)


def _is_regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False  # a dangling link or a file gone while walking: nothing to scan


def _display(given_root: str, abs_root: str, full: str) -> str:
    return os.path.normpath(os.path.join(given_root, os.path.relpath(full, abs_root)))


def _relative_for_matching(path: str) -> str:
    rel = os.path.relpath(path)
    if rel.startswith(os.pardir):
        rel = os.path.abspath(path).lstrip(os.sep)
    return rel.replace(os.sep, "/")


def _describe(e: OSError) -> str:
    return (e.strerror or type(e).__name__).lower()


def split(items: Iterable[Union[Target, WalkError]]) -> Tuple[List[Target], List[WalkError]]:
    targets: List[Target] = []
    problems: List[WalkError] = []
    for item in items:
        (targets if isinstance(item, Target) else problems).append(item)
    return targets, problems
