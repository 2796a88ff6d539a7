"""HTML: the article is found, rendered as structured Markdown, and reads back unchanged."""
import os

import pytest
from click.testing import CliRunner

from cleaner.cli import main
from cleaner.document import Block, Span
from cleaner.strip_html import drop_link_block
from cleaner.html.blocks import BlockBuilder, data_table_rows
from cleaner.html.dom import parse_tree
from cleaner.html.meta import extract_meta, normalize_date, strip_site_suffix
from cleaner.parse import parse_markdown
from cleaner.pipeline import clean_bytes, clean_text
from cleaner.render import render_body
from cleaner.settings import Settings
from cleaner.document import Document

GOLDEN = os.path.join(os.path.dirname(__file__), "golden", "html")
NO_FM = Settings(front_matter=False)


def golden(name: str) -> tuple[bytes, str]:
    with open(os.path.join(GOLDEN, name + ".html"), "rb") as fh:
        html = fh.read()
    with open(os.path.join(GOLDEN, name + ".md"), encoding="utf-8") as fh:
        return html, fh.read()


def test_structure_page_matches_golden_markdown():
    html, expected = golden("structure")
    _, out = clean_bytes(html, source="structure.html", settings=NO_FM)
    assert out == expected


def test_golden_markdown_has_the_structure_a_person_would_write():
    _, expected = golden("structure")
    assert "# Parsing logs with awk\n" in expected
    assert "[awk](https://blog.example.org/tools/awk.html)" in expected     # resolved against <base>
    assert "- One of these programs:\n    - GNU awk\n" in expected            # nested list (4: Python-Markdown)
    assert "| Status | Requests |\n|---|---|\n| 200 | 9120 |" in expected    # GFM table
    assert "```bash\nawk '{ n[$9]++ }" in expected                           # fenced code, verbatim
    assert "*without*" in expected and "**seconds**" in expected and "`$9`" in expected
    for junk in ("Home", "Popular posts", "Tweet", "Copyright"):
        assert junk not in expected


def test_structure_page_metadata():
    html, _ = golden("structure")
    doc, out = clean_bytes(html, source="structure.html")
    assert doc.meta["title"] == "Parsing logs with awk"
    assert doc.meta["author"] == "Jane Doe"
    assert doc.meta["date"].startswith("2024-03-05")
    assert doc.meta["canonical_url"] == "https://blog.example.org/posts/awk-logs"
    assert doc.meta["sitename"] == "Example Dev Blog"
    assert doc.meta["lang"] == "en"        # survives the <script> before <!DOCTYPE>
    assert out.startswith("---\ntitle: \"Parsing logs with awk\"\n")


def test_golden_markdown_reads_back_to_itself():
    _, expected = golden("structure")
    doc = Document(source="x.md", format="markdown", blocks=parse_markdown(expected))
    assert render_body(doc, NO_FM) == expected
    assert clean_text(expected, NO_FM, fmt="markdown") == expected


def test_cleaning_clean_output_changes_nothing():
    html, _ = golden("structure")
    _, once = clean_bytes(html, source="structure.html")
    _, twice = clean_bytes(once.encode(), source="structure.md")
    assert twice.split("---\n", 2)[2] == once.split("---\n", 2)[2]


def test_images_only_when_asked():
    html = (b"<html><body><article><p>Before the picture there is a long enough sentence to keep, "
            b"really.</p><p><img src='/img/a.png' alt='A chart'></p><p>After the picture comes another "
            b"sentence of the article text.</p></article></body></html>")
    settings = Settings(front_matter=False, base_url="https://ex.org/post/1")
    _, plain = clean_bytes(html, source="p.html", settings=settings)
    _, with_images = clean_bytes(html, source="p.html", settings=settings.with_(images=True))
    assert "![" not in plain
    assert "![A chart](https://ex.org/img/a.png)" in with_images


