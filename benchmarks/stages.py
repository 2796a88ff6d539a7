"""Time each pipeline stage over a folder of inputs, in one process (no cProfile overhead).

    python benchmarks/stages.py FOLDER [--limit N]

Prints seconds per stage (read, parse, strip, normalize, render), blocks, and
microseconds per block, so a change to one stage can be checked quickly.  The
per-document work is the one ``cleaner.pipeline.clean_document`` does.
"""
from __future__ import annotations

import argparse
import os
import sys
import time


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args(argv)
    from cleaner import script
    from cleaner.normalize import normalize
    from cleaner.parse import parse
    from cleaner.read import TEXT_EXTENSIONS, read_path
    from cleaner.render import render
    from cleaner.rules import load_rules
    from cleaner.settings import DEFAULT
    from cleaner.strip import strip

    files = sorted(os.path.join(r, n) for r, _, ns in os.walk(args.folder) for n in ns
                   if os.path.splitext(n)[1].lower() in TEXT_EXTENSIONS)
    if args.limit:
        files = files[: args.limit]
    t = {"setup": 0.0, "read": 0.0, "parse": 0.0, "strip": 0.0, "normalize": 0.0, "render": 0.0}
    a = time.perf_counter()
    rules = load_rules(DEFAULT.rules)
    script.char_sets()
    t["setup"] = time.perf_counter() - a
    blocks = nbytes = 0
    for p in files:
        a = time.perf_counter()
        doc = read_path(p)
        b = time.perf_counter()
        parse(doc)
        c = time.perf_counter()
        strip(doc, rules)
        d = time.perf_counter()
        normalize(doc, DEFAULT)
        e = time.perf_counter()
        render(doc, DEFAULT)
        f = time.perf_counter()
        for k, x, y in (("read", a, b), ("parse", b, c), ("strip", c, d), ("normalize", d, e), ("render", e, f)):
            t[k] += y - x
        blocks += len(doc.blocks)
        nbytes += len(doc.raw)
    total = sum(t.values())
    print(f"{len(files)} files, {nbytes / 1e6:.1f} MB, {blocks} blocks, {total:.2f} s "
          f"({nbytes / 1e6 / total:.2f} MB/s, {1e6 * total / max(blocks, 1):.0f} µs/block)")
    for k, v in t.items():
        print(f"  {k:10} {v:7.2f} s  {100 * v / total:5.1f} %  {1e6 * v / max(blocks, 1):7.1f} µs/block")
    return 0


if __name__ == "__main__":
    sys.exit(main())
