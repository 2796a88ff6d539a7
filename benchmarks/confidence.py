#!/usr/bin/env python3
"""How well ``confidence`` predicts the quality of an output, measured on the evaluation corpora.

    python benchmarks/confidence.py [--corpus ../shared/corpus] [--corpus /tmp/corpus-extra]
                                    [--reuse] [--fit] [--out benchmarks/confidence.md]

For each mode (``txt``: input.txt, ``html``: input.html) and each corpus, one batch run
``clean -q -j 1 --format json IN -o OUT`` (as ``score.py``'s batch mode stages it: one file per
case named ``<source>__<case>``).  Each output's body is scored against ``gold.txt`` with the
corpus's own ``score.py`` (bag-of-tokens F1, both sides folded with OpenCC ``t2s``); its
``stats.confidence`` and ``stats.evidence`` are read from the JSON.  Per mode, corpus and source
it reports Spearman(confidence, F1), the share of pages with F1 < 0.6 that got confidence < 0.5
(the issue's "caught" share) and the share of all pages with confidence < 0.5 (what flagging
costs), and writes them as a Markdown table to ``--out``.

The per-page rows (F1, confidence, the confidence's features) are cached in ``--cache``
(default ``/tmp/cleaner-confidence``): ``--reuse`` skips running ``clean`` and computes the
confidence again from the cached features with the weights in :mod:`cleaner.confidence`, so a
change of weights is measured in a second.  ``--fit`` fits the logistic weights (target: F1 ≥
``cleaner.confidence.TARGET_F1``) per format on each corpus, reports them on the other (the
cross-check), and prints the weights fitted on both, to be copied into :mod:`cleaner.confidence`.  This is a benchmark, not a test: nothing here is asserted.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

from cleaner import confidence as conf  # noqa: E402

sys.path.insert(0, HERE)
import workload  # noqa: E402  (benchmarks/workload.py: the corpus's cases)

MODES = {"txt": "input.txt", "html": "input.html"}
LOW_F1 = 0.6            # a page the issue calls bad
LOW_CONF = 0.5          # ... should get a confidence below this
LOW_CATCH = 0.8         # ... at least this share of them (--fit lowers the bias until they do)


def default_corpora() -> list[str]:
    out = [os.path.normpath(os.path.join(ROOT, "..", "shared", "corpus"))]
    for extra in (os.path.join(ROOT, "..", "corpus-extra"), "/tmp/corpus-extra"):
        if os.path.isfile(os.path.join(extra, "MANIFEST.json")):
            out.append(os.path.normpath(extra))
            break
    return out


def load_scorer(corpus: str):
    """The corpus's ``score.py`` as a module, with its OpenCC t2s folding switched on."""
    spec = importlib.util.spec_from_file_location("corpus_score", os.path.join(corpus, "score.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    import opencc
    try:
        mod._converter = opencc.OpenCC("t2s")
    except Exception:  # older bindings want the file name
        mod._converter = opencc.OpenCC("t2s.json")
    return mod


def cases(corpus: str, mode: str) -> list[dict]:
    """Every case of the corpus (``workload.corpus_cases``: those with both inputs), sorted by name."""
    out = []
    for name, cdir in workload.corpus_cases(corpus):
        source, case = name.split("__", 1)
        out.append({"source": source, "case": case, "input": os.path.join(cdir, MODES[mode]),
                    "gold": os.path.join(cdir, "gold.txt")})
    return out


def run_clean(corpus: str, mode: str, work: str, scorer) -> list[dict]:
    """One batch run of ``clean`` over the corpus in ``mode``; one row per case."""
    indir, outdir = os.path.join(work, "in"), os.path.join(work, "out")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(indir)
    ext = ".txt" if mode == "txt" else ".html"
    todo = cases(corpus, mode)
    for c in todo:
        shutil.copyfile(c["input"], os.path.join(indir, f"{c['source']}__{c['case']}{ext}"))
    t0 = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-m", "cleaner", "-q", "-j", "1", "--format", "json", indir, "-o", outdir],
                          env=env, stderr=subprocess.PIPE, text=True)
    print(f"  clean {mode} {os.path.basename(corpus)}: {len(todo)} pages, {time.perf_counter() - t0:.0f} s, "
          f"exit {proc.returncode}", file=sys.stderr)
    rows = []
    for c in todo:
        path = os.path.join(outdir, f"{c['source']}__{c['case']}.json")
        gold = scorer.tokens(scorer.read_text(c["gold"]))
        try:
            with open(path, encoding="utf-8") as fh:
                rec = json.load(fh)
        except (OSError, ValueError):
            rows.append({"source": c["source"], "case": c["case"], "f1": 0.0, "confidence": 0.0, "features": None})
            continue
        f1 = scorer.prf(scorer.tokens(rec["markdown"]), gold)[2]
        ev = rec["stats"].get("evidence") or {}
        rows.append({"source": c["source"], "case": c["case"], "f1": round(f1, 4),
                     "confidence": rec["stats"]["confidence"], "features": ev.get("confidence")})
    return rows


# ------------------------------------------------------------------ statistics

def ranks(xs: list[float]) -> list[float]:
    """Ranks 1..n, ties sharing their mean rank."""
    order = sorted(range(len(xs)), key=xs.__getitem__)
    out = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(xs: list[float], ys: list[float]) -> float:
    """Spearman's rho: Pearson's correlation of the ranks (NaN when one side is constant)."""
    if len(xs) < 3:
        return float("nan")
    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    vx, vy = sum((a - mx) ** 2 for a in rx), sum((b - my) ** 2 for b in ry)
    return cov / math.sqrt(vx * vy) if vx and vy else float("nan")


def summary(rows: list[dict]) -> dict:
    low = [r for r in rows if r["f1"] < LOW_F1]
    return {
        "n": len(rows),
        "f1": sum(r["f1"] for r in rows) / (len(rows) or 1),
        "spearman": spearman([r["confidence"] for r in rows], [r["f1"] for r in rows]),
        "low_n": len(low),
        "caught": sum(r["confidence"] < LOW_CONF for r in low) / len(low) if low else float("nan"),
        "flagged": sum(r["confidence"] < LOW_CONF for r in rows) / (len(rows) or 1),
    }


def rescore(rows: list[dict], mode: str) -> None:
    """The confidence again from the cached measures, with the weights in cleaner.confidence."""
    for r in rows:
        if r["features"] is not None:
            r["confidence"] = conf.from_measures(r["features"], fmt_of(mode))


# ------------------------------------------------------------------ fitting

# The sign each factor's weight must have (more of it means a better or a worse output); a factor
# fitted with the wrong sign or a weight under MIN_WEIGHT is left out and the rest fitted again.
SIGNS = {"size": 1, "kept": 1, "prose": 1, "short_text": -1, "block_size": 1, "runs": -1, "rule_cut": -1,
         "context_cut": -1, "anchor": 1, "margin": 1, "fallback": -1}
MIN_WEIGHT = 0.2
L2 = 1.0


def fmt_of(mode: str) -> str:
    return "html" if mode == "html" else "text"


def fit_logistic(rows: list[dict], names: list[str]) -> tuple[float, dict]:
    """Logistic regression of [F1 ≥ TARGET_F1] on the factors (Newton's method, L2 on the weights)."""
    xs = [[1.0] + [conf.factors(r["features"])[k] for k in names] for r in rows]
    ys = [1.0 if r["f1"] >= conf.TARGET_F1 else 0.0 for r in rows]
    d = len(names) + 1
    w = [0.0] * d
    for _ in range(100):
        grad = [0.0] * d
        hess = [[0.0] * d for _ in range(d)]
        for x, y in zip(xs, ys):
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, sum(a * b for a, b in zip(w, x))))))
            for i in range(d):
                grad[i] += (p - y) * x[i]
                for j in range(i, d):
                    hess[i][j] += p * (1 - p) * x[i] * x[j]
        for i in range(d):
            for j in range(i):
                hess[i][j] = hess[j][i]
        for i in range(1, d):
            grad[i] += L2 * w[i]
            hess[i][i] += L2
        step = _solve(hess, grad)
        w = [a - b for a, b in zip(w, step)]
        if max(abs(x) for x in step) < 1e-8:
            break
    return w[0], dict(zip(names, w[1:]))


