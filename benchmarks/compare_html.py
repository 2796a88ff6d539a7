#!/usr/bin/env python3
"""Compare `clean` with trafilatura and readability-lxml on the HTML corpus, in one run.

    python benchmarks/compare_html.py [--corpus ../shared/corpus] [--mode html] [--lang zh] [--limit N]

The peers are installed from PyPI into their own virtual environment
(``benchmarks/work/peers-venv``), never into the package's: they are only
measured here.  Every tool is scored by the corpus's ``score.py`` (``--opencc
t2s``), batch mode, same inputs.  Prints a Markdown table of mean F1 per
language, ready for ``docs/quality.md``.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import venv

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORK = os.path.join(HERE, "work")
PEERS_VENV = os.path.join(WORK, "peers-venv")
PEER_PACKAGES = ["trafilatura", "readability-lxml", "opencc"]

# One small extractor script per peer: reads every .html in a folder, writes .txt beside the name.
PEER_SCRIPT = r'''
import os, sys
tool, indir, outdir = sys.argv[1:4]
if tool == "trafilatura":
    import trafilatura
    def extract(html):
        return trafilatura.extract(html) or ""
else:
    from readability import Document
    import lxml.html
    BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "tr", "blockquote", "table", "ul", "ol"}
    def extract(html):
        root = lxml.html.fromstring(Document(html).summary(html_partial=True))
        for el in root.iter():
            if el.tag == "br" or el.tag in BLOCKS:
                el.tail = "\n" + (el.tail or "")
        return root.text_content()
for name in sorted(os.listdir(indir)):
    with open(os.path.join(indir, name), "rb") as fh:
        data = fh.read()
    try:
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            pass  # original bytes in another encoding: each tool detects it itself
        text = extract(data)
    except Exception as exc:  # a peer's failure on one page scores 0 for that page
        print(f"{name}: {type(exc).__name__}: {exc}", file=sys.stderr)
        continue
    with open(os.path.join(outdir, os.path.splitext(name)[0] + ".txt"), "w", encoding="utf-8") as fh:
        fh.write(text)
'''


def peers_python() -> str:
    py = os.path.join(PEERS_VENV, "bin", "python")
    marker = os.path.join(PEERS_VENV, ".installed")
    if not os.path.exists(marker):
        if not os.path.exists(py):
            venv.create(PEERS_VENV, with_pip=True)
        # an up-to-date pip: older resolvers trip over lxml's "html_clean"/"html-clean" extra
        subprocess.run([py, "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
        subprocess.run([py, "-m", "pip", "install", "-q", *PEER_PACKAGES], check=True)
        open(marker, "w").close()
    return py


def score(corpus: str, cmd: str, mode: str, lang: str, limit: int, python: str, label: str) -> dict:
    out = os.path.join(WORK, f"score-{label}-{mode}-{lang}.json")
    argv = [python, os.path.join(corpus, "score.py"), "--cmd", cmd, "--mode", mode, "--opencc", "t2s",
            "--lang", lang, "--json", out, "--label", label]
    if limit:
        argv += ["--limit", str(limit)]
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    with open(out, encoding="utf-8") as fh:
        report = json.load(fh)
    return {g["lang"]: g for g in report["groups"] if g["source"] == "ALL"}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "..", "shared", "corpus"))
    ap.add_argument("--mode", default="html", choices=["html", "html-orig"])
    ap.add_argument("--lang", default="all", choices=["zh", "other", "all"])
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--clean", default=shutil.which("clean") or os.path.join(ROOT, ".venv", "bin", "clean"),
                    help="the clean executable to measure")
    args = ap.parse_args(argv)
    corpus = os.path.abspath(args.corpus)
    if not os.path.isfile(os.path.join(corpus, "score.py")):
        ap.error(f"no score.py in {corpus}")
    os.makedirs(WORK, exist_ok=True)
    py = peers_python()
    script = os.path.join(WORK, "peer_extract.py")
    with open(script, "w", encoding="utf-8") as fh:
        fh.write(PEER_SCRIPT)
    runs = {
        "clean": (f"{args.clean} {{indir}} -o {{outdir}}", sys.executable),
        "trafilatura": (f"{py} {script} trafilatura {{indir}} {{outdir}}", py),
        "readability-lxml": (f"{py} {script} readability {{indir}} {{outdir}}", py),
    }
    results = {}
    for label, (cmd, python) in runs.items():
        # score.py needs opencc: the peers' venv has it; ours runs under this interpreter
        results[label] = score(corpus, cmd, args.mode, args.lang, args.limit, py, label)
    langs = [l for l in ("zh", "other", "all") if all(l in r for r in results.values())]
    print(f"mode={args.mode}, --opencc t2s, mean F1 (precision / recall)\n")
    print("| tool | " + " | ".join(langs) + " |")
    print("|---|" + "---|" * len(langs))
    for label, groups in results.items():
        cells = [f"**{groups[l]['f1_mean']:.4f}** ({groups[l]['precision']:.3f} / {groups[l]['recall']:.3f}, n={groups[l]['n']})"
                 for l in langs]
        print(f"| {label} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
