"""Walks a notebook (a plain dict, nbformat 4.x) into every text a secret can hide in.

Known places (sources, outputs, attachments, metadata) keep their precise location; every
other string (unknown fields, a cell's id, a stream's name, custom mimetypes, values of the
wrong shape) is still yielded, as ``where="other"`` with its JSON path. Left out are only
values that cannot hold a key: nbformat's own words in its own fields (``"cell_type": "code"``,
``"name": "stdout"``) and metadata made of Jupyter's flags alone (``{"collapsed": false}``).
Binary payloads are skipped only when they decode to what their mimetype says. Every unit can
write a redacted text back into its place. Nothing here recurses, so any depth of nesting is
walked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, List, Optional, Tuple

from . import json_text
from .binary_payloads import is_binary_mime, payload
from .json_text import Path

# Python's re: RE2's sub is many times slower on this pattern (it builds the result in Python)
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
_TEXT_MIMES = {"application/javascript", "application/x-javascript", "application/ecmascript",
               "application/xml", "application/x-latex", "application/x-sh", "application/sql"}
_DISPLAY_KINDS = ("execute_result", "display_data", "update_display_data")
#: Fields whose values are numbers (or null) in nbformat 4; a string there is scanned too.
_NUMBER_FIELDS = ("nbformat", "nbformat_minor", "execution_count")
#: nbformat's own words for its own fields: no key is any of them, and they are a third of a
#: small notebook's strings. Any other value in these fields is scanned.
_NBFORMAT_WORDS = {
    "cell_type": frozenset({"code", "markdown", "raw"}),
    "output_type": frozenset(_DISPLAY_KINDS + ("stream", "error")),
    "name": frozenset({"stdout", "stderr"}),
}
#: A cell's places read first, in this order; the fields whose names are nbformat's own.
_CELL_PLACES = ("source", "outputs", "attachments", "metadata")
_CELL_PLACE_SET = frozenset(_CELL_PLACES)
_CELL_NAMED = frozenset(_CELL_PLACES + ("id", "cell_type"))
#: Every field a cell of nbformat 4.5 has: a cell of these alone is read without a loop.
_CELL_USUAL = frozenset(_CELL_PLACES + ("id", "cell_type", "execution_count"))
#: The same for a notebook.
_NOTEBOOK_USUAL = frozenset(("cells", "metadata", "nbformat", "nbformat_minor"))
_CELL_TYPES = _NBFORMAT_WORDS["cell_type"]
_OUTPUT_TYPES = _NBFORMAT_WORDS["output_type"]
_STREAM_NAMES = _NBFORMAT_WORDS["name"]
#: A field that is not there (``dict.get``'s default): None is a value a field can hold.
_ABSENT = object()
_OUTPUT_NAMED = frozenset(("output_type", "name", "ename", "text", "data", "traceback", "evalue",
                           "metadata"))
#: Flags of Jupyter's own that cell metadata is most often made of (``{"collapsed": false}``).
_FLAG_KEYS = frozenset({"collapsed", "scrolled", "deletable", "editable", "trusted",
                        "hide_input", "hide_output", "run_control", "init_cell"})


#: Values of a flag: no text in them (``bool`` is an ``int``, listed for the exact-type test).
_FLAG_TYPES = frozenset({bool, int, float, type(None)})


def _only_flags(metadata: dict) -> bool:
    """Metadata of Jupyter's own flags with no string value: no text a key could hide in."""
    if not metadata.keys() <= _FLAG_KEYS:
        return False
    for value in metadata.values():
        if type(value) not in _FLAG_TYPES and not isinstance(value, (int, float)):
            return False
    return True


class NotebookShapeError(ValueError):
    """The notebook is valid JSON but not the shape nbformat 4 promises, at a named place."""


@dataclass
class TextUnit:
    where: str  # "source", "outputs", "metadata", "attachments" or "other"
    cell: Optional[int]
    output: Optional[int]
    text: str
    write: Callable[[str], None] = field(repr=False)
    #: Where the text sits in the notebook, from its root (dict keys and list indices).
    path: Path = ()

    @property
    def json_path(self) -> str:
        return json_text.pointer(self.path)


def is_text_mime(mime: str) -> bool:
    """nbformat stores these as text; other mimetypes hold base64 or something unknown."""
    return (mime.startswith("text/") or mime == "application/json" or mime.endswith("+json")
            or mime.endswith("+xml") or mime in _TEXT_MIMES)


def _is_json(mime: str) -> bool:
    return mime == "application/json" or mime.endswith("+json")