def fit_format(rows: list[dict]) -> tuple[float, dict, float]:
    """Weights with the right signs (see SIGNS), then BIAS lowered until 80 % of the bad pages are below 0.5."""
    names = [k for k in conf.FACTORS if any(conf.factors(r["features"])[k] for r in rows)]
    while True:
        bias, w = fit_logistic(rows, names)
        wrong = [k for k in names if w[k] * SIGNS[k] <= 0 or abs(w[k]) < MIN_WEIGHT]
        if not wrong:
            break
        names.remove(min(wrong, key=lambda k: w[k] * SIGNS[k]))
    z = sorted(sum(w[k] * conf.factors(r["features"])[k] for k in names) for r in rows if r["f1"] < LOW_F1)
    fitted = bias
    if z:
        needed = -z[math.ceil(LOW_CATCH * len(z)) - 1] - 0.03    # (then it rounds to 0.49 or less)
        bias = min(bias, needed)
    return bias, w, fitted


def with_weights(rows: list[dict], bias: float, weights: dict) -> list[dict]:
    out = []
    for r in rows:
        f = conf.factors(r["features"])
        z = bias + sum(w * f[k] for k, w in weights.items())
        out.append({**r, "confidence": round(1 / (1 + math.exp(-z)), 2)})
    return out


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """a x = b by Gaussian elimination with partial pivoting."""
    n = len(b)
    m = [row[:] + [v] for row, v in zip(a, b)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            for k in range(c, n + 1):
                m[r][k] -= f * m[c][k]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][k] * x[k] for k in range(r + 1, n))) / m[r][r]
    return x


