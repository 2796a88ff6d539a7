"""Fuzzing the pipeline and the CLI: never a traceback, always valid UTF-8 Markdown out.

Arbitrary bytes, arbitrary text and random HTML fragments.  Example counts stay
modest so the suite is quick on CI; ``FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py``
searches longer.  (Settings are per test, not a global profile, so other test files keep theirs.)
"""
from __future__ import annotations

import contextlib
import os
import tempfile

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from cleaner.cli import main
from cleaner.errors import InputError
from cleaner.pipeline import clean_bytes, clean_text
from cleaner.settings import Settings

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
fuzz = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that can come out of decoding bytes: no lone surrogates.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)
# Text with the characters that matter here weighted up: CJK, full-width punctuation, Markdown syntax, newlines.
ARTICLE_CHARS = st.sampled_from(list("春天的故事版权所有关于我们，。！？「」：；、（）#*_`[]()<>|-+=!~ \n\n\t") +
                                ["\u3000", "\u200b", "\ufeff", "\x00", "\x1b", "\u00ad", "Ａ", "１", "© 2024"])
ARTICLE_TEXT = st.lists(st.one_of(ARTICLE_CHARS, TEXT.map(lambda t: t[:20])), max_size=120).map("".join)

TAGS = ["p", "div", "span", "a", "h1", "h2", "ul", "ol", "li", "table", "tr", "td", "th", "pre", "code",
        "blockquote", "em", "strong", "br", "img", "script", "style", "nav", "footer", "article", "figure",
        "figcaption", "header", "aside", "section", "title", "meta", "iframe", "svg", "b", "i", "dl", "dt", "dd"]
ATTRS = st.dictionaries(st.sampled_from(["class", "id", "href", "src", "alt", "role", "charset", "content", "style"]),
                        st.text(st.characters(blacklist_categories=("Cs",)), max_size=15), max_size=3)


@st.composite
def html_fragment(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4 if depth < 3 else 1))):
        kind = draw(st.sampled_from(["text", "element", "element", "garbage"] if depth < 3 else ["text"]))
        if kind == "text":
            parts.append(draw(ARTICLE_TEXT))
        elif kind == "garbage":
            parts.append(draw(st.sampled_from(["<", ">", "</", "<!--", "-->", "<![CDATA[", "&amp;", "&#0;",
                                               "&#x110000;", "&nbsp;", "<p", "</div>", "<!DOCTYPE html>"])))
        else:
            tag = draw(st.sampled_from(TAGS))
            attrs = "".join(f' {k}="{v}"' for k, v in draw(ATTRS).items())
            inner = draw(html_fragment(depth + 1))
            close = draw(st.booleans())
            parts.append(f"<{tag}{attrs}>{inner}" + (f"</{tag}>" if close else ""))
    return "".join(parts)


HTML_PAGE = st.builds(lambda head, body: f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>",
                      html_fragment(), html_fragment())
FORMATS = st.sampled_from(["md", "txt", "json", "jsonl"])
SCRIPTS = st.sampled_from(["hans", "hant", "tw", "hk", "keep"])


def assert_valid_markdown(out: str) -> None:
    assert isinstance(out, str)
    out.encode("utf-8")                       # no lone surrogates: valid UTF-8
    assert "\x00" not in out
    assert out == "" or out.endswith("\n")


def clean_or_reject(data: bytes, source: str, s: Settings) -> str | None:
    """The pipeline's two allowed answers: an output, or an InputError (one line for the user)."""
    try:
        _doc, out = clean_bytes(data, source=source, settings=s)
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)
        return None
    assert_valid_markdown(out)
    return out


@fuzz
@given(st.binary(max_size=2000), st.sampled_from(["-", "x.txt", "x.md", "x.html"]))
def test_arbitrary_bytes(data, source):
    out = clean_or_reject(data, source, Settings())
    if out is not None:
        assert out.startswith("---\n")        # Markdown with front matter


@fuzz
@given(TEXT, SCRIPTS)
def test_arbitrary_text(text, script):
    out = clean_or_reject(text.encode("utf-8"), "-", Settings(script=script))
    if out is not None:
        assert out.startswith("---\n")


@fuzz
@given(ARTICLE_TEXT, FORMATS)
def test_article_like_text_in_every_format(text, fmt):
    clean_or_reject(text.encode("utf-8"), "a.txt", Settings(format=fmt))


@fuzz
@given(html_fragment())
def test_random_html_fragments(fragment):
    clean_or_reject(fragment.encode("utf-8"), "page.html", Settings())


@fuzz
@given(HTML_PAGE, st.booleans())
def test_random_html_pages(page, front_matter):
    out = clean_or_reject(page.encode("utf-8"), "page.html", Settings(front_matter=front_matter))
    if out is not None and front_matter:
        assert out.startswith("---\n")


@fuzz
@given(ARTICLE_TEXT)
def test_cleaned_output_can_be_cleaned_again(text):
    try:
        once = clean_text(text)
    except InputError:
        return
    try:
        twice = clean_text(once)
    except InputError:
        return
    assert_valid_markdown(twice)


@settings(max_examples=max(10, EXAMPLES // 3), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600) | ARTICLE_TEXT.map(str.encode) | html_fragment().map(str.encode))
def test_cli_on_arbitrary_stdin(data):
    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:
        runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):   # no config file of the repo leaks in
        r = runner.invoke(main, ["-", "-q"], input=data)
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert r.exit_code in (0, 1)
    assert "Traceback" not in r.output and "internal error" not in r.stderr
    r.stdout_bytes.decode("utf-8")
    if r.exit_code == 1:
        assert r.stdout == "" and r.stderr.startswith("<stdin>: ") and r.stderr.count("\n") == 1