CHINESE_PORTAL = """<html><head><meta charset="gbk"><title>市政府召开常务会议_新闻中心_某某网</title></head>
<body><div id="top"><a href="/">首页</a> | <a href="/news">新闻</a> | <a href="/sports">体育</a></div>
<div class="nav"><ul><li><a href="/a">国内</a></li><li><a href="/b">国际</a></li><li><a href="/c">财经</a></li></ul></div>
<table width="960"><tr><td class="left">
<div class="zw">
<h1>市政府召开常务会议</h1>
<div class="info">2023-05-06 10:20 来源：本网</div>
<p>5月6日，市政府召开常务会议，研究部署近期重点工作。会议指出，要坚持稳中求进工作总基调，全力以赴抓项目、促投资、稳增长。</p>
<p>会议强调，各地各部门要压紧压实责任，细化工作举措，确保各项任务落地见效。要加强统筹调度，及时协调解决项目建设中的困难和问题。</p>
<p>会议还研究了其他事项。</p>
</div></td><td class="right"><div class="hot"><h3>热点新闻</h3><ul>
<li><a href="/1">某地举行招商推介会</a></li><li><a href="/2">全市经济运行情况发布</a></li><li><a href="/3">春季植树活动启动</a></li>
</ul></div></td></tr></table>
<div class="footer">版权所有 某某网 京ICP备12345678号</div></body></html>"""


def test_chinese_portal_layout_table_finds_the_article():
    doc, out = clean_bytes(CHINESE_PORTAL.encode("gbk"), source="zh.html", settings=NO_FM)
    assert "研究部署近期重点工作" in out and "确保各项任务落地见效" in out and "会议还研究了其他事项" in out
    for junk in ("首页", "国内", "热点新闻", "招商推介会", "版权所有"):
        assert junk not in out
    assert doc.meta["title"] == "市政府召开常务会议"


def test_hidden_and_never_content_nodes_are_dropped():
    html = b"""<html><body><article>
    <p>The visible paragraph of the article has enough words to be the article text.</p>
    <p style="display: none">Hidden by style.</p><p hidden>Hidden by attribute.</p>
    <div aria-hidden="true">Hidden from readers.</div><noscript>Enable JavaScript.</noscript>
    <form><input name=q><button>Search</button></form>
    <p>A second visible paragraph carries on with the same article text, to the end.</p>
    </article></body></html>"""
    _, out = clean_bytes(html, source="h.html", settings=NO_FM)
    assert "visible paragraph" in out and "second visible" in out
    assert "Hidden" not in out and "JavaScript" not in out and "Search" not in out


def test_page_without_article_container_is_never_empty():
    html = b"<html><body>Just one line of text on a bare page.</body></html>"
    _, out = clean_bytes(html, source="bare.html", settings=NO_FM)
    assert "Just one line of text" in out


def test_page_wrapped_in_a_form_keeps_its_article():
    body = "<p>" + "This post is a long paragraph of a blog hosted on an old platform. " * 8 + "</p>"
    html = f"<html><body><form action='x.aspx'><input type=hidden name=v>{body}</form></body></html>".encode()
    _, out = clean_bytes(html, source="f.html", settings=NO_FM)
    assert "old platform" in out


@pytest.mark.parametrize("html,rows", [
    ("<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>", [["a", "b"], ["1", "2"]]),
    ("<table><tr><td>only one column</td></tr><tr><td>second</td></tr></table>", None),
    ("<table role='presentation'><tr><td>x</td><td>y</td></tr><tr><td>1</td><td>2</td></tr></table>", None),
    ("<table><tr><td><table><tr><td>n</td></tr></table></td><td>b</td></tr></table>", None),
])
def test_data_tables_versus_layout_tables(html, rows):
    table = parse_tree(html).find(".//table")
    assert data_table_rows(table) == rows


