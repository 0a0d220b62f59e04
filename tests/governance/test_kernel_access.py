"""How a process without a server identity reads secrets: directly and audited, or not at all."""
from __future__ import annotations

import pytest

from jupyter_secrets.backends.base import BackendError
from jupyter_secrets.governance.broker_client import BrokerClient
from jupyter_secrets.governance.identity import ENV_BROKER_URL, ENV_TOKEN
from jupyter_secrets.governance.kernel_access import AuditedBackend, BrokerBackend, kernel_backend


@pytest.fixture
def no_identity(monkeypatch):
    monkeypatch.delenv(ENV_TOKEN, raising=False)
    monkeypatch.delenv(ENV_BROKER_URL, raising=False)


def test_a_direct_read_is_audited(gov_config, no_identity, make_gov, monkeypatch):
    monkeypatch.setenv("JPY_SESSION_NAME", "/home/u/batch.ipynb")
    backend = kernel_backend(gov_config)
    assert isinstance(backend, AuditedBackend)
    backend.set("TOKEN", "direct-value-123")
    assert backend.get("TOKEN") == "direct-value-123"
    records = [(r.action, r.outcome, r.source, r.path) for r in make_gov().audit.records()]
    assert records == [("set", "ok", "kernel", "batch.ipynb"), ("read", "ok", "kernel", "batch.ipynb")]


def test_direct_reads_can_be_forbidden(gov_config, no_identity):
    gov_config.WorkloadIdentity.allow_direct_read = False
    with pytest.raises(BackendError, match="allow_direct_read is False"):
        kernel_backend(gov_config)


def test_a_direct_read_that_cannot_be_audited_fails(gov_config, no_identity, tmp_path):
    (tmp_path / "blocker").write_text("")
    gov_config.AuditTrail.db_path = str(tmp_path / "blocker" / "audit.sqlite")
    backend = kernel_backend(gov_config)
    backend.inner.set("TOKEN", "direct-value-123")
    with pytest.raises(BackendError, match="audit trail cannot be written") as failed:
        backend.get("TOKEN")
    assert "direct-value-123" not in str(failed.value)


def test_a_kernel_with_a_token_goes_through_its_server(gov_config, monkeypatch):
    monkeypatch.setenv(ENV_TOKEN, "jsk_" + "x" * 43)
    monkeypatch.setenv(ENV_BROKER_URL, "http://127.0.0.1:9/jupyter-secrets/broker")
    gov_config.WorkloadIdentity.allow_direct_read = False  # does not apply: it has an identity
    backend = kernel_backend(gov_config)
    assert isinstance(backend, BrokerBackend) and "jsk_" not in repr(backend.client)
    # a server that is gone is one clear error, never a direct read behind its back
    with pytest.raises(BackendError, match="did not answer"):
        backend.get("TOKEN")
    assert BrokerClient.from_environment({}) is None
