"""Which OS keyring the `keyring` package offers here, and whether we may use it.

`keyring.get_keyring()` caches its choice for the whole process, and its list of viable
backends is computed once; a daemon started later (or a test's own daemon) would go unseen.
So the choice is made afresh here each time, with keyring's own rules: the backend named by
PYTHON_KEYRING_BACKEND or keyringrc.cfg, else the viable backend of highest priority. Backends
that fail every call, store nothing, or store plaintext (keyrings.alt) do not count.
"""
from __future__ import annotations

import logging
from typing import Optional, Tuple

log = logging.getLogger(__name__)

_UNUSABLE_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


def describe_keyring(kr: object) -> str:
    """A short, credential-free name such as 'SecretService Keyring'."""
    cls = type(kr)
    return f"{cls.__module__.rsplit('.', 1)[-1]} {cls.__name__}"


def unusable_reason(kr: object) -> Optional[str]:
    """Why `kr` cannot hold secrets for us, or None if it can."""
    from keyring.backends.chainer import ChainerBackend

    module = type(kr).__module__
    if module.startswith(_UNUSABLE_MODULES):
        if module.startswith("keyrings.alt"):
            return f"{describe_keyring(kr)} is a keyrings.alt backend, which may keep plaintext"
        return f"keyring offers only {describe_keyring(kr)}, which stores nothing"
    if isinstance(kr, ChainerBackend):
        try:
            chained = [k for k in kr.backends if unusable_reason(k) is None]
        except Exception as e:  # a chained backend may fail while being asked its priority
            return f"keyring's chainer cannot list its backends: {e}"
        return None if chained else "keyring's chainer has no usable backend to chain"
    try:
        priority = kr.priority  # type: ignore[attr-defined]
    except Exception as e:  # keyring signals "not viable" by raising from priority
        return f"{describe_keyring(kr)} is not available: {e}"
    if priority < 1:  # keyring's own threshold for a recommended backend
        return f"{describe_keyring(kr)} is not a recommended backend (priority {priority})"
    return None


def detect_keyring() -> Tuple[Optional[object], str]:
    """(a usable keyring backend, why) or (None, why not)."""
    try:
        from keyring import backend as kr_backend
        from keyring import core
    except ImportError:
        return None, "the keyring package is not installed"
    try:
        configured = core.load_env() or core.load_config()
    except Exception as e:  # a configured backend that is not viable raises RuntimeError
        return None, f"the keyring backend configured for the keyring package is not usable: {e}"
    if configured is not None:
        why = unusable_reason(configured)
        if why:
            return None, why
        return configured, f"keyring is configured to use {describe_keyring(configured)}"
    kr_backend.get_all_keyring()  # loads third-party backends registered as plugins, once
    candidates = []
    for cls in kr_backend.KeyringBackend.get_viable_backends():
        try:
            kr = cls()
        except TypeError:  # needs constructor arguments, as keyring skips those too
            continue
        if not _is_chainer(kr) and unusable_reason(kr) is None:
            candidates.append(kr)
    if not candidates:
        return None, "no usable OS keyring (no Secret Service, Keychain or Credential Locker reachable)"
    best = max(candidates, key=lambda k: k.priority)
    return best, f"the OS keyring ({describe_keyring(best)}) is available"


def _is_chainer(kr: object) -> bool:
    from keyring.backends.chainer import ChainerBackend

    return isinstance(kr, ChainerBackend)
