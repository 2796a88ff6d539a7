"""The speed-ups of the strip stage give exactly what the plain definitions give.

Each fast path (one OpenCC call per document, regex counting, the family pre-test, the
frozen block text) is checked against the slow form it replaces.
"""
from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import script
from cleaner.document import Block, frozen_text
from cleaner.features import (OTHER_DIGITS, PUNCT, SENTENCE_END, SEPARATORS, THRESHOLDS, _OTHER_DIGIT_RE,
                              block_features, cjk_space_commas)
from cleaner.lexicon import is_sentence, key_form, lexicon, light_form
from cleaner.rules import builtin_rules
from cleaner.strip import LookupForms
from examples import examples  # noqa: E402  (the fast-path tests' example counts)

LEX = lexicon(builtin_rules())
# characters the lexicons, the features and OpenCC care about, plus a few others
_ALPHABET = sorted(set("".join(t for f in LEX.families.values() for t in (*f.lines, *f.contains)))
                   | set("".join(t for ts in LEX.spam.values() for t in ts))
                   | PUNCT | SENTENCE_END | SEPARATORS
                   | set("發表評論關於我們軟體這個裡面①²३ 0123456789abcXYZ\n\t\u3000ＡＢ１（）"))
texts = st.text(alphabet=_ALPHABET, max_size=90)


def test_other_digits_are_the_non_decimal_digits_of_this_unicode_database():
    expected = {chr(i) for i in range(sys.maxunicode + 1) if chr(i).isdigit() and not chr(i).isdecimal()}
    found = {chr(i) for i in range(sys.maxunicode + 1) if _OTHER_DIGIT_RE.match(chr(i))}
    assert found == expected, OTHER_DIGITS


def _slow_features(t: str) -> dict:
    t = t.strip()
    n = len(t) or 1
    return {"punct": sum(1 for c in t if c in PUNCT), "sentences": sum(1 for c in t if c in SENTENCE_END),
            "digit_sep_share": round(sum(1 for c in t if c.isdigit() or c in SEPARATORS) / n, 3)}


@settings(max_examples=examples(300), deadline=None)
@given(texts)
def test_counting_features_match_the_per_character_definition(text):
    f = block_features(Block.of("paragraph", text), LEX)
    slow = _slow_features(text)
    t = text.strip()
    assert f.punct_density == round((slow["punct"] + cjk_space_commas(t, THRESHOLDS)) / (len(t) or 1), 3)
    assert f.sentences == slow["sentences"]
    assert f.digit_sep_share == slow["digit_sep_share"]


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(texts, max_size=8))
def test_fold_many_is_fold_of_each(items):
    assert script.fold_many(items) == [script.fold(t) for t in items]


def test_fold_many_keeps_texts_with_newlines_apart():
    items = ["這個\n軟體", "", "裡面", "\n", "關於"]
    assert script.fold_many(items) == [script.fold(t) for t in items]


@settings(max_examples=examples(400), deadline=None)
@given(texts)
def test_family_pre_test_never_hides_a_match(text):
    chars = len(text.strip())
    key, light = key_form(text), light_form(text)
    fams = LEX.families_to_try(key, light, chars, text)       # (is_sentence asked only when needed)
    for name, fam in LEX.families.items():
        why = fam.match(text, chars)
        assert fam.match(text, chars, key, light, is_sentence(text)) == why
        if fams is not None and name not in fams:
            assert why is None, (name, text)


def test_frozen_text_follows_set_text_and_ends_with_the_block():
    b = Block.of("paragraph", "一")
    with frozen_text([b]):
        assert b.text == "一"
        b.set_text("二")
        assert b.text == "二"
    b.spans[0].text = "三"          # (normalize edits spans in place: no stale text afterwards)
    assert b.text == "三"


def _key_by_regex(light: str) -> str:
    import re

    from cleaner.lexicon import _DECORATION
    t = _DECORATION.sub(" ", light)
    t = re.sub(r"\s*\(?\d+\)?\s*$", "", t)
    t = re.sub(r"^\s*\d+\s+", "", t)
    return t.strip()