def test_inline_spans_and_link_resolution():
    root = parse_tree('<p>See <a href="/docs?a=1">the docs</a>, <b>now</b>! <a href="javascript:go()">x</a>'
                      '<a href="#top">top</a></p>')
    blocks = BlockBuilder("https://ex.org/a/b.html").build([root.find(".//p")])
    assert len(blocks) == 1
    spans = blocks[0].spans
    assert Span("the docs", "link", "https://ex.org/docs?a=1") in spans
    assert Span("now", "strong") in spans
    assert [s.style for s in spans if s.text in ("x", "top")] == ["", ""] or "xtop" in blocks[0].text
    assert blocks[0].in_main is True


def test_link_blocks_are_dropped_with_a_reason():
    b = Block("paragraph", [Span("Related: "), Span("Ten shell tricks you should know", "link", "https://x")])
    b.link_density = 0.8
    assert drop_link_block(b) and b.reason == "html:links"
    prose = Block("paragraph", [Span("A long sentence of prose. It has a link. ", ""), Span("here", "link", "u")])
    prose.link_density = 0.1
    assert not drop_link_block(prose) and prose.keep


@pytest.mark.parametrize("title,site,expected", [
    ("市政府召开常务会议_新闻中心_某某网", "", "市政府召开常务会议"),
    ("Parsing logs with awk | Example Dev Blog", "Example Dev Blog", "Parsing logs with awk"),
    ("Short", "", "Short"),
    ("Why the sky is blue - a long explanation - Science Site", "Science Site", "Why the sky is blue - a long explanation"),
])
def test_site_suffix_is_stripped_from_title(title, site, expected):
    assert strip_site_suffix(title, site) == expected


def test_dates_are_normalized():
    assert normalize_date("2023年5月6日 10:20") == "2023-05-06T10:20"
    assert normalize_date("2019-11-20T05:27:00-06:00") == "2019-11-20T05:27:00-06:00"
    assert normalize_date("no date here") == ""


def test_json_ld_metadata():
    root = parse_tree("""<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "A headline",
     "datePublished": "2021-02-03", "author": [{"@type": "Person", "name": "Ann Lee"}],
     "publisher": {"@type": "Organization", "name": "The Paper"}}</script></head><body></body></html>""")
    meta = extract_meta(root)
    assert meta["title"] == "A headline" and meta["date"] == "2021-02-03"
    assert meta["author"] == "Ann Lee" and meta["sitename"] == "The Paper"


def test_cli_reads_html_from_stdin_by_sniffing():
    html, expected = golden("structure")
    result = CliRunner().invoke(main, ["-", "--no-front-matter"], input=html)
    assert result.exit_code == 0, result.output
    assert result.stdout == expected


def test_headline_is_the_front_matter_title_and_the_one_h1():
    html, _ = golden("structure")
    _, md = clean_bytes(html, source="s.html")
    _, txt = clean_bytes(html, source="s.html", settings=Settings(format="txt"))
    _, bare = clean_bytes(html, source="s.html", settings=NO_FM)
    assert 'title: "Parsing logs with awk"' in md          # the headline, not <title> with its site suffix
    assert md.count("\n# ") == 1 and "\n# Parsing logs with awk\n" in md
    assert txt.startswith("Parsing logs with awk\n")
    assert bare.startswith("# Parsing logs with awk\n")


def test_language_from_the_text_when_the_page_does_not_say():
    from cleaner.language import guess_cjk_language
    assert guess_cjk_language("市政府召开常务会议，研究部署近期重点工作。") == "zh"
    assert guess_cjk_language("これは日本語のテストページです。") == "ja"
    assert guess_cjk_language("이것은 한국어 테스트 페이지입니다.") == "ko"
    assert guess_cjk_language("An English sentence.") == ""
    doc, _ = clean_bytes(CHINESE_PORTAL.encode("gbk"), source="zh.html")
    assert doc.meta["lang"] == "zh"


