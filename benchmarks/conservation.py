"""Conservation of text over both corpora, every page, text dumps and HTML (``tests/conservation.py``).

    python benchmarks/conservation.py [--corpus DIR] [--extra DIR] [--out benchmarks/conservation.md]

``--extra`` defaults to ``/tmp/corpus-extra``, unpacked from ``../shared/corpus-extra.tar.xz`` when
missing.  Every page is read, parsed and stripped (no normalization: it rewrites characters) and
every visible character of its input must be in a block (kept or dropped) or a fragment record,
none twice.  Writes a table of pages checked and failures per corpus and mode.
"""
from __future__ import annotations

import argparse
import glob
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))


def main(argv=None) -> int:
    from conservation import check

    from cleaner.parse import parse
    from cleaner.read import read_path
    from cleaner.strip import strip

    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(HERE, "..", "..", "shared", "corpus"))
    ap.add_argument("--extra", default="/tmp/corpus-extra")
    ap.add_argument("--out", default=os.path.join(HERE, "conservation.md"))
    args = ap.parse_args(argv)
    if not os.path.isdir(args.extra):
        tar = os.path.join(args.corpus, "..", "corpus-extra.tar.xz")
        os.makedirs(os.path.dirname(args.extra) or ".", exist_ok=True)
        subprocess.run(["tar", "-xJf", tar, "-C", os.path.dirname(os.path.abspath(args.extra))], check=True)
    rows, failures = [], []
    t0 = time.time()
    for label, root in (("corpus", args.corpus), ("corpus-extra", args.extra)):
        for name in ("input.txt", "input.html"):
            paths = sorted(glob.glob(os.path.join(root, "*", "*", name)))
            bad = 0
            for path in paths:
                doc = read_path(path, 10**9)
                text = doc.text
                lost, extra = check(strip(parse(doc)), text)
                if lost or extra:
                    bad += 1
                    failures.append(f"{path}: lost {''.join(sorted(lost.elements()))[:60]!r} "
                                    f"extra {''.join(sorted(extra.elements()))[:60]!r}")
            rows.append((label, name, len(paths), bad))
    lines = ["# Conservation of text", "", "`python benchmarks/conservation.py`: every visible character of an "
             "input is in a block (kept or dropped) or a removal record after strip, none twice.", "",
             "| corpus | input | pages | failures |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {n} | {f} |" for a, b, n, f in rows]
    lines += ["", f"{time.time() - t0:.0f} s"] + ([""] + failures if failures else [])
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
