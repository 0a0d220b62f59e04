"""The governance state database: stored grants, grant requests and rotation state, per
environment.

Kept apart from the audit trail, whose table only ever grows. Both are SQLite files in the
Jupyter data directory, shared by the server and the command line.
"""
from __future__ import annotations

import os

from jupyter_core.paths import jupyter_data_dir
from traitlets import Unicode, default
from traitlets.config import Configurable

SCHEMA = """
CREATE TABLE IF NOT EXISTS grants (
    env TEXT NOT NULL, secret TEXT NOT NULL, kind TEXT NOT NULL, target TEXT NOT NULL,
    granted_by TEXT NOT NULL, granted_at REAL NOT NULL,
    PRIMARY KEY (env, secret, kind, target));
CREATE TABLE IF NOT EXISTS rotation (
    env TEXT NOT NULL, secret TEXT NOT NULL, state TEXT NOT NULL,
    current_version TEXT NOT NULL, previous_version TEXT NOT NULL,
    overlap_until REAL NOT NULL, updated REAL NOT NULL, reason TEXT NOT NULL,
    PRIMARY KEY (env, secret));
CREATE TABLE IF NOT EXISTS grant_requests (
    id TEXT PRIMARY KEY, env TEXT NOT NULL, secret TEXT NOT NULL, target TEXT NOT NULL,
    requested_by TEXT NOT NULL, reason TEXT NOT NULL, requested_at REAL NOT NULL,
    state TEXT NOT NULL, decided_by TEXT NOT NULL, decided_at REAL NOT NULL);
"""


class GovernanceState(Configurable):
    """Where grants and rotation state are kept."""

    db_path = Unicode(help="SQLite database of grants and rotation state. Default: "
                           "<jupyter data dir>/jupyter_secrets/governance.sqlite").tag(config=True)

    @default("db_path")
    def _default_db_path(self) -> str:
        return os.path.join(jupyter_data_dir(), "jupyter_secrets", "governance.sqlite")
