"""Lexicons compiled from ``cleaner/rules/*.toml`` for the strip stage.

Matching happens on a normalised form of each block (NFKC, lower-case,
Traditional folded to Simplified), so one Simplified entry also covers its
Traditional spelling.  Each family has three kinds of evidence:

* ``lines``    — the whole block is the phrase (decoration, counts ignored): strong;
* ``contains`` — the phrase occurs inside a *short* block (<= ``max_chars``);
* ``patterns`` — regular expressions searched inside short blocks.
"""
from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

try:        # CPython's own reader of patterns (private): AnyPattern's pre-tests; without it, none
    from re import _constants as sre_c, _parser as sre_parse
except ImportError:     # pragma: no cover - another Python
    sre_c = sre_parse = None

from . import script

FAMILIES = ("nav", "ad", "share", "copyright", "comment", "byline", "media")


def _freeze(obj: Any) -> Any:
    """Rules as a hashable value so compiled lexicons can be cached."""
    if isinstance(obj, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in obj.items()))
    if isinstance(obj, list):
        return tuple(_freeze(v) for v in obj)
    return obj


def _thaw(obj: Any) -> Any:
    if isinstance(obj, tuple) and obj and all(isinstance(x, tuple) and len(x) == 2 and isinstance(x[0], str)
                                              for x in obj):
        return {k: _thaw(v) for k, v in obj}
    if isinstance(obj, tuple):
        return [_thaw(v) for v in obj]
    return obj


_DECORATION = re.compile(r"[\s·•▪◦|｜>»›→←<«‹\-–—_*#:：\[\]【】()（）<>《》「」\"'“”.,，。!！?？/\\+=~…]+")


@lru_cache(maxsize=8192)
def key_form(text: str) -> str:
    """Normalised form for whole-line lookup: NFKC, lower-case, Simplified, no decoration or counts."""
    return key_from_light(light_form(text))


_COUNT_END = re.compile(r"\s*\(?\d+\)?\s*$")
_COUNT_START = re.compile(r"^\s*\d+\s+")


# ASCII text: every decoration byte becomes a space (one bytes.translate, in C), then runs of spaces
# one space: cheaper than the regex over the text
_ASCII_DECORATION = "".join(c for c in map(chr, range(128)) if _DECORATION.fullmatch(c)).encode("ascii")
_TO_SPACE = bytes.maketrans(_ASCII_DECORATION, b" " * len(_ASCII_DECORATION))
_SPACE_RUN = re.compile("  +")


def undecorate(light: str) -> str:
    """``_DECORATION.sub(" ", light)``: each run of decoration (and spaces) becomes one space."""
    if not light.isascii():
        return _DECORATION.sub(" ", light)
    t = light.encode("ascii").translate(_TO_SPACE).decode("ascii")
    return _SPACE_RUN.sub(" ", t) if "  " in t else t


def key_from_light(light: str) -> str:
    """``key_form`` of a text whose ``light_form`` is already known."""
    t = undecorate(light)
    # "留言簿(79)", "评论 12", "10 comments": the count is in the run of spaces, digits and
    # brackets that ends the text; the pattern is tried on that run only (same result, no scan)
    i = len(t)
    while i and (t[i - 1].isspace() or t[i - 1].isdecimal() or t[i - 1] in "()"):
        i -= 1
    if i < len(t):
        t = t[:i] + _COUNT_END.sub("", t[i:])
    if t[:1].isspace() or t[:1].isdecimal():    # (what _COUNT_START must start with: \s, \d)
        t = _COUNT_START.sub("", t)     # "10 comments"
    return t.strip()


@lru_cache(maxsize=8192)
def light_form(text: str) -> str:
    """NFKC, lower-case, Simplified: for phrases searched inside a block."""
    return script.fold(nfkc_form(text)).lower()