def fit(results: dict) -> None:
    """Per format: fit on each corpus and report on the other (the cross-check); then fit on both."""
    for mode, by_corpus in results.items():
        rows_by = {c: [r for r in rows if r["features"]] for c, rows in by_corpus.items()}
        for train, rows in rows_by.items():
            bias, w, fitted = fit_format(rows)
            print(f"{mode}: fitted on {train}: bias {bias:.2f} (fitted {fitted:.2f}) " + " ".join(f"{k} {v:.2f}" for k, v in w.items()))
            for c, rs in rows_by.items():
                s = summary(with_weights(rs, bias, w))
                print(f"    on {c:<14} Spearman {s['spearman']:.3f}  caught {fmt(s['caught'], True)}  "
                      f"flagged {fmt(s['flagged'], True)}{'' if c == train else '   (held out)'}")
        bias, w, fitted = fit_format([r for rs in rows_by.values() for r in rs])
        print(f"{mode}: fitted on all (bias as fitted {fitted:.2f}): BIAS[{fmt_of(mode)!r}] = {bias:.2f}, WEIGHTS[{fmt_of(mode)!r}] = "
              + json.dumps({k: round(v, 2) for k, v in w.items()}))


# ------------------------------------------------------------------ report

def fmt(x: float, pct: bool = False) -> str:
    if x != x:
        return "–"
    return f"{100 * x:.0f} %" if pct else f"{x:.2f}"


def table(results: dict) -> list[str]:
    lines = ["| mode | corpus | source | n | mean F1 | Spearman(conf, F1) | F1 < 0.6: n | … with conf < 0.5 "
             "| all pages with conf < 0.5 |", "|---|---|---|---|---|---|---|---|---|"]
    for mode, by_corpus in results.items():
        every = [r for rows in by_corpus.values() for r in rows]
        groups = [("**all**", "", every)]
        for corpus, rows in by_corpus.items():
            groups.append((corpus, "all", rows))
            for src in sorted({r["source"] for r in rows}):
                groups.append((corpus, src, [r for r in rows if r["source"] == src]))
        for corpus, src, rows in groups:
            s = summary(rows)
            lines.append(f"| {mode} | {corpus} | {src} | {s['n']} | {s['f1']:.3f} | {fmt(s['spearman'])} | "
                         f"{s['low_n']} | {fmt(s['caught'], True)} | {fmt(s['flagged'], True)} |")
    return lines


