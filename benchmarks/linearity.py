"""Time against length for the steps that once grew faster than their input on one long line.

    python benchmarks/linearity.py [--out benchmarks/linearity.md]

Each step is timed (best of three) on a text and on the same text repeated k times; a linear
step costs about k times as much.  The tests check the structure that keeps these steps linear
(ftfy gets bounded pieces; a span's pieces are joined once); this measures it.
"""
from __future__ import annotations

import argparse
import platform
import time
from datetime import datetime, timezone


def _best(fn, arg, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        fn(arg)
        best = min(best, time.perf_counter() - t)
    return best


def _normalize_links(n: int):
    from cleaner.document import Block
    from cleaner.normalize import enabled_fixers, normalize_spans
    text = "记者走访 https://example.com/a?b=1 城市交通。" * n
    return lambda _: normalize_spans(Block.of("paragraph", text), enabled_fixers())


def _mojibake(n: int):
    from cleaner.normalize import fix_mojibake
    text = "cafÃ© æ–‡ç«  记者走访了城市。" * n
    return lambda _: fix_mojibake(text)


def _clean_one_line(n: int):
    import cleaner
    text = ("记者走访了三个街区，市民表示新的公交线路很方便。See https://example.com/x for more. " * n).encode()
    return lambda _: cleaner.clean_bytes(text, source="one-line.txt")


STEPS = [
    ("normalize_spans, one line full of URLs", _normalize_links, 4000, 8),
    ("fix_mojibake (ftfy), one line", _mojibake, 4000, 4),
    ("whole pipeline, a one-line text dump", _clean_one_line, 2000, 8),
]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    rows = []
    for name, make, n, k in STEPS:
        make(n // 10)(None)      # warm-up: imports, compiled patterns
        small = _best(make(n), None)
        large = _best(make(n * k), None)
        rows.append((name, n, k, small, large, large / small / k))
        print(f"{name}: {small:.3f}s → {large:.3f}s for {k}× the text (time ratio ÷ k = {large / small / k:.2f})")
    if args.out:
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        lines = [
            "# Time against length on one long line", "",
            f"`python benchmarks/linearity.py --out benchmarks/linearity.md` on {platform.node()} "
            f"({platform.machine()}, Python {platform.python_version()}), {stamp}. Best of three runs each; "
            "a linear step has a ratio ÷ k near 1 (quadratic would be near k).", "",
            "| step | units | k | time | time at k× | ratio ÷ k |", "| --- | --- | --- | --- | --- | --- |",
        ]
        lines += [f"| {name} | {n} | {k} | {s:.3f} s | {lg:.3f} s | {r:.2f} |" for name, n, k, s, lg, r in rows]
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