# NFKC without unicodedata's composition step where it cannot change anything.  CPython composes by
# scanning a table of ranges for every character (~1,500 instructions for each Han character), and
# Chinese text with full-width punctuation (，：（）) is never NFKC already, so it always took that path.
# Text made only of the characters below is its own NFKC, but for the ``_NFKC_MAPPED`` ones, each
# replaced by its own NFKC form: every ``_NFKC_SAFE`` character is its own NFKC and neither it nor the
# start of its decomposition is the second character of any composition (nor combining), so no
# composition or reordering reaches across two such characters; each mapped one's NFKC is made of
# safe ones.  tests/test_fast_paths.py checks both properties for every character of the two classes.
_NFKC_SAFE = (r"\x00-\x7f\u00a1-\u00a7\u00a9\u00ab-\u00ae\u00b0\u00b1\u00b6\u00b7\u00bb\u00bf\u00d7\u00f7"
              r"\u2010\u2012-\u2016\u2018-\u2023\u2027\u2030-\u2032\u2035\u2038-\u203b\u2190-\u21ff"
              r"\u2500-\u27bf\u3001-\u3029\u3041-\u3096\u30a0-\u30fe\u4e00-\u9fff\uac00-\ud7a3"
              r"\ue000-\uf8ff\ufffd")
# (no-break and typographic spaces, leaders and the ellipsis, the ideographic space, full-width ASCII and signs)
_NFKC_MAPPED = ((0xa0, 0xa0), (0x2000, 0x200a), (0x2024, 0x2026), (0x3000, 0x3000), (0xff01, 0xff5e),
                (0xffe0, 0xffe2), (0xffe4, 0xffe6))
_NFKC_OTHER = re.compile(f"[^{_NFKC_SAFE}]").findall
_NFKC_OF = {c: unicodedata.normalize("NFKC", c) for a, b in _NFKC_MAPPED for c in map(chr, range(a, b + 1))}