_BINARY, _JSON, _TEXT, _OTHER = "binary", "json", "text", "other"


@lru_cache(maxsize=512)  # a notebook holds a handful of mimetypes, met in every output
def _mime_kind(mime: str) -> str:
    if is_binary_mime(mime):
        return _BINARY
    if is_text_mime(mime):
        return _JSON if _is_json(mime) else _TEXT
    return _OTHER


def _is_number(value: Any) -> bool:
    """What nbformat's number fields hold (or null); a boolean passes, as everywhere here."""
    return value is None or isinstance(value, int)


def _is_word(value: Any, words: frozenset) -> bool:
    """Whether ``value`` is one of nbformat's ``words`` (a list or dict there is not)."""
    return type(value) is str and value in words


def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text) if "\x1b" in text else text


def _joined(value: Any) -> Optional[str]:
    """A multi-line string as nbformat stores it (a string or a list of strings), else None."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        try:
            return "".join(value)
        except TypeError:  # not all strings
            return None
    return None


def _setter(container: Any, key: Any) -> Callable[[str], None]:
    def write(text: str) -> None:
        container[key] = text
    return write


class _Walk:
    """One walk of one notebook: the shape problems it met, and the units' locations."""

    def __init__(self, problems: List[str], places: bool = True):
        self.problems = problems
        #: Every unit, in reading order, as its text and its place: (where, cell, output,
        #: path, writer, writer's arguments). Appended to, not yielded: a walk through nested
        #: generators pays for each unit once per level, and every caller takes them all. A
        #: TextUnit is made only for a unit that is asked for (most hold no secret). A walk
        #: for texts alone keeps no places (None): most notebooks hold no secret, and those
        #: that do are walked again for them (``WalkedUnits``).
        self.texts: List[str] = []
        self.places: Optional[List[tuple]] = [] if places else None

    def add(self, where: str, cell, output, text: str, path: Path, writer, *args) -> None:
        self.texts.append(text)
        if self.places is not None:
            self.places.append((where, cell, output, path, writer, args))

    # -- places nbformat does not describe, or values of the wrong shape --------------------

    def other(self, container: Any, key: Any, path: Path, cell=None, output=None,
              named: bool = False) -> None:
        """Every string of ``container[key]``, and of the field's name unless ``named`` says
        the name is nbformat's own. Sent as JSON text, so a name stays next to its value."""
        value = container[key]
        if isinstance(value, str) and (named or not isinstance(key, str)):
            if named and value in _NBFORMAT_WORDS.get(key, ()):
                return
            self.add("other", cell, output, value, path, _setter, container, key)
            return
        if not isinstance(value, (str, dict, list)) and (named or not isinstance(key, str)):
            return  # a number, a boolean or null: nothing to hide in
        shown = {key: value} if isinstance(key, str) and not named else value
        text = json_text.dumps(shown)
        if text is None:  # too deep for an encoder: string by string
            self._strings(container, key, path, cell, output, named)
            return
        self.add("other", cell, output, text, path, _json_field_writer, container, key,
                 shown is not value)

    def _strings(self, container, key, path, cell, output, named) -> None:
        if isinstance(key, str) and not named:
            slot = ([container, key], True)
            self.add("other", cell, output, key, path, _slot_writer, slot)
        for slot, where in json_text.iter_strings(container[key], path):
            self.add("other", cell, output, json_text.read_slot(slot), where, _slot_writer, slot)

    def json_value(self, where: str, container: dict, key: str, path: Path, cell=None,
                   output=None) -> None:
        """Metadata and JSON mimetypes: the value as JSON text, written back parsed."""
        text = json_text.dumps(container[key])
        if text is None:
            for slot, at in json_text.iter_strings(container[key], path):
                self.add(where, cell, output, json_text.read_slot(slot), at, _slot_writer, slot)
            return
        self.add(where, cell, output, text, path, _json_value_writer, container, key)

    def shape(self, message: str) -> None:
        self.problems.append(message)

    # -- the notebook's own places -----------------------------------------------------------

    def notebook(self, nb: dict) -> None:
        if nb.keys() <= _NOTEBOOK_USUAL:  # nbformat's fields alone (most files): no loop over them
            cells, metadata = nb.get("cells", _ABSENT), nb.get("metadata", _ABSENT)
            if (type(cells) is list and (metadata is _ABSENT or type(metadata) is dict)
                    and _is_number(nb.get("nbformat")) and _is_number(nb.get("nbformat_minor"))):
                cell_of = self.cell
                for index, cell in enumerate(cells):
                    if isinstance(cell, dict):
                        cell_of(cell, index)
                    else:
                        self.shape(f"cell {index} is not an object")
                        self.other(cells, index, ("cells", index), index)
                if metadata is not _ABSENT and metadata:
                    self.json_value("metadata", nb, "metadata", ("metadata",))
                return
        for key in _in_order(nb, ("cells", "metadata")):
            value, path = nb[key], (key,)
            if key == "cells" and isinstance(value, list):
                for index, cell in enumerate(value):
                    if isinstance(cell, dict):
                        self.cell(cell, index)
                    else:
                        self.shape(f"cell {index} is not an object")
                        self.other(value, index, ("cells", index), index)
            elif key == "metadata" and isinstance(value, dict):
                if value:
                    self.json_value("metadata", nb, key, path)
            elif key in _NUMBER_FIELDS and (value is None or isinstance(value, int)):
                continue
            else:
                if key == "cells":
                    self.shape("'cells' is not a list")
                self.other(nb, key, path)

    def cell(self, cell: dict, index: int) -> None:
        # nbformat's places first, read directly (findings come in reading order); then every
        # other field in the order of the file. Written for speed: a folder of small notebooks
        # spends much of its scan here, so each field is looked up once and tested by type.
        texts, places = self.texts, self.places
        source = cell.get("source", _ABSENT)
        if source is not _ABSENT:
            if type(source) is list:
                try:
                    text = "".join(source)
                except TypeError:  # not all strings
                    text = None
            else:
                text = source if type(source) is str else _joined(source)
            if text is not None:
                texts.append(text)
                if places is not None:
                    places.append(("source", index, None, ("cells", index, "source"), _setter, (cell, "source")))
            else:
                self.shape(f"cell {index}: 'source' is neither a string nor a list of strings")
                self.other(cell, "source", ("cells", index, "source"), index, named=True)
        outputs = cell.get("outputs", _ABSENT)
        if outputs is not _ABSENT:
            if isinstance(outputs, list):
                output = self.output
                for number, out in enumerate(outputs):
                    output(outputs, out, number, index)
            else:
                self.shape(f"cell {index}: 'outputs' is not a list")
                self.other(cell, "outputs", ("cells", index, "outputs"), index, named=True)
        if "attachments" in cell:
            if isinstance(cell["attachments"], dict):
                self.attachments(cell["attachments"], index, ("cells", index, "attachments"))
            else:
                self.other(cell, "attachments", ("cells", index, "attachments"), index, named=True)
        metadata = cell.get("metadata", _ABSENT)
        if metadata is not _ABSENT:
            if not isinstance(metadata, dict):
                self.other(cell, "metadata", ("cells", index, "metadata"), index, named=True)
            elif metadata and not _only_flags(metadata):
                self.json_value("metadata", cell, "metadata", ("cells", index, "metadata"), index)
        if cell.keys() <= _CELL_USUAL:  # the fields of nbformat 4.5: no loop over them
            cell_type = cell.get("cell_type", "code")
            count = cell.get("execution_count")
            if (type(cell_type) is str and cell_type in _CELL_TYPES
                    and (count is None or isinstance(count, int))):
                value = cell.get("id")
                if type(value) is str:
                    texts.append(value)
                    if places is not None:
                        places.append(("other", index, None, ("cells", index, "id"), _setter, (cell, "id")))
                    return
                if value is None and "id" not in cell:
                    return
        for key, value in cell.items():
            if key in _CELL_PLACE_SET:
                continue
            if key == "id":
                if type(value) is str:  # nbformat 4.5's cell id: text of the user's
                    texts.append(value)
                    if places is not None:
                        places.append(("other", index, None, ("cells", index, key), _setter, (cell, key)))
                    continue
            elif key == "cell_type":
                if type(value) is str and value in _CELL_TYPES:
                    continue
            elif key in _NUMBER_FIELDS and (value is None or isinstance(value, int)):
                continue
            self.other(cell, key, ("cells", index, key), index, named=key in _CELL_NAMED)

    def output(self, outputs: list, out: Any, number: int, cell: int) -> None:
        """``out``, the output at ``number`` of ``outputs``. Each field is tested once, by its
        name; a field in an unexpected shape goes to ``other`` with its JSON path."""
        if not isinstance(out, dict):
            self.shape(f"cell {cell}, output {number} is not an object")
            self.other(outputs, number, ("cells", cell, "outputs", number), cell, number)
            return
        kind = out.get("output_type")
        texts, places = self.texts, self.places
        for key, value in out.items():  # the most common fields first
            if key == "output_type":
                if type(value) is str and value in _OUTPUT_TYPES:
                    continue
            elif key == "data":
                if kind in _DISPLAY_KINDS:
                    if isinstance(value, dict):
                        self.bundle(value, "outputs", cell, number, ("cells", cell, "outputs", number, key))
                        continue
                    self.shape(f"cell {cell}, output {number}: 'data' is not an object")
            elif key == "metadata":
                if isinstance(value, dict):
                    if value and not _only_flags(value):
                        self.json_value("outputs", out, key, ("cells", cell, "outputs", number, key),
                                        cell, number)
                    continue
            elif key == "execution_count":
                if value is None or isinstance(value, int):
                    continue
            elif key == "text":
                if kind == "stream":
                    if type(value) is list:
                        try:
                            text = "".join(value)
                        except TypeError:  # not all strings
                            text = None
                    else:
                        text = value if type(value) is str else _joined(value)
                    if text is not None:
                        texts.append(text)
                        if places is not None:
                            places.append(("outputs", cell, number, ("cells", cell, "outputs", number, key),
                                           _setter, (out, key)))
                        continue
                    self.shape(f"cell {cell}, output {number}: text is not a string or list of strings")
            elif key == "name":
                if type(value) is str and value in _STREAM_NAMES:
                    continue  # "name": "stdout"
            elif key == "evalue":
                if kind == "error" and isinstance(value, str):
                    self.add("outputs", cell, number, value, ("cells", cell, "outputs", number, key),
                             _setter, out, key)
                    continue
            elif key == "traceback":
                if kind == "error" and isinstance(value, list):
                    text = strip_ansi("\n".join(str(line) for line in value))
                    self.add("outputs", cell, number, text, ("cells", cell, "outputs", number, key),
                             _traceback_setter, out)
                    continue
            elif key in _NUMBER_FIELDS:
                if value is None or isinstance(value, int):
                    continue
            elif key in _NBFORMAT_WORDS and _is_word(value, _NBFORMAT_WORDS[key]):
                continue  # "cell_type": "code" in an output is nbformat's word too
            self.other(out, key, ("cells", cell, "outputs", number, key), cell, number,
                       named=key in _OUTPUT_NAMED)

    def attachments(self, attachments: dict, cell: int, base: Path) -> None:
        for name in list(attachments):
            bundle, path = attachments[name], base + (name,)
            # the file name is the user's: a key can sit there as well
            self.add("other", cell, None, name, path, _slot_writer, ([attachments, name], True))
            if isinstance(bundle, dict):
                self.bundle(bundle, "attachments", cell, None, path)
            else:
                self.shape(f"cell {cell}: attachment is not a mimetype bundle")
                self.other(attachments, name, path, cell, named=True)

    def bundle(self, bundle: dict, where: str, cell: int, output: Optional[int],
               base: Path) -> None:
        """A mimetype bundle. One odd value never stops the rest of the bundle."""
        texts, places = self.texts, self.places
        for mime, value in bundle.items():
            kind = _mime_kind(mime)
            if kind is _TEXT or kind is _JSON:
                if isinstance(value, str):
                    text = value
                elif kind is _JSON:
                    self.json_value(where, bundle, mime, base + (mime,), cell, output)
                    continue
                elif type(value) is list:  # the usual shape: a list of lines
                    try:
                        text = "".join(value)
                    except TypeError:  # not all strings
                        text = None
                else:
                    text = _joined(value)
                if text is not None:  # added here, not by ``add``: the most common unit
                    texts.append(text)
                    if places is not None:
                        places.append((where, cell, output, base + (mime,), _setter, (bundle, mime)))
                    continue
                self.shape(f"cell {cell}{'' if output is None else f', output {output}'}: "
                           f"{mime} is not a string or list of strings")
            elif kind is _BINARY:
                binary, hidden = payload(mime, value)  # hidden: text chunks, bytes after its end
                if binary:
                    if hidden is not None:
                        self.add(where, cell, output, hidden, base + (mime,), _dropper, bundle, mime)
                    continue
                text = _joined(value)
                if text is not None:  # not what its mimetype says: scanned as the text it is
                    self.add(where, cell, output, text, base + (mime,), _setter, bundle, mime)
                    continue
            self.other(bundle, mime, base + (mime,), cell, output)


