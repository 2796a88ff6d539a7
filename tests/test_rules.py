"""Every rule family's ``examples`` / ``counterexamples`` in ``cleaner/rules/*.toml``, run automatically.

A family's examples must be dropped by that family's rule (with its reason),
its counterexamples kept.  Each test puts the text as the last block after a
prose paragraph, through the context-free rules only (Markdown input), the way
it would meet the text in an article.
"""
from __future__ import annotations

import pytest

from cleaner.document import Block, Document
from cleaner.parse import caption_credit_split
from cleaner.rules import builtin_rules
from cleaner.strip import strip

RULES = builtin_rules()
LEAD = "这是一段正常的文章内容，用来作为上下文，它有标点，也有足够的长度，读起来像正文。"


def family_cases(kind: str):
    for name, body in RULES.items():
        if not isinstance(body, dict):
            continue
        if name == "spam":
            for cat, sub in body.items():
                if isinstance(sub, dict):
                    for text in sub.get(kind, []):
                        yield pytest.param(f"spam:{cat}", text, id=f"spam.{cat}:{text[:20]}")
            continue
        for text in body.get(kind, []):
            yield pytest.param(name, text, id=f"{name}:{text[:20]}")


def judge(text: str) -> Block:
    doc = Document("-", format="markdown", blocks=[Block.of("paragraph", LEAD), Block.of("paragraph", text)])
    strip(doc, RULES)
    return doc.blocks[1]


def expected_reason(family: str) -> str:
    return RULES.get(family, {}).get("reason", family) if not family.startswith("spam") else family


@pytest.mark.parametrize("family,text", list(family_cases("examples")))
def test_example_is_caught(family, text):
    if family == "caption":
        assert caption_credit_split(text) is not None
        return
    b = judge(text)
    assert not b.keep, f"{family} example kept: {text!r}"
    assert b.reason.startswith(expected_reason(family)), (b.reason, b.detail)
    assert b.detail, "every drop carries a human detail"


@pytest.mark.parametrize("family,text", list(family_cases("counterexamples")))
def test_counterexample_is_kept(family, text):
    if family == "caption":
        assert caption_credit_split(text) is None
        return
    b = judge(text)
    assert b.keep, f"{family} counterexample dropped as {b.reason} ({b.detail}): {text!r}"


def test_every_family_has_examples_and_counterexamples():
    for name in ("credit", "nav", "ad", "share", "copyright", "comment", "byline", "caption"):
        assert RULES[name].get("examples") and RULES[name].get("counterexamples"), name
    cats = [cat for cat, body in RULES["spam"].items() if isinstance(body, dict)]
    assert {"gambling", "porn", "pharma", "casino", "loans", "replica", "essay"} <= set(cats)
    for cat in cats:
        assert RULES["spam"][cat].get("examples") and RULES["spam"][cat].get("counterexamples"), cat


def test_literal_union_matches_where_one_of_the_words_occurs():
    import re

    from hypothesis import given, strategies as st

    from cleaner.lexicon import literal_union

    @given(st.lists(st.text("abc中文.*", min_size=1, max_size=4), min_size=1, max_size=8), st.text("abc中文.*x", max_size=12))
    def check(words, text):
        assert bool(re.search(literal_union(words), text)) == any(w in text for w in words)

    check()
    assert literal_union(["ab", "abc", "x"]) == "(?:ab(?:c)?|x)"