@settings(max_examples=examples(500), deadline=None)
@given(st.text(alphabet="评论 12()（）\n\t\u3000\x1c\xa0a٣²", max_size=20))
def test_count_at_the_end_goes_as_with_the_plain_pattern(light):
    from cleaner.lexicon import key_from_light
    assert key_from_light(light) == _key_by_regex(light)


@settings(max_examples=examples(300), deadline=None)
@given(texts)
def test_a_block_that_cannot_be_a_line_matches_no_family(text):
    text = text * 4 + "这是一段很长的正文内容讲的是城市里的交通问题记者走访了很多地方也采访了很多市民" * 2
    chars = len(text.strip())
    if LEX.cannot_be_line(light_form(text), chars):
        assert LEX.families_to_try(None, light_form(text), chars, text) == frozenset()
        assert all(f.match(text, chars) is None for f in LEX.families.values())


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.text(alphabet=_ALPHABET + list("ΑΣσς_'İ\u0301"), max_size=30), max_size=8))
def test_fingerprints_of_a_document_are_its_line_hashes(items):
    from cleaner.document import Document
    from cleaner.template import fingerprints, line_hash
    doc = Document("-", blocks=[Block.of("paragraph", t) for t in items])
    assert fingerprints(doc) == {line_hash(t) for t in items} - {""}


def test_first_pass_parse_gives_the_same_texts():
    from pathlib import Path

    from cleaner.parse import parse
    from cleaner.read import read_path
    files = sorted(Path(__file__).parent.joinpath("data", "articles").rglob("*.txt"))[:20]
    assert files
    for path in files:
        full, bare = parse(read_path(str(path))), parse(read_path(str(path)), layout=False)
        assert [b.text for b in bare.blocks] == [b.text for b in full.blocks]


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.text(alphabet=_ALPHABET + list("_٣"), max_size=30), max_size=8), st.booleans())
def test_template_hashes_from_light_forms_are_line_hashes(items, with_light):
    from cleaner.template import _hashes, line_hash
    blocks = [Block.of("paragraph", t) for t in items]
    if with_light:
        for b in blocks:
            b.forms = LookupForms(light_form(b.text))
    assert _hashes(blocks) == [line_hash(t) for t in items]


_ENGLISH_ALPHABET = list("abcXYZ019 '’‘“”–—…•.,;:!?()-_/|·é²中") + ["\u3000", "\n", "don't", "It’s", " the ", "The", " OF ", "and"]


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.sampled_from(_ENGLISH_ALPHABET), max_size=40).map("".join))
def test_english_fast_path_gives_the_general_features(text):
    import re

    import cleaner.features as features
    b = Block.of("paragraph", text)
    fast = block_features(b, LEX)
    general = features._NOT_ENGLISH
    try:
        features._NOT_ENGLISH = re.compile(r"[\s\S]")      # every text takes the general patterns
        assert block_features(b, LEX) == fast
    finally:
        features._NOT_ENGLISH = general


@settings(max_examples=examples(500), deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_ascii_counts_are_the_english_pattern_counts(text):
    from cleaner.features import _ascii_counts, _counts
    assert _ascii_counts(text) == _counts(text, english=True)


@settings(max_examples=examples(500), deadline=None)
@given(st.text(alphabet="中文abcxyzA \n", max_size=30))
def test_latin_junk_reads_the_tail_as_the_pattern_reads_the_text(text):
    from cleaner.strip import _LATIN_JUNK, latin_junk
    assert latin_junk(text) == (_LATIN_JUNK.search(text) is not None)


@settings(max_examples=examples(500), deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40) | texts)
def test_undecorate_is_the_decoration_pattern(text):
    from cleaner.lexicon import _DECORATION, undecorate
    assert undecorate(text) == _DECORATION.sub(" ", text)


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.text(alphabet="ab中文x", min_size=1, max_size=3), max_size=6)
       | st.just([t for ts in LEX.spam.values() for t in ts])
       | st.just([c for f in LEX.families.values() for c in f.contains]),
       st.text(alphabet="ab中文xy ", max_size=20) | texts)
