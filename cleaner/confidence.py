"""How sure we are that the kept blocks are the article: ``doc.confidence``, 0..1.

The number only reports: no stage keeps or drops text by it.  It is computed at the end of the
strip stage (:func:`confidence`) from evidence the pipeline already has, and means: the chance
that the output matches a human's extraction of the page's main text almost exactly (bag-of-tokens
F1 ≥ ``TARGET_F1``), as estimated on the evaluation corpora; ``docs/quality.md`` has the figures.

The evidence (:func:`measures`, stored in ``doc.evidence["confidence"]``):

* for every format, from the blocks: how much text is kept and which share of the input that is,
  how much of the kept text is in short lines rather than prose, into how many separate stretches
  the kept blocks fall, how much the lexicon rules and the context pass cut, whether a good
  paragraph anchored the article;
* for HTML pages, the region choice recorded by :mod:`cleaner.html.region` (``doc.region``, set by
  :mod:`cleaner.html.parse`): the margin between the chosen container's score and the runner-up's;
* fallbacks: the page was kept whole because no article was found (the HTML parser's notes, the
  strip stage's "never empty" step).

Each measure is turned into a factor clipped to 0..1 (``FACTORS``) and the factors go into one
logistic function per format (``WEIGHTS``, ``BIAS``), fitted by ``benchmarks/confidence.py --fit``.
"""
from __future__ import annotations

import math

from .context import CONTEXT_REASONS, was_promoted
from .document import Document
from .features import THRESHOLDS, Thresholds

# The HTML parser's notes when it kept the whole page (cleaner.html.parse).
FALLBACK_NOTES = ("html: no clear article container", "html: article finder found nothing")

TARGET_F1 = 0.95        # the confidence estimates P(F1 ≥ this) against the gold main text

# factor: (measure, lo, hi) — the factor is (measure − lo) / (hi − lo), clipped to 0..1.  The bounds
# are where the corpora's mean F1 stops changing with the measure (binned by hand on both corpora),
# so each factor is monotone and saturates where more evidence no longer means a better output.
FACTORS: dict[str, tuple[str, float, float]] = {
    "size": ("log_units", 1.5, 3.0),            # 30 .. 1000 units kept (a CJK character or half a word)
    "kept": ("log_kept_share", -1.3, -0.5),     # 5 % .. 30 % of the input's text kept
    "prose": ("prose_share", 0.4, 0.95),        # share of the kept characters in prose blocks
    "short_text": ("short_share", 0.0, 0.5),    # share of the kept characters in short lines
    "block_size": ("log_block_units", 1.2, 2.0),  # 15 .. 100 units per kept block
    "runs": ("log_runs", 0.3, 1.3),             # 1 .. 20 separate stretches of kept blocks
    "rule_cut": ("rule_cut", 0.0, 0.3),         # share of the blocks' characters the rules dropped
    "context_cut": ("context_cut", 0.5, 1.0),   # ... the context pass dropped (page head and foot)
    "anchor": ("anchor", 0.0, 1.0),             # 1: a good paragraph, 0.5: promoted near-good ones, 0: none
    "margin": ("margin", 0.0, 0.6),             # HTML: Region.margin, 1 − runner-up / chosen region score
    "fallback": ("fallback", 0.0, 1.0),         # 1: no article found, the page was kept whole
}