def _in_order(container: dict, first: tuple) -> List[Any]:
    """The keys of ``container``, nbformat's places first (findings come in reading order)."""
    return [key for key in first if key in container] + [key for key in container if key not in first]


def _traceback_setter(out: dict) -> Callable[[str], None]:
    def write(text: str) -> None:
        out["traceback"] = text.split("\n")
    return write


def _dropper(container: dict, key: str) -> Callable[[str], None]:
    """A payload with a key in its bytes cannot be redacted in place: it is removed."""
    def write(_text: str) -> None:
        container.pop(key, None)
    return write


def _slot_writer(slot) -> Callable[[str], None]:
    return lambda text: json_text.write_slot(slot, text)


def _json_value_writer(container: Any, key: Any) -> Callable[[str], None]:
    def write(text: str) -> None:
        container[key] = json_text.loads(text)  # ValueError: the caller writes a marker
    return write


def _json_field_writer(container: Any, key: Any, wrapped: bool) -> Callable[[str], None]:
    """Writes back a field sent as ``{name: value}`` JSON (or as its value alone). What cannot
    be put back as it came (the redaction broke the JSON) is dropped: the field is nbformat's
    unknown, and a key in it must not stay."""
    def write(text: str) -> None:
        try:
            parsed = json_text.loads(text)
        except (ValueError, RecursionError):
            parsed = _DROPPED
        if not wrapped:
            container[key] = None if parsed is _DROPPED else parsed
        elif isinstance(parsed, dict) and len(parsed) == 1:
            (name, value), = parsed.items()
            if name != key:
                del container[key]
            container[name] = value
        else:
            del container[key]
    return write


