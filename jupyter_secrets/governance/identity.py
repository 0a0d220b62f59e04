"""Workload identity settings and the workload a kernel request stands for."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Tuple

from traitlets import Bool, Float
from traitlets.config import Configurable

#: What the server puts in a kernel's environment. The server's own token is never among them.
ENV_TOKEN = "JUPYTER_SECRETS_TOKEN"
ENV_BROKER_URL = "JUPYTER_SECRETS_BROKER_URL"
TOKEN_HEADER = "X-Jupyter-Secrets-Token"


class WorkloadIdentity(Configurable):
    """Kernel tokens, and whether processes without one may read backends directly.

    Kernels cache what they read for `c.SecretClient.cache_ttl` seconds (kernel config), so a
    rotation or roll back reaches running kernels within that time."""

    token_ttl = Float(900.0, help="Seconds a kernel token stays valid without a refresh; the "
                                  "server refreshes the tokens of live kernels well before "
                                  "that.").tag(config=True)
    allow_direct_read = Bool(True, help="Whether `secret()` may read the backend directly where "
                                        "no server gave the kernel a token (plain IPython, "
                                        "scripts, batch). False: it refuses, so every read "
                                        "goes through a server's policy and audit.").tag(config=True)


@dataclass(frozen=True)
class Workload:
    """Who asks: a kernel, the notebooks it serves now, and the user it runs for."""

    kernel_id: str
    paths: Tuple[str, ...]
    user: str

    @property
    def label(self) -> str:
        return ", ".join(self.paths)