# Logistic weights per format (``text`` also serves Markdown): confidence = 1 / (1 + e^−z),
# z = BIAS + Σ weight × factor.  Fitted by ``python benchmarks/confidence.py --fit`` (logistic
# regression of [F1 ≥ TARGET_F1] on both corpora, ../shared/corpus and corpus-extra, L2 1.0; then
# BIAS lowered, if needed, until 80 % of the pages with F1 < 0.6 get confidence < 0.5), rounded.
# Factors without a weight carried none once the others were in (|w| < 0.2, or the wrong sign):
# see docs/quality.md.  The fallback weight is set by hand: no article was found, whatever the
# rest says, so it alone keeps the number below 0.5 (the corpora have too few such pages to fit
# it: the fit gives -0.77 for HTML from 6 pages, and strip's "never empty" step never fires on the
# text dumps).
BIAS: dict[str, float] = {"text": -3.12, "html": -2.47}
WEIGHTS: dict[str, dict[str, float]] = {
    "text": {"size": 3.09, "prose": 0.25, "short_text": -1.81, "block_size": 1.0, "runs": -1.5, "context_cut": -0.67,
             "fallback": -4.0},
    "html": {"size": 2.79, "prose": 0.25, "short_text": -0.53, "block_size": 1.01, "runs": -1.28, "rule_cut": -2.59,
             "margin": 0.44, "fallback": -4.0},
}


def measures(doc: Document, stepped_in: bool = False, th: Thresholds = THRESHOLDS) -> dict[str, float]:
    """The evidence as numbers (the measures ``FACTORS`` names).  ``stepped_in``: strip had to undo
    its drops so that the page would not come out empty."""
    blocks = [b for b in doc.blocks if b.text.strip()]
    chars = [len(b.text.strip()) for b in blocks]
    total = sum(chars) or 1
    kept = [(b, c) for b, c in zip(blocks, chars) if b.keep]
    kept_chars = sum(c for _, c in kept) or 1
    kept_units = sum(b.features.units for b, _ in kept)
    good = any(b.final_class == "good" for b, _ in kept)
    prose = sum(c for b, c in kept if b.features.prose and b.features.units >= th.near_good_min_units)
    short = sum(c for b, c in kept if b.final_class in ("short", "bad"))
    runs = sum(1 for before, b in zip([None, *blocks], blocks) if b.keep and (before is None or not before.keep))
    context_cut = sum(c for b, c in zip(blocks, chars) if not b.keep and b.reason in CONTEXT_REASONS)
    rule_cut = sum(c for b, c in zip(blocks, chars) if not b.keep and b.reason not in CONTEXT_REASONS)
    region = doc.region if doc.format == "html" else None
    page = region.page_chars if region is not None else 0     # HTML: the body's characters
    m = {
        "log_units": math.log10(1 + kept_units),
        "log_kept_share": math.log10(max(0.01, min(1.0, sum(c for _, c in kept) / (page or total)))),
        "prose_share": prose / kept_chars,
        "short_share": short / kept_chars,
        "log_block_units": math.log10(1 + kept_units / (len(kept) or 1)),
        "log_runs": math.log10(1 + runs),
        "rule_cut": rule_cut / total,
        "context_cut": context_cut / total,
        "anchor": 0.0 if not good else 0.5 if any(was_promoted(b) for b, _ in kept) else 1.0,
        "margin": region.margin if region is not None else 0.0,
        "fallback": float(stepped_in or any(n.startswith(FALLBACK_NOTES) for n in doc.notes)),
    }
    return {k: round(v, 3) for k, v in m.items()}


def factors(m: dict[str, float]) -> dict[str, float]:
    """Each measure clipped to 0..1 between its bounds (``FACTORS``)."""
    return {name: min(1.0, max(0.0, (m[key] - lo) / (hi - lo))) for name, (key, lo, hi) in FACTORS.items()}


def from_measures(m: dict[str, float], fmt: str) -> float:
    """The logistic function of the factors for format ``fmt`` ("html", else text), two decimals."""
    kind = "html" if fmt == "html" else "text"
    f = factors(m)
    z = BIAS[kind] + sum(w * f[name] for name, w in WEIGHTS[kind].items())
    return round(1 / (1 + math.exp(-z)), 2)


def confidence(doc: Document, stepped_in: bool = False, th: Thresholds = THRESHOLDS) -> float:
    """``doc.confidence``: 0..1, two decimals; the measures go to ``doc.evidence['confidence']``."""
    m = measures(doc, stepped_in, th)
    doc.evidence["confidence"] = m
    return from_measures(m, doc.format)
