"""The context pass (``context.select_article``) of text dumps alone, for callgrind.

    cd IN     # the corpus inputs one file per case, as benchmarks/callgrind.sh lays them out
    valgrind --tool=callgrind --collect-atstart=no --toggle-collect=functools_reduce \
        python benchmarks/context_cg.py txt [--limit 60] [--skip trim_title ...]

Each document is cleaned up to ``select_article`` and a copy is kept there; then ``select_article``
runs over the copies inside one ``functools.reduce`` call, the only part callgrind collects.
``--skip NAME`` makes a step of the pass do nothing, to read its share (the outputs are then wrong).
"""
from __future__ import annotations

import argparse
import copy
import functools
import os


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder")
    ap.add_argument("--limit", type=int, default=60)
    ap.add_argument("--skip", nargs="*", default=[])
    args = ap.parse_args(argv)
    from cleaner import context, strip
    from cleaner.document import frozen_text
    from cleaner.parse import parse
    from cleaner.read import TEXT_EXTENSIONS, read_path
    from cleaner.rules import load_rules
    from cleaner.settings import DEFAULT

    rules = load_rules(DEFAULT.rules)
    select = context.select_article
    kept = []

    def keep_copy(doc, lex, th):
        kept.append((copy.deepcopy(doc), th))
        return select(doc, lex, th)

    strip.select_article = keep_copy
    files = sorted(os.path.join(r, n) for r, _, ns in os.walk(args.folder) for n in ns
                   if os.path.splitext(n)[1].lower() in TEXT_EXTENSIONS)[: args.limit]
    for p in files:
        doc = read_path(p)
        parse(doc)
        strip.strip(doc, rules)
    strip.select_article = select
    for name in args.skip:
        setattr(context, name, lambda *a, **k: None)
    held = [frozen_text(doc.blocks) for doc, _ in kept]    # (strip holds the block texts fixed while select_article runs)
    for hold in held:
        hold.__enter__()
    lex = rules.lexicon             # (asked once: Rules.lexicon looks the compiled rules up by their whole value)
    functools.reduce(lambda _, d: select(d[0], lex, d[1]), kept, None)
    print(f"{len(kept)} documents")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