def test_any_phrase_is_any_phrase_in_the_text(phrases, text):
    from cleaner.lexicon import AnyPhrase
    assert AnyPhrase(phrases).search(text) == any(p in text for p in phrases)


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.sampled_from(list("ab.:/@wWhtpsf中 ") + ["://", "www.", "http", "a@b.cn"]), max_size=30)
       .map("".join))
def test_segments_of_a_text_are_its_protected_split(text):
    from cleaner.normalize import segments_of, split_protected
    assert segments_of(text) == (split_protected(text) if text else [("", True)])


# ------------------------------------------------------------------ any family pattern, in fewer steps

# the built-in patterns, and others that start in every way AnyPattern reads (or gives up on)
_PATTERNS = [p.pattern for f in LEX.families.values() for p in f.patterns] + [
    r"\Aab", r"^a|b", r"(?:x|y)z+", r"[a-c]{2,}", r"\bthe", r"a?b", r"[^a]b", r"\d+x", r"(?>ab)c", r"x*+y",
    r"(?i:a)b", r"(Ab|[c\]-])", r"(?=a)", r"(?m:^c)", r"k", r"(?<![a-z])abc", r"Kab", r"(?<=x)yz", r"(?!a)bc"]
_PATTERN_ALPHABET = _ALPHABET + list("ABKabcxyz[]^-\n\u212a")


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.sampled_from(_PATTERNS), min_size=1, max_size=5),
       st.text(alphabet=_PATTERN_ALPHABET, max_size=40))
def test_any_pattern_is_the_search_of_their_union(patterns, text):
    import re
    from cleaner.lexicon import AnyPattern
    union = re.compile("|".join(f"(?:{p})" for p in patterns), re.I)
    assert AnyPattern(patterns, re.I).search(text) == (union.search(text) is not None)
    # on lower-case texts (light forms) the literal prefixes are looked for with ``in``
    lowered = text.lower()
    assert AnyPattern(patterns, re.I, lowered=True).search(lowered) == (union.search(lowered) is not None)


def test_a_literal_prefix_after_a_lookbehind_is_the_quick_test():
    import re
    from cleaner.lexicon import AnyPattern
    ap = AnyPattern([r"(?<![a-z])icp备案号", r"【[a-z]"], re.I, lowered=True)
    assert ap.free_prefixes == ("icp备案号",) and ap.free_start.pattern == "[\\u3010]"
    assert ap.search("京icp备案号") and not ap.search("ticket price")


def test_any_pattern_without_the_private_reader_is_the_plain_union(monkeypatch):
    import re
    from cleaner import lexicon as lexicon_mod
    monkeypatch.setattr(lexicon_mod, "sre_parse", None)
    ap = lexicon_mod.AnyPattern([r"^ab", r"cd"], re.I)
    assert (ap.anchored, ap.free_start) == (None, None) and ap.free.pattern == "(?:^ab)|(?:cd)"
    assert [ap.search(t) for t in ("abx", "xab", "xCD", "x")] == [True, False, True, False]


# ------------------------------------------------------------------ the page's own bytes to libxml2

_PAGE_TEXT = st.text(st.sampled_from(list("<p>ab 中文\r\n\ufeff\ufffdé") + ["\x00"]), max_size=40)


@settings(max_examples=examples(300), deadline=None)
@given(_PAGE_TEXT, st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]), st.binary(max_size=3),
       st.booleans())
def test_page_bytes_are_given_to_libxml2_only_when_they_are_the_text_in_utf8(text, codec, junk, declare):
    """Whatever ``read`` did to the bytes (BOM, CRLF, replaced bytes, another charset), the bytes
    ``parse_tree`` gets are the text's UTF-8."""
    from cleaner.errors import InputError
    from cleaner.html.dom import page_bytes
    from cleaner.read import read_bytes
    head = '<meta charset="utf-8">' if declare else ""
    data = (head + "<html><body>" + text).encode(codec, "replace") + junk
    try:
        doc = read_bytes(data, source="page.html")
    except InputError:
        return
    raw = page_bytes(doc.raw, doc.text, doc.encoding)
    assert raw is None or raw == doc.text.encode("utf-8", "replace")


