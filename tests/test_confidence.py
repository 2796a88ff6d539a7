"""``confidence`` separates an article that was found from a page where it was not, and only reports.

The calibration itself (Spearman with F1, the share of bad pages caught) is measured on the corpora
by ``benchmarks/confidence.py``; these tests hold what the number must do on pages whose answer is
not in doubt.
"""
from __future__ import annotations

import pytest

import cleaner.confidence as conf
from cleaner.pipeline import clean_bytes

PARAS = [
    "The city council voted on Tuesday to expand the bike lane network, a decision that supporters said had "
    "been delayed for years by arguments over parking and the cost of construction. The vote was close, and "
    "several members said they would try again to change the plan next year.",
    "Officials said that the first new lanes would open in the spring and that the rest of the network would be "
    "finished by the end of the following year, if the budget allows it. They also said that the work would be "
    "done at night so that traffic is not blocked during the day.",
    "Shop owners on the main street were divided. Some said that the lanes would bring more customers who arrive "
    "by bike, while others worried that losing parking spaces in front of their shops would drive away older "
    "customers who come by car from the villages around the city.",
    "The mayor, who had promised the network during her campaign, said that the decision showed the council could "
    "still agree on large projects. She thanked the residents who had come to the meetings and said that the city "
    "would publish the plans for each street before any work begins.",
    "Cycling groups welcomed the vote but said that the plan did not go far enough. They pointed out that the "
    "busiest roads into the centre would still have no protected lanes, and that children riding to school would "
    "have to share the road with buses and delivery trucks for years to come.",
]
NAV = ["Home", "News", "Sport", "Business", "Culture", "Weather", "Contact", "About us", "Jobs", "Subscribe"]


def _menu_html() -> str:
    return "<ul>" + "".join(f'<li><a href="/{n.lower()}">{n}</a></li>' for n in NAV) + "</ul>"


def article_html() -> bytes:
    body = "".join(f"<p>{p}</p>" for p in PARAS)
    return (f"<html><head><title>Council expands bike lanes</title></head><body><div class='menu'>{_menu_html()}"
            f"</div><article><h1>Council expands bike lanes</h1>{body}</article>"
            f"<div class='footer'>{_menu_html()}</div></body></html>").encode()


def links_html() -> bytes:
    """A site map: lists of links and nothing else (no article to find: the page is kept whole)."""
    lists = "".join("<ul>" + "".join(f'<li><a href="/{n}/{i}">{n} {i}</a></li>' for n in NAV) + "</ul>"
                    for i in range(8))
    return f"<html><head><title>Site map</title></head><body>{lists}</body></html>".encode()


def two_stories_html(both: bool = True) -> bytes:
    """Two boxes of prose of the same size side by side: either could be the article (the right one wins).
    (Columns with ids of their own: boxes of one kind beside each other would be one article, see
    ``region._with_outer_prose``.)"""
    left = "".join(f"<p>{p}</p>" for p in PARAS[:3]) if both else ""
    right = "".join(f"<p>{p}</p>" for p in PARAS[2:])
    return (f"<html><head><title>Two stories</title></head><body><div id='col1'><div class='left'><h2>One</h2>{left}"
            f"</div></div><div id='col2'><div class='right'><h2>Two</h2>{right}</div></div></body></html>").encode()


def article_txt() -> bytes:
    return ("\n\n".join(["Council expands bike lanes", *NAV, *PARAS, *NAV]) + "\n").encode()


def links_txt() -> bytes:
    return ("\n\n".join(["Site map"] + [f"{n} {i}" for i in range(8) for n in NAV]) + "\n").encode()


def clean(data: bytes, name: str):
    return clean_bytes(data, source=name)[0]


@pytest.mark.parametrize("article, links, name", [(article_html, links_html, "page.html"),
                                                  (article_txt, links_txt, "page.txt")])
def test_an_article_found_is_confident_and_a_page_of_links_is_not(article, links, name):
    found, lost = clean(article(), name), clean(links(), name)
    assert [b.text for b in found.kept if b.kind == "paragraph"] == PARAS     # (the article was found)
    assert found.confidence >= 0.5      # (the line docs/quality.md draws: failed pages fall below it)
    assert lost.confidence < 0.3
    assert 0.0 <= lost.confidence < found.confidence <= 1.0


def test_the_page_kept_whole_says_so_in_its_evidence():
    doc = clean(links_html(), "page.html")
    assert any(n.startswith(conf.FALLBACK_NOTES) for n in doc.notes)
    assert doc.evidence["confidence"]["fallback"] == 1.0


@pytest.mark.parametrize("fmt", ["html", "text"])
def test_a_fallback_alone_brings_a_confident_page_below_one_half(fmt):
    name = "page.html" if fmt == "html" else "page.txt"
    m = dict(clean(article_html() if fmt == "html" else article_txt(), name).evidence["confidence"])
    assert conf.from_measures(m, fmt) >= 0.5
    m["fallback"] = 1.0
    assert conf.from_measures(m, fmt) < 0.5


def test_a_close_runner_up_lowers_the_confidence():
    alone, contested = clean(two_stories_html(both=False), "a.html"), clean(two_stories_html(), "b.html")
    assert [b.text for b in alone.kept] == [b.text for b in contested.kept] == ["Two", *PARAS[2:]]  # same output
    ev = contested.region
    assert ev.runner_up_score > 0.9 * ev.score > 0           # ... chosen over an equal rival
    assert alone.region.runner_up_score == 0
    assert contested.confidence < alone.confidence


@pytest.mark.parametrize("data, name", [(article_html(), "page.html"), (links_html(), "page.html"),
                                        (article_txt(), "page.txt"), (links_txt(), "page.txt")])
def test_confidence_only_reports(monkeypatch, data, name):
    """Whatever the number, the same blocks are kept: low confidence never removes text."""
    outputs = []
    for bias in (-50.0, 50.0):
        monkeypatch.setattr(conf, "BIAS", {"text": bias, "html": bias})
        doc, text = clean_bytes(data, source=name)
        outputs.append(([(b.text, b.keep) for b in doc.blocks], text.split("\n---\n", 1)[1]))
        assert doc.confidence == (0.0 if bias < 0 else 1.0)
    assert outputs[0] == outputs[1]


def test_weights_have_the_documented_signs():
    """More prose, text, margin → more confident; more short lines, cuts, pieces, fallbacks → less."""
    up = {"size", "kept", "prose", "block_size", "anchor", "margin"}
    for weights in conf.WEIGHTS.values():
        for name, w in weights.items():
            assert name in conf.FACTORS
            assert (w > 0) == (name in up), name
