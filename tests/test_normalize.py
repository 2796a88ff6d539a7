"""Normalization rules (cleaner.normalize): one example per rule, the seed page, the stage itself."""
from __future__ import annotations

import os
import re

import pytest

from cleaner import normalize as nz
from cleaner.document import Block, Document, Span
from cleaner.parse import join_lines
from cleaner.pipeline import clean_text
from cleaner.settings import Settings

ROOT = os.path.dirname(os.path.dirname(__file__))
S = Settings()


@pytest.mark.parametrize("before,after", [
    # cjk_punctuation
    ("他说:你好,世界!真的?", "他说：你好，世界！真的？"),
    ("好梦幻喔!!!!!", "好梦幻喔！！！！！"), ("真的?!", "真的？！"),
    ("价格是2.5元,共1,000个.", "价格是2.5元，共1,000个。"),
    ("中文(如輕會員,品牌輕店)外", "中文（如輕會員，品牌輕店）外"),
    ("管仲(He)在", "管仲（He）在"),
    ("商家每自己獲得 1UV,支付寶", "商家每自己獲得 1UV，支付寶"),
    ("增长5%,达到", "增长5%，达到"),
    ("时间:10:30", "时间：10:30"),
    ("中文. 下一句", "中文。下一句"), ("一.概述", "一.概述"), ("二十. 结论", "二十. 结论"),
    ("中文, English", "中文，English"),
    ("v1.2版本", "v1.2版本"),
    ("Hello, world. This is fine: ok! (really)", "Hello, world. This is fine: ok! (really)"),
    ("He said “hi”, then left.", "He said “hi”, then left."),
    ("公司(Alibaba Group).", "公司(Alibaba Group)."),
    # cjk_ellipsis
    ("等等...", "等等……"), ("中文。。。好", "中文……好"), ("然后…", "然后……"), ("Wait...", "Wait..."),
    # fullwidth_ascii
    ("ＡＢＣ１２３，全角", "ABC123，全角"),
    # normalize_spaces
    ("中文\u00a0 \u3000 中文", "中文 中文"), ("a\u2003\u2003b", "a b"), ("甲 \n 乙", "甲\n乙"),
    # trim_space_around_cjk_punct
    ("他说 “你好” 。", "他说 “你好”。"), ("你好， 世界 。", "你好，世界。"), ("「 种草 」", "「种草」"),
    ("第三眼美女（原创） （图）", "第三眼美女（原创）（图）"), ("（Valentine） 就住在这里", "（Valentine） 就住在这里"),
    # remove_control_chars
    ("a\u200bb\ufeffc\u00add", "abcd"), ("x\x00y\x07z", "xyz"), ("一\r\n二\r三", "一\n二\n三"),
    # unicode_nfc
    ("e\u0301", "\u00e9"),
])
def test_rule_examples(before, after):
    assert nz.fix_text(before, S) == after


def test_mojibake_repaired_without_folding_punctuation():
    broken = "这是一个测试，我们（在这里）检查！".encode("utf-8").decode("latin-1")
    assert nz.fix_text(broken, S) == "这是一个测试，我们（在这里）检查！"
    assert nz.fix_mojibake("微博和支付宝，「种草」") == "微博和支付宝，「种草」"


@pytest.mark.parametrize("text", [
    "访问https://example.com/a?b=1,c=2了解", "见 https://例.com/路径,", "邮件xx.y@qq.com,谢谢",
    "官网www.example.com.cn/a,b", "ftp://files.example.org/a.txt",
])
def test_urls_and_emails_untouched(text):
    out = nz.fix_text(text, S, config="s2tw")
    for m in re.finditer(r"(?:https?|ftp)://[\x21-\x7e]+|www\.[\x21-\x7e]+|[A-Za-z0-9.]+@[A-Za-z0-9.]+", text):
        url = m.group().rstrip(",.")
        assert url in out


def test_quotes():
    corner, curly = Settings(quotes="corner"), Settings(quotes="curly")
    assert nz.fix_text("他说“你好”和‘好’", corner) == "他说「你好」和『好』"
    assert nz.fix_text('他说"你好"', corner) == "他说「你好」"
    assert nz.fix_text("他说「你好」和『好』", curly) == "他说“你好”和‘好’"
    assert nz.fix_text("It’s “fine”.", corner) == "It’s “fine”."
    assert nz.fix_text("他说“你好”", S) == "他说“你好”"           # keep is the default


def test_cjk_spacing_only_when_asked():
    on = Settings(cjk_spacing=True)
    assert nz.fix_text("使用iPhone拍摄4K视频,50%的人", on) == "使用 iPhone 拍摄 4K 视频，50% 的人"
    assert nz.fix_text("使用iPhone拍摄 4K视频", S) == "使用iPhone拍摄 4K视频"
    assert nz.fix_text("访问https://x.com了解", on) == "访问 https://x.com 了解"


def test_every_fixer_can_be_disabled():
    text = "他说:ＡＢ\u00a0\u00a0你好...\u200b「 x 」"
    for f in nz.FIXERS:
        if f.flag:
            continue
        off = Settings(disable=(f.name,))
        assert nz.fix_text(text, off) != nz.fix_text(text, S) or f.name in ("fix_mojibake", "unicode_nfc"), f.name
    assert nz.fix_text("他说:你好", Settings(disable=("cjk_punctuation",))) == "他说:你好"
    assert nz.fix_text("這是", Settings(disable=("convert_script",)), config="t2s") == "這是"