def test_page_bytes_are_used_for_a_plain_utf8_page():
    from cleaner.html.dom import page_bytes
    from cleaner.read import read_bytes
    doc = read_bytes("<html><body><p>中文 text</p>".encode(), source="page.html")
    assert page_bytes(doc.raw, doc.text, doc.encoding) is doc.raw
    assert page_bytes(b"", doc.text, "utf-8") is None      # a Document made in code, with text only


# ------------------------------------------------------------------ template fingerprints of a document's lines

_LINE_CHARS = st.one_of(st.characters(codec="utf-8", exclude_characters="\n"),
                        st.sampled_from(list("aZ09_ -.,!“”—、，。中文٣５²\ud800\t")))


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(st.text(_LINE_CHARS, max_size=30), max_size=6))
def test_lines_zeroed_and_stripped_at_once_are_each_line_on_its_own(lights):
    from cleaner.template import _from_light, _from_lights, _zero_and_strip
    assert _zero_and_strip("\n".join(lights)).split("\n") == [_from_light(x) for x in lights] or not lights
    assert _from_lights(lights) == [_from_light(x) for x in lights]


# lines like comment heads and their near misses: dates, times, "said,", link words, a score
_HEAD_ALPHABET = sorted(set("0123456789:,.-/ ()ansjuloctdecmbrwiphkyv\nΣσ評論") | set("permalinkabusescorecomment"))
_HEAD_WORDS = st.sampled_from(["October 31, 2012 at 9:41 am", "2012-10-23 20:14", "Jacob said,", "said ,",
                               "permalink", "Link to comment", "report abuse", "(Score:5, Funny)", "9:41",
                               "Ann", "on", "wrote,", ",\n", "reply to comment", "12:0"])
head_lines = st.lists(st.one_of(_HEAD_WORDS, st.text(alphabet=_HEAD_ALPHABET, max_size=12)), max_size=6).map(" ".join)


@settings(max_examples=examples(400))
@given(head_lines)
def test_comment_head_pre_test_never_hides_a_head(text):
    from cleaner.comments import _head
    heads = LEX.families["comment"].heads
    light = light_form(text)
    assert _head(LEX.families["comment"], light) == heads.search(light)


@settings(max_examples=examples(300))
@given(st.text(alphabet=_ALPHABET + ["Σ", "ς", "İ", "_", "-"], max_size=200),
       st.text(alphabet=_ALPHABET + ["Σ", "İ"], max_size=200))
def test_a_key_head_begins_the_key_and_equal_keys_have_agreeing_heads(a, b):
    from cleaner.context import _key_head
    from cleaner.document import word_key
    ha, hb = _key_head(a), _key_head(b)
    assert word_key(a).startswith(ha) and bool(ha) == bool(word_key(a))
    for x, hx in ((b, hb), (a + b, _key_head(a + b)), (a.upper(), _key_head(a.upper()))):
        if word_key(x) == word_key(a):
            assert hx.startswith(ha) or ha.startswith(hx)


_KEY_CHARS = _ALPHABET + list("ÉéÀàçñÑøØßẞﬁǅǈΣσςΐİıŉÅÆ¹½٣੫\u0301\u200b\u00a0·—–…'\"!?.,;:_-") + ["\U0001d400", "\U00020000"]


@settings(max_examples=examples(500))
@given(st.text(alphabet=_KEY_CHARS, max_size=120) | st.text(max_size=60))
def test_word_key_is_the_deleting_regex_of_its_definition(text):
    # the definition word_key's joined word runs replace: delete every run of non-word characters
    import re
    from cleaner.document import word_key
    assert word_key(text) == re.sub(r"\W+", "", text).lower()


def _second_of_a_composition() -> set[str]:
    """Every character that is the second of a canonical pair some character decomposes into (what
    NFC composes onto the character before it), and the Hangul vowel and final jamo."""
    import unicodedata
    out = {chr(c) for c in (*range(0x1161, 0x1176), *range(0x11a8, 0x11c3))}
    for c in range(sys.maxunicode + 1):
        d = unicodedata.decomposition(chr(c))
        if d and not d.startswith("<") and len(d.split()) == 2:
            out.add(chr(int(d.split()[1], 16)))
    return out


