"""Jupyter server configuration for the browser tests (never use it anywhere else).

Galata's settings remove the token and XSRF checks so the test browser can drive JupyterLab.
Secrets, grants and the audit trail live in a temporary folder with the encrypted local store
as the backend, so the tests need no OS keyring and touch no one's real store.
"""
import atexit
import os
import secrets
import shutil
import tempfile

from jupyterlab.galata import configure_jupyter_server

c = get_config()  # noqa: F821 (provided by the config loader)

configure_jupyter_server(c)
c.ServerApp.port = int(os.environ.get("UI_TESTS_PORT", "8888"))
# CI machines run the tests as root.
c.ServerApp.allow_root = True
c.ServerApp.jpserver_extensions = {"jupyter_secrets": True}

_state = tempfile.mkdtemp(prefix="jupyter-secrets-ui-")
atexit.register(shutil.rmtree, _state, ignore_errors=True)
c.SecretStore.backend = "local"
c.LocalStore.store_dir = os.path.join(_state, "store")
c.LocalStore.key_file = os.path.join(_state, "local-store.key")
c.AuditTrail.db_path = os.path.join(_state, "audit.sqlite")
c.AuditTrail.key_file = os.path.join(_state, "audit.key")
c.GovernanceState.db_path = os.path.join(_state, "governance.sqlite")
# kernels inherit these: they file grant requests as an agent would, in the same state
os.environ["JUPYTER_SECRETS_UI_STATE"] = _state
# kernels inherit it: fingerprints made by the server and its kernels agree
os.environ["JUPYTER_SECRETS_FINGERPRINT_KEY"] = secrets.token_hex(32)