def test_fixer_names_unique_and_documented():
    names = [f.name for f in nz.FIXERS]
    assert len(names) == len(set(names))
    doc = open(os.path.join(ROOT, "docs", "normalization.md"), encoding="utf-8").read()
    for name in nz.FIXER_NAMES:
        assert f"`{name}`" in doc, name
    for flag in ("--script", "--phrases", "--quotes", "--cjk-spacing", "--disable"):
        assert flag in doc


def test_explain_lists_the_steps():
    steps = nz.explain("他说:ＡＢ\u00a0\u00a0。")
    assert [name for name, _ in steps] == ["fullwidth_ascii", "normalize_spaces", "cjk_punctuation",
                                           "trim_space_around_cjk_punct"]
    assert steps[-1][1] == "他说：AB。"


def test_context_across_spans_and_code_untouched():
    b = Block("paragraph", [Span("支付宝", "strong"), Span(",微博 "), Span("a,b", "code"), Span(" 中文,好")])
    doc = Document("-", blocks=[b])
    nz.normalize(doc, S)
    assert [s.text for s in b.spans] == ["支付宝", "，微博 ", "a,b", " 中文，好"]
    # spaces between inline spans survive (only the block's edges are trimmed)
    b = Block("paragraph", [Span("Hello "), Span("world", "strong"), Span(" again ")])
    nz.normalize(Document("-", blocks=[b]), S)
    assert b.text == "Hello world again"


def test_code_blocks_never_converted():
    doc = Document("-", blocks=[Block.of("paragraph", "這是繁體中文的文章，我們在這裡測試著。"),
                                Block.of("code", "print('這是', 1,2)")])
    nz.normalize(doc, S)
    assert doc.blocks[1].text == "print('這是', 1,2)"
    assert doc.blocks[0].text == "这是繁体中文的文章，我们在这里测试着。"
    assert doc.meta["input_script"] == "hant-tw" and doc.meta["conversion"] == "tw2s"


def test_japanese_block_never_converted():
    doc = Document("-", blocks=[Block.of("paragraph", "這是繁體中文的文章，我們來測試這個東西。"),
                                Block.of("quote", "東京の國語を學ぶ。")])
    nz.normalize(doc, S)
    assert doc.blocks[1].text == "東京の國語を學ぶ。"


def test_front_matter_records_detected_and_done():
    out = clean_text("這意味著你的軟體\n\n這是一個繁體中文的段落，我們在這裡測試，這意味著很多。", Settings(script="hans"))
    assert 'input_script: "hant-tw"' in out and 'output_script: "hans"' in out and 'conversion: "tw2s"' in out
    out = clean_text("这是简体中文\n\n这是一个简体中文的段落，我们在这里测试，这意味着很多。", Settings(script="keep"))
    assert 'input_script: "hans"' in out and 'output_script: "hans"' in out and "conversion" not in out
    # cleaning our own output: same settings change nothing; another target records the new conversion
    first = clean_text("這意味著你的軟體\n\n這是一個繁體中文的段落，我們在這裡測試，這意味著很多。")
    assert clean_text(first) == first
    again = clean_text(first, Settings(script="tw"))
    assert 'input_script: "hant-tw"' in again and 'output_script: "hant-tw"' in again
    assert 'conversion: "s2tw"' in again and "這意味著很多" in again


def test_seed_output():
    from cleaner.pipeline import clean_file
    doc, out = clean_file(os.path.join(ROOT, "seeds", "000_7ff96054997bd690.txt"), S)
    body = out.split("\n---\n", 1)[1]
    for must in ("意味着", "刷着", "饿了么", "（如轻会员，品牌轻店）", "1UV，支付宝", "2.5 亿", "（何勇明）"):
        assert must in body, must
    assert "\u00a0" not in out and "幺" not in out
    assert not re.search(r"[\u4e00-\u9fff][,;:?!]", body)     # no ASCII punctuation left after CJK
    assert doc.meta["input_script"] == "mixed-tw" and doc.meta["conversion"] == "tw2s"


@pytest.mark.parametrize("lines,joined", [
    (["中文第一行", "第二行"], "中文第一行第二行"),
    (["English line", "continues here"], "English line continues here"),
    (["中文行", "English"], "中文行English"),
    (["English", "中文"], "English中文"),
    (["句子，", "下一行"], "句子，下一行"),
    (["a well-", "known fact"], "a well-known fact"),
    (["A -", "B"], "A - B"),
])
def test_join_lines(lines, joined):
    assert join_lines(lines) == joined


def _unescape(cell: str) -> str:
    return cell.encode("latin-1", "backslashreplace").decode("unicode_escape") if "\\" in cell else cell


def test_docs_table_examples_hold():
    """Every rule row of docs/normalization.md: fixing Before gives After, with the row's flag."""
    from cleaner import script
    doc = open(os.path.join(ROOT, "docs", "normalization.md"), encoding="utf-8").read()
    rows = re.findall(r"^\| \d+ \| `(\w+)`.*?\| `([^`]*)` \| `([^`]*)` \| (.*?) \|$", doc, re.M)
    assert {name for name, *_ in rows} == set(nz.FIXER_NAMES)
    for name, before, after, flag in rows:
        before, after = _unescape(before), _unescape(after)
        cfg = Settings(quotes="corner" if "corner" in flag else "curly" if "curly" in flag else "keep",
                       cjk_spacing="--cjk-spacing" in flag, script="keep")
        config = None
        if name == "convert_script":
            info = script.detect(before)
            config = script.conversion_config(info, "hans")
        assert nz.fix_text(before, cfg, config) == after, name