def test_nfkc_fast_path_characters_keep_compositions_apart():
    # what makes nfkc_form exact: a safe character is its own NFKC, and neither it nor the start of its
    # decomposition is combining or composes onto the character before; a mapped one's NFKC is made of such
    import re
    import unicodedata
    from cleaner.lexicon import _NFKC_OF, _NFKC_SAFE
    second = _second_of_a_composition()

    def safe(c):
        first = unicodedata.normalize("NFKD", c)[0]
        return unicodedata.normalize("NFKC", c) == c and not ({c, first} & second) \
            and unicodedata.combining(c) == 0 and unicodedata.combining(first) == 0

    in_class = [chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(f"[{_NFKC_SAFE}]", chr(c))]
    assert len(in_class) > 39000      # (ASCII, punctuation, kana, Han, Hangul, private use)
    assert all(safe(c) for c in in_class)
    assert all(m and all(safe(x) for x in m) for m in _NFKC_OF.values())
    assert not set(_NFKC_OF) & set(in_class)


_NFKC_CHARS = _KEY_CHARS + list("，：（）！？；％＋～　。、“”《》【】「」★■→가각\u1100\u1161\u11a8ｶﾞ\u3099\u0308ä"
                                "\u2024\u2025…\u00a0\u2003￥￣\u0338\u219a≠=ﷺ\ue5e5\ufffd")


@settings(max_examples=examples(500))
@given(st.text(alphabet=_NFKC_CHARS, max_size=120) | st.text(max_size=60))
def test_nfkc_form_is_unicodedata_nfkc(text):
    import unicodedata
    from cleaner.lexicon import nfkc_form
    out = nfkc_form(text)
    assert out == unicodedata.normalize("NFKC", text)
    assert (out is text) == unicodedata.is_normalized("NFKC", text)


@settings(max_examples=examples(500))
@given(st.lists(st.sampled_from(list("ab :\n\t\u3000中，") + ["said", "says", "wrote", "commented", " on "]),
                max_size=16).map("".join))
def test_comment_head_pattern_gives_no_word_back_and_matches_as_before(text):
    # boilerplate.toml's comment-head pattern with possessive words (\S++) against its plain form
    import re
    possessive = next(p for p in LEX.families["comment"].patterns if "says|said" in p.pattern)
    assert r"\S++" in possessive.pattern
    plain = re.compile(possessive.pattern.replace(r"\S++", r"\S+"), re.I)
    assert bool(possessive.search(text)) == bool(plain.search(text))
    assert bool(possessive.search(text + " said:")) == bool(plain.search(text + " said:"))


@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet="abc é,。\n\u3400\u4e00\u9fff\uf900\U00020000\U0003134f\u3041ア한\u2e80\u3007", max_size=40))
def test_script_detect_without_han_is_decided_by_one_search(text):
    """script.detect's first test (no Han character found: "none") is the per-character count's answer."""
    has_han = any(script.HAN_RE.match(ch) for ch in text)
    info = script.detect(text)
    assert (info.han > 0) == has_han
    if not has_han:
        assert info == script.ScriptInfo("none", "", 0.0, 0, 0, 0)
    else:
        assert info.han == sum(1 for ch in text if script.HAN_RE.match(ch))


_EVERY_CHARACTER = "".join(map(chr, range(0x110000)))


def test_classes_taken_out_of_re_i_match_what_they_matched_under_it():
    """normalize's URL character and strip's Han class are compiled without ``re.I`` inside patterns that
    have it (case-folding their code points was most of compiling those patterns): for every code point,
    the class matches under ``re.I`` exactly when it matches without it."""
    from cleaner import normalize, strip

    for scoped in (normalize._URL_CHAR, strip._HAN):
        assert scoped.startswith("(?-i:") and scoped.endswith(")")
        folded = re.compile(scoped[len("(?-i:"):-1], re.I)
        plain = re.compile(scoped, re.I)
        assert [m.start() for m in folded.finditer(_EVERY_CHARACTER)] \
            == [m.start() for m in plain.finditer(_EVERY_CHARACTER)]
        assert scoped in (normalize._PROTECTED.pattern if scoped is normalize._URL_CHAR else strip._URL.pattern)
