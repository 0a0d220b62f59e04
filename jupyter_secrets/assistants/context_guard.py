"""What an AI assistant sends to its model, with every secret replaced by a placeholder.

`redact_for_model` takes a request body (a JSON document, or a text) and returns it with each
key the detector recognises replaced by ``[REDACTED:<rule-id>]`` and each value this server's
kernels fetched replaced by ``[REDACTED:<NAME>]`` (``[REDACTED:kernel-fetched-secret]`` where the
name is not known), in every string of the document: messages, tool calls and their results,
system prompts, and dict keys too. Encoded forms (base64, URL, hex, JSON and other escapes) are
found by the engine, which decodes them. The model may still be told that a secret named X
exists: names are not values.

A redaction names its rule (or the secret's name) and where in the document it was made, never
the value. A guard that cannot check refuses: `ContextRefused` carries a message fit to show to
the person at the assistant, with nothing of the content in it.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any, List, Mapping, Optional, Sequence, Tuple, Union

from ..backends.base import InvalidSecretName
from ..detection.engine import Match
from ..governance.names import checked_name
from ..redaction import output_marker, union_of_overlaps

Payload = Union[str, bytes, dict, list]

#: The rule a fetched value is reported under when its name is not known (as the server's
#: known values report it).
FETCHED_RULE = "kernel-fetched-secret"
#: Deeper documents are refused rather than walked: no model request nests this deep.
MAX_DEPTH = 200


class ContextRefused(Exception):
    """The guard could not check what an assistant was about to send, so it is not sent."""

    def __init__(self, assistant: str, reason: str):
        self.assistant = assistant
        self.reason = reason
        super().__init__(
            f"jupyter-secrets did not send this request of {assistant} to its model: {reason}. "
            f"Nothing was sent; try again once the problem is fixed.")


@dataclass(frozen=True)
class Redaction:
    """One secret taken out of a model request: which rule (or secret name), where, how it was
    written there; never the value."""

    assistant: str
    rule_id: str
    json_path: str
    #: the secret's name, for a value a kernel fetched and whose name is known
    name: Optional[str] = None
    #: "base64", "url" or "hex" when it was found encoded
    encoding: Optional[str] = None

    @property
    def placeholder(self) -> str:
        return output_marker(self.name or self.rule_id)

    def to_json(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


#: ``known``: fingerprints of fetched values (a `KnownValues`), or such fingerprints by secret
#: name, so that the placeholder names the secret.
Known = Union[None, Any, Mapping[str, Any]]


def redact_for_model(payload: Payload, *, assistant: str, engine, known: Known = None
                     ) -> Tuple[Payload, List[Redaction]]:
    """``payload`` with every secret replaced, and the list of what was replaced.

    ``engine`` is a detection engine (``scan_many``), e.g. the server's scanner's engine, which
    also finds the fetched values it knows; ``known`` adds fetched values the engine does not
    know. A dict or list comes back as a new document (the input is not changed), bytes as
    UTF-8 bytes, a text as a text. Raises `ContextRefused` when it cannot check: no engine,
    bytes that are not UTF-8, a document nested too deep or holding what JSON does not.
    """
    if engine is None:
        raise ContextRefused(assistant, "the secret scanner is not ready")
    if isinstance(payload, (bytes, bytearray)):
        try:
            text = bytes(payload).decode("utf-8")
        except UnicodeDecodeError:
            raise ContextRefused(assistant, "the request is not UTF-8 text") from None
        redacted, found = redact_for_model(text, assistant=assistant, engine=engine, known=known)
        return redacted.encode("utf-8", "surrogatepass"), found
    if isinstance(payload, str):
        [(redacted, matches)] = _redacted_texts(engine, known, [payload])
        return redacted, [_redaction(assistant, "$", m, n) for m, n in matches]
    if not isinstance(payload, (dict, list)):
        raise ContextRefused(assistant, f"a request body of type {type(payload).__name__}")
    document = _copied(payload, assistant)
    places = list(_strings(document, assistant))
    results = _redacted_texts(engine, known, [text for _, text, _, _ in places])
    renamed = {text: new for (_, text, _, is_key), (new, matches) in zip(places, results)
               if is_key and matches}
    found: List[Redaction] = []
    keys = []
    for (parts, text, write, is_key), (new, matches) in zip(places, results):
        if not matches:
            continue
        path = _rendered(parts, renamed) + ("{key}" if is_key else "")
        found.extend(_redaction(assistant, path, match, name) for match, name in matches)
        if is_key:
            keys.append((write, new))  # renamed last: values are written under the old keys
        else:
            write(new)
    for write, new in keys:
        write(new)
    return document, found


def redact_json_body(body: bytes, *, assistant: str, engine, known: Known = None
                     ) -> Tuple[bytes, List[Redaction]]:
    """A JSON request body (as it goes over HTTP) redacted and written back as compact UTF-8
    JSON; a body that does not parse as JSON is refused, never sent unchecked."""
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        raise ContextRefused(assistant, "the request body is not JSON it can read") from None
    if isinstance(document, str):
        document = [document]
        redacted, found = redact_for_model(document, assistant=assistant, engine=engine,
                                           known=known)
        return json.dumps(redacted[0]).encode("utf-8"), found
    if not isinstance(document, (dict, list)):
        return body, []  # a bare number, boolean or null holds no text
    redacted, found = redact_for_model(document, assistant=assistant, engine=engine, known=known)
    if not found:
        return body, found
    return json.dumps(redacted, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), found


def _scan(engine, known: Known, texts: Sequence[str]) -> List[List[Match]]:
    many = getattr(engine, "scan_many", None)
    found = many(list(texts)) if many is not None else [engine.scan(t) for t in texts]
    if known is None:
        return [union_of_overlaps(list(m), t) if len(m) > 1 else m for t, m in zip(texts, found)]
    tables = known.items() if isinstance(known, Mapping) else [(None, known)]
    out = []
    for text, matches in zip(texts, found):
        extra = [m for _, values in tables if values for m in values.matches(text)] if text else []
        out.append(union_of_overlaps(matches + extra, text) if extra or len(matches) > 1 else matches)
    return out


def _named(match: Match, known: Known, engine) -> Optional[str]:
    """The secret's name for a fetched value, when ``known`` holds fingerprints by name, and
    only when it is a name: a value handed over where a name belongs is never shown."""
    if match.rule.id != FETCHED_RULE or not isinstance(known, Mapping):
        return None
    for name, values in known.items():
        if values and values.spans(match.secret):
            try:
                return checked_name("model", name, engine)
            except InvalidSecretName:
                return None
    return None


def _redacted_texts(engine, known: Known, texts: Sequence[str]
                    ) -> List[Tuple[str, List[Tuple[Match, Optional[str]]]]]:
    """Each text redacted, with its matches (and the secret name of each fetched value)."""
    out = []
    for text, matches in zip(texts, _scan(engine, known, texts)):
        if not matches:
            out.append((text, []))
            continue
        named = [(match, _named(match, known, engine)) for match in matches]
        pieces, cursor = [], 0
        for match, name in named:  # sorted and without overlaps (see _scan)
            pieces += [text[cursor:match.start], output_marker(name or match.rule.id)]
            cursor = match.end
        pieces.append(text[cursor:])
        out.append(("".join(pieces), named))
    return out


def _redaction(assistant: str, path: str, match: Match, name: Optional[str]) -> Redaction:
    return Redaction(assistant, match.rule.id, path, name, match.encoding)


def _copied(document: Any, assistant: str) -> Any:
    """A deep copy of a JSON-like document (dicts, lists, scalars); refuses anything else."""
    try:
        return _copy(document, 0)
    except RecursionError:
        raise ContextRefused(assistant, "the request is nested too deeply to check") from None


def _copy(value: Any, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise RecursionError
    if isinstance(value, dict):
        return {key: _copy(item, depth + 1) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_copy(item, depth + 1) for item in value]
    return value


def _strings(document: Any, assistant: str, parts: tuple = ()):
    """(path parts, text, writer, is a key) of every string in the document, dict keys too, in
    document order. Parts are list indexes and dict keys, rendered once the keys are redacted.
    The depth is bounded by `_copy` (MAX_DEPTH), well within Python's recursion limit."""
    if isinstance(document, dict):
        items = [(key, document[key]) for key in document]
        for key, item in items:
            here = parts + (str(key),)
            if isinstance(key, str):
                yield parts, key, _key_writer(document, key), True
            if isinstance(item, str):
                yield here, item, _item_writer(document, key), False
            else:
                yield from _strings(item, assistant, here)
    elif isinstance(document, list):
        for index, item in enumerate(document):
            here = parts + (index,)
            if isinstance(item, str):
                yield here, item, _item_writer(document, index), False
            else:
                yield from _strings(item, assistant, here)
    elif document is not None and not isinstance(document, (int, float, bool)):
        raise ContextRefused(assistant, f"a value of type {type(document).__name__} in the request")


def _rendered(parts: tuple, renamed: Mapping[str, str]) -> str:
    """A JSONPath-like ``$.messages[3].content``. A key is shown as it is only when it is a
    short identifier and held no secret; otherwise by its placeholder or as ``<key>``, so the
    path never carries content."""
    out = ["$"]
    for part in parts:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif part in renamed:
            out.append(f".{renamed[part]}")
        elif part.isidentifier() and len(part) <= 40:
            out.append(f".{part}")
        else:
            out.append(".<key>")
    return "".join(out)


def _item_writer(container, key):
    def write(text: str) -> None:
        container[key] = text
    return write


def _key_writer(container: dict, key: str):
    def write(text: str) -> None:
        # the key is renamed in place, keeping the order of the others
        items = list(container.items())
        container.clear()
        for old, item in items:
            new = text if old == key else old
            while old == key and new in container:
                new += "_"
            container[new] = item
    return write
