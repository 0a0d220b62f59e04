"""Model weights and similar trained artifacts, recognised by their content, whatever their name.

A file name is a hint anyone can change (``model.safetensors`` renamed ``model.dat``, a link
called ``notes.txt``): the download guard also reads the first bytes of the file a path resolves
to and knows the headers of the common formats.
"""
from __future__ import annotations

import struct
import zipfile
from typing import Optional

_HEAD = 64
#: HDF5 puts its signature at 0, 512, 1024, 2048, ... (a user block may come first).
_HDF5 = b"\x89HDF\r\n\x1a\n"
_HDF5_OFFSETS = (0, 512, 1024, 2048, 4096)
#: The pickle protocol byte and a first opcode that starts an object (what torch.save,
#: joblib and pickle.dump write first).
_PICKLE_FIRST = frozenset(b"}](ccq\x8c\x95KJ")
_MAX_SAFETENSORS_HEADER = 100 * 1024 * 1024


def _safetensors(head: bytes, f) -> bool:
    if len(head) < 10:
        return False
    size = struct.unpack("<Q", head[:8])[0]
    if not 2 <= size <= _MAX_SAFETENSORS_HEADER or head[8:9] != b"{":
        return False
    f.seek(8)
    header = f.read(min(size, 1024 * 1024))
    return b'"dtype"' in header or b'"__metadata__"' in header


def _onnx(head: bytes) -> bool:
    # ModelProto: field 1 (ir_version, varint) first, then producer/opset fields; checked
    # loosely by the tags and the words ONNX writers put near the start
    return head[:1] == b"\x08" and head[1:2] < b"\x20" and (
        b"onnx" in head.lower() or b"pytorch" in head or b"tf2onnx" in head or b"skl2onnx" in head)


def _pickle(head: bytes) -> bool:
    return len(head) > 2 and head[0] == 0x80 and 2 <= head[1] <= 5 and head[2] in _PICKLE_FIRST


def _zip_kind(f) -> Optional[str]:
    try:
        names = zipfile.ZipFile(f).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    lowered = [n.lower() for n in names[:10000]]
    if any(n.endswith("data.pkl") for n in lowered):
        return "PyTorch checkpoint"
    if any(n.endswith(".weights.h5") or n.endswith("variables.h5") for n in lowered):
        return "Keras model"
    if any(n.endswith((".safetensors", ".gguf", ".onnx", ".pt", ".pth", ".ckpt"))
           for n in lowered):
        return "archive of model weights"
    return None


def _hdf5(head: bytes, f) -> bool:
    for offset in _HDF5_OFFSETS:
        if offset == 0:
            block = head[:8]
        else:
            f.seek(offset)
            block = f.read(8)
        if block == _HDF5:
            return True
    return False


def artifact_kind(os_path: str) -> Optional[str]:
    """The kind of trained artifact the file holds (``"safetensors"``, ``"GGUF"``, ...), or None.
    Reads a few bytes (a zip's directory for zips)."""
    with open(os_path, "rb") as f:
        head = f.read(_HEAD)
        if head[:4] == b"GGUF" or head[:4] in (b"ggml", b"ggjt", b"ggla"):
            return "GGUF"
        if head[4:8] == b"TFL3":
            return "TensorFlow Lite"
        if _safetensors(head, f):
            return "safetensors"
        if head[:4] == b"PK\x03\x04":
            f.seek(0)
            return _zip_kind(f)
        if _pickle(head):
            return "pickle"
        if _onnx(head):
            return "ONNX"
        if _hdf5(head, f):
            return "HDF5 (Keras)"
    return None
