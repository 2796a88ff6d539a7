"""Chinese boilerplate and spam on pages nobody tuned for (issue 13): each line of page furniture
goes, in Simplified and Traditional script, from a text dump and from an HTML page, mid-article
and at its end; an article sentence that merely mentions the same word stays."""
from __future__ import annotations

import html

import pytest

from cleaner import script
from cleaner.api import clean

P1 = "新华社北京12月1日电 国务院新闻办公室今天举行新闻发布会，介绍今年前十个月经济运行情况，有关负责人回答了记者提问。"
P2 = "数据显示，前十个月全国规模以上工业增加值同比增长百分之五点八，增速比上半年加快零点三个百分点，市场预期总体稳定。"
P3 = "专家认为，随着一系列政策措施落地见效，经济回升向好的势头将进一步巩固，全年目标任务有望顺利完成。"
TITLE = "国务院新闻办举行发布会"


def page(line: str, mode: str, where: str, trad: bool) -> str:
    paras = [P1, P2, P3]
    if trad:
        paras = [script.convert(p, "s2tw") for p in paras]
    paras = paras[:1] + [line] + paras[1:] if where == "mid" else paras + [line]
    if mode == "txt":
        return "\n\n".join([TITLE] + paras) + "\n"
    return (f"<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>"
            + "".join(f"<p>{html.escape(p)}</p>" for p in paras) + "</article></body></html>")


def same(text: str) -> str:
    """The Simplified fold, 著 as the output writes it (t2s leaves 看著 alone; the output says 看着)."""
    return script.fold(text).replace("著", "着")


def run(line: str, mode: str, where: str, trad: bool):
    if trad:
        line = script.convert(line, "s2tw")
    r = clean(page(line, mode, where, trad), input_format="text" if mode == "txt" else "html")
    assert r.ok, r.errors
    return line, r


MODES = [pytest.param(m, w, t, id=f"{m}-{w}-{'hant' if t else 'hans'}")
         for m in ("txt", "html") for w in ("mid", "end") for t in (False, True)]

# Lines the lexicons name (cleaner/rules/boilerplate.toml), one per kind the issue lists
BOILERPLATE = [
    "监制：周九", "值班编辑：李四", "本文来源：人民网",                                  # credits
    "手机扫码阅读", "打开APP，阅读全文", "下载客户端", "微博 微信 QQ空间",                 # share / app prompts
    "上一篇：国务院召开常务会议", "下一篇:北京今冬首场降雪", "24小时热点", "热点排行",   # prev/next, hot lists
    "未经授权禁止转载", "京ICP备12345678号", "违法和不良信息举报电话：12377", "新华网版权所有",  # legal footers
    "已有128人参与", "【字号 大 中 小】", "我要纠错", "举报/反馈", "阅读量：1234",          # widgets, furniture
]

# Article sentences that mention the same words
ARTICLE = [
    "该公司未经授权使用他人商标，被法院判决赔偿经济损失五十万元。",
    "他说，这部作品的版权所有人至今仍未确定，出版社为此十分头疼。",
    "记者从市公安局获悉，警方已禁止转载相关谣言信息，并依法处理了造谣者。",
    "该网站因未取得ICP备案而被有关部门责令关闭。",
    "市民可以手机扫码预约，也可以通过电话进行登记，预约成功后按时前往即可。",
    "用户只需打开APP，点击首页的“办事”入口，即可在线办理相关业务。",
    "截至目前，已有128人参与了此次志愿服务活动，累计服务时长超过一千小时。",
    "这份排行榜显示，北京、上海和深圳位列前三。",
    "监制这部纪录片的导演表示，拍摄过程历时三年。",
    "上一篇文章中我们介绍了它的历史，这一篇我们来谈谈它的未来。",
]


@pytest.mark.parametrize("mode,where,trad", MODES)
@pytest.mark.parametrize("line", BOILERPLATE)
def test_boilerplate_line_goes(line, mode, where, trad):
    line, r = run(line, mode, where, trad)
    assert any(x["text"].strip() == line for x in r.removed), (line, r.markdown)


@pytest.mark.parametrize("mode,where,trad", MODES)
@pytest.mark.parametrize("line", ARTICLE)
def test_article_sentence_stays(line, mode, where, trad):
    line, r = run(line, mode, where, trad)
    assert same(line) in same(r.text), (line, r.removed)


SENT = "专家认为，随着一系列政策措施落地见效，经济回升向好的势头将进一步巩固。"
# SEO trailers glued to the end of an article's sentence (the seed's 内蒙古时时彩wifa, on a line of its own there)
TRAILERS = ["内蒙古时时彩wifa", "北京赛车pk10xqzr", "重庆时时彩", "广西快3ahfe", "幸运飞艇jkfd", "六合彩kwmz",
            "六合彩开奖结果", "娛樂城wqxz", "澳門娛樂城", "台灣運彩gkbw", "運彩投注", "马会资料wpfq", "时时彩计划"]


@pytest.mark.parametrize("mode,where,trad", MODES)
@pytest.mark.parametrize("trailer", TRAILERS)
def test_glued_spam_trailer_goes_sentence_stays(trailer, mode, where, trad):
    base = script.convert(SENT, "s2tw") if trad else SENT
    r = clean(page(base + trailer, mode, where, trad), input_format="text" if mode == "txt" else "html")
    out = script.fold(r.text).lower()
    assert same(base) in same(r.text), r.removed
    assert script.fold(trailer).lower() not in out
    assert any(x["reason"].startswith("spam:") and x["text"] == trailer for x in r.removed), r.removed


@pytest.mark.parametrize("mode,where,trad", MODES)
@pytest.mark.parametrize("line", [
    "警方捣毁一个利用时时彩进行网络赌博的犯罪团伙，涉案金额超过一亿元。",
    "香港马会宣布，今年的六合彩慈善基金将用于支持社区项目。",
    "F1赛车是世界上最昂贵的运动之一，北京赛车场今年也将举办比赛。",
    "台湾运彩今年的销售额比去年增长了两成，主管机关表示将加强对娱乐城广告的监管。",
    "本期双色球开出一等奖5注，单注奖金为800万元。",
])
def test_sentence_mentioning_lottery_stays(line, mode, where, trad):
    line, r = run(line, mode, where, trad)
    assert same(line) in same(r.text), (line, r.removed)


@pytest.mark.parametrize("mode", ["txt", "html"])
def test_trimmed_paragraph_is_stable(mode):
    """Cleaning the output again changes nothing (the trailer's paragraph reads back the same)."""
    first = clean(page(SENT + "内蒙古时时彩wifa", mode, "mid", False), input_format="text" if mode == "txt" else "html")
    again = clean(first.markdown, input_format="markdown")
    assert again.markdown == first.markdown


def test_trailer_keeps_the_paragraphs_links():
    doc = ("<html><body><article><h1>标题</h1>"
           f"<p>{P1}</p><p>{P2}据<a href='https://example.com/a'>新华社</a>报道，此事已有进展。北京赛车pk10xqzr</p>"
           f"<p>{P3}</p></article></body></html>")
    r = clean(doc, input_format="html")
    assert "[新华社](https://example.com/a)" in r.markdown and "pk10" not in r.markdown
