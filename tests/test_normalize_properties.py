"""Property tests for normalization (hypothesis)."""
from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from cleaner import normalize as nz
from cleaner import script
from cleaner.document import Block, Document, Span
from cleaner.settings import Settings

KEEP = Settings(script="keep")
ALL_ON = Settings(script="keep", quotes="corner", cjk_spacing=True)
CURLY = Settings(script="keep", quotes="curly")

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
CJK_PUNCT = st.sampled_from(list("，。、；：？！「」『』（）《》……—“”‘’"))
ASCII_PUNCT = st.sampled_from(list(",.:;?!()'\"-%/"))
SPACES = st.sampled_from([" ", "  ", "\u00a0", "\u3000", "\t", "\u200b", "\ufeff"])
LATIN = st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=6)
NUMBER = st.from_regex(r"\A(?:[1-9][0-9]{0,2}(?:,[0-9]{3})+|[0-9]+\.[0-9]+|[0-9]+%|[0-9]{1,2}:[0-9]{2})\Z")
URL = st.from_regex(r"\Ahttps?://[a-z]{2,8}\.(?:com|cn|org)(?:/[a-z0-9_-]{1,8}){0,3}(?:\?[a-z]=[0-9]{1,3}(?:,[0-9]{1,3})?)?\Z")
EMAIL = st.from_regex(r"\A[a-z][a-z0-9.]{0,6}[a-z]@[a-z]{2,6}\.(?:com|cn)\Z")
FULLWIDTH = st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E)

PIECE = st.one_of(st.text(HAN, min_size=1, max_size=8), CJK_PUNCT, ASCII_PUNCT, SPACES, LATIN, NUMBER, FULLWIDTH,
                  st.just("\n"), st.just("..."))
MIXED_TEXT = st.lists(PIECE, max_size=25).map("".join)

FAST = hsettings(max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", 150)), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(MIXED_TEXT, st.sampled_from([KEEP, ALL_ON, CURLY, Settings()]))
def test_idempotent(text, cfg):
    once = nz.fix_text(text, cfg)
    assert nz.fix_text(once, cfg) == once


@FAST
@given(st.lists(PIECE, min_size=1, max_size=4).map("".join), st.lists(PIECE, max_size=4).map("".join),
       st.sampled_from([KEEP, ALL_ON]))
def test_idempotent_across_spans(a, b, cfg):
    def run(texts):
        block = Block("paragraph", [Span(texts[0]), Span(texts[1], "strong")])
        nz.normalize(Document("-", blocks=[block]), cfg)
        return [s.text for s in block.spans]
    once = run([a, b])
    assert run(once) == once


ASCII_TEXT = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E) | st.sampled_from(["\n", "\t"]),
                     max_size=80)


@FAST
@given(ASCII_TEXT, st.sampled_from([KEEP, ALL_ON, CURLY, Settings()]))
def test_ascii_unchanged_except_whitespace(text, cfg):
    out = nz.fix_text(text, cfg)
    squash = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    assert squash(out) == squash(text)
    assert out.isascii()


@FAST
@given(MIXED_TEXT, st.sampled_from([KEEP, ALL_ON, CURLY]))
def test_no_han_character_lost_with_script_keep(text, cfg):
    before = len(script.HAN_RE.findall(text))
    assert len(script.HAN_RE.findall(nz.fix_text(text, cfg))) == before


@FAST
@given(st.lists(st.tuples(MIXED_TEXT, st.one_of(NUMBER, URL, EMAIL)), min_size=1, max_size=4), MIXED_TEXT,
       st.sampled_from([KEEP, ALL_ON, Settings(), Settings(script="tw")]))
def test_numbers_and_urls_survive(parts, tail, cfg):
    # the literal is set off by a space or CJK on both sides, as in running text
    text = "".join(f"{t} {lit} " for t, lit in parts) + tail
    info = script.detect(text)
    out = nz.fix_text(text, cfg, script.conversion_config(info, cfg.script, cfg.phrases), info)
    for _, lit in parts:
        assert lit in out


@FAST
@given(st.lists(st.one_of(st.text(HAN, min_size=1, max_size=6), st.sampled_from([",", ":", ";", "?", "!"])),
                min_size=1, max_size=20).map("".join))
def test_no_ascii_punctuation_left_between_han(text):
    out = nz.fix_text(text, KEEP)
    assert not re.search(r"[\u4e00-\u9fff][,:;?!]", out)


QUIET_PIECE = st.text(st.sampled_from([chr(c) for c in range(0x20, 0x7f)] + list("\n‘’“”–—…•")), max_size=30)


@FAST
@given(st.lists(st.tuples(QUIET_PIECE | st.sampled_from(["  ", " \n", "\t", "a. b", "x,y", "(a)", "...", "\x07", "é’", "中,"]),
                          st.booleans()), min_size=1, max_size=4),
       st.sampled_from([KEEP, ALL_ON, CURLY, Settings()]))
def test_quiet_ascii_fast_path_is_a_fixed_point(segments, cfg):
    """fix_segments skips the fixers for printable ASCII without runs of spaces: they would change nothing."""
    texts = [t for t, _ in segments]
    if nz._MAY_NEED_FIXING.search("".join(texts)):
        return
    for i, (t, mutable) in enumerate(segments):     # every fixer, with its context, as fix_segments runs them
        if mutable:
            left = next((texts[j][-1] for j in range(i - 1, -1, -1) if texts[j]), "")
            right = next((texts[j][0] for j in range(i + 1, len(texts)) if texts[j]), "")
            assert nz._apply(nz.enabled_fixers(cfg), t, left, right) == t
