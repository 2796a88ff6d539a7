"""Hypothesis over hostile inputs (issue 15): bytes, HTML and file names, through the real CLI.

Whatever the files are called and hold: no traceback, no internal error, exit 0 or 1, one valid
JSON document per input (``--format json`` and ``jsonl``), and no text lost: an input that has
letters and is not refused comes out with letters.  Example counts are modest (CI time);
``HOSTILE_EXAMPLES=500 pytest tests/test_hostile.py`` searches longer.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from cleaner.cli import main
from cleaner.errors import CleanerError
from cleaner.pipeline import clean_bytes
from cleaner.settings import Settings
from clirun import runner

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "25"))
hostile = settings(max_examples=EXAMPLES, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

LETTER = re.compile(r"[^\W\d_]")
SENTENCES = ["记者走访了三个街区，市民表示新的公交线路很方便。", "這是一篇關於城市交通的報導。",
             "The council approved the new budget on Tuesday.", "Die Stadt plant neue Radwege.",
             "東京の天気は晴れです。", "Ça coûte trois euros, dit-il."]
NOISE = st.sampled_from(["<!--", "\x00", "\x1b[31m", "\u202e", "\ufeff", "\ud800", "\u3000", "\u00a0", "\u2028", "Ã©",
                         "æ–‡ç« ", "<", "&lt;", "`", "---", "# ", "\r", "\t", "\ufffe", "\U0001f600"])
TEXT = st.lists(st.one_of(st.sampled_from(SENTENCES), NOISE, st.text(max_size=12)), min_size=1, max_size=12).map("".join)
WRAPPERS = st.sampled_from(["div", "section", "span", "article", "blockquote", "font", "td", "li", "b"])


@st.composite
def page(draw) -> str:
    """An HTML page with text in it, wrapped in random (sometimes very deep) nesting."""
    paras = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4))
    body = "".join(f"<p>{p}</p>" for p in paras)
    depth = draw(st.sampled_from([0, 1, 3, 40, 300, 1200]))
    tag = draw(WRAPPERS)
    body = f"<{tag}>" * depth + body + f"</{tag}>" * draw(st.sampled_from([0, depth]))
    extra = draw(st.sampled_from(["", "<script>var a = '<p>x</p>';</script>", "<nav><a href=/>首页</a></nav>",
                                  "<!-- a comment -->", "<meta charset=gbk>", "<p>版权所有 © 2024</p>"]))
    return f"<html><head><title>{draw(st.sampled_from(['', '标题', 'x' * 300]))}</title></head>" \
           f"<body>{extra}{body}</body></html>"


ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "gb18030", "big5", "cp1252"])


def encode(text: str, enc: str) -> bytes:
    # (a lone surrogate in the text is written as such in the UTFs: bytes no strict decoder takes)
    return text.encode(enc, errors="surrogatepass" if enc.startswith("utf") else "replace")


def visible_letters(text: str) -> bool:
    return bool(LETTER.search(_INVISIBLE.sub("", text)))


_INVISIBLE = re.compile(r"[\x00-\x1f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufffe\uffff]")

# (bytes, whether the output must have letters): arbitrary bytes promise nothing; a text dump in
# UTF-8 with letters, or a page with text, must not come out without them
CONTENT = st.one_of(
    st.binary(max_size=400).map(lambda b: (b, False)),
    st.tuples(TEXT, ENCODINGS).map(lambda te: (encode(*te), te[1] == "utf-8" and visible_letters(te[0]))),
    st.tuples(page(), st.sampled_from(["utf-8", "gb18030", "utf-16"])).map(lambda te: (encode(*te), True)),
)
NAME = st.binary(min_size=1, max_size=16).filter(
    lambda b: b"/" not in b and b"\0" not in b and not b.startswith(b".")).map(lambda b: b.replace(b"\n", b"_"))
EXTENSION = st.sampled_from([b".txt", b".TXT", b".html", b".HTML", b".md", b".htm"])


def json_documents(text: str) -> list[dict]:
    docs, dec, pos = [], json.JSONDecoder(), 0
    while pos < len(text):
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos == len(text):
            break
        obj, pos = dec.raw_decode(text, pos)
        docs.append(obj)
    return docs


@pytest.mark.skipif(sys.platform != "linux", reason="file names as bytes")
@hostile
@given(st.dictionaries(st.tuples(NAME, EXTENSION).map(b"".join), CONTENT, min_size=1, max_size=5),
       st.sampled_from(["json", "jsonl"]))
def test_a_batch_of_hostile_files(files, fmt):
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp):
        os.mkdir(b"in")
        for name, (data, _) in files.items():
            with open(b"in/" + name, "wb") as fh:
                fh.write(data)
        r = runner().invoke(main, ["in", "-o", "-", "--format", fmt, "-j", "1", "-q"], catch_exceptions=False)
    assert r.exit_code in (0, 1), (r.exit_code, r.stderr)
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr, r.stderr
    assert len(r.stderr.splitlines()) == sum(1 for line in r.stderr.splitlines() if line.startswith("in/"))
    records = json_documents(r.stdout)
    assert len(records) == len(files)
    by_name = {os.fsdecode(b"in/" + n): d for n, d in files.items()}
    shown = {k.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"): v for k, v in by_name.items()}
    for rec in records:
        data, must_have_letters = shown[rec["path"]]
        if rec["errors"]:
            assert rec["markdown"] == "" and all("\n" not in e for e in rec["errors"])
            assert not must_have_letters or rec["errors"] != ["empty input"], (data, rec)
        elif must_have_letters:
            assert LETTER.search(rec["markdown"] + rec["title"]), (data, rec)
        json.dumps(rec, ensure_ascii=False).encode("utf-8")


@hostile
@given(page(), st.sampled_from(["utf-8", "gb18030", "big5", "utf-16"]))
def test_a_page_with_text_never_comes_out_empty(html, enc):
    data = html.encode(enc, "replace")
    doc, out = clean_bytes(data, source="page.html", settings=Settings(format="json"))
    record = json.loads(out)
    assert LETTER.search(record["markdown"]), (html[:200], record)


@hostile
@given(TEXT)
def test_a_text_dump_with_letters_never_comes_out_empty(text):
    data = encode(text, "utf-8")
    try:
        _doc, out = clean_bytes(data, source="a.txt", settings=Settings(format="jsonl"))
    except CleanerError as exc:
        assert "\n" not in str(exc)
        return
    record = json.loads(out)
    if visible_letters(text):
        assert LETTER.search(record["markdown"] + record.get("title", "")), (text, record)
