"""Environments namespace secrets; a dev view never reads prod; diff compares names only."""
from __future__ import annotations

import pytest
from traitlets.config import Config

from jupyter_secrets.backends.base import BackendError, SecretNotFound
from jupyter_secrets.governance.environments import diff_names, open_backend


def test_dev_and_prod_share_a_store_without_seeing_each_other(gov_config):
    dev, prod = open_backend(gov_config, "dev"), open_backend(gov_config, "prod")
    dev.set("DB_PASSWORD", "dev-value-1")
    prod.set("DB_PASSWORD", "prod-value-1")
    prod.set("STRIPE_KEY", "prod-value-2")

    assert dev.get("DB_PASSWORD") == "dev-value-1"
    assert prod.get("DB_PASSWORD") == "prod-value-1"
    assert [i.name for i in dev.list()] == ["DB_PASSWORD"]
    assert [i.name for i in prod.list()] == ["DB_PASSWORD", "STRIPE_KEY"]
    with pytest.raises(SecretNotFound):
        dev.get("STRIPE_KEY")
    # dev keeps plain names, so tools that know nothing of environments see dev secrets
    assert open_backend(Config(gov_config), "dev").inner.get("DB_PASSWORD") == "dev-value-1"


def test_the_unprefixed_environment_cannot_shadow_another(gov_config):
    with pytest.raises(BackendError, match="another environment's prefix"):
        open_backend(gov_config, "dev").set("prod.DB_PASSWORD", "x-value")


def test_an_environment_can_have_a_backend_of_its_own(gov_config, tmp_path):
    gov_config.Environments.backends = {"prod": {"LocalStore": {"store_dir": str(tmp_path / "prod-store")}}}
    open_backend(gov_config, "prod").set("TOKEN", "prod-value")
    assert (tmp_path / "prod-store").is_dir()
    assert [i.name for i in open_backend(gov_config, "dev").list()] == []


def test_diff_lists_names_present_in_only_one_environment(gov_config):
    dev, prod = open_backend(gov_config, "dev"), open_backend(gov_config, "prod")
    for name in ("A", "B"):
        dev.set(name, "dev-" + name)
    for name in ("B", "C"):
        prod.set(name, "prod-" + name)
    assert diff_names(dev, prod) == {"only_a": ["A"], "only_b": ["C"], "both": ["B"]}


def test_an_invalid_environment_name_is_refused_clearly(gov_config):
    with pytest.raises(ValueError, match="not a valid environment name"):
        open_backend(gov_config, "Prod!")