def nfkc_form(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)`` (``text`` itself when it is NFKC already)."""
    if text.isascii():
        return text
    other = _NFKC_OTHER(text)
    if not other:
        return text
    other = set(other)
    if other <= _NFKC_OF.keys():
        for c in other:
            text = text.replace(c, _NFKC_OF[c])
        return text
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


_INNER = re.compile(r"[，,、；;]")
_FINAL = ("。", "！", "？", ".", "!", "?", "…")


def is_sentence(text: str) -> bool:
    """Running text rather than a widget label: an inner comma and a final stop, or several commas."""
    t = text.strip().rstrip("」』”\"'）)")
    inner = len(_INNER.findall(t))
    return (t.endswith(_FINAL) and inner >= 1) or inner >= 2


def is_running_text(text: str) -> bool:
    """Running text, more loosely than :func:`is_sentence`: a final stop or an inner comma."""
    t = text.strip().rstrip("」』”\"'）)")
    return t.endswith(_FINAL) or _INNER.search(t) is not None


@dataclass
class Family:
    name: str
    reason: str
    lines: frozenset[str]
    contains: tuple[str, ...]
    patterns: tuple[re.Pattern, ...]
    max_chars: int
    skip_sentences: bool = False        # a full sentence (inner comma, final stop) never matches contains/patterns
    # Evidence for the context pass only (no block is dropped for matching them), searched in the light form:
    # (each list compiled as one AnyPattern: one search per block, the patterns that start with ^ tried there only)
    sections: AnyPattern | None = None      # a line that opens a section of this kind ("38 Responses to “…”")
    heads: AnyPattern | None = None         # the head line of one item of such a section ("Ann October 31, 2012 at 9:41 am")
    inline: frozenset[str] = frozenset()    # lines of the family that sit inside an article without splitting it ("Back to top")
    # every head pattern is a built-in one, so context's quick test of what they all need applies
    heads_builtin: bool = True
    intros: AnyPattern | None = None        # a list's label that introduces other pages' links ("More content from …:")
    ends: AnyPattern | None = None          # a line that closes an article ("Tags: …", "Filed under: …")
    notices: tuple[str, ...] = ()           # the words of a legal notice, light forms ("trademark", "all rights reserved")
    # phrases an article uses too ("该公司未经授权使用…", "版权所有人"), light forms: evidence in a block that does
    # not read as running text (no final stop, no inner comma), or with a second distinct phrase of the family
    weak: tuple[str, ...] = ()

    def match_line(self, text: str, key: str | None = None) -> str | None:
        if key is None:
            key = key_form(text)
        if key and key in self.lines:
            return f"line is '{key}'"
        words = key.split()
        if len(words) >= 2 and all(w in self.lines for w in words):
            return f"every word is a '{self.name}' label: '{key}'"
        return None

    def match(self, text: str, chars: int, key: str | None = None, light: str | None = None,
              sentence: bool | None = None) -> str | None:
        """Why ``text`` belongs to this family, or None.  ``key``/``light``/``sentence`` are
        ``key_form(text)``/``light_form(text)``/``is_sentence(text)`` when the caller has them."""
        why = self.match_line(text, key)
        if why or chars > self.max_chars:
            return why
        if self.skip_sentences and (is_sentence(text) if sentence is None else sentence):
            return why
        if light is None:
            light = light_form(text)
        for c in self.contains:
            if c in light:
                return f"contains '{c}'"
        for p in self.patterns:
            if p.search(light):
                return f"matches /{p.pattern}/"
        if self.weak:
            found = [c for c in self.weak if c in light]
            if len(found) >= 2:
                return "contains '" + "' and '".join(found[:2]) + "'"
            if found and not is_running_text(text):
                return f"contains '{found[0]}' (not running text)"
        return None


@dataclass
class Lexicon:
    families: dict[str, Family]
    credit_re: re.Pattern
    credit_fields: dict[str, str]       # folded label -> field
    credit_max: int
    spam: dict[str, tuple[str, ...]]    # category -> terms (folded, lower)
    spam_suffixes: tuple[str, ...]
    spam_max: int
    function_chars: frozenset[str]      # CJK function characters (的 了 是 …)
    stopwords: frozenset[str]           # Latin-script function words (the, of, and …)
    spam_any: "AnyPhrase | None" = None   # any spam term (a quick test before finding which); None: no test
    line_union: frozenset[str] | None = None   # every family's lines (None: no quick test)
    family_max_chars: int = 0           # the largest max_chars of any family
    contains_any: "AnyPhrase | None" = None   # any family's contains phrase
    long_han_run: re.Pattern | None = None  # a run of Han characters longer than any family line
    pattern_re: "AnyPattern | None" = None  # any family's pattern (None: no quick test)
    caption_credit: re.Pattern | None = None  # the caption credit markers (``caption_credit_re``)
    # spam terms an article uses too (体彩, payday loan): a block with only these needs a spam signal
    spam_mentions: frozenset[str] = frozenset()
    spam_cue_re: re.Pattern | None = None   # sales cues (cheap, for sale, 注册送, 最准): a spam signal

    def cannot_be_line(self, light: str, chars: int) -> bool:
        """A block longer than every family's ``max_chars`` holding a run of Han characters longer
        than any family line: its key (and each word of it) is no line, so no family matches it
        and its key is not needed.  Prose paragraphs end here at their first clause."""
        return self.long_han_run is not None and chars > self.family_max_chars \
            and self.long_han_run.search(light) is not None

    def families_to_try(self, key: str | None, light: str, chars: int, text: str) -> frozenset[str] | None:
        """The families whose ``match`` can return a reason for this block (None: try them all).

        A quick test over all families at once, exact: a block whose key is no line of any
        family (nor made of such lines) and that contains no family's phrase can only match
        a family through one of its patterns, which are tried here.  ``is_sentence(text)`` is
        asked only then, of a family that skips sentences (few blocks get that far).
        """
        if self.line_union is None:
            return None
        if key is None:                 # no line (see ``cannot_be_line``)
            return frozenset() if chars > self.family_max_chars else None
        if key in self.line_union:
            return None
        words = key.split()
        if len(words) >= 2 and all(w in self.line_union for w in words):
            return None
        if chars > self.family_max_chars:
            return frozenset()
        if self.contains_any is None or self.contains_any.search(light):
            return None
        if self.pattern_re is not None and not self.pattern_re.search(light):
            return frozenset()
        out = []
        sentence = None         # (is_sentence(text), once a family asks)
        for fam in self.families.values():
            if not fam.patterns or chars > fam.max_chars:
                continue
            if fam.skip_sentences and sentence is None:
                sentence = is_sentence(text)
            if not (fam.skip_sentences and sentence) and any(p.search(light) for p in fam.patterns):
                out.append(fam.name)
        return frozenset(out)


@lru_cache(maxsize=1)
def _builtin_head_patterns() -> dict[str, frozenset[str]]:
    """Each family's built-in ``head_patterns`` (the built-in files read once, not once per family)."""
    from .rules import builtin_rules
    return {name: frozenset(r.get("head_patterns", [])) for name, r in builtin_rules().items() if isinstance(r, dict)}


