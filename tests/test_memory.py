"""What the pipeline does to hold less memory on a large input changes no output (issue 15: peak ≤ 10×
the input, measured by benchmarks/memory.py; no timed or sized test here, the results are compared)."""
import os
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from cleaner import language, render, strip as strip_mod
from cleaner.document import Document
from cleaner.pipeline import clean_bytes, clean_document
from cleaner.read import has_mojibake, has_mojibake_in, read_bytes
from cleaner.render import render as render_doc
from cleaner.settings import DEFAULT

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_7ff96054997bd690.txt"
CORPUS = os.environ.get("CLEANER_CORPUS", "/work/shared/corpus")
# the golden HTML page, and a few corpus pages when the corpus is there
PAGES = [ROOT / "tests" / "golden" / "html" / "structure.html"] + \
    sorted(Path(CORPUS).glob("*/*/input.html"))[:3]

_pieces = st.lists(st.text(alphabet=st.sampled_from("ab 中文\n\t，。Ã©"), max_size=40), max_size=60)


@given(_pieces, st.sampled_from(["", "en", "zh-CN", "fr"]))
@settings(max_examples=200, deadline=None)
def test_language_head_detects_as_the_whole_text(texts, hint):
    whole = "\n".join(texts)
    head = language.head(texts)
    assert whole.startswith(head)
    assert language.detect(head, hint) == language.detect(whole, hint)


def test_language_head_stops_early_on_a_long_text():
    texts = ["一段很长的中文文字，" * 50] * 1000
    assert len(language.head(texts)) < len("\n".join(texts)) // 100


@given(_pieces)
@settings(max_examples=200, deadline=None)
def test_mojibake_test_block_by_block_is_the_joined_test(texts):
    assert has_mojibake_in(texts) == has_mojibake("\n".join(texts))


@given(st.lists(st.text(alphabet=st.sampled_from("\nab"), max_size=6), max_size=8))
def test_body_parts_stripped_join_as_the_joined_text_stripped(parts):
    expected = "".join(parts).strip("\n") + "\n" if parts else ""
    assert "".join(render._stripped(list(parts))) == expected


def _sources():
    yield "seed.txt", SEED.read_bytes()
    for p in PAGES:
        yield str(p), p.read_bytes()


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_letting_go_of_the_input_changes_no_output(fmt):
    settings_ = DEFAULT.with_(format=fmt)
    for name, data in _sources():
        kept = clean_document(read_bytes(data, source=name), settings_)
        let_go = clean_document(read_bytes(data, source=name), settings_, keep_input=False)
        assert let_go.raw == b"" and let_go.text == "" and kept.text
        assert let_go.chars_in == kept.chars_in
        assert render_doc(let_go, settings_) == render_doc(kept, settings_)


def test_lookup_forms_made_a_window_at_a_time_change_no_decision(monkeypatch):
    # a text dump of many paragraphs, judged with windows of 3 blocks and with one window for all
    data = (SEED.read_text(encoding="utf-8") + "\n\n") * 3
    whole = clean_bytes(data.encode("utf-8"), "a.txt")[0]
    monkeypatch.setattr(strip_mod, "FORMS_WINDOW", 3)
    windowed = clean_bytes(data.encode("utf-8"), "a.txt")[0]
    assert len(whole.blocks) > 3
    assert [(b.keep, b.reason, b.detail, b.text) for b in windowed.blocks] == \
        [(b.keep, b.reason, b.detail, b.text) for b in whole.blocks]
    assert all(b.forms is None for b in windowed.blocks)


def test_documents_keep_their_input_by_default():
    doc = Document("a.txt", raw=b"Title\n\nSome text here.\n", text="Title\n\nSome text here.\n")
    clean_document(doc)
    assert doc.raw and doc.text and doc.chars_in == len(doc.text)