BANDS = [(0.0, 0.2), (0.2, 0.5), (0.5, 0.8), (0.8, 1.01)]


def bands(results: dict) -> list[str]:
    """What a confidence means: per band, both corpora pooled, how the outputs scored."""
    lines = [f"| mode | confidence | pages | mean confidence | F1 ≥ {conf.TARGET_F1} | mean F1 | F1 < {LOW_F1} |",
             "|---|---|---|---|---|---|---|"]
    for mode, by_corpus in results.items():
        every = [r for rows in by_corpus.values() for r in rows]
        for lo, hi in BANDS:
            rows = [r for r in every if lo <= r["confidence"] < hi]
            n = len(rows) or 1
            lines.append(f"| {mode} | {lo:.1f}–{min(hi, 1.0):.1f} | {len(rows)} ({100 * len(rows) / len(every):.0f} %) | "
                         f"{sum(r['confidence'] for r in rows) / n:.2f} | "
                         f"{100 * sum(r['f1'] >= conf.TARGET_F1 for r in rows) / n:.0f} % | "
                         f"{sum(r['f1'] for r in rows) / n:.3f} | {100 * sum(r['f1'] < LOW_F1 for r in rows) / n:.0f} % |")
    return lines


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", action="append", help="corpus folder (repeatable; default: ../shared/corpus "
                    "and ../corpus-extra or /tmp/corpus-extra)")
    ap.add_argument("--mode", action="append", choices=sorted(MODES), help="default: both")
    ap.add_argument("--cache", default="/tmp/cleaner-confidence", help="per-page rows and the runs' outputs")
    ap.add_argument("--reuse", action="store_true", help="rows from the cache, confidence computed again")
    ap.add_argument("--fit", action="store_true", help="fit the weights; cross-check corpus against corpus")
    ap.add_argument("--out", default=os.path.join(HERE, "confidence.md"))
    args = ap.parse_args(argv)
    corpora = args.corpus or default_corpora()
    modes = args.mode or list(MODES)
    scorer = load_scorer(corpora[0])
    results: dict[str, dict[str, list]] = {}
    for mode in modes:
        results[mode] = {}
        for corpus in corpora:
            name = os.path.basename(os.path.normpath(corpus))
            cache = os.path.join(args.cache, f"rows-{mode}-{name}.json")
            if args.reuse and os.path.isfile(cache):
                with open(cache, encoding="utf-8") as fh:
                    rows = json.load(fh)
                rescore(rows, mode)
            else:
                rows = run_clean(corpus, mode, os.path.join(args.cache, f"run-{mode}-{name}"), scorer)
                os.makedirs(args.cache, exist_ok=True)
                with open(cache, "w", encoding="utf-8") as fh:
                    json.dump(rows, fh, ensure_ascii=False)
            results[mode][name] = rows
    if args.fit:
        fit(results)
    lines = table(results) + [""] + bands(results)
    print("\n".join(lines))
    if args.out:
        commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip()
        head = ["# Confidence against F1", "",
                f"`python benchmarks/confidence.py` ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
                f"commit {commit or '?'}{', from cached rows' if args.reuse else ''}): "
                f"`clean -q -j 1 --format json` in batch mode over each corpus; F1 by the corpus's `score.py` "
                f"(bag of tokens, OpenCC `t2s`). \"caught\": pages with F1 < {LOW_F1} that got confidence < "
                f"{LOW_CONF}. The last column is the share of all pages with confidence < {LOW_CONF}.", ""]
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write("\n".join(head + lines) + "\n")
    return 0



if __name__ == "__main__":
    sys.exit(main())
