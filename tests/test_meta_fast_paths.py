"""The quick tests of the metadata readers skip only what their patterns cannot match.

``byline.find_author`` tries a pattern only on a line holding its key (and any pattern only on a line
the hint finds, or a signature only on a line ending with a bracket); the plain form below tries every
pattern on every line.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import byline
from cleaner.html.meta import _PUBLISHED_CLASS, _may_say_published
from cleaner.byline import (_AUTHOR_EDITOR, _AUTHOR_HINT, _AUTHOR_LABELLED, _NOT_SIGNATURE, _SIGNATURE,
                            _SIGNATURE_ENDS, _TIERS, HEAD_CHARS, HEAD_LINES, _valid_names)
from examples import examples  # noqa: E402  (the fast-path tests' example counts)

_KEYED = _AUTHOR_LABELLED + [_AUTHOR_EDITOR]


def _plain_find_author(lines, start=None):
    """find_author without its quick tests."""
    found = ["", "", "", ""]
    for line in lines[start:start + HEAD_LINES * 3] if start is not None else lines[:HEAD_LINES * 8]:
        text = line.strip()
        short = len(text) <= HEAD_CHARS
        head = text if short else text[:HEAD_CHARS]
        for tier, patterns in enumerate(_TIERS):
            if found[tier]:
                continue
            for p in patterns:
                m = next((m for m in p.rx.finditer(head) if _valid_names(m.group(1))), None)
                if m:
                    found[tier] = _valid_names(m.group(1))
                    break
        if found[0]:
            return found[0]
        if not found[2] and (m := _SIGNATURE.rx.search(text)) and not _NOT_SIGNATURE.search(m.group(1)):
            found[2] = _valid_names(m.group(1))
        if not found[3] and short and (m := _AUTHOR_EDITOR.rx.search(text)):
            found[3] = _valid_names(m.group(1))
    return next((f for f in found if f), "")


def _matching(p):
    return st.from_regex(re.compile(p.source, p.flags))


@pytest.mark.parametrize("i", range(len(_KEYED)))
@settings(max_examples=examples(300), deadline=None)
@given(data=st.data())
def test_a_line_an_author_pattern_matches_holds_its_key_and_the_hint(i, data):
    p = _KEYED[i]
    line = data.draw(_matching(p))
    assert p.rx.search(line)
    assert p.may_match(line.lower())
    assert _AUTHOR_HINT.search(line)


@settings(max_examples=examples(300), deadline=None)
@given(_matching(_SIGNATURE))
def test_a_line_the_signature_matches_ends_with_a_bracket(line):
    text = line.strip()
    if _SIGNATURE.rx.search(text):
        assert text.endswith(_SIGNATURE_ENDS)


_LINE = st.one_of(st.sampled_from(range(len(_KEYED))).flatmap(lambda i: _matching(_KEYED[i])),
                  _matching(_SIGNATURE),
                  st.text(alphabet="作者文记者由来源编辑 /：:（）()。byBYPosteſ张三李四abc\n", max_size=30))


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(_LINE, max_size=8), st.none() | st.integers(0, 8))
def test_find_author_with_quick_tests_is_the_plain_one(lines, start):
    assert byline.find_author(lines, start) == _plain_find_author(lines, start)


@settings(max_examples=examples(500), deadline=None)
@given(st.text(alphabet="abzAZ éÀɏḀ 1_中ぁ한,.\n", max_size=20))
def test_mostly_latin_by_counting_is_the_one_by_listing(text):
    from cleaner import language
    letters = len(re.findall(r"[^\W\d_]", text))
    expected = letters > 0 and len(re.findall(r"[A-Za-z\u00c0-\u024f]", text)) >= 0.8 * letters
    assert language._mostly_latin(text, len(re.sub(language._NOT_LETTER, "", text))) == expected


@settings(max_examples=examples(500), deadline=None)
@given(st.one_of(st.from_regex(_PUBLISHED_CLASS), st.text(alphabet="pubPUBlishedLISHED-_ datDATEſıİK\u212a", max_size=20)))
def test_the_published_class_pre_test_passes_every_class_the_pattern_matches(cls):
    if _PUBLISHED_CLASS.search(cls):
        assert _may_say_published(cls)
