"""Cleaning clean output changes nothing: the two-pass check over whole corpora, counted.

Every input of a corpus (``input.html`` or ``input.txt`` of each case, one mode at a time) is copied
flat into one folder as ``<source>_<case>.<ext>``, cleaned as a batch (``clean -q IN -o OUT``, the
template pass included, as a user runs it), and the output cleaned again (``clean -q OUT -o OUT2``).
A page is counted when its article body differs between the two passes, and apart when its front
matter does (``confidence`` and every other field must be stable too: a pass reads them back)::

    python benchmarks/idempotency.py --label after          # cleaner from PYTHONPATH
    PYTHONPATH=/path/to/old/checkout python benchmarks/idempotency.py --label before

Both corpora: the 210-case one (``../shared/corpus``) and the 1,043-case extra one (CleanEval and
Dragnet), unpacked (``$CLEANER_CORPUS_EXTRA``, ``../corpus-extra``) or read from
``../shared/corpus-extra.tar.xz`` (``benchmarks/markdown_defects.py`` finds them); ``--no-extra``
for the first only.  Each run is saved under its label in ``benchmarks/idempotency.json`` and
``benchmarks/idempotency.md`` is written again with one column per label.
``tests/test_idempotency.py`` runs :func:`check_pages` (one file at a time, in-process) on a sample.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("markdown_defects", os.path.join(HERE, "markdown_defects.py"))
defects = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(defects)

RESULTS = os.path.join(HERE, "idempotency.json")
REPORT = os.path.join(HERE, "idempotency.md")
MODES = ("html", "txt")
_FRONT_MATTER = re.compile(r"\A---\n(?:.*?\n)?---\n", re.S)


def split_output(md: str) -> tuple[str, str]:
    """(front matter, body) of one Markdown output ("" when it has no front matter)."""
    m = _FRONT_MATTER.match(md)
    return (m.group(), md[m.end():]) if m else ("", md)


def compare(first: str, second: str) -> tuple[bool, bool]:
    """(the body differs, the front matter differs) between two passes."""
    fm1, body1 = split_output(first)
    fm2, body2 = split_output(second)
    return body1 != body2, fm1 != fm2


def flat_inputs(corpus: str, mode: str, step: int = 1) -> list[tuple[str, bytes]]:
    """(``<source>_<case>.<ext>``, bytes) of the inputs of ``corpus`` ("dev" or "extra") in ``mode``."""
    out = []
    for name, data in defects.inputs(corpus, step):
        parts = name.split("/")         # SOURCE/CASE/input.EXT
        if parts[-1] == f"input.{mode}":
            out.append((f"{parts[-3]}_{parts[-2]}.{mode}", data))
    return sorted(out)


def check_pages(pages: list[tuple[str, bytes]], settings=None) -> dict[str, tuple[bool, bool]]:
    """In-process, one file at a time: {name: (body differs, front matter differs)} of the pages
    that are not stable (inputs with no text to clean are left out)."""
    from cleaner.errors import InputError
    from cleaner.pipeline import clean_bytes
    from cleaner.settings import Settings
    settings = settings or Settings()
    found = {}
    for name, data in pages:
        try:
            _, first = clean_bytes(data, source=name, settings=settings)
        except InputError:
            continue
        _, second = clean_bytes(first.encode("utf-8"), source=name.rsplit(".", 1)[0] + ".md", settings=settings)
        diff = compare(first, second)
        if any(diff):
            found[name] = diff
    return found


def _clean(src: str, dst: str) -> None:
    subprocess.run([sys.executable, "-m", "cleaner", "-q", src, "-o", dst], check=True)


def check_batch(pages: list[tuple[str, bytes]], work: str) -> dict:
    """The two passes of the CLI over ``pages`` written flat into ``work``: counts and the names
    of the pages whose body or front matter changed."""
    src, out, out2 = (os.path.join(work, d) for d in ("in", "out", "out2"))
    os.makedirs(src)
    for name, data in pages:
        with open(os.path.join(src, name), "wb") as fh:
            fh.write(data)
    _clean(src, out)
    _clean(out, out2)
    body, front = [], []
    outputs = sorted(os.listdir(out))
    for name in outputs:
        with open(os.path.join(out, name), encoding="utf-8") as a, open(os.path.join(out2, name), encoding="utf-8") as b:
            db, df = compare(a.read(), b.read())
        if db:
            body.append(name)
        if df:
            front.append(name)
    return {"pages": len(pages), "outputs": len(outputs), "body_differs": body, "front_matter_differs": front}


def measure(corpora: tuple[str, ...], step: int = 1) -> dict:
    found = {}
    with tempfile.TemporaryDirectory(prefix="idempotency-") as tmp:
        for corpus in corpora:
            for mode in MODES:
                pages = flat_inputs(corpus, mode, step)
                if not pages:
                    continue
                t = time.time()
                found[f"{corpus} {mode}"] = r = check_batch(pages, os.path.join(tmp, f"{corpus}-{mode}"))
                print(f"{corpus} {mode}: {r['outputs']} outputs, body differs {len(r['body_differs'])}, "
                      f"front matter differs {len(r['front_matter_differs'])} ({time.time() - t:.0f} s)",
                      file=sys.stderr)
    return found


def write_report(results: dict) -> None:
    labels = list(results)
    rows = sorted({k for r in results.values() for k in r})
    lines = ["# Idempotency: pages whose second pass changes them", "",
             "`python benchmarks/idempotency.py --label LABEL` (see its docstring): each corpus in each mode "
             "cleaned as one batch, its output cleaned again; pages whose article body or front matter "
             "differ between the passes.", "",
             "| corpus mode | pages | " + " | ".join(f"{l}: body | {l}: front matter" for l in labels) + " |",
             "|---|---:|" + "---:|---:|" * len(labels)]
    for row in rows:
        pages = next(r[row]["pages"] for r in results.values() if row in r)
        cells = []
        for l in labels:
            r = results[l].get(row)
            cells += ["" if r is None else str(len(r["body_differs"])), "" if r is None else str(len(r["front_matter_differs"]))]
        lines.append(f"| {row} | {pages} | " + " | ".join(cells) + " |")
    for l in labels:
        changed = sorted({n for r in results[l].values() for n in r["body_differs"] + r["front_matter_differs"]})
        lines += ["", f"{l}: " + (", ".join(changed) if changed else "none")]
    with open(REPORT, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--label", default="current")
    ap.add_argument("--step", type=int, default=1, help="every STEP-th case (1: all)")
    ap.add_argument("--no-extra", action="store_true", help="the 210-case corpus only")
    args = ap.parse_args(argv)
    corpora = ("dev",) if args.no_extra else ("dev", "extra")
    found = measure(corpora, args.step)
    results = {}
    if os.path.isfile(RESULTS):
        with open(RESULTS, encoding="utf-8") as fh:
            results = json.load(fh)
    results.pop(args.label, None)
    results[args.label] = found          # (the latest run last: the report's columns in run order)
    with open(RESULTS, "w", encoding="utf-8") as fh:
        json.dump(results, fh, indent=1)
        fh.write("\n")
    write_report(results)
    return 1 if any(r["body_differs"] or r["front_matter_differs"] for r in found.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