def test_related_links_with_dates_are_navigation():
    """Link density counts letters: the date after a related-article link is not text."""
    related = "".join(f'<div>·<a href="/n/{i}">某明星新专辑发布会现场回顾第{i}期</a> <span>(2005-04-2{i} 14:32PM)</span></div>'
                      for i in range(5))
    html = f"""<html><body><div class="text"><p>{"会议指出，今年以来全市经济运行总体平稳，各项工作取得积极进展。" * 3}</p>
    <p>{"会议强调，要进一步压实责任，确保各项任务落地见效，推动高质量发展。" * 3}</p>
    <div><b>相关报道：</b>{related}</div></div></body></html>"""
    doc, out = clean_bytes(html.encode(), source="zh.html", settings=NO_FM)
    assert "会议指出" in out and "会议强调" in out
    assert "新专辑发布会" not in out and "2005-04-2" not in out
    assert any(b.reason == "html:links" for b in doc.blocks if not b.keep)


def test_a_caption_repeated_by_a_gallery_is_kept_once_and_far_repeats_stay():
    cap = "The minister, left, and his guest shake hands in the capital on Wednesday, Nov. 20, 2019, before talks."
    prose = [f"Paragraph {i} of the story goes on about the visit, the talks and what comes next." for i in range(6)]
    html = f"""<html><body><article>
    <ul class="slides"><li>{cap}</li></ul><p>{cap}</p><p>{cap[:90]}... more</p>
    {"".join(f"<p>{p}</p>" for p in prose)}
    <p>Asked what comes next, the minister would not say; the guest said the talks would go on next year.</p>
    {"".join(f"<p>{p} Again.</p>" for p in prose)}
    <p>Asked what comes next, the minister would not say; the guest said the talks would go on next year.</p>
    </article></body></html>"""
    doc, out = clean_bytes(html.encode(), source="g.html", settings=NO_FM)
    assert out.count("shake hands") == 1 and out.count("Asked what comes next") == 2
    assert sum(b.reason == "html:repeat" for b in doc.blocks if not b.keep) == 2


def test_a_table_of_headline_links_is_removed_and_an_infobox_stays():
    grid = "".join(f'<tr><td><a href="/c{i}">[社会]</a> <a href="/n/{i}">某地发生一件新鲜事第{i}条（图）</a></td></tr>'
                   for i in range(6))
    html = f"""<html><body><div class="content">
    <p>{"会议指出，今年以来全市经济运行总体平稳，各项工作取得积极进展。" * 3}</p>
    <table>{grid}</table>
    <table><tr><th>成立</th><td><a href="/y">1998年</a></td></tr><tr><th>网站</th><td><a href="/w">mozilla.org</a></td></tr></table>
    <p>{"会议强调，要进一步压实责任，确保各项任务落地见效，推动高质量发展。" * 3}</p></div></body></html>"""
    _, out = clean_bytes(html.encode(), source="zh.html", settings=NO_FM)
    assert "会议指出" in out and "会议强调" in out and "新鲜事" not in out
    assert "| 成立 | [1998年](/y) |" in out       # (links in cells are kept)


def test_author_box_and_slideshow_inside_the_article_are_removed():
    prose = "".join(f"<p>Paragraph {i} of the story goes on about the visit, the talks and what comes next.</p>"
                    for i in range(5))
    html = f"""<html><body><article>{prose}
    <div class="slideshow"><div>1of4 A shopper looks at extension cords at a hardware store.</div></div>
    <div class="author-bio">Jane Roe is a reporter for the Daily Example, based in Springfield.</div>
    <div id="emailSignup"><h4>Morning briefing</h4><div>Let our news meet your inbox, every weekday morning.</div></div>
    </article></body></html>"""
    _, out = clean_bytes(html.encode(), source="a.html", settings=NO_FM)
    assert out.count("Paragraph") == 5 and "shopper" not in out and "Jane Roe" not in out
    assert "briefing" not in out and "inbox" not in out


