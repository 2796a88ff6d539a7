"""Block features and the context-free block class, in the spirit of jusText, made for CJK.

Sizes are counted in *units*: one CJK character is one unit and one Latin-script
word is ``Thresholds.latin_word_units`` units (an English word carries about as
much as two Chinese characters), so one set of thresholds serves both scripts.

Classes (jusText's names, plus ``code``): ``good`` — a prose paragraph that anchors the
article; ``near-good`` — prose too short to anchor it; ``short`` — a short
line (heading, byline, menu item), judged by its neighbours; ``bad`` — a
block a rule dropped, or one that is mostly links, digits or separators.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .document import Block
from .lexicon import Lexicon

HAN_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
WORD_RE = re.compile(r"[^\W\d_\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+(?:['’][^\W\d_]+)?")
SENTENCE_END = frozenset("。！？!?….;；")
CLOSERS = frozenset("」』”\"')）]】’")
_CLOSERS = "".join(sorted(CLOSERS))
PUNCT = frozenset("，。！？；：、,.!?;:…「」『』“”\"'（）()—")
CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff])[ \u3000](?=[\u3400-\u9fff])")
CODE_SYMBOLS = frozenset("{}();=<>[]$")
SEPARATORS = frozenset("|｜/\\-–—_·•▪◦>»›<«‹:：=+*#@~^")
# Characters ``str.isdigit`` accepts that are no decimal digits (``\d``): superscripts, circled
# numbers (² ① ⑴ ⒈ ❶ …).  tests/test_features.py checks this against the Unicode database.
OTHER_DIGITS = ("\u00b2-\u00b3\u00b9\u1369-\u1371\u19da\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468"
                "\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788"
                "\u278a-\u2792\U00010a40-\U00010a43\U00010e60-\U00010e68\U00011052-\U0001105a"
                "\U0001f100-\U0001f10a")


def _char_class(chars) -> re.Pattern:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


# Counting with one regex per feature instead of a Python loop over the characters.
_PUNCT_RE = _char_class(PUNCT)
_SENTENCE_END_RE = _char_class(SENTENCE_END)
_CODE_RE = _char_class(CODE_SYMBOLS)
_DIGIT_SEP_RE = re.compile(r"[\d" + "".join(re.escape(c) for c in sorted(SEPARATORS)) + "]")
_OTHER_DIGIT_RE = re.compile(f"[{OTHER_DIGITS}]")
_HAN_RUN_RE = re.compile(HAN_RE.pattern + "+")     # runs: one string per run, not per character
# English text (ASCII and its typography, none of it \w) has ASCII letters only and ASCII digits:
# there the general patterns, slow on Unicode classes, have these exact equivalents.
_TYPOGRAPHY = "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022"
_NOT_ENGLISH = re.compile(f"[^\x00-\x7f{_TYPOGRAPHY}]")
_ENGLISH_WORD_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_ENGLISH_DIGIT_SEP_RE = re.compile(r"[0-9" + "".join(re.escape(c) for c in sorted(SEPARATORS)) + "]")


def _ascii_class(chars) -> bytes:
    return bytes(sorted(ord(c) for c in chars if c.isascii()))


# ASCII text: each count is how many bytes ``bytes.translate`` deletes (no match objects, no list,
# unlike a findall)
_ASCII_PUNCT = _ascii_class(PUNCT)
_ASCII_SENTENCE_END = _ascii_class(SENTENCE_END)
_ASCII_CODE = _ascii_class(CODE_SYMBOLS)
_ASCII_DIGIT_SEP = _ascii_class(SEPARATORS | set("0123456789"))


def _ascii_counts(t: str) -> tuple[int, int, int, int]:
    """``_counts(t, english=True)`` of an ASCII text."""
    b = t.encode("ascii")
    n = len(b)
    return (n - len(b.translate(None, _ASCII_PUNCT)), n - len(b.translate(None, _ASCII_SENTENCE_END)),
            n - len(b.translate(None, _ASCII_CODE)), n - len(b.translate(None, _ASCII_DIGIT_SEP)))


def _counts(t: str, english: bool) -> tuple[int, int, int, int]:
    """Punctuation marks, sentence ends, code symbols, digits and separators in ``t``."""
    digit_sep = len(_ENGLISH_DIGIT_SEP_RE.findall(t)) if english else \
        len(_DIGIT_SEP_RE.findall(t)) + len(_OTHER_DIGIT_RE.findall(t))
    return (len(_PUNCT_RE.findall(t)), len(_SENTENCE_END_RE.findall(t)), len(_CODE_RE.findall(t)), digit_sep)


@lru_cache(maxsize=8)
def _function_re(function_chars: frozenset[str]) -> re.Pattern | None:
    """The function characters that ``HAN_RE`` counts as Han, as one character class."""
    han = [c for c in function_chars if HAN_RE.fullmatch(c)]
    return _char_class(han) if han else None


@dataclass(frozen=True)
class Thresholds:
    """Every number the strip stage uses, named (jusText style).  Sizes are in units (see module doc)."""

    latin_word_units: float = 2.0       # one Latin word counts as this many CJK characters
    good_min_units: int = 70            # prose at least this long (with punctuation) anchors the article
    near_good_min_units: int = 24       # prose this long that ends a sentence is near-good
    short_max_units: int = 24           # below: a short block
    long_prose_units: int = 160         # prose this long is never trailer, nav or template
    min_function_density: float = 0.04  # share of function characters/words for prose (的 了 是 / the of and)
    near_good_density_cjk: float = 0.12  # a line this rich in function characters reads as prose
    near_good_density_latin: float = 0.3  # ... in function words (headlines and menus have fewer)
    cjk_space_min_stretch: int = 8      # CJK text between spaces this long on average: the spaces are commas
    code_symbol_share: float = 0.06     # this share of {}();=<> (or a line ending in { } ; ,) : a line of code
    max_link_density: float = 0.5       # share of linked text above which a block is a link (HTML only)
    max_digit_sep_share: float = 0.35   # digits and separators above this: a date, menu or table row
    # main-region search (maximum-sum run of block values)
    short_penalty: float = 5.0          # value of a short block (negative): headings cost little
    short_prose_penalty_share: float = 0.0  # a short line that reads as prose costs this share of it
    bad_penalty: float = 60.0           # value of a bad block
    near_good_weight: float = 0.5       # near-good prose counts this share of its size
    min_article_units: int = 100        # a run worth less is no article to stop at a comment header for
    secondary_run_share: float = 0.25   # another run worth this share of the main one is also article
    secondary_min_prose_share: float = 0.5  # ... if at least this share of its blocks is prose
    secondary_min_prose_pairs: int = 2  # ... and at least this many paragraphs follow a paragraph
    secondary_near_min_prose_pairs: int = 1  # ... this many, after the article with nothing flagged between
    comment_stop_ratio: float = 2.0     # a comment widget inside a line ends the article unless more prose follows
    notice_min_terms: int = 3           # a long final paragraph with this many legal terms is the site's notice
    comment_head_max_chars: int = 120   # a comment's head line ("Ann October 31, 2012 at 9:41 am") is this short
    comment_thread_min_heads: int = 3   # this many comment heads in a row start a comment section
    comment_head_gap: int = 30          # ... each within this many blocks of the one before
    card_min_lines: int = 2             # a teaser card: a blurb after this many short lines (headline, author, date) ...
    card_max_lines: int = 4             # ... and at most this many
    card_date_max_chars: int = 60       # ... one of them a date line this short
    card_date_rest_chars: int = 4       # ... with at most this many word characters besides the date (weekday, time)
    card_blurb_max_units: int = 240     # a teaser's blurb is no longer than this
    card_min_run: int = 3               # this many cards in a row at an end of the article run are no article
    headline_bonus: float = 150.0       # the paragraph right after the repeated page title is worth this more
    headline_part_share: float = 0.5    # a part of the title this share of its longest part's length may be the headline
    headline_reach: int = 3             # ... counting kept blocks only, among at most this many times as many blocks
    headline_window: int = 5            # ... when it comes within this many kept blocks of that headline
    headline_later_share: float = 0.5   # a later headline inside the best one's article, worth this share of it, is nearer the article
    list_min_items: int = 3             # a list the article's last line introduces ("… are:") has this many short lines ...
    list_max_items: int = 60            # ... and at most this many (cleaner.context.extend_list)
    list_intro_max_words: int = 6       # a list's label on a line of its own has at most this many words
    list_intro_long_words: int = 12     # ... or this many when it reads as a clause ("Members of the … Group:") ...
    list_intro_long_density: float = 0.1  # ... with this share of function words (a site's menu names none)
    list_intro_max_chars: int = 80      # the end of a longer last paragraph that introduces a list, read for its label
    closing_max_lines: int = 3          # short sentences right after the article's last paragraph that join it
    tags_stop_ratio: float = 1.0        # a tags line ends the article unless more prose than this share of it follows
    link_cluster_min: int = 3           # this many short link-like lines next to a nav/ad/share line: a link box
    max_heading_lookback: int = 3       # headings and lead sentences this close before a run belong to it
    trailer_run: int = 3                # a nav/comment/share/copyright line this close after the article: trailer
    template_min_files: int = 3         # a line in at least this many files of a batch is template
    spam_min_signals: int = 2           # evidence (a vocabulary term counts as one) needed to call spam
    repeat_min_units: int = 24          # a kept block this long that repeats an earlier one word for word goes
    repeat_window: int = 3              # ... when it is one of the last this many kept blocks
    title_site_max_chars: int = 24      # a trailing part of the page title this short may be the site's name ...
    title_site_ratio: float = 2.0       # ... when the headline before it is this many times as long
    title_in_body: bool = True          # the page's first line (its <title>) stays in the body as the H1 (issue #2)


THRESHOLDS = Thresholds()


@dataclass(slots=True)
class Features:
    """What :func:`block_features` measures of a block's text (``Block.features``, set by strip).

    Densities and shares are of the stripped text's characters, rounded to 3 decimals, ``units``
    to 1 (see the module doc)."""

    chars: int = 0                  # characters of the stripped text
    han: int = 0                    # CJK characters (Han and kana)
    words: int = 0                  # Latin-script words
    units: float = 0.0              # han + latin_word_units per word
    punct_density: float = 0.0      # punctuation marks (and comma-like CJK spaces) per character
    sentences: int = 0              # sentence-ending marks
    ends_sentence: bool = False     # the text ends a sentence (closing quotes and brackets aside)
    function_density: float = 0.0   # share of function characters (CJK) or stopwords (Latin)
    code_like: bool = False         # a line of code: code symbols, or ends in { } ;
    digit_sep_share: float = 0.0    # share of digits and separators
    prose: bool = False             # :func:`is_prose`
    last_block: bool = False        # set by strip: the document's last non-empty block (a spam signal)


def block_features(b: Block, lex: Lexicon, th: Thresholds = THRESHOLDS) -> Features:
    t = b.text.strip()
    n = len(t) or 1
    ascii_ = t.isascii()
    english = ascii_ or not _NOT_ENGLISH.search(t)
    han = 0 if english else sum(map(len, _HAN_RUN_RE.findall(t)))
    # (English words are found lower-cased: the same tokens, lower-cased once for the stopwords)
    words = _ENGLISH_WORD_RE.findall(t.lower()) if english else WORD_RE.findall(t)
    units = han + th.latin_word_units * len(words)
    punct, sentences, code_symbols, digit_sep = _ascii_counts(t) if ascii_ else _counts(t, english)
    if not english:     # a space between two CJK characters does a comma's work (blogs and poems written that way)
        punct += cjk_space_commas(t, th)
    if han >= len(words):
        fre = _function_re(lex.function_chars) if han else None
        func = (len(fre.findall(t)) if fre else 0) / (han or 1)
    else:
        lowered = words if english else map(str.lower, words)
        func = sum(map(lex.stopwords.__contains__, lowered)) / (len(words) or 1)
    code = code_symbols / n
    last = t.rstrip(_CLOSERS)[-1:] if t else ""
    f = Features(len(t), han, len(words), round(units, 1), round(punct / n, 3), sentences, last in SENTENCE_END,
                 round(func, 3), len(words) > 0 and han == 0 and (code >= th.code_symbol_share or t[-1] in "{};"),
                 round(digit_sep / n, 3))
    f.prose = is_prose(f, th)
    return f


def cjk_space_commas(t: str, th: Thresholds) -> int:
    """Spaces between CJK characters that do a comma's work: only between long stretches of text.

    "寒流报到 已将新竹尖石乡后山一带层层山峦披上嫣红的彩衣" is prose written
    without punctuation; "外交部 国防部 教育部" is a menu.
    """
    if " " not in t and "\u3000" not in t:
        return 0
    spaces = len(CJK_SPACE.findall(t))
    if not spaces:
        return 0
    stretches = [len(HAN_RE.findall(x)) for x in CJK_SPACE.split(t)]
    return spaces if sum(stretches) / len(stretches) >= th.cjk_space_min_stretch else 0


def is_prose(f: Features, th: Thresholds = THRESHOLDS) -> bool:
    """Sentences of running text: punctuation, function words, few digits and separators."""
    return (f.punct_density > 0 and f.function_density >= th.min_function_density
            and f.digit_sep_share <= th.max_digit_sep_share and (f.ends_sentence or f.sentences > 0
                                                                 or f.punct_density >= 0.02))


def classify(b: Block, th: Thresholds = THRESHOLDS) -> str:
    """jusText's context-free class of a block (``Block.first_class``): good, near-good, short, bad
    or code.  Needs ``b.features``."""
    f = b.features
    if not b.keep:
        return "bad"
    if b.link_density > th.max_link_density:
        return "bad"
    units = f.units
    if b.kind in ("code", "table"):
        return "near-good"
    if is_prose(f, th):
        if units >= th.good_min_units:
            return "good"
        dense = th.near_good_density_cjk if f.han >= f.words else th.near_good_density_latin
        if units >= th.near_good_min_units and (f.ends_sentence or units >= th.good_min_units / 2
                                                or f.function_density >= dense):
            return "near-good"
    if f.code_like:
        return "code"
    if units < th.short_max_units:
        return "short"
    if f.digit_sep_share > th.max_digit_sep_share or f.punct_density == 0:
        return "bad"
    return "short"
