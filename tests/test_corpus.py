"""Regression guard: a fixed subset of the quality corpus, text dumps and HTML pages (t2s folding).

The corpus lives outside the repository (``/work/shared/corpus`` or
``$CLEANER_CORPUS``); without it the test is skipped.  Every fifth case is
cleaned in-process and scored with the corpus's own ``score.py`` (token F1,
CJK characters one token each).  The floors sit a little under the figures
measured when they were set (see docs/quality.md); a change that loses
article text or lets boilerplate back in falls below them.
"""
from __future__ import annotations

import glob
import importlib.util
import json
import os
import statistics

import pytest

from cleaner.pipeline import clean_document
from cleaner.read import read_path
from cleaner.render import render
from cleaner.settings import Settings

CORPUS = os.environ.get("CLEANER_CORPUS", "/work/shared/corpus")
EVERY = 5
# input file -> lang -> (mean F1 floor, mean recall floor) on the subset
FLOORS = {
    "input.txt": {"zh": (0.93, 0.92), "other": (0.88, 0.92)},
    "input.html": {"zh": (0.94, 0.97), "other": (0.94, 0.95)},
}


def load_scorer():
    spec = importlib.util.spec_from_file_location("corpus_score", os.path.join(CORPUS, "score.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    import opencc
    mod._converter = opencc.OpenCC("t2s")
    return mod


@pytest.mark.skipif(not os.path.isfile(os.path.join(CORPUS, "score.py")), reason="quality corpus not available")
@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_corpus_subset_scores_stay_above_the_floor(kind):
    score = load_scorer()
    cases = sorted(glob.glob(os.path.join(CORPUS, "*", "*", kind)))[::EVERY]
    assert len(cases) >= 30
    rows: dict[str, list[tuple[float, float, float]]] = {"zh": [], "other": []}
    settings = Settings()
    for path in cases:
        folder = os.path.dirname(path)
        with open(os.path.join(folder, "meta.json"), encoding="utf-8") as fh:
            lang = json.load(fh)["lang"]
        with open(os.path.join(folder, "gold.txt"), encoding="utf-8") as fh:
            gold = score.tokens(fh.read())
        doc = clean_document(read_path(path), settings)
        rows[lang].append(score.prf(score.tokens(render(doc, settings)), gold))
    for lang, (f1_floor, recall_floor) in FLOORS[kind].items():
        f1 = statistics.mean(r[2] for r in rows[lang])
        recall = statistics.mean(r[1] for r in rows[lang])
        print(f"{kind} {lang}: F1 {f1:.3f}, recall {recall:.3f} (n={len(rows[lang])})")
        assert f1 >= f1_floor and recall >= recall_floor, f"{kind} {lang}: F1 {f1:.3f}, recall {recall:.3f}"