def test_a_long_run_of_headline_links_and_its_label_are_dropped():
    b = Block("paragraph", [Span("China furious at Macron for Hong Kong protest jibe", "link", "u1"), Span(" [INSIGHT] "),
                            Span("Lakers vs Nets: NBA make final decision on game amid China turmoil", "link", "u2"),
                            Span(" [VIDEO] "), Span("Hong Kong 'threatened with Chinese military intervention'", "link", "u3")])
    b.link_density = 0.86
    assert len(b.text) > 120 and drop_link_block(b) and b.reason == "html:links"
    label = Block("paragraph", [Span("DON'T MISS", "strong")])
    assert drop_link_block(label) and label.reason == "html:ui-label"
    one = Block("paragraph", [Span("Read the full report of the committee on the budget and its long delays, "
                                   "published by the city council on Tuesday afternoon", "link", "u")])
    one.link_density = 0.9
    assert not drop_link_block(one)      # one long link: a sentence-like citation, not a run of headlines


def test_teaser_cards_after_the_article_are_removed_but_linked_list_items_stay():
    cards = "".join(f'<div class="tumb"><div class="title"><a href="/d{i}">Diet number {i}</a></div>'
                    f'<div class="body">A popular diet. Lose up to {i} kg in 14 days.</div></div>' for i in range(5))
    items = "".join(f'<li><a href="/bug{i}">Bug {i}</a> fixed the crash when the window closes early.</li>'
                    for i in range(4))
    prose = "".join(f"<p>Paragraph {i} of the story goes on about the diet, the menu and what comes next.</p>"
                    for i in range(5))
    html = f"""<html><body><div class="content">{prose}<ul>{items}</ul>
    <div id="block"><h2>Most popular</h2>{cards}</div></div></body></html>"""
    _, out = clean_bytes(html.encode(), source="c.html", settings=NO_FM)
    assert out.count("Paragraph") == 5 and out.count("fixed the crash") == 4
    assert "Diet number" not in out and "popular diet" not in out


_ZH = "<p>這是一段足夠長的中文句子，用來測試文章的內容是否被正確地保留下來而不被丟棄。</p>"


def _blocks(html: str) -> list[tuple[str, str]]:
    from cleaner.html import parse_html
    doc = parse_html(Document(source="t.html", text=html, format="html"), NO_FM)
    return [(b.kind, b.text) for b in doc.blocks if b.keep and b.evidence is None]


@pytest.mark.parametrize("between", ["<!-- ad -->", "<span hidden>x</span>", "<script>x()</script>"])
def test_text_around_a_comment_or_removed_node_stays_two_pieces(between):
    # as with bs4's strings: a comment or a removed element separates two pieces of text, each
    # normalized on its own (no CJK line join across it)
    html = f"<html><body><article>{_ZH}<p>第一行文字內容\n{between}\n第二行文字內容，這裡還有更多的句子。</p>{_ZH}</article></body></html>"
    assert ("paragraph", "第一行文字內容  第二行文字內容，這裡還有更多的句子。") in _blocks(html)


@pytest.mark.parametrize("html", ["", "  \n", "<!-- only a comment -->", "\x00\x01 <<<>>> &&&", "<p class='\x1b'>"])
def test_empty_or_garbage_pages_do_not_raise(html):
    _blocks(html)


def test_xml_declaration_and_a_second_html_element():
    html = (f"<?xml version='1.0' encoding='gbk'?><html><head><title>T</title></head><body><article>{_ZH}{_ZH}"
            "</article></body></html>\n<html><body><p>trailing junk after the page</p></body></html>")
    blocks = _blocks(html)
    assert len(blocks) == 2 and all("中文句子" in t for _, t in blocks)


def _blocks_of(page: str):
    from cleaner.document import Document
    from cleaner.html import parse_html
    doc = parse_html(Document("x.html", raw=page.encode(), text=page, format="html"))
    return [b.text for b in doc.blocks if b.evidence is None]


def test_safety_net_survives_markup_html_parser_rejects():
    # (html.parser raises ParserRejectedMarkup on this; the page is read again by libxml2)
    assert _blocks_of("<nav><p>Some text</p><![\x00") == ["Some text"]


def test_form_feed_after_a_removed_element_still_separates_words():
    assert _blocks_of("<p>intro para here.</p><script>x</script>foo\x0cbar")[-1] == "foo bar"