@lru_cache(maxsize=8)
def compile_rules(frozen: Any) -> Lexicon:
    rules = _thaw(frozen)
    fams = {}
    for name in FAMILIES:
        r = rules.get(name, {})
        fams[name] = Family(
            name, r.get("reason", name),
            frozenset(k for k in (key_form(x) for x in r.get("lines", [])) if k),
            tuple(dict.fromkeys(light_form(x) for x in r.get("contains", []))),
            tuple(re.compile(p, re.I) for p in r.get("patterns", [])),
            int(r.get("max_chars", 80)), bool(r.get("skip_sentences", False)),
            _any_pattern(r.get("section_patterns", [])), _any_pattern(r.get("head_patterns", [])),
            frozenset(k for k in (key_form(x) for x in r.get("inline_lines", [])) if k),
            set(r.get("head_patterns", [])) <= _builtin_head_patterns().get(name, frozenset()),
            _any_pattern(r.get("intro_patterns", [])), _any_pattern(r.get("end_patterns", [])),
            tuple(dict.fromkeys(light_form(x) for x in r.get("notice_terms", []))),
            tuple(dict.fromkeys(light_form(x) for x in r.get("weak_contains", []))))
    credit = rules.get("credit", {})
    fields: dict[str, str] = {}
    for field_name, labels in credit.get("fields", {}).items():
        for label in labels:
            fields[script.fold(label).lower()] = field_name
    alt = "|".join(re.escape(lab) for lab in sorted(fields, key=len, reverse=True))
    credit_re = re.compile(rf"(?:^|(?<=[\s|｜丨/]))({alt})\s*[:：]\s*", re.I)
    spam_rules = rules.get("spam", {})
    spam = {}
    suffixes: list[str] = []
    mentions: set[str] = set()
    for cat, body in spam_rules.items():
        if isinstance(body, dict) and ("terms" in body or "mentions" in body):
            own = [script.fold(t).lower() for t in body.get("mentions", [])]
            mentions.update(own)
            spam[cat] = tuple(dict.fromkeys([script.fold(t).lower() for t in body.get("terms", [])] + own))
            suffixes += [script.fold(s).lower() for s in body.get("suffixes", [])]
    cues = [script.fold(c).lower() for c in spam_rules.get("cues", [])]
    # a Latin cue is a whole word (or words); a CJK cue is matched anywhere
    cue_re = re.compile("|".join(
        rf"(?<![a-z0-9]){re.escape(c)}(?![a-z0-9])" if c.isascii() else re.escape(c)
        for c in sorted(cues, key=len, reverse=True))) if cues else None
    fw = rules.get("function_words", {})
    terms = [t for ts in spam.values() for t in ts]
    spam_any = AnyPhrase(terms) if terms and all(terms) else None
    patterns = [p.pattern for f in fams.values() for p in f.patterns]
    # one search for "any pattern at all" (exact: an alternation matches where one of its parts does,
    # unless a pattern refers to its own groups or sets flags for the whole expression)
    pattern_re = AnyPattern(patterns, re.I, lowered=True) if patterns and not any(
        _SELF_REFERENCE.search(p) for p in patterns) else None
    return Lexicon(fams, credit_re, fields, int(credit.get("max_value_chars", 40)), spam,
                   tuple(dict.fromkeys(suffixes)), int(spam_rules.get("max_chars", 120)),
                   frozenset(script.fold("".join(fw.get("cjk", [])))),
                   frozenset(w.lower() for w in fw.get("latin", [])), spam_any,
                   frozenset().union(*(f.lines for f in fams.values())),
                   max((f.max_chars for f in fams.values()), default=0),
                   AnyPhrase([c for f in fams.values() for c in (*f.contains, *f.weak) if c]),
                   re.compile("[\u4e00-\u9fff]{%d}" % (1 + max((len(x) for f in fams.values() for x in f.lines),
                                                              default=0))), pattern_re,
                   spam_mentions=frozenset(mentions), spam_cue_re=cue_re,
                   caption_credit=caption_credit_re(markers) if (markers := rules.get("caption", {}).get(
                       "credit_markers")) else None)


