"""Cleaning clean output changes nothing (black's assert_stable), on real pages and generated text."""
import importlib.util
import os
import pathlib

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from cleaner import Settings
from cleaner.pipeline import clean_bytes
from cleaner.document import Span
from cleaner.render import render_spans

CORPUS = pathlib.Path(__file__).resolve().parents[2] / "shared" / "corpus"
if not CORPUS.is_dir():
    CORPUS = pathlib.Path("/work/shared/corpus")


def twice(data: bytes, name: str, settings: Settings = Settings()) -> tuple[str, str]:
    _, first = clean_bytes(data, source=name, settings=settings)
    _, second = clean_bytes(first.encode("utf-8"), source=name.rsplit(".", 1)[0] + ".md", settings=settings)
    return first, second


def corpus_cases(step: int = 7):
    cases = sorted(p for p in CORPUS.glob("*/*") if (p / "input.txt").is_file())
    return cases[::step]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not available")
@pytest.mark.parametrize("case", corpus_cases(), ids=lambda p: f"{p.parent.name}-{p.name}")
@pytest.mark.parametrize("kind", ["input.txt", "input.html"])
def test_corpus_pages_are_stable(case, kind):
    first, second = twice((case / kind).read_bytes(), kind)
    assert second == first


MARKDOWNISH = st.sampled_from(list("#>*_`[]()!|\\-+=.1234 \n") + ["1. ", "- ", "## ", "```", "---", "\n\n",
                                                                    "http://x.org/a_b", "中文", "，", "。", "著",
                                                                    # (entities, tags, long fences, line separators)
                                                                    "<", "&", "&lt;", "&amp;", "&#35;", "<b>", "``",
                                                                    "````", "~~~", "\u2028", "：", "**"])
WORDS = st.sampled_from(["the", "ferry", "河道", "治理", "居民", "Hello", "2.5", "1,000", "(注)", "「引」", "著"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(MARKDOWNISH, WORDS), min_size=1, max_size=60).map("".join))
def test_generated_text_is_stable(text):
    if not text.strip():
        return
    try:
        first, second = twice(text.encode("utf-8"), "x.txt")
    except Exception as exc:  # only InputError is allowed, for inputs with no text
        from cleaner.errors import InputError
        assert isinstance(exc, InputError)
        return
    assert second == first


# ------------------------------------------------------------------ causes found on the extra corpus

PROSE = "".join(f"<p>Paragraph {i} of the article goes on about the visit, the talks and what comes next.</p>"
                for i in range(5))


def page(inner: str) -> bytes:
    return f"<html><head><title>The visit</title></head><body><article><h1>The visit</h1>{PROSE}{inner}{PROSE}" \
           f"</article></body></html>".encode()


def stable(html: bytes, settings: Settings = Settings()) -> str:
    first, second = twice(html, "p.html", settings)
    assert second == first
    return first


def test_spaces_on_both_sides_of_a_span_edge_are_written_once():
    # (a bold run ending in a space, an image not shown, a bold run starting with one: the second
    # pass read the two spaces as one)
    spans = [Span("UNITED NATIONS ", "strong"), Span("UN logo", "image", "https://x.org/un.png"),
             Span(" GENERAL ASSEMBLY", "strong")]
    assert render_spans(spans) == "**UNITED NATIONS** **GENERAL ASSEMBLY**"
    assert render_spans([Span("visitor number "), Span("", "image", "https://x.org/c.gif"), Span(" since 1996")]) \
        == "visitor number since 1996"
    out = stable(page('<p><b>UNITED NATIONS <img src="un.png" alt="UN logo"></b><b> GENERAL ASSEMBLY</b></p>'
                      '<p>Visit us on <a href="https://x.org/yt">YouTube</a> <img src="i.png" alt="icon"> and '
                      '<a href="https://x.org/tw">Twitter</a>.</p>'))
    assert "**UNITED NATIONS** **GENERAL ASSEMBLY**" in out and "(https://x.org/yt) and [Twitter]" in out