def test_safety_net_leaves_ruby_annotations_out():
    assert "ji" not in "".join(_blocks_of("<nav><p>漢<ruby>字<rt>ji</rt><rp>(</rp></ruby>ok</p>"))


def test_a_blog_posts_taxonomy_classes_are_no_hints():
    # WordPress's post_class names the post's topics: "category-social-media" says nothing of the box
    prose = "".join(f"<p>Part {i}. The committee met on Tuesday to discuss the new budget, which had been "
                    f"delayed by months of debate among the members.</p>" for i in range(4))
    html = f"""<html><body><div id="content">
    <div class="post hentry category-social-media-marketing tag-sidebar-tips">{prose}</div>
    <div id="post_author"><p>About the author: having held director positions at large agencies over the past
    eight years, I have gained a wealth of experience and knowledge. I now offer agency quality consulting services
    without the big agency overhead, so that more of your money goes into your campaign. Follow me for updates.</p></div>
    </div></body></html>"""
    _, out = clean_bytes(html.encode(), source="wp.html", settings=NO_FM)
    assert out.count("committee met") == 4 and "About the author" not in out


def test_a_short_article_on_a_page_of_long_comments_is_not_the_whole_page():
    comments = "".join(f"<li><p>Comment {i}: I read this twice and I think the story of the abbot says it all, "
                       f"forgiving is for our own sake, not for the enemies we have.</p></li>" for i in range(250))
    html = f"""<html><body><div id="menu"><a href="/">Home</a> <a href="/a">Archives</a></div>
    <div class="entry-content"><p>The abbot asked his favorite pupil how his spiritual progress was coming along,
    and the pupil answered that he was managing to dedicate every moment of the day to God.</p>
    <p>"Then all that is left now is to forgive your enemies," the abbot said, and the young man was shocked.</p></div>
    <div id="comments"><ol class="commentlist">{comments}</ol></div></body></html>"""
    doc, out = clean_bytes(html.encode(), source="c.html", settings=NO_FM)
    assert "The abbot asked" in out and "Comment 1:" not in out and "Archives" not in out
    assert doc.region.how == "container"


def test_a_heading_that_is_the_page_title_without_its_site_name_is_the_title():
    from cleaner.html.parse import _title_with_suffix
    assert _title_with_suffix("Quotation of the Day", "Quotation of the Day « Healthcare Economist")
    assert _title_with_suffix("Malaria returns to Greece", "Malaria returns to Greece | The Daily Example")
    assert not _title_with_suffix("Malaria returns", "Malaria returns to Greece | The Daily Example")
    assert not _title_with_suffix("Senate votes on COVID", "Senate votes on COVID-19 relief bill")
    html = """<html><head><title>Quotation of the Day &laquo; Healthcare Economist</title></head><body>
    <div class="post"><h2>Quotation of the Day</h2><p>He in his madness prays for storms, and dreams that storms
    will bring him peace, as Lermontov wrote and Tolstoy quoted in one of his short novels.</p></div></body></html>"""
    doc, out = clean_bytes(html.encode(), source="q.html", settings=NO_FM)
    assert out.startswith("# Quotation of the Day\n") and out.count("Quotation of the Day") == 1


def test_a_blog_engines_feed_and_trackback_notice_is_dropped():
    notice = Block("paragraph", [Span("You can follow any responses to this entry through the "),
                                 Span("RSS 2.0", "link", "/feed"), Span(" feed. You can leave a response, or "),
                                 Span("trackback", "link", "/tb"), Span(" from your own site.")])
    notice.link_density = 0.1
    assert drop_link_block(notice) and notice.reason == "html:feed-notice"
    prose = Block("paragraph", [Span("Readers can follow the responses to this plan in our coverage next week, "
                                     "when the council meets again to vote on it.")])
    assert not drop_link_block(prose) and prose.keep