def caption_credit_re(markers: list[str]) -> re.Pattern:
    """The caption credit markers (``图`` / ``Photo`` …) as one pattern: a marker at the start or
    after whitespace, then ``| : ： /`` or whitespace, then the credit."""
    alt = "|".join(re.escape(m) for m in sorted(markers, key=len, reverse=True))
    return re.compile(rf"(?:^|\s)(?:{alt})\s*[|｜:：/]\s*|(?:^|\s{{2,}})(?:{alt})\s+(?=\S)", re.I)


_SELF_REFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(|\(\?[aiLmsux]+\)")


class AnyPattern:
    """Whether any of ``patterns`` matches somewhere in a text: ``union.search(text) is not None``
    for the alternation ``union`` of them, in fewer steps.

    ``re`` tries every alternative at every position of the text.  Here the patterns that can only
    match at its start (``^…``) are tried there only, and the others only when the text holds a
    character one of their matches can start with, or the literal prefix of one (when that is known).  (Patterns that refer to
    their own groups or set global flags are not to be given: the caller checks.)
    """

    def __init__(self, patterns: list[str], flags: int = 0, lowered: bool = False):
        shapes = {p: _read_pattern(p, flags) for p in patterns}
        anchored = [p for p in patterns if shapes[p][0]]
        free = [p for p in patterns if not shapes[p][0]]
        self.anchored = _union(anchored, flags)
        self.free = _union(free, flags)
        # what any match of ``free`` starts with (used when known for every pattern): the class of their
        # first characters, but for a pattern with a literal prefix of two or more characters that prefix
        # ("icp" rather than every "i" of an English line), looked for with ``in`` when that is exact (the
        # texts are ``lowered``, as light forms are, or the search is case-sensitive), else in the regex
        starts = [shapes[p][1:] for p in free]
        known = bool(free) and all(first is not None or prefix for first, prefix in starts)
        # (neither, when it is not known for every pattern)
        prefixes = sorted({prefix for _first, prefix in starts if prefix}) if known else []
        firsts = "".join(first for first, prefix in starts if not prefix) if known else ""
        alternatives = [f"[{firsts}]"] if firsts else []
        self.free_prefixes: tuple[str, ...] = ()
        if flags & re.I and not lowered:
            alternatives += [re.escape(p) for p in prefixes]
        else:
            self.free_prefixes = tuple(p.lower() if flags & re.I else p for p in prefixes)
        self.free_start = re.compile("|".join(alternatives), flags) if alternatives else None

    def search(self, text: str) -> bool:
        if self.anchored is not None and self.anchored.match(text):
            return True
        if self.free is None:
            return False
        if (self.free_start is not None or self.free_prefixes) \
                and not (self.free_start is not None and self.free_start.search(text)) \
                and not any(p in text for p in self.free_prefixes):
            return False        # (known, for every pattern, what a match starts with: the text holds none of it)
        return self.free.search(text) is not None


def _any_pattern(patterns: list[str]) -> AnyPattern | None:
    """A family's ``section_patterns`` / ``head_patterns`` (case-insensitive) as one AnyPattern."""
    return AnyPattern(patterns, re.I) if patterns else None


def _union(patterns: list[str], flags: int) -> re.Pattern | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags) if patterns else None


def _read_pattern(pattern: str, flags: int) -> tuple[bool, str | None, str]:
    """Whether ``pattern`` can match only at the start of a text, the class body of the characters its
    matches start with (None: not known), and the literal characters they all start with when there are
    two or more ("" otherwise).  (False, None, "") when the pattern cannot be read: the pattern is then
    simply tried everywhere (the private reader may change in a later Python)."""
    if sre_parse is None:
        return False, None, ""
    try:
        parsed = sre_parse.parse(pattern, flags)
        prefix = _literal_prefix(_after_lookarounds(parsed.data))
        return _anchored(parsed), _first_chars(parsed.data), prefix if len(prefix) >= 2 else ""
    except Exception:   # pragma: no cover - a reader that changed
        return False, None, ""


def _anchored(parsed) -> bool:
    """The parsed pattern can match only at the start of the text (``^`` or ``\\A`` first, no MULTILINE)."""
    if not parsed.data or parsed.state.flags & re.M:
        return False
    op, av = parsed.data[0]
    return op is sre_c.AT and av in (sre_c.AT_BEGINNING, sre_c.AT_BEGINNING_STRING)


