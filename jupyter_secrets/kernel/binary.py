"""Secret values in binary outputs: image and octet-stream payloads, and comm buffers.

A display whose `image/png` is the value's bytes, or a widget whose buffer holds them, shows
the value to anyone who saves or inspects the output. Payloads are searched as bytes (raw, and
decoded from their base64), for the values the kernel fetched only: rule-based detection on
image data finds nothing but noise. What is found is overwritten with `*` of the same length,
so the payload keeps its size and its base64 stays valid.
"""
from __future__ import annotations

import base64
import binascii
from typing import Any, List, Optional

from .value_set import ValueSet


def redact_payload(values: ValueSet, payload: Any) -> Any:
    """A binary mimetype's payload (base64 text, or bytes) with the values overwritten; the
    same object when nothing is found."""
    if isinstance(payload, (bytes, bytearray, memoryview)):
        data, names = values.redact_bytes(bytes(payload))
        return data if names else payload
    if not isinstance(payload, str) or not payload:
        return payload
    decoded = _base64(payload)
    if decoded is not None:
        data, names = values.redact_bytes(decoded)
        if names:
            payload = base64.b64encode(data).decode("ascii")
    # what base64 hides from a decode at the wrong alignment, or text that is not base64
    spans = values.spans(payload)
    if not spans:
        return payload
    out = list(payload)
    for start, end, _ in spans:
        out[start:end] = "A" * (end - start)
    return "".join(out)


def redact_buffers(values: ValueSet, buffers: Optional[List[Any]]) -> Optional[List[Any]]:
    """Comm message buffers with the values overwritten; the same list when nothing is found."""
    if not buffers or not len(values):
        return buffers
    changed = False
    out = []
    for buffer in buffers:
        data, names = values.redact_bytes(bytes(buffer))
        changed = changed or bool(names)
        out.append(data if names else buffer)
    return out if changed else buffers


def _base64(text: str) -> Optional[bytes]:
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        return None
