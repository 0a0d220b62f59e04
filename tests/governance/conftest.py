"""Governance on real parts: the encrypted local store, SQLite files and key files in a
temporary folder, and real subprocesses for validators and concurrent writers."""
from __future__ import annotations

import pytest
from traitlets.config import Config

from jupyter_secrets.governance.audit_store import AuditStore, AuditTrail
from jupyter_secrets.governance.service import Governance
from jupyter_secrets.pytest_plugin import isolated_jupyter_dirs  # noqa: F401


def governance_config(root) -> Config:
    """Every governance file of one installation under `root`."""
    return Config({
        "SecretStore": {"backend": "local"},
        "LocalStore": {"store_dir": str(root / "store"), "key_file": str(root / "keys" / "store.key")},
        "AuditTrail": {"db_path": str(root / "audit" / "audit.sqlite"),
                       "key_file": str(root / "keys" / "audit.key")},
        "GovernanceState": {"db_path": str(root / "state" / "governance.sqlite")},
    })


@pytest.fixture
def gov_config(tmp_path, isolated_jupyter_dirs) -> Config:  # noqa: F811
    return governance_config(tmp_path)


@pytest.fixture
def audit_store(gov_config) -> AuditStore:
    return AuditStore(AuditTrail(config=gov_config))


@pytest.fixture
def make_gov(gov_config):
    """Governance for the CLI-like actor 'alice' in an environment (default dev)."""

    def make(env: str = "dev", **overrides) -> Governance:
        config = Config(gov_config)
        for section, values in overrides.items():
            config[section] = Config(values)
        return Governance(config, actor="alice", source="cli", env=env)

    return make
