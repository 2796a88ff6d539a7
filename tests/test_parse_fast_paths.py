"""The speed-ups of the HTML parse stage give exactly what the general forms give."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lxml import etree

from cleaner.document import Span
from cleaner.html.blocks import counted_link_density, link_density
from cleaner.html.region import _shape, dated_posts
from cleaner.html.dom import _fold, body_of, measure, parse_tree
from examples import examples  # noqa: E402  (the fast-path tests' example counts)

_STYLES = st.sampled_from(["", "link", "image", "strong", "em", "code"])
_SPANS = st.lists(st.builds(Span, st.text(alphabet="ab 1.,文字²\n", max_size=12), _STYLES,
                            st.none() | st.just("https://x.test/")), max_size=6)


@settings(max_examples=examples(500), deadline=None)
@given(_SPANS)
def test_link_density_without_counting_is_the_counted_one(spans):
    assert link_density(spans) == counted_link_density(spans)
    assert type(link_density(spans)) is float


@settings(max_examples=examples(500), deadline=None)
@given(st.text(alphabet=" \n\t\x0c\r\x0b\u00a0\u3000a文", max_size=8), st.booleans())
def test_fold_tests_for_a_non_space_as_deleting_the_spaces_did(s, pre):
    kept = pre or s.translate(str.maketrans("", "", " \n\t\x0c\r"))
    assert _fold(s, pre) == (s if kept else "\n" if "\n" in s else " ")


def _dated_posts_per_box(container, stats, shape=None):
    """dated_posts as first written: the date test for every box, before grouping."""
    from cleaner.html.region import LISTING_POST_CHARS, _leading_text, _has_date, _shape, LISTING_DATE_WINDOW
    from cleaner.html.dom import PARAGRAPH_TAGS, has_descendant
    groups = {}
    for sib in container.iterchildren(etree.Element):
        if shape is not None and _shape(sib) != shape:
            continue
        st = stats.get(sib)
        if st and st.good >= LISTING_POST_CHARS and sib.tag not in PARAGRAPH_TAGS and st.owned < 0.5 * st.chars:
            if _has_date(_leading_text(sib, LISTING_DATE_WINDOW)) and not has_descendant(sib, "pre"):
                groups.setdefault(_shape(sib), []).append(sib)
    best = max(groups.values(), key=len, default=[])
    return best if len(best) >= 2 else []


_PROSE = "This is a sentence of running text, long enough to count as a paragraph of the post. " * 3
# boxes of a few shapes, mostly long enough to be posts, mostly dated: listings and near-listings
_BOXES = st.lists(st.tuples(st.sampled_from(["div", "div", "section", "p"]),
                            st.sampled_from(["", "post", "post", "card"]),
                            st.sampled_from(["", "2021-03-04 ", "2021-03-04 ", "Mar 4, 2021 "]),
                            st.sampled_from([0, 1, 1, 2]), st.sampled_from([False, False, False, True])),
                  max_size=8)


@settings(max_examples=examples(300), deadline=None)
@given(_BOXES, st.integers(-1, 7))
def test_dated_posts_skipping_lone_shapes_is_the_per_box_test(boxes, shape_of):
    parts = []
    for tag, cls, date, paragraphs, code in boxes:
        inner = f"<h2>{date}Title</h2>" + f"<p>{_PROSE}</p>" * paragraphs + ("<pre>x</pre>" if code else "")
        parts.append(f'<{tag} class="{cls}">{inner}</{tag}>' if cls else f"<{tag}>{inner}</{tag}>")
    body = body_of(parse_tree("<html><body><div id=c>" + "".join(parts) + "</div></body></html>"))
    container = body[0]
    stats = measure(body)
    children = list(container.iterchildren(etree.Element))
    shape = _shape(children[shape_of]) if 0 <= shape_of < len(children) else None
    expected = _dated_posts_per_box(container, stats, shape)
    assert dated_posts(container, measure(body), shape) == expected


def _hint_words() -> list[str]:
    import tomllib
    from importlib import resources
    with resources.files("cleaner.rules").joinpath("html.toml").open("rb") as fh:
        r = tomllib.load(fh)["html"]
    return sorted({w.lower() for k in ("positive", "negative", "unlikely", "maybe", "remove_always") for w in r[k]})


_PIECES = _hint_words() + [w[:3] for w in _hint_words()] + [w[1:] for w in _hint_words()] + list("-_ 2xé")


@settings(max_examples=examples(1000), deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=6).map("".join))
def test_trie_of_hint_words_finds_what_the_flat_alternation_finds(s):
    from cleaner.html.dom import hints
    h = hints()
    for m in (h.positive, h.negative, h.unlikely, h.maybe, h.remove_always):
        assert m.search(s) == bool(m.regex.search(s))


_SPACY = st.text(alphabet=" \t\n\r\x0c\x0b\u00a0\u200b\u3000a文.", max_size=12)


@settings(max_examples=examples(1000), deadline=None)
@given(_SPACY)
def test_collapse_spaces_is_the_substitution(text):
    from cleaner.html.blocks import _SPACES, collapse_spaces
    assert collapse_spaces(text) == _SPACES.sub(" ", text)


@settings(max_examples=examples(500), deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=12))
def test_no_cjk_line_break_to_join_in_ascii_text(text):
    from cleaner.html.blocks import _CJK_BREAK
    assert _CJK_BREAK.sub("", text) == text


_URL_PARTS = st.sampled_from(["http://", "https://", "HTTP://", "ftp://", "//", "/", "a.test", "x", "[::1]", ":80",
                              "?", "#", ";", "=", "&", "%20", " ", "\t", "\x01", "é", ".", "..", "/../", "@"])
# mostly shaped like links (scheme, host, rest) so that many take the fast path, some not
_URLS = st.tuples(st.sampled_from(["http://", "https://", "HTTP://", "//", "/", ""]),
                  st.sampled_from(["a.test", "b.test:8080", "[::1]", "", "é.test", "u@a.test"]),
                  st.lists(_URL_PARTS, max_size=6).map("".join)).map("".join) \
    | st.lists(_URL_PARTS, max_size=7).map("".join)
_BASES = st.sampled_from(["", "http://a.test/b/c", "https://a.test/", "http://[::1", "https://a.test/x;p?q#f",
                          "ftp://a.test/", "/rel/only"]) | _URLS


@settings(max_examples=examples(2000), deadline=None)
@given(_BASES | st.sampled_from(["http://a.test/b/c", "https://a.test/"]), _URLS)
def test_join_url_is_urljoin(base, value):
    from urllib.parse import urljoin
    from cleaner.html.blocks import join_url
    try:
        expected = urljoin(base, value)
    except ValueError:
        expected = ValueError
    try:
        got = join_url(base, value)
    except ValueError:
        got = ValueError
    assert got == expected


_LINKS = st.tuples(st.sampled_from(["http://", "https://"]), st.sampled_from(["a.test", "b.test:8080", "u@a.test"]),
                   st.lists(st.sampled_from(["/", "x", "?", "#", "=", "&", "%20", ".", "..", "/../", "@", "(", ";"]),
                            max_size=6).map("".join)).map("".join)


@settings(max_examples=examples(1000), deadline=None)
@given(st.sampled_from(["http://a.test/b/c", "https://a.test/", "http://[::1", "http://a.test/?"]), _LINKS)
def test_join_url_is_urljoin_for_links(base, value):
    test_join_url_is_urljoin.hypothesis.inner_test(base, value)


@settings(max_examples=examples(1000), deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=30) | st.text(max_size=12))
def test_word_key_of_ascii_text_is_the_regex_one(text):
    import re
    from cleaner.document import word_key
    assert word_key(text) == re.sub(r"\W+", "", text).lower()


def test_word_key_of_each_ascii_character_is_the_regex_one():
    import re
    from cleaner.document import word_key
    for c in map(chr, range(128)):
        assert word_key(c + "A" + c) == re.sub(r"\W+", "", c + "A" + c).lower()


@settings(max_examples=examples(1000), deadline=None)
@given(st.text(alphabet="abc é’—…\u3040\u30ff\u3041\u3400\u9fff\u4e2d\uac00\ud7af\u303f\u3100\ua000", max_size=12))
def test_language_guess_skipping_text_without_cjk_script_is_the_counted_one(text):
    import re
    from cleaner import language
    kana, hangul, han = (len(re.sub(r, "", text)) for r in (language._NOT_KANA, language._NOT_HANGUL, language._NOT_HAN))
    letters = len(re.sub(language._NOT_LETTER, "", text)) or 1
    expected = ("ko" if hangul > 0.3 * letters else "ja" if kana > 0.1 * letters and kana + han > 0.3 * letters
                else "zh" if han > 0.3 * letters else "")
    assert language.guess_cjk_language(text) == expected


# Pages of nested boxes with class/id hints (unlikely, "maybe", none), hidden ones and landmarks.
_BOX_TAGS = st.sampled_from(["div", "div", "section", "nav", "aside", "table", "pre", "a", "p", "span", "article",
                             "form", "td"])
_BOX_ATTRS = st.sampled_from(["", ' class="sidebar"', ' class="comment main"', ' id="footer"', ' class="x y"',
                              ' id="header-a-b-c"', ' style="display:none"', ' role="navigation"', " hidden",
                              ' class=""', ' id="menu" class="content"'])


@st.composite
def _boxes(draw, depth=0):
    n = draw(st.integers(0, 3 if depth < 3 else 0))
    out = []
    for _ in range(n):
        tag, attrs = draw(_BOX_TAGS), draw(_BOX_ATTRS)
        out.append(f"<{tag}{attrs}>text {depth}{draw(_boxes(depth + 1))}</{tag}> tail")
    return "".join(out)


@settings(max_examples=examples(500), deadline=None)
@given(_boxes(), st.booleans())
def test_unlikely_nodes_from_clean_doms_walk_are_the_walked_ones(html, wrap_body):
    from cleaner.html.dom import PageCache, clean_dom, unlikely_among, unlikely_nodes
    page = f"<html><body>{html}</body></html>" if wrap_body else html
    walked, met = parse_tree(page), parse_tree(page)
    clean_dom(walked)
    cache = PageCache()
    clean_dom(met, cache)
    assert etree.tostring(walked) == etree.tostring(met)
    paths = lambda root, els: sorted(root.getroottree().getpath(e) for e in els)
    expected = paths(walked, unlikely_nodes(body_of(walked)))
    assert paths(met, unlikely_among(cache.classed, body_of(met))) == expected


_HOLDER_TAGS = st.sampled_from(["div", "p", "article", "main", "section", "span"])
_HOLDER_ATTRS = st.sampled_from(["", ' itemprop="articleBody"', ' itemprop="articlebody"', ' itemprop="author"',
                                 ' class="main"'])


def _nested(tags, attrs, label):
    """Pages' nested elements (3 levels of up to 3) named from ``tags``, with ``attrs``, each with
    the text ``label(tag, depth)`` and a comment."""
    @st.composite
    def boxes(draw, depth=0):
        n = draw(st.integers(0, 3 if depth < 3 else 0))
        return "".join(f"<{t}{a}>{label(t, depth)}<!-- c -->{draw(boxes(depth + 1))}</{t}>"
                       for t, a in ((draw(tags), draw(attrs)) for _ in range(n)))
    return boxes()


def _holders():
    return _nested(_HOLDER_TAGS, _HOLDER_ATTRS, lambda tag, depth: "x")


@settings(max_examples=examples(500), deadline=None)
@given(_holders(), _HOLDER_ATTRS)
def test_holds_article_is_the_xpath(inner, attrs):
    from cleaner.html.dom import _holds_article
    nav = parse_tree(f"<html><body><nav{attrs}>{inner}</nav></body></html>").find(".//nav")
    assert _holds_article(nav) == nav.xpath("boolean(.//article|.//main|.//*[@itemprop='articleBody'])")


def _rel_author_walked(soup):
    """meta._rel_author as first written: a Python test of every <a>/<span>, then every element."""
    from cleaner.html.dom import doc_iter
    from cleaner.html.meta import _text
    a = next((t for t in doc_iter(soup, "a", "span")
              if t.get("rel") == "author" or (t.tag == "a" and "author" in (t.get("rel") or "").split())), None)
    if a is None:
        a = next((t for t in doc_iter(soup) if t.get("itemprop") == "author"), None)
    return _text(a)[:100] if a is not None else ""


def _time_tag_walked(soup):
    """meta._time_tag by a Python test of every element: itemprop=datePublished, then a class that says
    published, then <time datetime>; the first value of them that holds a date."""
    import itertools

    from cleaner.byline import parse_date
    from cleaner.html.dom import doc_iter
    from cleaner.html.meta import _PUBLISHED_CLASS, _text
    candidates = itertools.chain(
        (t for t in doc_iter(soup) if t.get("itemprop") == "datePublished"),
        (t for t in doc_iter(soup) if _PUBLISHED_CLASS.search(t.get("class") or "")),
        (t for t in doc_iter(soup, "time") if t.get("datetime") is not None))
    for t in itertools.islice(candidates, 20):
        for value in (t.get("datetime"), t.get("content"), t.get("title"), _text(t)[:100]):
            if value and parse_date(value):
                return str(value)
    return ""


_META_TAGS = st.sampled_from(["a", "span", "div", "time", "p", "meta"])
_META_ATTRS = st.sampled_from(["", ' rel="author"', ' rel="nofollow author"', ' rel="Author"', " rel",
                               ' rel="author\u00a0x"', ' itemprop="author"', ' itemprop="datePublished"',
                               ' itemprop="name"', ' datetime="2021-03-04"', ' content="2020-01-02"',
                               ' class="published"', ' class="entry-date x"', ' class="unpublished"',
                               ' title="2019-05-06"', ' datetime="soon"'])


def _meta_boxes():
    return _nested(_META_TAGS, _META_ATTRS, lambda tag, depth: f"{tag}{depth}")


@settings(max_examples=examples(500), deadline=None)
@given(_meta_boxes(), _meta_boxes())
def test_author_and_date_from_picked_elements_are_the_walked_ones(head, after):
    from cleaner.html.meta import _rel_author, _time_tag
    root = parse_tree(f"<html><head><title>t</title></head><body>{head}</body></html><html>{after}</html>")
    assert _rel_author(root) == _rel_author_walked(root)
    assert _time_tag(root) == _time_tag_walked(root)


def test_only_dotted_capital_i_lengthens_when_lower_cased():
    # strip_html.drop_repeats skips a text shorter than its key may be on this
    assert [c for c in map(chr, range(0x110000)) if len(c.lower()) > 1] == ["\u0130"]


_PIECES = ["İ", "i", "a b ", "文字", "By Jane Doe ", "2021-03-04 ", "... more", "…", "。", ". ", "x" * 19,
           "Title of it", "The same long sentence of the article, said twice over. "]


@settings(max_examples=examples(600), deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_a_key_is_never_longer_than_its_text_without_dotted_capital_i(pieces):
    # what lets strip_html.drop_repeats skip a short text without its key, and drop_header_meta a long
    # block without its weight (the weight is the length plus the CJK characters: never less)
    from cleaner.document import word_key
    text = "".join(pieces)
    assert "\u0130" in text or len(word_key(text)) <= len(text)


@settings(max_examples=examples(300))
@given(st.text(alphabet=list("ab ,.，。“”あア漢字中文\u3000\n") + ["\u4dbf", "\u3400", "\u30ff", "\ua000"], max_size=80)
       | st.text(max_size=40))
def test_cjk_characters_counted_by_runs_are_the_characters(text):
    # dom._count sums the lengths of the runs its findall gives: the count of the class's characters
    from cleaner.html.dom import _CJK_CHAR, _count
    if not text.isspace():
        assert _count(text)[1] == len(_CJK_CHAR.findall(text))
