"""Builds realistic notebooks for the benchmarks: code, long text outputs, embedded images.

Deterministic (seeded), so every run of a benchmark measures the same bytes.
"""
from __future__ import annotations

import base64
import json
import os
import random
import string
import struct
import zlib
from pathlib import Path
from typing import List

CODE_LINES = [
    "import numpy as np", "import pandas as pd", "import matplotlib.pyplot as plt",
    "from sklearn.model_selection import train_test_split",
    "df = pd.read_csv('data/train.csv')", "df.describe()",
    "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)",
    "model.fit(X_train, y_train, epochs=10, batch_size=32)", "plt.plot(history.history['loss'])",
    "client = OpenAI(api_key=os.environ['OPENAI_API_KEY'])",
    "token = os.getenv('HF_TOKEN')", "password = getpass.getpass()",
    "for i, batch in enumerate(loader):", "    loss = criterion(model(batch.x), batch.y)",
    "print(f'epoch {epoch}: loss={loss:.4f} acc={acc:.3f}')",
]


def _table(rng: random.Random, rows: int) -> str:
    header = "     id      feature_a   feature_b   label   sha256_digest\n"
    body = "".join(f"{i:7d} {rng.random():12.6f} {rng.gauss(0, 1):11.6f} {rng.randint(0, 9):5d}   "
                   f"{''.join(rng.choices('0123456789abcdef', k=64))}\n" for i in range(rows))
    return header + body


def _log(rng: random.Random, lines: int) -> str:
    return "".join(f"2026-11-28 12:{i % 60:02d}:{rng.randint(0, 59):02d} INFO step {i} "
                   f"loss={rng.random():.5f} lr=0.0003 run_id={rng.getrandbits(64):016x}\n"
                   for i in range(lines))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(rng: random.Random, nbytes: int) -> str:
    """A PNG as plotting libraries write one: header, a text chunk, compressed-looking data."""
    png = (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", 640, 480, 8, 6, 0, 0, 0))
           + _chunk(b"tEXt", b"Software\0plotting library 3.9.2, https://example.org/")
           + b"".join(_chunk(b"IDAT", rng.randbytes(min(65536, nbytes - done)))
                      for done in range(0, nbytes, 65536))
           + _chunk(b"IEND", b""))
    return base64.b64encode(png).decode()


def _fake_key(rng: random.Random) -> str:
    return "sk-proj-" + "".join(rng.choices(string.ascii_letters + string.digits, k=48))


def _as_nbformat_writes(nb: dict) -> dict:
    """Multi-line strings as lists of lines, the way nbformat writes every real notebook."""
    for cell in nb["cells"]:
        cell["source"] = cell["source"].splitlines(keepends=True)
        for out in cell["outputs"]:
            if "text" in out:
                out["text"] = out["text"].splitlines(keepends=True)
            for mime, value in out.get("data", {}).items():
                if mime.startswith("text/"):
                    out["data"][mime] = value.splitlines(keepends=True)
    return nb


def notebook(rng: random.Random, target_bytes: int, keys: int = 1) -> dict:
    cells, size = [], 0
    while size < target_bytes:
        source = "\n".join(rng.choices(CODE_LINES, k=rng.randint(3, 12)))
        outputs = []
        kind = rng.random()
        if kind < 0.35:
            text = _table(rng, rng.randint(50, 400))
            outputs.append({"output_type": "execute_result", "execution_count": 1, "metadata": {},
                            "data": {"text/plain": text, "text/html": "<pre>" + text + "</pre>"}})
        elif kind < 0.6:
            outputs.append({"output_type": "stream", "name": "stdout", "text": _log(rng, rng.randint(100, 800))})
        elif kind < 0.85:
            outputs.append({"output_type": "display_data", "metadata": {},
                            "data": {"image/png": _png(rng, rng.randint(20_000, 200_000)),
                                     "text/plain": "<Figure size 640x480 with 1 Axes>"}})
        cells.append({"cell_type": "code", "execution_count": 1, "id": f"{len(cells):08x}",
                      "metadata": {}, "outputs": outputs, "source": source})
        size += len(json.dumps(cells[-1]))
    for _ in range(keys):
        cell = rng.choice(cells)
        cell["source"] += f"\nclient = OpenAI(api_key='{_fake_key(rng)}')"
    return _as_nbformat_writes({
        "nbformat": 4, "nbformat_minor": 5, "cells": cells,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}})


def write_corpus(folder: Path, total_mb: float, per_notebook_mb: float = 1.5, seed: int = 7) -> List[Path]:
    """Writes notebooks summing to about ``total_mb`` into ``folder``; returns their paths."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths, written = [], 0
    while written < total_mb * 1e6:
        size = int(rng.uniform(0.3, 1.7) * per_notebook_mb * 1e6)
        path = folder / f"nb{len(paths):03d}.ipynb"
        path.write_text(json.dumps(notebook(rng, size), indent=1, sort_keys=True, ensure_ascii=False) + "\n")
        written += os.path.getsize(path)
        paths.append(path)
    return paths


LOG_WORDS = ("alpha", "beta", "gamma", "delta", "value", "result", "epoch", "loss", "accuracy",
             "batch", "step", "model", "token", "train", "eval")


def word_lines(total_bytes: int, seed: int = 0, line_bytes: int = 1000) -> str:
    """What a kernel prints in a loop: lines of common words (some of them rule keywords, such
    as "token") and floats, no secret."""
    rng = random.Random(seed)
    lines, size = [], 0
    while size < total_bytes:
        out: List[str] = []
        length = 0
        while length < line_bytes:
            word = rng.choice(LOG_WORDS) if rng.random() < 0.7 else f"{rng.random():.6f}"
            out.append(word)
            length += len(word) + 1
        lines.append(" ".join(out) + "\n")
        size += len(lines[-1])
    return "".join(lines)


def training_log_notebook(total_bytes: int, seed: int = 7, real_images: bool = False) -> dict:
    """A notebook of training-log outputs ("epoch  12  loss 0.123456  acc 0.4567" lines) and
    ``model_3 = compute(loss, step=3)`` sources; every third cell also shows an image: a PNG
    file as plotting libraries write one (``real_images``), or random bytes in base64 under
    image/png without a PNG's signature (so scanned as the text it is)."""
    rng = random.Random(seed)
    names = ("df", "model", "loss", "value", "train", "result", "x", "y", "batch", "score")
    cells, size, index = [], 0, 0
    while size < total_bytes:
        source = "\n".join(f"{rng.choice(names)}_{i} = compute({rng.choice(names)}, step={i})"
                           for i in range(rng.randint(5, 25)))
        outputs = [{"output_type": "stream", "name": "stdout",
                    "text": "".join(f"epoch {i:4d}  loss {rng.random():.6f}  acc {rng.random():.4f}\n"
                                    for i in range(rng.randint(20, 200)))}]
        if index % 3 == 2:
            nbytes = rng.randint(20_000, 120_000)
            image = _png(rng, nbytes) if real_images else base64.b64encode(rng.randbytes(nbytes)).decode()
            outputs.append({"output_type": "display_data", "metadata": {},
                            "data": {"image/png": image,
                                     "text/plain": "<Figure size 640x480 with 1 Axes>"}})
        cell = {"cell_type": "code", "execution_count": index + 1, "id": f"c{index:06d}",
                "metadata": {"tags": []}, "source": source, "outputs": outputs}
        cells.append(cell)
        size += len(json.dumps(cell))
        index += 1
    return {"nbformat": 4, "nbformat_minor": 5, "cells": cells,
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}}
