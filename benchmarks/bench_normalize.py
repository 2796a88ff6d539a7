"""Throughput of the normalize stage and of each fixer (not a test: speed is measured here).

    python benchmarks/bench_normalize.py [/work/shared/corpus]
"""
from __future__ import annotations

import copy
import glob
import os
import sys
import time

from cleaner import normalize as nz
from cleaner import script
from cleaner.parse import parse
from cleaner.read import read_path
from cleaner.settings import Settings
from cleaner.strip import strip


def main() -> None:
    corpus = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/corpus"
    docs = []
    for path in sorted(glob.glob(os.path.join(corpus, "*", "*", "input.html"))):
        doc = read_path(path)
        parse(doc)
        strip(doc)
        docs.append(doc)
    script.char_sets()
    mb = sum(len(b.text.encode()) for d in docs for b in d.kept) / 1e6
    for label, cfg in (("default", Settings()), ("all on", Settings(quotes="corner", cjk_spacing=True))):
        work = [copy.deepcopy(d) for d in docs]
        start = time.perf_counter()
        for d in work:
            nz.normalize(d, cfg)
        took = time.perf_counter() - start
        print(f"normalize ({label}): {len(docs)} docs, {mb:.2f} MB kept text, {took:.2f} s, {mb / took:.1f} MB/s")
    text = "\n".join(b.text for d in docs for b in d.kept)
    size = len(text.encode()) / 1e6
    for f in nz.FIXERS:
        start = time.perf_counter()
        f.fn(text)
        print(f"  {f.name:30s} {size / (time.perf_counter() - start):8.1f} MB/s")


if __name__ == "__main__":
    main()
