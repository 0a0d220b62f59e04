"""Secret names as governance sees them: valid for the backends, and not a value by mistake.

`secret(os.environ["OPENAI_API_KEY"])` passes a key where a name belongs. Such a "name" would
end up in the audit trail and in error messages, so names the detection engine recognises as a
secret are refused before anything records them.
"""
from __future__ import annotations

import functools

from ..backends.base import InvalidSecretName, check_name


class ValueAsName(InvalidSecretName):
    """The name looks like a secret value; the message never repeats it."""

    def __init__(self, backend: str, rule: str):
        self.rule = rule
        super(InvalidSecretName, self).__init__(
            backend, f"the secret name looks like a secret value itself ({rule})",
            "pass the name the value is stored under, e.g. secret('OPENAI_API_KEY')")


def checked_name(backend: str, name: object) -> str:
    """`name` if it is a valid name and no detection rule sees a secret in it."""
    check_name(backend, name)
    found = _engine().scan(name)  # type: ignore[arg-type]
    if found:
        raise ValueAsName(backend, found[0].rule.id)
    return name  # type: ignore[return-value]


def is_safe_to_record(name: object) -> bool:
    try:
        checked_name("audit", name)
    except InvalidSecretName:
        return False
    return True


@functools.lru_cache(maxsize=1)
def _engine():
    from ..detection.engine import Engine

    return Engine()
