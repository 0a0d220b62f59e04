"""Loading the kernel extension in every IPython kernel a Jupyter server starts.

IPython reads kernel settings from single files (`ipython_kernel_config.py/.json` in the profile
and in `etc/ipython`); it has no `.d` folder where a package could add its own file without
overwriting someone else's. A kernel provisioner can instead add an argument to the kernel's
command line: `--IPKernelApp.extra_extensions`, the trait IPython keeps for exactly this, which
leaves the user's own `extensions` list alone. The provisioner runs again on every restart.
"""
from __future__ import annotations

import logging
import os
from importlib.metadata import entry_points
from typing import Any, Dict, List

from jupyter_client.provisioning import LocalProvisioner
from jupyter_client.provisioning.factory import KernelProvisionerFactory

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "jupyter_client.kernel_provisioners"
PROVISIONER_NAME = "jupyter-secrets"
EXTENSION_ARGUMENT = "--IPKernelApp.extra_extensions=jupyter_secrets"
_JUPYTER_DEFAULT = "local-provisioner"


class SecretsProvisioner(LocalProvisioner):  # type: ignore[misc]
    """A local kernel, plus the jupyter-secrets extension when the kernel is an IPython kernel."""

    async def pre_launch(self, **kwargs: Any) -> Dict[str, Any]:
        if is_ipython_kernel(self.kernel_spec.argv):
            extra: List[str] = list(kwargs.get("extra_arguments") or [])
            if not any(arg.startswith("--IPKernelApp.extra_extensions") for arg in extra):
                extra.append(EXTENSION_ARGUMENT)
            kwargs["extra_arguments"] = extra
        kwargs = await super().pre_launch(**kwargs)
        # the server's workload identity: a token for this kernel and the broker's URL
        from jupyter_secrets.server.identity import apply_identity
        from jupyter_secrets.server.team_identity import apply_workload_identity

        apply_identity(self, kwargs["env"])
        apply_workload_identity(self, kwargs["env"])  # Vault login with the kernel's own JWT
        return kwargs


def is_ipython_kernel(argv: List[str]) -> bool:
    """True for ipykernel's command lines (`-m ipykernel_launcher`, `-m ipykernel`)."""
    return any(os.path.basename(arg).split(".")[0] in ("ipykernel_launcher", "ipykernel")
               for arg in argv)


def use_secrets_provisioner(serverapp: Any) -> bool:
    """Makes SecretsProvisioner the server's default provisioner, unless the user chose one
    (in config or `$JUPYTER_DEFAULT_PROVISIONER_NAME`). A kernel spec naming its own
    provisioner keeps it. Returns whether the default was set."""
    if not entry_points(group=ENTRY_POINT_GROUP, name=PROVISIONER_NAME):
        # an unregistered default provisioner would hide every kernel spec
        log.warning("jupyter-secrets: the kernel provisioner is not registered (is the package "
                    "installed?); load the kernel extension with %%load_ext jupyter_secrets")
        return False
    section = serverapp.config.KernelProvisionerFactory
    chosen = section.get("default_provisioner_name") or os.environ.get(
        KernelProvisionerFactory.default_provisioner_name_env)
    if chosen and chosen != PROVISIONER_NAME:
        log.info("jupyter-secrets: kernels use the provisioner %r, so the kernel extension is "
                 "not loaded automatically; load it with %%load_ext jupyter_secrets", chosen)
        return False
    section.default_provisioner_name = PROVISIONER_NAME
    if KernelProvisionerFactory.initialized():  # created before this extension was loaded
        factory = KernelProvisionerFactory.instance()
        if factory.default_provisioner_name == _JUPYTER_DEFAULT:
            factory.default_provisioner_name = PROVISIONER_NAME
    return True
