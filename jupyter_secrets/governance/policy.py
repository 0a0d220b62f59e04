"""Scopes: which notebooks may read which secret.

A grant names notebooks by path glob or a named workload (`SecretPolicy.workloads` maps names
such as `training` to globs). A kernel may read a secret only if every notebook it serves is
in scope: code in any of them could ask for it.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Sequence

from traitlets import Dict as DictTrait
from traitlets import List as ListTrait
from traitlets import TraitError, Unicode, validate
from traitlets.config import Configurable

from .globs import glob_matches, normalize_path, normalize_pattern
from .grants import NOTEBOOK, WORKLOAD, Grant

log = logging.getLogger(__name__)

WORKLOAD_PREFIX = "workload:"


class SecretPolicy(Configurable):
    """Named workloads and grants that come from the config rather than the panel or CLI."""

    workloads = DictTrait(
        key_trait=Unicode(), value_trait=ListTrait(Unicode()),
        help="Named workloads and the notebook path globs they cover, e.g. "
             "{'training': ['train/**'], 'serving': ['serve/*.ipynb']}.").tag(config=True)
    grants = DictTrait(
        key_trait=Unicode(), value_trait=ListTrait(Unicode()),
        help="Grants per secret: notebook path globs, or 'workload:NAME', e.g. "
             "{'WANDB_KEY': ['workload:training', 'sweeps/*.ipynb']}.").tag(config=True)
    default_scope = ListTrait(
        Unicode(), help="Who may read a secret that has no grant at all. Empty (the default): "
                        "nobody until a grant is made; ['**'] lets every notebook read it."
    ).tag(config=True)

    @validate("grants")
    def _check_grants(self, proposal):
        for secret, targets in proposal["value"].items():
            for target in targets:
                if target.startswith(WORKLOAD_PREFIX) and not target[len(WORKLOAD_PREFIX):]:
                    raise TraitError(f"c.SecretPolicy.grants[{secret!r}]: 'workload:' needs a name")
        return proposal["value"]

    def config_grants(self, secret: str) -> List[Grant]:
        return [parse_target(secret, target, "config") for target in self.grants.get(secret, [])]

    def default_grants(self, secret: str) -> List[Grant]:
        return [parse_target(secret, target, "default") for target in self.default_scope]

    def workloads_of(self, path: str) -> List[str]:
        """Names of the workloads whose globs cover `path`."""
        return sorted(name for name, globs in self.workloads.items()
                      if any(glob_matches(g, path) for g in globs))


def parse_target(secret: str, target: str, source: str) -> Grant:
    if target.startswith(WORKLOAD_PREFIX):
        return Grant(secret, WORKLOAD, target[len(WORKLOAD_PREFIX):], source)
    return Grant(secret, NOTEBOOK, normalize_pattern(target), source)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    message: str = ""
    grant: Optional[Grant] = None


def grant_covers(grant: Grant, path: str, workloads: Dict[str, List[str]]) -> bool:
    if grant.kind == NOTEBOOK:
        return glob_matches(grant.target, path)
    globs = workloads.get(grant.target)
    if globs is None:
        log.warning("a grant names the workload %r, which c.SecretPolicy.workloads does not define",
                    grant.target)
        return False
    return any(glob_matches(g, path) for g in globs)


def effective_grants(policy: SecretPolicy, secret: str, stored: Iterable[Grant]) -> List[Grant]:
    """Stored and config grants; the default scope only when the secret has neither."""
    grants = list(stored) + policy.config_grants(secret)
    return grants or policy.default_grants(secret)


def decide(policy: SecretPolicy, secret: str, paths: Sequence[str], stored: Iterable[Grant],
           env: str) -> Decision:
    """May a kernel serving `paths` (notebook paths; empty for none) read `secret`?"""
    grants = effective_grants(policy, secret, stored)
    targets = [normalize_path(p) for p in paths] or [""]
    chosen = None
    for path in targets:
        chosen = next((g for g in grants if grant_covers(g, path, policy.workloads)), None)
        if chosen is None:
            return Decision(False, denial_message(secret, path, env))
    return Decision(True, grant=chosen)


def denial_message(secret: str, path: str, env: str) -> str:
    if not path:
        return (f"the secret {secret!r} ({env}) cannot be read from this kernel: it serves no "
                f"notebook, and only notebooks are granted secrets. Open a notebook with this "
                f"kernel, or grant the secret with `jupyter-secrets grant {secret} '**'`")
    return (f"the secret {secret!r} ({env}) is not granted to the notebook {path!r}: grant it "
            f"from the Secrets panel, or run `jupyter-secrets grant {secret} {_quote(path)}`")


def _quote(path: str) -> str:
    return path if all(c.isalnum() or c in "/._-" for c in path) else "'" + path.replace("'", "'\\''") + "'"