_DROPPED = object()


def is_notebook(value: Any) -> bool:
    """A dict in nbformat 4 shape; older notebooks are scanned as plain text."""
    return isinstance(value, dict) and value.get("nbformat") == 4 and "cells" in value


def iter_units(nb: dict, problems: List[str], places: bool = True) -> "WalkedUnits":
    """Every text of a nbformat-4 notebook. Parts not of nbformat's shape are described in
    ``problems`` (by cell and output index) and still scanned, as ``where="other"``.

    ``places=False``: the walk keeps the texts alone, and the first unit asked for walks the
    notebook again for every unit's place (a scan that finds nothing never needs one). The
    notebook must not change in between; should its texts differ, the units are refused."""
    if not places:
        return WalkedUnits(walk_texts(nb, problems), None, lambda: nb)
    walk = _Walk(problems)
    walk.notebook(nb)
    return WalkedUnits(walk.texts, walk.places)


def walk_texts(nb: dict, problems: List[str]) -> List[str]:
    """The texts of ``iter_units(nb, problems)``, in its order, and no places."""
    walk = _Walk(problems, places=False)
    walk.notebook(nb)
    return walk.texts


def walk_places(nb: dict) -> Tuple[List[str], List[tuple]]:
    """The texts of ``nb`` and their places, as an eager walk finds them."""
    walk = _Walk([])
    walk.notebook(nb)
    return walk.texts, walk.places


