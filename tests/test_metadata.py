"""Metadata: dates, authors, titles, description/tags/image, language (issue 14)."""
from __future__ import annotations

import pytest

from cleaner import byline, clean
from cleaner.html.dom import parse_tree
from cleaner.html.meta import extract_meta, visible_lines
from cleaner.language import detect


@pytest.mark.parametrize("value, iso", [
    ("2019年09月18日 10:21", "2019-09-18T10:21"),
    ("2005-5-7 21:23:57", "2005-05-07T21:23:57"),
    ("2022.01.20 16:31", "2022-01-20T16:31"),
    ("2019-11-20T05:27:00-06:00", "2019-11-20T05:27:00-06:00"),
    ("2019-11-20T05:27:00Z", "2019-11-20T05:27:00+00:00"),
    ("2019-11-20T05:27:00+0800", "2019-11-20T05:27:00+08:00"),
    ("Wed, 18 Sep 2019 10:21:00 +0800", "2019-09-18T10:21:00+08:00"),
    ("March 5, 2019", "2019-03-05"),
    ("5 March 2019", "2019-03-05"),
    ("2022年2月13号", "2022-02-13"),
    ("20190918", "2019-09-18"),
    ("no date here", ""),
    ("2019-13-45", ""),
])
def test_parse_date(value, iso):
    assert byline.parse_date(value) == iso


def test_byline_date_labelled_wins_and_related_list_is_never_read():
    lines = ["文章标题在这里很长", "来源：新华网 发布时间：2019年09月18日 10:21", "正文第一段。",
             "相关文章", "· 另一篇文章 2020-01-01 10:00"]
    assert byline.find_date(lines, 0) == "2019-09-18T10:21"
    related = ["文章标题在这里很长", "正文第一段，没有日期。" * 8, "相关文章", "另一篇文章 2020-01-01 10:00"]
    assert byline.find_date(related, 0) == ""
    bullets = ["文章标题在这里很长", "·富夫妻望子成龙假离婚（2005-04-03 17:19PM）"]
    assert byline.find_date(bullets, 0) == ""


def test_byline_date_not_modified():
    assert byline.find_date(["标题标题标题", "更新时间：2020-01-02", "发表于 2019-12-30 08:00"]) == "2019-12-30T08:00"


@pytest.mark.parametrize("line, author", [
    ("作者：张三 阅读(12)", "张三"),
    ("本报记者 葛灵丹", "葛灵丹"),
    ("据新华社拉萨电（记者 格桑边觉）记者近日从自治区了解到", "格桑边觉"),
    ("顶端新闻·河南商报记者马俊峰/文受访者供图", "马俊峰"),
    ("By Jane Doe | March 5, 2019", "Jane Doe"),
    ("ggjjzhzz 发表于 2005-9-15 11:46:00", "ggjjzhzz"),
    ("作者： 周思博 (Joel Spolsky)", "周思博 (Joel Spolsky)"),
    ("编辑：苏亮", "苏亮"),
    ("(图 |本报记者 李明 摄)", ""),
])
def test_byline_author(line, author):
    assert byline.find_author(["标题", line]) == author


def test_byline_author_rejects_running_text_and_prefers_author_over_editor():
    assert byline.find_author(["他向记者透露，吕姓女士先是直接到省局投诉。", "记者采访时称"]) == ""
    assert byline.find_author(["编辑：李四", "作者：张三"]) == "张三"
    signed = ["标题", "正文说了很多话，这是最后一句。（常书香 马丹阳）"]
    assert byline.find_author(signed) == "常书香 马丹阳"
    assert byline.find_author(["标题", "热点新闻 体育比赛精彩。(附图)"]) == ""


@pytest.mark.parametrize("junk", ["12345", "L_104485", "user_42", "51offer.com", "https://x.com/a", "admin", "佚名",
                                  "This is a sentence. Not a name."])
def test_clean_author_rejects_junk(junk):
    assert byline.clean_author(junk) == ""


def _meta(html: str, **kw) -> dict:
    return extract_meta(parse_tree(html), kw.get("base", ""), html)