def _after_lookarounds(items) -> list:
    """The parsed ``items`` without the lookarounds they open with: those match no character, so the
    match starts with what follows them (``(?<![a-z])icp`` starts with "i")."""
    items = list(items)
    while items and items[0][0] in (sre_c.ASSERT, sre_c.ASSERT_NOT):
        items = items[1:]
    return items


def _literal_prefix(items) -> str:
    """The literal characters every match of the parsed ``items`` starts with ("" when none)."""
    out = []
    for op, av in items:
        if op is not sre_c.LITERAL:
            break
        out.append(chr(av))
    return "".join(out)


def _first_chars(items) -> str | None:
    """A regex class body (``a-c\\x5b``) of the characters a match of the parsed ``items`` can start
    with, or None when that is not simply known (a category like ``\\w``, an optional start …)."""
    items = _after_lookarounds(items)
    if not items:
        return None
    op, av = items[0]
    if op is sre_c.LITERAL:
        return _class_char(av)
    if op is sre_c.IN:
        out = []
        for kind, v in av:
            if kind is sre_c.LITERAL:
                out.append(_class_char(v))
            elif kind is sre_c.RANGE:
                out.append(_class_char(v[0]) + "-" + _class_char(v[1]))
            else:               # NEGATE, CATEGORY (\\d \\s \\w): not listed here
                return None
        return "".join(out)
    if op is sre_c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _first_chars(sub.data)
    if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT):
        low, _high, sub = av
        return _first_chars(sub.data) if low >= 1 else None
    if op is sre_c.ATOMIC_GROUP:
        return _first_chars(av.data)
    if op is sre_c.BRANCH:
        parts = [_first_chars(alt.data) for alt in av[1]]
        return None if None in parts else "".join(parts)
    return None


def _class_char(code: int) -> str:
    return "\\x{:02x}".format(code) if code < 0x100 else "\\u{:04x}".format(code) if code < 0x10000 \
        else "\\U{:08x}".format(code)


class AnyPhrase:
    """Whether a text contains any of ``phrases`` (non-empty): ``any(p in text for p in phrases)``.

    One search of their :func:`literal_union`, split by the first character of the phrases: at each
    position of a text whose character starts some phrase, ``re`` tries the first characters of
    all of them one after another.  ASCII text (most of an English page) can only hold the ASCII
    phrases; other text is searched for the phrases that start with a non-ASCII character, then
    for those that start with an ASCII one (few positions of CJK text are candidates for either).
    The same answer as the one union, in fewer tries.
    """

    def __init__(self, phrases: list[str]):
        self.ascii = _literal_re([p for p in phrases if p.isascii()])
        self.ascii_first = _literal_re([p for p in phrases if p[0].isascii()])
        self.other_first = _literal_re([p for p in phrases if not p[0].isascii()])

    def search(self, text: str) -> bool:
        if text.isascii():
            return self.ascii is not None and self.ascii.search(text) is not None
        return (self.other_first is not None and self.other_first.search(text) is not None) or \
            (self.ascii_first is not None and self.ascii_first.search(text) is not None)


def _literal_re(words: list[str]) -> re.Pattern | None:
    return re.compile(literal_union(words)) if words else None


def literal_union(words: list[str]) -> str:
    """A regex matching any of ``words`` (non-empty), as a trie: ``(?:ab(?:c|d)|x)``.

    Python's ``re`` tries the alternatives of ``a|b|c`` one after another at every position;
    sharing prefixes tries each prefix once at a position, with the same matches.
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:      # a word ends here; longer ones go on
            return f"(?:{body})?"
        return body

    return build(trie)


_LAST: tuple | None = None    # (a copy of the last rules dict, its lexicon): one document after another


def lexicon(rules: dict[str, Any]) -> Lexicon:
    """The compiled lexicon of ``rules`` (cached: the same rules again cost one ``==``)."""
    global _LAST
    last = _LAST                # (one read: threads may replace it meanwhile)
    if last is not None and last[0] == rules:
        return last[1]
    lex = compile_rules(_freeze(rules))
    _LAST = (copy.deepcopy(rules), lex)
    return lex