def test_a_media_players_controls_and_screen_reader_text_are_dropped():
    prose = "".join(f"<p>Paragraph {i} of the story goes on about the visit, the talks and what comes next.</p>"
                    for i in range(4))
    player = """<div class="video-js"><div class="vjs-big-play-button" role="button"><span class="vjs-control-text">
    Play Video</span></div><div class="vjs-current-time"><span class="vjs-control-text">Current Time </span>0:00</div>
    <div role="slider" aria-label="progress"><span>Loaded</span>: 0%</div></div>"""
    html = f"""<html><body><article>{prose[:300]}{player}
    <figure><img src="a.jpg"><figcaption><span class="off-screen">Media caption</span>The minister arrives
    at the talks on Wednesday morning</figcaption></figure>{prose}</article></body></html>"""
    doc, out = clean_bytes(html.encode(), source="v.html", settings=NO_FM)
    assert out.count("Paragraph") >= 4 and "minister arrives" in out
    for gone in ("Play Video", "Current Time", "0:00", "Loaded", "Media caption"):
        assert gone not in out
    assert any(b.reason == "html:hidden" and "screen readers" in b.detail for b in doc.blocks if not b.keep)


def test_text_output_shows_no_image_alt_text():
    # the Markdown without --images writes no image; the plain text shows the same words
    prose = "The harbour was quiet in the early morning, and the boats rocked on a grey and patient sea. " * 3
    html = (f"<html><body><article><h1>Harbour</h1><p>{prose}</p>"
            f"<p><img src='a.png' alt='A boat at the pier'> Boats at dawn, by the pier.</p></article></body></html>")
    _, md = clean_bytes(html.encode(), source="s.html", settings=NO_FM)
    _, txt = clean_bytes(html.encode(), source="s.html", settings=Settings(format="txt"))
    assert "Boats at dawn" in md and "Boats at dawn" in txt
    assert "A boat at the pier" not in md and "A boat at the pier" not in txt


def test_a_short_line_shown_four_times_is_furniture_and_sentences_and_fields_stay():
    """A photo widget's label under every photo goes; a repeated sentence, a catalogue's "Fee:" field
    and a line shown three times stay (``html:repeated-label``)."""
    prose = [f"Paragraph {i} of the trip report tells of the road, the weather and the people met on the way."
             for i in range(6)]
    body = "".join(f"<p>{p}</p><p>Mouseover photo to load notes</p><p>Fee: $95</p><p>EBERHART: Yes, sir.</p>"
                   for p in prose[:4])
    body += "".join(f"<p>{p}</p><p>Click to see the map</p>" for p in prose[4:])
    html = f"<html><body><article>{body}</article></body></html>"
    doc, out = clean_bytes(html.encode(), source="r.html", settings=NO_FM)
    assert "Mouseover photo" not in out
    assert out.count("Fee: $95") == 4 and out.count("Yes, sir.") == 4 and out.count("Click to see the map") == 2
    assert sum(b.reason == "html:repeated-label" for b in doc.blocks if not b.keep) == 4


def test_a_list_whose_items_say_something_beside_their_links_stays():
    """A list of deals, each a link and a note of its own, is the article's; a list of headline links
    with a date each is another page's box (``html:link-list``)."""
    deals = "".join(f'<li><a href="/d{i}">Portable hard drive number {i} for $16{i}.99 with free shipping</a>'
                    f' (normally $18{i} - use coupon code: VJ7{i}5NPV)</li>' for i in range(5))
    heads = "".join(f'<li><a href="/n{i}">Another story about something else entirely, part {i}</a> (2012-11-0{i})</li>'
                    for i in range(5))
    prose = "".join(f"<p>Paragraph {i} of the deals post says what is on offer this week and why it is good.</p>"
                    for i in range(4))
    html = f"""<html><body><article>{prose}<p><b>Other deals</b>:</p><ul>{deals}</ul>
    <p>Paragraph five closes the post with a word on shipping times for the holidays, as every week.</p>
    <ul>{heads}</ul></article></body></html>"""
    _, out = clean_bytes(html.encode(), source="d.html", settings=NO_FM)
    assert out.count("normally $18") == 5
    assert "Another story" not in out


