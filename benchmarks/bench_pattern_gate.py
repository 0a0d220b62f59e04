"""The pattern gate's pass over large clean text, against its baseline, in one run.

Baseline: one Hyperscan pass of every gated rule's pattern over the whole text (the gate as it
was). Now: the gate's levels (see jupyter_secrets/detection/pattern_gate.py): a text that
lacks the punctuation some rules need is searched without them. Both are timed in CPU
time, interleaved, best of --repeat, on:

- print: the 1,000-byte lines of words and floats that benchmarks/bench_kernel_output.py
  prints (same seed, same words); and the same with negative numbers among them;
- keras log, trainer log, epoch log: what a training loop prints (Keras progress lines,
  Hugging Face Trainer dicts, ``epoch  loss  acc`` columns);
- code: this project's Python sources, repeated (every group may match there).

Also timed: ``Engine().scan`` of each text, with the gate as it was, with the levels but the
keywords and the gate searched in two passes ("two passes"), and as it is now (one combined
pass over ASCII text, combined_pass.py). All must find the same (nothing, on these texts); the
script exits 1 if they differ.

    python benchmarks/bench_pattern_gate.py [--mb 10] [--repeat 7]
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from jupyter_secrets.detection.engine import Engine  # noqa: E402
from jupyter_secrets.detection.pattern_gate import PatternGate  # noqa: E402
from jupyter_secrets.detection.prefilter import KeywordPrefilter  # noqa: E402
from jupyter_secrets.detection.rule_table import shipped_rules  # noqa: E402


def _lines(total_bytes: int, line) -> str:
    out, size, step = [], 0, 0
    while size < total_bytes:
        out.append(line(step))
        size += len(out[-1])
        step += 1
    return "".join(out)


def printed(total_bytes: int, line_bytes: int = 1000, signed: bool = False) -> str:
    """The text of bench_kernel_output.py's print cell (its setup_code, without the frame);
    ``signed``: a third of the floats negative."""
    rng = random.Random(0)
    words = ["alpha", "beta", "gamma", "delta", "value", "result", "epoch", "loss",
             "accuracy", "batch", "step", "model", "token", "train", "eval"]

    def line(_: int) -> str:
        out = []
        while sum(map(len, out)) + len(out) < line_bytes:
            sign = -1 if signed and rng.random() < 0.33 else 1
            out.append(rng.choice(words) if rng.random() < 0.7 else f"{sign * rng.random():.6f}")
        return " ".join(out) + "\n"
    return _lines(total_bytes, line)


def keras_log(total_bytes: int, seed: int = 1) -> str:
    rng = random.Random(seed)

    def line(step: int) -> str:
        done = step % 500 + 1
        bar = "=" * (done * 30 // 500) + (">" if done < 500 else "=")
        return (f"{done}/500 [{bar:.<31}] - ETA: {rng.randint(0, 90)}s - loss: {rng.random():.4f}"
                f" - accuracy: {rng.random():.4f} - val_loss: {rng.random():.4f}\n"
                + (f"Epoch {step // 500 + 2}/100\n" if done == 500 else ""))
    return _lines(total_bytes, line)


def trainer_log(total_bytes: int, seed: int = 2) -> str:
    rng = random.Random(seed)

    def line(step: int) -> str:
        return (f"{{'loss': {rng.random() * 3:.4f}, 'grad_norm': {rng.random() * 9:.6f}, "
                f"'learning_rate': {rng.random():.2e}, 'epoch': {step / 1000:.2f}, "
                f"'num_input_tokens_seen': {step * 4096}}}\n")
    return _lines(total_bytes, line)


def epoch_log(total_bytes: int, seed: int = 3) -> str:
    rng = random.Random(seed)
    return _lines(total_bytes, lambda i: f"epoch {i:4d}  loss {rng.random():.6f}  acc {rng.random():.4f}\n")


def code(total_bytes: int) -> str:
    sources = "".join(p.read_text("utf-8") for p in sorted((REPO / "jupyter_secrets").rglob("*.py")))
    sources = sources.encode("ascii", "ignore").decode()  # the gate's own path: ASCII text
    return (sources * (total_bytes // max(1, len(sources)) + 1))[:total_bytes]


def _cpu(run) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=10.0, help="size of each text")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    size = int(args.mb * 1e6)
    texts = {"print": printed(size), "print signed": printed(size, signed=True), "keras log": keras_log(size), "trainer log": trainer_log(size),
             "epoch log": epoch_log(size), "code": code(size)}

    rules = shipped_rules()
    engine = Engine()
    gate = engine._prefilter._gate
    if gate is None:
        print("no pattern gate here (no Hyperscan, or the cache is off): nothing to compare")
        return 0
    # the gate as it was: one pass of every pattern, whatever the text
    whole = PatternGate(gate.indices, gate.database, rules)
    before = Engine(prefilter=KeywordPrefilter(rules, cache=True, gate=whole))
    # the levels, with the keywords' pass and the gate's apart
    apart = Engine()
    apart._prefilter._combined = None

    def found(e, text):
        return [(m.rule.id, m.start, m.end) for m in e.scan(text)]

    print(f"pattern gate on {args.mb:g} MB texts, CPU ms, best of {args.repeat} (interleaved)")
    print(f"  {'text':<12} {'level':>7} {'gate was':>9} {'gate now':>9} {'ratio':>6}"
          f" {'scan was':>9} {'two passes':>11} {'scan now':>9} {'ratio':>6}")
    same = True
    for label, text in texts.items():
        data = text.encode()
        level = gate.level_of(data)
        parts = {"gate was": lambda: whole.occurrences(data), "gate now": lambda: gate.occurrences(data),
                 "scan was": lambda: before.scan(text), "two passes": lambda: apart.scan(text),
                 "scan now": lambda: engine.scan(text)}
        for warm in (before, apart, engine):
            warm.scan(text[:100_000])  # compile the rules they run
        spent = {name: [] for name in parts}
        for _ in range(args.repeat):
            for name, run in parts.items():
                spent[name].append(_cpu(run))
        best = {name: min(times) * 1000 for name, times in spent.items()}
        print(f"  {label:<12} {level:>3}/{len(gate.levels):<3}"
              f" {best['gate was']:>9.1f} {best['gate now']:>9.1f}"
              f" {best['gate now'] / max(best['gate was'], 1e-9):>5.2f}x"
              f" {best['scan was']:>9.1f} {best['two passes']:>11.1f} {best['scan now']:>9.1f}"
              f" {best['scan now'] / max(best['scan was'], 1e-9):>5.2f}x")
        if not found(before, text) == found(apart, text) == found(engine, text):
            print(f"  {label}: the two gates find different things")
            same = False
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
