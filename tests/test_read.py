"""read: bytes → text with the right encoding, and HTML recognised by extension or by sniffing."""
import codecs

import pytest

from cleaner.errors import InputError
from cleaner.read import decode, format_of, read_bytes

ZH = "朱镕基说：喆字和堃字都不在GB2312里，但在GBK里。这是一个测试页面的正文。"
ZH_TRAD = "這是一個繁體中文的測試頁面，臺灣的報紙常用Big5編碼。"
JA = "これは日本語のテストページです。シフトJISで書かれています。"


def page(body: str, charset: str | None = None, http_equiv: bool = False) -> str:
    if charset is None:
        meta = ""
    elif http_equiv:
        meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    else:
        meta = f'<meta charset="{charset}">'
    return f"<!DOCTYPE html><html><head>{meta}<title>t</title></head><body><p>{body}</p></body></html>"


@pytest.mark.parametrize("declared,codec", [("gb2312", "gbk"), ("GBK", "gbk"), ("gb18030", "gb18030")])
def test_gb_family_declared_charset_reads_as_gb18030(declared, codec):
    # 镕 喆 堃 are outside GB2312: a page labelled gb2312 must still come out right (browsers use GBK/GB18030)
    data = page(ZH, declared).encode(codec)
    text, _ = decode(data, html=True)
    assert ZH in text


def test_http_equiv_charset():
    data = page(ZH_TRAD, "big5", http_equiv=True).encode("big5")
    text, enc = decode(data, html=True)
    assert ZH_TRAD in text
    assert enc == "big5"


def test_shift_jis():
    data = page(JA, "shift_jis").encode("shift_jis")
    assert JA in decode(data, html=True)[0]


def test_declared_charset_that_lies_is_ignored():
    data = page(ZH, "gb2312").encode("utf-8")          # says GB2312, is UTF-8
    text, enc = decode(data, html=True)
    assert ZH in text and enc == "utf-8"


def test_undeclared_gbk_is_detected():
    body = ZH * 20                                     # enough text for detection
    data = page(body).encode("gbk")
    assert ZH in decode(data, html=True)[0]


@pytest.mark.parametrize("bom,codec", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")])
def test_bom_wins(bom, codec):
    data = bom + page(ZH, "gb2312").encode(codec)
    text, _ = decode(data, html=True)
    assert ZH in text and not text.startswith("\ufeff")


def test_html_sniffed_on_stdin_even_with_script_before_doctype():
    data = b"\n<script>var a = 1;</script>\n<!DOCTYPE html><html><body><p>x</p></body></html>"
    assert format_of("-", data) == "html"
    doc = read_bytes(data, source="-")
    assert doc.format == "html"


def test_text_is_not_html():
    assert format_of("-", "标题\n\n正文第一段。".encode()) == "text"
    assert format_of("notes.txt", b"Use <b> for bold and <p> for paragraphs.") == "text"


def test_html_extension_and_disguised_txt():
    assert format_of("page.htm", b"hello") == "html"
    assert format_of("dump.txt", b"<!DOCTYPE html><html><body>x</body></html>") == "html"


def test_empty_and_binary_inputs_are_errors():
    with pytest.raises(InputError):
        read_bytes(b"   \n", source="-")
    with pytest.raises(InputError):
        read_bytes(b"\x00\x01\x02" * 100, source="x.bin")


def test_a_few_broken_bytes_keep_the_declared_charset():
    data = page(ZH * 3, "gb2312").encode("gbk")
    broken = data.replace("正文".encode("gbk"), b"\xff\xfe", 1)    # invalid in GB18030 too
    text, enc = decode(broken, html=True)
    assert enc == "gb2312" and "这是一个测试页面" in text and text.count("\ufffd") <= 2
