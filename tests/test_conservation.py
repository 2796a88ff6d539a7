"""Every visible character of an input is in the output or in exactly one removal record.

On hand-made pages (each kind of cut the HTML analysis makes) and on every page of the corpus
(``/work/shared/corpus`` or ``$CLEANER_CORPUS``; the extra corpus too when ``$CLEANER_CORPUS_EXTRA``
points at it unpacked).  ``benchmarks/conservation.py`` runs both corpora in full.
"""
from __future__ import annotations

import glob
import os

import pytest

from cleaner.document import Document
from cleaner.parse import parse
from cleaner.read import read_bytes, read_path
from cleaner.strip import strip

from conservation import check

CORPUS = os.environ.get("CLEANER_CORPUS", "/work/shared/corpus")
EXTRA = os.environ.get("CLEANER_CORPUS_EXTRA", "")


def _stripped(doc: Document) -> Document:
    return strip(parse(doc))


PAGE = """<html><head><title>T</title><script>var x = 1;</script></head><body>
<nav class="menu"><a href="/">Home</a> <a href="/news">News</a></nav>
<div class="sidebar"><h3>Popular</h3><ul><li><a href="/a">Other story one</a></li><li><a href="/b">Other two</a></li></ul></div>
<article><h1>The river came back</h1>
<p>For years the river was a ditch of grey water, and the people of the town had stopped walking along it.</p>
<div class="share-bar"><a href="#">Tweet</a> <a href="#">Share</a></div>
<p>Then the council dug out the concrete banks and planted willows, and within two summers the herons returned.</p>
<span hidden>secret tracking text</span><button>Subscribe</button>
<table><caption>Water quality by year</caption><tr><th>Year</th><th>Oxygen</th></tr><tr><td>2020</td><td>4.1</td></tr>
<tr><td>2021</td><td>6.3</td></tr></table>
<form action="/s"><p>Get our newsletter every week</p><input name="q"><label>Search this site</label></form>
</article>
<footer>Copyright 2024 The Town Paper</footer>
</body></html>"""


def test_every_cut_of_a_page_is_a_record():
    doc = _stripped(read_bytes(PAGE.encode(), source="p.html"))
    lost, extra = check(doc, doc.text)
    assert not lost and not extra
    reasons = {r.reason for r in doc.removals}
    assert {"html:landmark", "html:hidden", "html:widget", "html:form", "html:related"} <= reasons
    kept = " ".join(b.text for b in doc.kept)
    assert "herons returned" in kept and "Water quality by year" in kept and "Tweet" not in kept


def test_the_check_sees_a_lost_or_doubled_piece():
    doc = _stripped(read_bytes(PAGE.encode(), source="p.html"))
    gone = next(b for b in doc.blocks if "herons" in b.text)
    doc.blocks.remove(gone)
    assert check(doc, doc.text)[0]                  # lost
    doc.blocks.extend([gone, gone])
    assert check(doc, doc.text)[1]                  # counted twice


def test_text_outside_a_tables_cells_is_kept():
    page = ("<html><body><article><p>" + "A sentence of the article that is long enough to count. " * 3 +
            "</p><table><h2>Upcoming events</h2><tr><td>May</td><td>Fair</td></tr>"
            "<tr><td>June</td><td>Race</td></tr></table></article></body></html>")
    doc = _stripped(read_bytes(page.encode(), source="t.html"))
    assert check(doc, doc.text) == ({}, {})
    assert "Upcoming events" in " ".join(b.text for b in doc.kept)


def _cases() -> list[str]:
    paths = []
    for root in (CORPUS, EXTRA):
        if root and os.path.isdir(root):
            paths += sorted(glob.glob(os.path.join(root, "*", "*", "input.html")))
            paths += sorted(glob.glob(os.path.join(root, "*", "*", "input.txt")))
    return paths


@pytest.mark.skipif(not os.path.isdir(CORPUS), reason="corpus not available")
def test_conservation_on_every_corpus_page():
    failures = []
    for path in _cases():
        doc = read_path(path, 10**9)
        text = doc.text
        lost, extra = check(_stripped(doc), text)
        if lost or extra:
            failures.append(f"{path}: lost {''.join(sorted(lost.elements()))[:60]!r} "
                            f"extra {''.join(sorted(extra.elements()))[:60]!r}")
    assert not failures, "\n".join(failures)