def test_italics_opening_with_a_number_read_back_the_same():
    # "*5. Share*" is emphasis in CommonMark and Python-Markdown: no escape inside the markers, and a
    # paragraph in italics (read back as a caption) is written as a caption is
    out = stable(page("<p><em>5. Share and rotate leadership</em></p><figure><img src='a.png'>"
                      "<figcaption>1. The first site of the dig</figcaption></figure>"))
    assert "\n*5. Share and rotate leadership*\n" in out
    assert "\n*1. The first site of the dig*\n" in out


def test_a_line_after_an_image_not_shown_is_judged_as_the_line_start():
    # (the piece after an image not shown starts the line: "# x" would be a heading, "5. x" an item)
    assert render_spans([Span("logo", "image", "https://x.org/a.png"), Span("# not a heading")]) == "\\# not a heading"
    assert render_spans([Span(" ", "link", "https://x.org/"), Span("- not an item")]) == "\\- not an item"
    assert render_spans([Span("logo", "image", "https://x.org/a.png"), Span("# x")], Settings(images=True)) \
        == "![logo](https://x.org/a.png)# x"
    out = stable(page('<p><img src="a.png" alt="logo"># not a heading but a line of the page, long enough.</p>'))
    assert "\n\\# not a heading" in out


@pytest.mark.parametrize("inner,gone,field", [
    ('<p><img src="edit.gif" alt="Edit or Delete Message"> Posted</p>', "Posted", None),
    ('<p>Comments <img src="add.gif" alt="Add Comment"></p>', "Comments", None),
    ('<p><img src="w.png" alt="WhatsApp">photo: WhatsApp</p>', "photo: WhatsApp", ("image_credit", "WhatsApp")),
])
def test_strip_judges_the_words_a_block_shows_not_an_images_alt_text(inner, gone, field):
    # (the first pass judged "Posted Edit or Delete Message" and kept it; the Markdown shows "Posted",
    # which the second pass dropped)
    for settings in (Settings(), Settings(images=True)):
        doc, out = clean_bytes(page(inner), source="p.html", settings=settings)
        assert gone not in out.split("---\n", 2)[2]
        assert any(r.reason for r in doc.removals if gone in r.text)
        if field:
            assert f'{field[0]}: "{field[1]}"' in out
        stable(page(inner), settings)


def test_a_caption_repeating_the_alt_text_of_the_image_before_is_a_repeat():
    cap = "The minister, left, and his guest shake hands in the capital before the talks on Wednesday."
    doc, out = clean_bytes(page(f'<p><img src="m.jpg" alt="{cap}"></p><p>{cap}</p>'), source="p.html")
    assert "shake hands" not in out and any(b.reason == "html:repeat" for b in doc.blocks)


def test_cjk_text_after_a_wrapped_line_keeps_no_line_break_of_its_own():
    # (after a <br> inside a CJK sentence, the next piece's own source line breaks were kept: written
    # into the Markdown, read back joined)
    html = page("<p><strong>東京セミナー10月4日</strong><br><span>日\n本の皆さんも、トレーニングに参加しませんか？今のところ、"
                "十五の国から参加者が集ってきていま\nす。</span></p>")
    out = stable(html)
    assert "**東京セミナー10月4日**日本の皆さんも" in out and "ていま\nす" not in out and "集ってきています。" in out


# ------------------------------------------------------------------ a sample of the extra corpus

_spec = importlib.util.spec_from_file_location(
    "idempotency_bench", pathlib.Path(__file__).resolve().parents[1] / "benchmarks" / "idempotency.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)
# one case in EXTRA_STEP (the sample tests/test_rendered_markdown.py reads); benchmarks/idempotency.py
# checks every case, as a batch
EXTRA_STEP = int(os.environ.get("CLEANER_IDEMPOTENCY_EXTRA_STEP", "25"))


@pytest.mark.skipif(not (bench.defects.EXTRA or bench.defects.EXTRA_TARBALL), reason="extra corpus not available")
@pytest.mark.parametrize("mode", bench.MODES)
def test_extra_corpus_sample_is_stable(mode):
    pages = bench.flat_inputs("extra", mode, EXTRA_STEP)
    assert len(pages) >= 1043 // EXTRA_STEP // 2
    assert bench.check_pages(pages) == {}