@pytest.mark.parametrize("og, title, expected", [
    # og:title is the site's tagline on every page: <title>'s headline wins
    ("Official Blog of the National Football League", "Allen says players held back tears - NFL.com",
     "Allen says players held back tears"),
    # og:title within <title>: it stays, however <title> is cut
    ("Pasta Fazool for Cavemen", "Pasta Fazool for Cavemen | Sticky Chewy | A Blog About Food", "Pasta Fazool for Cavemen"),
    # sharing a word: a teaser of the same story stays
    ("Players held back tears", "Allen says players held back tears - NFL.com", "Players held back tears"),
])
def test_an_og_title_sharing_no_word_with_the_pages_own_title_is_the_sites(og, title, expected):
    site = "Sticky Chewy" if "Pasta" in og else "NFL.com"
    root = parse_tree(f"""<html><head><title>{title}</title><meta property="og:title" content="{og}">
    <meta property="og:site_name" content="{site}"></head><body></body></html>""")
    assert extract_meta(root)["title"] == expected


def test_a_blogs_name_over_the_posts_headline_is_not_the_title():
    """<title> is "Headline: Blog name", the region's h1 is the blog's name and the headline an h3 below
    it: the headline is the title, the name goes (``html:site-name``)."""
    prose = "".join(f"<p>Paragraph {i} of the post says what the keynote will be about and who should come.</p>"
                    for i in range(5))
    html = f"""<html><head><title>Preview of my keynote at the summit: Church of the Customer Blog</title></head>
    <body><div class="wrap"><h1>Church of the Customer Blog</h1><h2>October 17, 2012</h2>
    <h3>Preview of my keynote at the summit</h3>{prose}</div></body></html>"""
    doc, out = clean_bytes(html.encode(), source="b.html", settings=NO_FM)
    assert "Church of the Customer" not in out
    assert out.startswith("# Preview of my keynote at the summit") or "\n# Preview of my keynote" in out
    assert doc.meta["title"] == "Preview of my keynote at the summit"
    assert any(b.reason == "html:site-name" for b in doc.blocks if not b.keep)


def test_a_sections_linked_name_as_h1_yields_to_the_headline_below_it():
    prose = "".join(f"<p>Paragraph {i} of the story tells what the police said and what comes next.</p>"
                    for i in range(5))
    html = f"""<html><head><title>Police replace spokesman | Times</title></head><body><article>
    <h1><a href="/category/national/">National</a></h1><h1>Police replace spokesman</h1>{prose}
    </article></body></html>"""
    _, out = clean_bytes(html.encode(), source="n.html", settings=NO_FM)
    assert out.startswith("# Police replace spokesman")
    assert "National" not in out


def test_a_blog_engines_blog_colon_post_title_yields_to_the_posts_heading():
    """<title> "Blog: Post" taken whole as the title: the post's heading above the text is the title; a
    heading after the text's first paragraph that repeats a part of <title> is a section, left alone."""
    prose = "".join(f"<p>Paragraph {i} of the post is about the handset maker's launch date, its sales and "
                    f"the market share it lost to its rivals this year.</p>" for i in range(4))
    html = f"""<html><head><title>10Q Detective: Research in Backward's Motion?</title></head><body>
    <div class="post"><h3><a href="/2012/10/rimm.html">Research in Backward's Motion?</a></h3>{prose}</div>
    </body></html>"""
    doc, out = clean_bytes(html.encode(), source="b.html", settings=NO_FM)
    assert doc.meta["title"] == "Research in Backward's Motion?" and "10Q Detective" not in out
    html = f"""<html><head><title>The Future of C++: Live broadcast this Friday</title></head><body>
    <div class="post">{prose}<h3>The Future of C++</h3>{prose}</div></body></html>"""
    _, out = clean_bytes(html.encode(), source="c.html", settings=NO_FM)
    assert out.startswith("Paragraph 0")