def test_html_json_ld_published_not_modified_with_timezone():
    html = """<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "H",
    "dateModified": "2020-02-02T10:00:00+08:00", "datePublished": "2019-09-18T10:21:00+08:00",
    "author": {"@type": "Person", "name": "Jane Doe"}, "keywords": ["a", "b"],
    "image": {"url": "https://x.org/i.jpg"}}</script>
    <meta property="article:modified_time" content="2021-01-01"></head><body><p>x</p></body></html>"""
    m = _meta(html)
    assert m["date"] == "2019-09-18T10:21:00+08:00"
    assert m["author"] == "Jane Doe"
    assert m["tags"] == ["a", "b"]
    assert m["image"] == "https://x.org/i.jpg"


def test_html_modified_only_when_nothing_else():
    m = _meta('<html><head><meta property="article:modified_time" content="2021-01-01"></head><body>x</body></html>')
    assert m["date"] == "2021-01-01"


def test_html_byline_date_and_author_from_visible_text():
    html = """<html><head><title>城市河道治理取得进展_新闻频道_某某网</title></head><body>
    <div class="nav">首页 | 新闻 | 2026年1月1日</div>
    <h1>城市河道治理取得进展</h1><div class="info">发布时间：2019年09月18日 10:21 来源：某某网 作者：李明</div>
    <p>正文第一段。</p><div><h3>相关新闻</h3><ul><li>另一篇 2020-01-01 10:00</li></ul></div></body></html>"""
    m = _meta(html)
    assert m["title"] == "城市河道治理取得进展"
    assert m["date"] == "2019-09-18T10:21"
    assert m["author"] == "李明"
    assert m["sitename"] == "某某网"


def test_html_numeric_author_id_rejected_and_byline_used():
    html = """<html><head><meta name="author" content="L_104485"></head><body><h1>标题标题标题</h1>
    <p>□ 本报记者 葛灵丹</p><p>正文。</p></body></html>"""
    assert _meta(html)["author"] == "葛灵丹"


def test_html_malformed_og_title_falls_back():
    html = """<html><head><meta property="og:title" content="The Long Title of"><title>The Long Title of the
    Article Here | Site</title></head><body><h1>The Long Title of the Article Here</h1></body></html>"""
    assert _meta(html)["title"] == "The Long Title of the Article Here"


def test_html_description_tags_image_and_lang_hint():
    html = """<html lang="utf-8"><head><meta name="description" content="A short summary.">
    <meta name="keywords" content="河道, 治理，城市"><meta property="og:image" content="/img/a.jpg"></head>
    <body><p>x</p></body></html>"""
    m = _meta(html, base="https://example.org/news/1.html")
    assert m["description"] == "A short summary."
    assert m["tags"] == ["河道", "治理", "城市"]
    assert m["image"] == "https://example.org/img/a.jpg"
    assert "lang" not in m          # "utf-8" is not a language


def test_visible_lines_keep_comment_tails():
    root = parse_tree("<html><body><td><!--date-->02日14:25 <!--author-->作者： 赵婕</td></body></html>")
    assert visible_lines(root) == ["02日14:25 作者： 赵婕"]


def test_language_detection_and_hint():
    zh = "这是一个关于城市河道治理的新闻报道，内容很长，足以判断语言。" * 3
    en = "The harbour authority said on Monday that the new pier would open next spring after delays."
    assert detect(zh, "en") == "zh"             # a wrong attribute on a Chinese page
    assert detect(zh, "zh-CN") == "zh-CN"        # an agreeing hint keeps its region
    assert detect(en, "") == "en"
    assert detect("short", "de") == "de"
    ru = "Городской совет объявил в понедельник, что новый причал откроется следующей весной после задержек."
    assert detect(ru, "en") == "ru"             # a Latin-script hint on Cyrillic text is checked
    assert detect(en, "en-GB") == "en-GB"


