"""cleaner.clean: one call that never raises for bad content; --input-format; HTML sniffing (issue 14)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

import os
import sys

import cleaner
from cleaner import Result, clean
from cleaner.read import format_of

sys.path.insert(0, os.path.dirname(__file__))
from clirun import run  # noqa: E402  (shared CLI test helpers)

PAGE = ("<form action='/s'><input name=q></form><h1>City river cleanup enters its second phase</h1>"
        "<p>The city has cleaned twenty rivers this year, and the water is visibly clearer now.</p>"
        "<p>Residents joined the work on weekends, and the council will publish the results.</p>")
DUMP = ("城市河道治理进入第二阶段\n\n发布时间：2019-09-18 10:21　作者：李明\n\n"
        + "今年全市完成了二十条河道的治理工作，水质明显改善，居民纷纷表示满意。\n\n" * 3)


def test_clean_html_result_fields():
    r = clean(PAGE, url="https://example.com/news/2019/09/18/river.html")
    assert isinstance(r, Result) and r.ok and r.errors == []
    assert "twenty rivers" in r.markdown and "twenty rivers" in r.text
    assert r.metadata["url"] == "https://example.com/news/2019/09/18/river.html"
    assert r.metadata["date"] == "2019-09-18"          # from the URL: the page shows no other
    assert r.metadata["lang"] == "en"
    assert 0 <= r.confidence <= 1
    assert isinstance(r.removed, list)
    assert set(r.to_dict()) == {"markdown", "text", "metadata", "removed", "confidence", "errors"}


def test_clean_text_dump_and_bytes():
    r = clean(DUMP.encode("gb18030"), script="hant")
    assert r.ok
    assert r.metadata["author"] == "李明" and r.metadata["date"] == "2019-09-18T10:21"
    assert "治理" in r.markdown      # hant: 治理 has no other form; the text came through the GB18030 bytes


@pytest.mark.parametrize("bad", ["", "   \n", None, b"", b"\x00\x01\x02\xff" * 50, 42, ["a"]])
def test_bad_content_never_raises(bad):
    r = clean(bad)
    assert r.errors and r.markdown == "" and not r.ok


def test_bad_options_raise():
    with pytest.raises(TypeError, match="scirpt"):
        clean("text", scirpt="hans")
    with pytest.raises(ValueError, match="input_format"):
        clean("text", input_format="pdf")


def test_input_format_forces_the_reading():
    html_as_text = clean("<p>Hello <b>world</b>, this is a page about rivers.</p>", input_format="text")
    assert "<b>" in html_as_text.markdown or "\\<b\\>" in html_as_text.markdown or "<b" in html_as_text.text
    as_html = clean("<p>Hello <b>world</b>, this is a page about rivers.</p>", input_format="html")
    assert "<b>" not in as_html.text and "world" in as_html.text
    md = clean("# Title\n\nSome *text* here that is long enough to keep.\n", input_format="markdown")
    assert md.metadata.get("title") == "Title"


@pytest.mark.parametrize("head", [b"<form action='x'><input></form>", b"<table><tr><td>x</td></tr></table>",
                                  b"<!-- saved --><section><p>x</p></section>", b"<center>x</center>"])
def test_page_beginning_with_any_tag_is_html(head):
    assert format_of("-", head + b"<p>text</p>") == "html"
    assert format_of("page.txt", head + b"<p>text</p>") == "html"
    assert format_of("page.md", head + b"<p>text</p>") == "markdown"     # an HTML block in Markdown


@pytest.mark.parametrize("text", [b"<3 my city", b"<\xe5\x90\x8d\xe5\xad\x97> is a book title", b"a < b and c > d",
                                  b"<br> alone, no closing tag anywhere"])
def test_text_with_angle_brackets_stays_text(text):
    assert format_of("-", text) == "text"


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300)))
def test_clean_never_raises_on_anything(data):
    r = clean(data)
    assert isinstance(r, Result)
    assert isinstance(r.errors, list)


def test_exports():
    assert cleaner.clean is clean
    assert issubclass(cleaner.InputError, Exception)
    with pytest.raises(cleaner.InputError):
        cleaner.clean_text("")
    assert "Title" in cleaner.clean_text(b"# Title\n\nbody text here\n")


def test_cli_input_format(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("<p>Hello <b>world</b>, this is a page about rivers and lakes.</p>\n", encoding="utf-8")
    as_html = run([page, "-o", "-", "--format", "txt", "--input-format", "html"])
    assert as_html.exit_code == 0 and "<b>" not in as_html.stdout and "world" in as_html.stdout
    auto = run([page, "-o", "-", "--format", "txt"])
    assert "<b>" not in auto.stdout                     # sniffed as HTML anyway
    as_text = run([page, "-o", "-", "--format", "txt", "--input-format", "text"])
    assert as_text.exit_code == 0 and "<b>" in as_text.stdout
    bad = run([page, "--input-format", "pdf"])
    assert bad.exit_code == 2
