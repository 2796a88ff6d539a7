"""Run a peer extractor over a list of HTML files, one process, writing one output per input.

    python benchmarks/peers.py trafilatura LISTFILE OUTDIR
    python benchmarks/peers.py readability LISTFILE OUTDIR

Runs in the peers' own venv (``run.py`` creates it; they are not dependencies of
``cleaner``).  trafilatura: ``trafilatura.extract(html)`` with its defaults
(plain-text output, fallbacks on).  readability-lxml: ``Document(html)`` then
``.title()`` and ``.summary()`` (HTML of the article).  Prints one JSON line.
"""
from __future__ import annotations

import json
import os
import sys


def extractor(tool: str):
    if tool == "trafilatura":
        import trafilatura

        return lambda html: trafilatura.extract(html) or ""
    if tool == "readability":
        from readability import Document

        def run(html: str) -> str:
            doc = Document(html)
            return doc.title() + "\n" + doc.summary()
        return run
    raise SystemExit(f"unknown tool {tool}")


def main(argv: list[str]) -> int:
    tool, listfile, outdir = argv
    extract = extractor(tool)
    with open(listfile, encoding="utf-8") as fh:
        paths = [line.rstrip("\n") for line in fh if line.strip()]
    os.makedirs(outdir, exist_ok=True)
    failed = 0
    for i, p in enumerate(paths):
        with open(p, "rb") as fh:
            html = fh.read().decode("utf-8", errors="replace")
        try:
            out = extract(html)
        except Exception:  # a peer's failure on one page must not stop the run
            failed += 1
            out = ""
        with open(os.path.join(outdir, f"{i:06d}.txt"), "w", encoding="utf-8") as fh:
            fh.write(out)
    print(json.dumps({"tool": tool, "files": len(paths), "failed": failed}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