def test_language_model_read_in_one_pass_is_py3langids():
    """language._read_identifier reads the model py3langid's own loader reads (same arrays, same answers)."""
    np = pytest.importorskip("numpy")
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    from cleaner import language

    ours = language._read_identifier(LanguageIdentifier, MODEL_DIR / MODEL_FILE)
    theirs = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    for name in ("nb_ptc", "nb_pc", "nb_classes", "tk_nextmove", "tk_row", "tk_output", "_rowbase"):
        a, b = getattr(ours, name), getattr(theirs, name)
        assert type(a) is type(b) and np.array_equal(a, b), name
    assert getattr(ours.tk_nextmove, "typecode", None) == theirs.tk_nextmove.typecode
    for text in ("The harbour authority said on Monday that the pier would open.", "Городской совет объявил",
                 "El ayuntamiento anunció el lunes que el muelle abrirá", "x"):
        assert ours.classify(text) == theirs.classify(text)


def test_language_model_of_another_layout_is_left_to_py3langid(tmp_path):
    """A model file that is not an uncompressed npz inside LZMA is refused (and _identifier falls back)."""
    import io
    import lzma
    np = pytest.importorskip("numpy")

    from cleaner import language

    buffer = io.BytesIO()
    np.savez_compressed(buffer, ptc=np.zeros((2, 2), dtype=np.float16))
    path = tmp_path / "model.npz.xz"
    path.write_bytes(lzma.compress(buffer.getvalue()))
    with pytest.raises(ValueError):
        language._read_identifier(object, path)


def test_text_dump_gets_byline_date_and_author_without_losing_blocks():
    text = "城市河道治理取得进展\n\n发布时间：2019-09-18 10:21　作者：李明\n\n" + "今年全市完成了二十条河道的治理工作，水质明显改善。\n\n" * 3
    r = clean(text, input_format="text", script="keep")
    assert r.metadata["date"] == "2019-09-18T10:21"
    assert r.metadata["author"] == "李明"
    assert r.metadata["lang"] == "zh"
    assert r.markdown.count("今年全市") == 3


def test_tags_are_a_list_and_the_site_is_sitename_in_front_matter_json_and_a_second_pass():
    import json

    import yaml

    from cleaner.pipeline import clean_bytes
    from cleaner.settings import Settings
    html = """<html><head><title>River cleanup | The Paper</title><meta property="og:site_name" content="The Paper">
    <meta name="keywords" content="rivers, cleanup, city, 2019"></head><body><article><h1>River cleanup</h1>
    <p>For years the river was a ditch of grey water, and the people of the town had stopped walking along it.</p>
    </article></body></html>""".encode()
    _, md = clean_bytes(html, source="p.html")
    meta = yaml.safe_load(md.split("---\n")[1])
    assert meta["tags"] == ["rivers", "cleanup", "city", "2019"] and meta["sitename"] == "The Paper"
    assert "site_name" not in meta
    _, again = clean_bytes(md.encode(), source="p.md")
    assert again == md                              # (the list survives a pass as it is)
    assert yaml.safe_load(again.split("---\n")[1])["tags"] == meta["tags"]
    record = json.loads(clean_bytes(html, source="p.html", settings=Settings(format="json"))[1])
    assert record["metadata"]["tags"] == ["rivers", "cleanup", "city", "2019"]
    assert record["metadata"]["sitename"] == "The Paper"
    assert clean(html, url="https://x.org/p.html").metadata["tags"] == meta["tags"]


def test_tags_are_converted_with_the_text():
    from cleaner.pipeline import clean_bytes
    from cleaner.settings import Settings
    html = '<html><head><meta name="keywords" content="麻辣社區,大話四川"><title>標題</title></head><body><article>' \
           '<p>這是一個測試句子，應該足夠長。這是一個測試句子，應該足夠長。</p></article></body></html>'
    doc, _ = clean_bytes(html.encode(), source="a.html", settings=Settings(script="hans"))
    assert doc.meta["tags"] == ["麻辣社区", "大话四川"]


def test_front_matter_lists_read_back_without_yaml_too():
    # (the line reader is the fallback for front matter YAML rejects: our own lines still read back)
    from cleaner.parse import _parse_front_matter_lines, parse_front_matter
    body = 'title: "T"\ntags: ["河道", "a \\"b\\"", "2019"]\nconfidence: 0.84'
    want = {"title": "T", "tags": ["河道", 'a "b"', "2019"], "confidence": 0.84}
    assert parse_front_matter(body) == _parse_front_matter_lines(body) == want
