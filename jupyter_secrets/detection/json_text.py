"""JSON in and out for the scan: fast where orjson is installed, the standard library otherwise.

Both directions accept what notebooks really hold: lone surrogates, integers past 64 bits and
values nested deeper than a recursive encoder goes. Where no encoder copes, ``dumps`` says so
with None and the caller walks the value string by string instead.
"""
from __future__ import annotations

import json
from typing import Any, Iterator, List, Optional, Tuple


def _orjson():
    """orjson, imported on first use (a CLI run over text files never needs it), or None."""
    global _ORJSON
    if _ORJSON is False:
        try:
            import orjson

            # before 3.10, deeply nested input overflows orjson's stack (a crash, no error)
            if tuple(int(part) for part in orjson.__version__.split(".")[:2]) < (3, 10):
                orjson = None
        except (ImportError, ValueError):  # not installed (it is wherever wheels exist)
            orjson = None
        _ORJSON = orjson
    return _ORJSON


_ORJSON: Any = False

#: Where a value sits: dict keys and list indices from the document's root.
Path = Tuple[Any, ...]
#: ([container, key], is the string the key itself?)
Slot = Tuple[List[Any], bool]


def loads(data) -> Any:
    """Parses JSON text or UTF-8 bytes. Raises ValueError (bad JSON) or RecursionError."""
    orjson = _orjson()
    if orjson is not None:
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            pass  # NaN, lone surrogates, 1024+ levels: the standard library decides
    if isinstance(data, (bytes, bytearray)):
        data = bytes(data).decode("utf-8", "surrogatepass")
    return json.loads(data)


def loads_utf8(data: bytes) -> Any:
    """``data`` parsed as JSON when orjson reads it as it stands (valid UTF-8, nothing that
    needs the standard library), else None: the caller decodes and parses it the long way."""
    orjson = _ORJSON if _ORJSON is not False else _orjson()
    if orjson is None:
        return None
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return None


def dumps(value: Any) -> Optional[str]:
    """``value`` as indented JSON text (one entry a line, so a pragma covers one entry), or
    None when it is nested too deeply for any encoder here."""
    orjson = _ORJSON if _ORJSON is not False else _orjson()  # looked up once, not per value
    if orjson is not None:
        try:
            return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8")
        except (TypeError, orjson.JSONEncodeError):
            pass  # lone surrogates, huge integers, 255+ levels
    try:
        return json.dumps(value, indent=1, ensure_ascii=False)
    except RecursionError:
        return None
    except (TypeError, ValueError):  # not JSON data at all (a dict built in memory)
        return json.dumps(str(value), ensure_ascii=False)


def iter_strings(value: Any, path: Path = ()) -> Iterator[Tuple[Slot, Path]]:
    """Every string in ``value``, dict keys included, without recursion.

    Yields (slot, path); ``write_slot`` replaces the string through its slot, renaming the key
    for a dict key. A key and its value share one entry, so a renamed key keeps its (possibly
    redacted) value and the value's write goes to the renamed key."""
    stack = [(value, path)]
    while stack:
        node, where = stack.pop()
        if isinstance(node, dict):
            for key in list(node):
                child, entry = node[key], [node, key]
                if isinstance(key, str):
                    yield (entry, True), where + (key,)
                if isinstance(child, str):
                    yield (entry, False), where + (key,)
                elif isinstance(child, (dict, list)):
                    stack.append((child, where + (key,)))
        elif isinstance(node, list):
            for index, child in enumerate(node):
                if isinstance(child, str):
                    yield ([node, index], False), where + (index,)
                elif isinstance(child, (dict, list)):
                    stack.append((child, where + (index,)))


def read_slot(slot: Slot) -> str:
    (container, key), is_key = slot
    return key if is_key else container[key]


def write_slot(slot: Slot, text: str) -> None:
    entry, is_key = slot
    container, key = entry
    if not is_key:
        container[key] = text
    elif text != key:
        container[text] = container.pop(key)
        entry[1] = text


def pointer(path: Path) -> str:
    """RFC 6901 JSON pointer of ``path``."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)
