"""Hostile inputs, the I/O half (issue 15): odd file names, odd bytes, pipes, signals, sizes, links.

Each test reproduces one way a hostile or merely unlucky input broke a batch."""
from __future__ import annotations

import json
import os
import sys

import pytest

import cleaner
from cleaner.errors import CleanerError, ConfigError, InputError
from clirun import run

ZH = "这是一篇关于城市交通的报道，记者走访了三个街区。\n\n市民表示新的公交线路很方便。\n".encode()


def write(folder, name, data: bytes) -> None:
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(os.fsencode(folder), os.fsencode(name) if isinstance(name, str) else name), "wb") as fh:
        fh.write(data)


# ---------------------------------------------------------------- 1. paths as the OS gives them

@pytest.mark.skipif(sys.platform != "linux", reason="non-UTF-8 file names are a POSIX thing")
def test_non_utf8_file_name_does_not_stop_the_batch(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("in", b"caf\xe9.txt", ZH)
    write("in", b"z.txt", ZH)
    r = run(["in", "-o", "out", "-v", "--report", "r.json"])
    assert r.exit_code == 0, r.stderr
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr
    assert "in/caf\\xe9.txt: written out/caf\\xe9.md" in r.stderr
    assert "in/z.txt: written" in r.stderr
    out = os.listdir(b"out")
    assert sorted(out) == [b"caf\xe9.md", b"z.md"]          # the output keeps the name's bytes
    md = (tmp_path / "out" / "z.md").read_text()
    assert 'source: "in/caf' not in md
    assert 'source: "in/caf\\\\xe9.txt"' in open(b"out/caf\xe9.md", encoding="utf-8").read()
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["files"][0]["path"] == "in/caf\\xe9.txt"


@pytest.mark.skipif(sys.platform != "linux", reason="non-UTF-8 file names are a POSIX thing")
def test_bad_file_among_odd_names_is_one_line_and_exit_1(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("in", b"bad\xff.txt", b"\x00\x01binary")
    write("in", b"ok.txt", ZH)
    for args in (["in", "-o", "out"], ["in", "-o", "out", "-v"], ["in", "-o", "-", "--format", "jsonl"]):
        r = run(args)
        assert r.exit_code == 1
        assert "Traceback" not in r.stderr
        assert "in/bad\\xff.txt: binary file, not text" in r.stderr.splitlines()
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert [x["path"] for x in records] == ["in/bad\\xff.txt", "in/ok.txt"]


def test_control_characters_in_a_name_are_escaped_on_a_terminal(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("in", "evil\x1b]0;pwned\x07.txt", b"\x00binary")
    monkeypatch.setattr("cleaner.cli._stderr_is_tty", lambda: True)
    r = run(["in", "-o", "out", "-q"])
    assert r.exit_code == 1
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr
    assert "in/evil\\x1b]0;pwned\\x07.txt: binary file, not text" in r.stderr


# ---------------------------------------------------------------- 7. the API

def test_every_error_derives_from_cleaner_error():
    assert cleaner.CleanerError is CleanerError
    assert issubclass(InputError, CleanerError) and issubclass(ConfigError, CleanerError)
    with pytest.raises(cleaner.CleanerError):
        cleaner.clean_text("   ")
    with pytest.raises(cleaner.CleanerError):
        cleaner.clean_bytes(b"\x00\x01\x02binary")
    for bad in ({"format": "pdf"}, {"script": "xx"}, {"quotes": "zz"}):
        with pytest.raises(cleaner.CleanerError):
            cleaner.clean_text("正文", cleaner.Settings(**bad))
    with pytest.raises(cleaner.CleanerError):
        from cleaner.rules import load_rules
        load_rules(("/nonexistent/rules.toml",))
    with pytest.raises(ValueError):     # (bad values are ValueErrors too)
        cleaner.clean_text("")


def test_clean_text_with_a_lone_surrogate_is_cleaned():
    out = cleaner.clean_text("记者走访了三个街区\udce9，市民表示满意。\n")
    assert "记者走访了三个街区" in out and "市民表示满意" in out
    out.encode("utf-8")


# ---------------------------------------------------------------- 2. decoding

@pytest.mark.parametrize("text,enc", [
    ("微博和支付宝终于互通了", "gbk"),                 # a headline of ten characters
    ("国务院发布新规定", "gb2312"),
    ("台北市政府今日宣佈新政策", "big5"),
    ("記者走訪了三個街區，市民表示滿意。", "big5"),
])
def test_short_legacy_chinese_is_not_read_as_korean(text, enc):
    doc = cleaner.read.read_bytes(text.encode(enc), source="a.txt")
    assert doc.text == text


def test_gbk_page_without_charset_is_not_cyrillic():
    body = "<p>市场监管总局今天发布了关于加强食品安全管理的通知，要求各地认真落实。</p>" * 3
    page = f"<html><head><title>食品安全通知</title></head><body>{body}</body></html>".encode("gbk")
    doc = cleaner.read.read_bytes(page, source="a.html")
    assert "食品安全" in doc.text and doc.encoding == "gb18030"


def test_korean_still_reads_as_korean():
    text = "안녕하세요 세계, 오늘 날씨가 좋네요. 한국어 텍스트입니다."
    assert cleaner.read.read_bytes(text.encode("euc-kr"), source="a.txt").text == text


def test_utf16_with_one_lone_surrogate_keeps_the_rest():
    import codecs
    data = codecs.BOM_UTF16_LE + "记者走访了三个街区。".encode("utf-16-le") + b"\x00\xd8" \
        + "市民表示新的公交线路很方便。".encode("utf-16-le")
    doc = cleaner.read.read_bytes(data, source="a.txt")
    assert doc.text == "记者走访了三个街区。\ufffd市民表示新的公交线路很方便。"


@pytest.mark.parametrize("order", ["be", "le"])
def test_utf32_with_bom_is_text(order, tmp_path):
    import codecs
    bom = codecs.BOM_UTF32_BE if order == "be" else codecs.BOM_UTF32_LE
    (tmp_path / "a.txt").write_bytes(bom + ZH.decode().encode(f"utf-32-{order}"))
    r = run([tmp_path / "a.txt", "-o", "-", "-q"])
    assert r.exit_code == 0, r.stderr
    assert "市民表示新的公交线路很方便" in r.stdout


def test_mojibake_lowers_confidence_and_is_in_the_report(tmp_path):
    text = "记者走访了三个街区，市民表示新的公交线路很方便。这是一篇关于城市交通的报道。"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "moji.txt").write_text(text.encode("utf-8").decode("cp1252", "replace")
                                              .replace("\ufffd", "?"), encoding="utf-8")
    (tmp_path / "in" / "ok.txt").write_text(text, encoding="utf-8")
    r = run([tmp_path / "in", "-o", tmp_path / "out", "--report", tmp_path / "r.json", "-q"])
    assert r.exit_code == 0, r.stderr
    files = {os.path.basename(f["path"]): f for f in json.loads((tmp_path / "r.json").read_text())["files"]}
    assert files["moji.txt"]["mojibake"] is True and files["ok.txt"]["mojibake"] is False
    assert files["moji.txt"]["confidence"] <= 0.5
    assert "confidence: 0.5" in (tmp_path / "out" / "moji.md").read_text() or \
        files["moji.txt"]["confidence"] < 0.5


@pytest.mark.parametrize("data", ["\u3000\u3000\n".encode(), "\u00a0 \u2003\n".encode(), "\ufeff\u200b \n".encode(),
                                  " \n\t".encode("utf-16")])
def test_whitespace_only_is_empty_input(data, tmp_path):
    (tmp_path / "a.txt").write_bytes(data)
    r = run([tmp_path / "a.txt", "-o", tmp_path / "out"])
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0].endswith("a.txt: empty input")
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- 4. sizes

def test_max_bytes_is_never_allocated(tmp_path):
    (tmp_path / "a.txt").write_bytes(ZH)
    for args in ([tmp_path / "a.txt", "-o", "-"], ["-"]):
        r = run(args + ["--max-bytes", "30GiB", "-q"], input=ZH)
        assert r.exit_code == 0, r.stderr
        assert "市民表示" in r.stdout


def test_read_limited_reads_pipes_in_chunks():
    import io
    from cleaner.read import read_limited
    assert read_limited(io.BytesIO(b"x" * 3_000_000), 30 << 30) == b"x" * 3_000_000
    assert read_limited(io.BytesIO(b"x" * 3_000_000), 10) == b"x" * 10


def test_one_line_text_dump_is_not_its_own_title():
    line = "记者走访了三个街区，市民表示新的公交线路很方便。" * 40
    out = cleaner.clean_text(line + "\n")
    assert not out.lstrip("-\n").startswith("title")
    assert "# " not in out and "title:" not in out
    assert line in out.replace("\n", "")


def test_titles_are_capped():
    page = "<html><head><title>" + "标题" * 500 + "</title></head><body><p>" \
        + "记者走访了三个街区，市民表示新的公交线路很方便。" * 5 + "</p></body></html>"
    doc, _ = cleaner.clean_bytes(page.encode(), source="a.html")
    assert len(doc.meta["title"]) <= 200


# Linear time on one long line is measured by benchmarks/linearity.py (time against length);
# these tests check the structure that keeps it linear, and the text it gives.

def test_a_long_line_full_of_links_keeps_every_link_and_fixes_the_text_between():
    from cleaner.document import Block
    from cleaner.normalize import normalize_spans, enabled_fixers
    unit = "记者走访 https://example.com/a?b=1 城市交通。"
    b = Block.of("paragraph", unit * 4000)
    normalize_spans(b, enabled_fixers())
    out = "".join(s.text for s in b.spans)
    assert out.count("https://example.com/a?b=1") == 4000
    assert out == normalize_one(unit) * 4000


def normalize_one(text):
    from cleaner.document import Block
    from cleaner.normalize import normalize_spans, enabled_fixers
    b = Block.of("paragraph", text)
    normalize_spans(b, enabled_fixers())
    return "".join(s.text for s in b.spans)


def test_mojibake_repair_gives_ftfy_bounded_pieces_of_a_long_line(monkeypatch):
    import ftfy
    from cleaner import normalize
    unit = "cafÃ© æ–‡ç«  记者走访了城市。"
    text = unit * 16000         # far above the piece size ftfy gets at a time
    whole = normalize.fix_mojibake(unit)                 # one short text, one call
    seen = []
    real = ftfy.fix_text
    monkeypatch.setattr(ftfy, "fix_text", lambda t, *a, **k: (seen.append(t), real(t, *a, **k))[1])
    out = normalize.fix_mojibake(text)
    assert len(seen) > 1 and max(map(len, seen)) <= normalize._FTFY_PIECE
    assert "".join(seen) == text                     # every character handed over once, in order
    assert out == whole * 16000 and "Ã" not in out     # as fixed whole: no sequence cut in two


# ---------------------------------------------------------------- 5. files

def test_symlinks_are_followed_inside_the_input_folder_only(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("secret", "passwd.txt", "root:x:0:0:秘密的内容不该被清理。\n".encode())
    write("in", "a.txt", ZH)
    write("in/sub", "b.txt", ZH)
    os.symlink(tmp_path / "secret" / "passwd.txt", tmp_path / "in" / "leak.txt")
    os.symlink(tmp_path / "secret", tmp_path / "in" / "leakdir")
    os.symlink(tmp_path / "in" / "sub" / "b.txt", tmp_path / "in" / "inner.txt")      # inside: followed
    r = run(["in", "-o", "out"])
    assert r.exit_code == 1
    assert "in/leak.txt: symlink leads outside the input folder" in r.stderr
    assert "in/leakdir: symlink leads outside the input folder" in r.stderr
    assert sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*.md")) == \
        ["a.md", "inner.md", "sub/b.md"]
    r = run(["in", "-o", "out2", "--follow-symlinks"])
    assert r.exit_code == 0, r.stderr
    assert (tmp_path / "out2" / "leak.md").exists() and (tmp_path / "out2" / "leakdir" / "passwd.md").exists()


def test_symlink_to_the_output_folder_is_never_followed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("in", "a.txt", ZH)
    write("in", "b.txt", ZH)
    assert run(["in", "-o", "out", "-q"]).exit_code == 0
    os.symlink(tmp_path / "out", tmp_path / "in" / "mirror")
    os.symlink(tmp_path / "out" / "a.md", tmp_path / "in" / "again.md")
    for extra in ([], ["--follow-symlinks"]):
        r = run(["in", "-o", "out", "-v"] + extra)
        assert r.exit_code == 1
        assert "in/mirror: symlink into the output folder, not followed" in r.stderr
        assert "in/again.md: symlink into the output folder, not followed" in r.stderr
        assert not (tmp_path / "out" / "mirror").exists() and not (tmp_path / "out" / "again.md").exists()


def test_files_from_duplicates_are_cleaned_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("in", "a.txt", ZH)
    write("in", "b.txt", ZH)
    listing = "in/a.txt\nin/b.txt\nin/a.txt\n./in/a.txt\n" + str(tmp_path / "in" / "b.txt") + "\n"
    r = run(["--files-from", "-", "-o", "-", "--format", "jsonl", "-q"], input=listing)
    assert r.exit_code == 0, r.stderr
    assert [json.loads(line)["path"] for line in r.stdout.splitlines()] == ["in/a.txt", "in/b.txt"]


def test_extensions_match_in_any_case(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("in", "a.TXT", ZH)
    write("in", "b.HTML", b"<html><body><article><p>" + ZH + b"</p></article></body></html>")
    write("in", "c.Md", ZH)
    write("in", "d.csv", ZH)
    r = run(["in", "-o", "out", "-v"])
    assert r.exit_code == 0, r.stderr
    assert sorted(os.listdir(tmp_path / "out")) == ["a.md", "b.md", "c.md"]


# ---------------------------------------------------------------- 6. deep HTML

@pytest.mark.parametrize("n", [300, 1000, 3000, 20000])
@pytest.mark.parametrize("tag", ["div", "span", "blockquote"])
def test_deeply_nested_page_keeps_its_text(n, tag, tmp_path):
    page = ("<html><head><title>深</title></head><body>" + f"<{tag}>" * n
            + "<p>记者走访了三个街区，</p><p>市民表示新的公交线路很方便。</p><ul><li>甲乙</li></ul>"
            + f"</{tag}>" * n + "<p>尾巴在这里。</p></body></html>")
    (tmp_path / "deep.html").write_text(page, encoding="utf-8")
    r = run([tmp_path / "deep.html", "-o", "-", "-q"])
    assert r.exit_code == 0, r.stderr
    body = r.stdout.split("---")[-1]
    for text in ("记者走访了三个街区", "市民表示新的公交线路很方便", "甲乙", "尾巴在这里"):
        assert text in body


def test_flatten_deep_keeps_text_and_breaks():
    from lxml import etree
    from cleaner.html.dom import flatten_deep
    root = etree.fromstring("<html><body><div><div><div><p>一<b>二</b></p>三<p>四</p></div></div>五</div></body></html>",
                            etree.HTMLParser())
    assert flatten_deep(root, max_depth=4) == 1
    top = root.find(".//div/div")
    assert len(top) and all(c.tag == "br" for c in top)
    assert "".join(top.itertext()).replace(" ", "") == "一二三四"
    assert max(len(list(e.iterancestors())) for e in root.iter()) <= 4