class WalkedUnits:
    """The units of one walk, as an iterator of TextUnits; ``texts`` and ``unit`` let a scan
    read every text and make a TextUnit only for the units that hold a secret. Without
    places, ``notebook()`` gives the notebook (the same dict, or the same file parsed again)
    to walk for them when a unit is first asked for."""

    __slots__ = ("texts", "_places", "_next", "_notebook")

    def __init__(self, texts: List[str], places: Optional[List[tuple]],
                 notebook: Optional[Callable[[], dict]] = None):
        self.texts = texts
        self._places = places
        self._next = 0
        self._notebook = notebook

    def unit(self, index: int) -> TextUnit:
        places = self._places
        if places is None:
            places = self._places = self._walk_places()
        where, cell, output, path, writer, args = places[index]
        return TextUnit(where, cell, output, self.texts[index], writer(*args), path)

    def _walk_places(self) -> List[tuple]:
        texts, places = walk_places(self._notebook())
        self._notebook = None
        if texts != self.texts:  # the notebook changed since its texts were read
            raise RuntimeError("the notebook changed between its scan and its findings")
        return places

    def untouched(self) -> bool:
        """Whether no unit has been taken from the iterator yet."""
        return self._next == 0

    def __iter__(self) -> "WalkedUnits":
        return self

    def __next__(self) -> TextUnit:
        index = self._next
        if index >= len(self.texts):
            raise StopIteration
        self._next = index + 1
        return self.unit(index)

    def __length_hint__(self) -> int:
        return len(self.texts) - self._next
