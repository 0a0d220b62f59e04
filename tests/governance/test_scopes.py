"""Scopes: notebook globs, named workloads, the default scope, and grants that follow renames."""
from __future__ import annotations

import pytest
from traitlets.config import Config

from jupyter_secrets.governance.globs import glob_matches
from jupyter_secrets.governance.grants import NOTEBOOK, WORKLOAD, GrantStore
from jupyter_secrets.governance.policy import SecretPolicy, decide


@pytest.mark.parametrize("pattern, path, expected", [
    ("analysis/*.ipynb", "analysis/a.ipynb", True),
    ("analysis/*.ipynb", "analysis/old/a.ipynb", False),
    ("analysis/**", "analysis/old/a.ipynb", True),
    ("**/train*.ipynb", "train.ipynb", True),
    ("**/train*.ipynb", "a/b/train-2.ipynb", True),
    ("a.ipynb", "/a.ipynb", True),
    ("a.ipynb", "x/a.ipynb", False),
    ("a?.ipynb", "ab.ipynb", True),
    ("[!a]*.ipynb", "a1.ipynb", False),
    ("we.ird (1).ipynb", "we.ird (1).ipynb", True),
    # a backslash is part of a POSIX file name: never a folder separator in a path
    ("proj/*.ipynb", "proj\\evil.ipynb", False),
    ("proj/**", "proj\\evil.ipynb", False),
    ("*.ipynb", "proj\\evil.ipynb", True),
    # in a glob a person typed, a backslash means a folder
    ("proj\\*.ipynb", "proj/a.ipynb", True),
    ("proj\\*.ipynb", "proj\\a.ipynb", False),
    # an exact path is matched as the server spells it
    ("a\\b.ipynb", "a\\b.ipynb", True),
    ("a\\b.ipynb", "a/b.ipynb", False),
])
def test_globs_are_anchored_and_folder_aware(pattern, path, expected):
    assert glob_matches(pattern, path) is expected


def policy(**settings) -> SecretPolicy:
    return SecretPolicy(config=Config({"SecretPolicy": settings}))


def test_a_secret_without_grants_is_readable_by_nobody():
    decision = decide(policy(), "API_KEY", ["a.ipynb"], [], "dev")
    assert not decision.allowed
    # the message names the secret, the notebook and how to grant
    assert "'API_KEY'" in decision.message and "'a.ipynb'" in decision.message
    assert "jupyter-secrets grant API_KEY a.ipynb" in decision.message


def test_named_workloads_cover_their_globs():
    p = policy(workloads={"training": ["train/**"], "serving": ["serve/*.ipynb"]},
               grants={"WANDB": ["workload:training"]})
    assert decide(p, "WANDB", ["train/run1/fit.ipynb"], [], "dev").allowed
    assert not decide(p, "WANDB", ["serve/api.ipynb"], [], "dev").allowed
    assert p.workloads_of("serve/api.ipynb") == ["serving"]


def test_a_kernel_serving_two_notebooks_needs_both_in_scope(tmp_path):
    store = GrantStore(str(tmp_path / "g.sqlite"))
    store.add("dev", "DB", NOTEBOOK, "a.ipynb", "alice")
    grants = store.for_secret("dev", "DB")
    assert decide(policy(), "DB", ["a.ipynb"], grants, "dev").allowed
    assert not decide(policy(), "DB", ["a.ipynb", "b.ipynb"], grants, "dev").allowed


def test_a_kernel_without_a_notebook_is_only_served_by_a_catch_all_grant():
    denied = decide(policy(), "DB", [], [], "dev")
    assert not denied.allowed and "serves no notebook" in denied.message
    assert decide(policy(default_scope=["**"]), "DB", [], [], "dev").allowed


def test_the_default_scope_applies_only_to_secrets_without_grants(tmp_path):
    store = GrantStore(str(tmp_path / "g.sqlite"))
    store.add("dev", "DB", NOTEBOOK, "owner.ipynb", "alice")
    p = policy(default_scope=["**"])
    assert decide(p, "OTHER", ["any.ipynb"], [], "dev").allowed
    assert not decide(p, "DB", ["any.ipynb"], store.for_secret("dev", "DB"), "dev").allowed


def test_grants_are_kept_per_environment(tmp_path):
    store = GrantStore(str(tmp_path / "g.sqlite"))
    assert store.add("dev", "DB", NOTEBOOK, "a.ipynb", "alice")
    assert not store.add("dev", "DB", NOTEBOOK, "/a.ipynb", "alice")  # same path, normalised
    assert store.add("prod", "DB", WORKLOAD, "serving", "alice")
    assert [g.target for g in store.for_secret("dev", "DB")] == ["a.ipynb"]
    assert [g.label() for g in store.for_secret("prod", "DB")] == ["workload serving"]


def test_exact_grants_follow_a_rename_and_globs_stay(tmp_path):
    store = GrantStore(str(tmp_path / "g.sqlite"))
    store.add("dev", "DB", NOTEBOOK, "a.ipynb", "alice")
    store.add("dev", "DB", NOTEBOOK, "proj/x.ipynb", "alice")
    store.add("dev", "DB", NOTEBOOK, "proj/*.ipynb", "alice")

    # When a notebook is renamed, and then its folder
    store.follow_rename("dev", "a.ipynb", "b.ipynb")
    store.follow_rename("dev", "proj", "project")

    targets = sorted(g.target for g in store.for_secret("dev", "DB"))
    assert targets == ["b.ipynb", "proj/*.ipynb", "project/x.ipynb"]
