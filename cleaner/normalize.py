"""Stage 4 — normalize: Unicode, Chinese script and punctuation.

Like ftfy, normalization is a list of small named fixers (``FIXERS``, the one
place they are listed), applied in order to the text of every kept block and
to the metadata, to a fixed point.  Each can be switched off by name
(``Settings.disable`` / ``--disable NAME``); two run only when asked for
(``--quotes``, ``--cjk-spacing``).  The script conversion comes last and is
named ``convert_script``.

What is never touched: code blocks and code spans, URLs and e-mail addresses
(fixers see only the text between them, with one character of context on each
side so that a rule can see the CJK character across a span boundary), and text
outside a CJK context (the punctuation rules need a CJK neighbour).

The conversion is chosen once per document (:mod:`cleaner.script`) and
recorded in ``doc.meta`` (``input_script``, ``output_script``, ``conversion``).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from . import script
from .document import Block, Document
from .settings import DEFAULT, Settings

# ------------------------------------------------------------------ character classes

# CJK ideographs, radicals, kana, iteration marks: the characters that make a CJK context.
_CJK = r"\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Punctuation that only CJK text uses (full-width forms, 、。「」《》【】…); not the curly quotes,
# which English uses too.
_CJK_PUNCT = r"\u3001-\u3003\u3008-\u3011\u3014-\u301b\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_LATIN = r"A-Za-z0-9"

# A character a URL runs on.  (Outside ``re.I``, which would case-fold each of the class's ~30,000 code
# points when the pattern is compiled, a third of what this module's patterns cost a process; none of them
# has a case, so the class matches the same characters: tests/test_fast_paths.py checks every code point.)
_URL_CHAR = rf"(?-i:[^\s{_CJK}{_CJK_PUNCT}\u3000<>\"“”‘’])"
_PROTECTED = re.compile(
    rf"(?:https?|ftp)://{_URL_CHAR}+"
    rf"|www\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:/{_URL_CHAR}*)?"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", re.I)
_MAY_PROTECT = re.compile(r"://|www\.|@", re.I)   # cheap test before the full pattern
_TRAILING_URL_PUNCT = re.compile(r"[.,;:!?)\]]+$")  # sentence punctuation after a URL is not part of it

# ------------------------------------------------------------------ fixers (text → text)


def fix_mojibake(text: str) -> str:
    """UTF-8 read as Latin-1/cp1252 (``Ã©tÃ©`` → ``été``; Chinese alike), via ftfy,
    keeping full-width punctuation (no width folding, no NFKC, no quote uncurling).

    Only text holding a UTF-8 lead byte followed by a continuation byte, as
    Latin-1/cp1252 shows them (``Ã©``, ``æ–``), is handed to ftfy: clean CJK
    text and clean accented Latin text never pay for it.
    """
    if not _MOJIBAKE_HINT.search(text):
        return text
    import ftfy     # (imported on first use: a large part of a pipe's start-up, and most texts never need it)
    if len(text) <= _FTFY_PIECE:
        return ftfy.fix_text(text, _ftfy_config())
    # ftfy's time grows faster than the length of a line (a one-line file is one line): a long text
    # goes to it in pieces, cut where no mojibake sequence can be cut in two
    return "".join(ftfy.fix_text(piece, _ftfy_config()) for piece in _pieces(text, _FTFY_PIECE))


_FTFY_PIECE = 1 << 16
# An ASCII character or a CJK one is never a byte of UTF-8 read as Latin-1/cp1252: a safe place to cut.
_SAFE_CUT = re.compile("[\x00-\x7f\u2e80-\U0010ffff]")


def _pieces(text: str, size: int) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters, each cut before a ``_SAFE_CUT``
    character when there is one in the piece's second half."""
    out, pos = [], 0
    while len(text) - pos > size:
        end = pos + size
        cut = end
        for m in _SAFE_CUT.finditer(text, end - size // 2, end):
            cut = m.start()
        if cut == end and _SAFE_CUT.match(text, end) is None:
            cut = end       # (no safe place at all: cut anyway, at most one sequence is split)
        out.append(text[pos:cut])
        pos = cut
    out.append(text[pos:])
    return out


# A UTF-8 lead byte (Â..ô) followed by a continuation byte as Latin-1/cp1252 shows it.
_MOJIBAKE_HINT = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
                            "\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030"
                            "\u2039\u203a\u20ac\u2122]")
@lru_cache(maxsize=1)
def _ftfy_config():
    import ftfy
    return ftfy.TextFixerConfig(
        unescape_html=False, fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
        remove_control_chars=False, normalization=None, explain=False)


_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile(r"\r\n?|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def remove_control_chars(text: str) -> str:
    """Zero-width characters, BOMs, soft hyphens, bidi marks and C0/C1 controls go (tab and newline stay)."""
    text = _ZERO_WIDTH.sub("", text)
    return _CONTROL.sub(lambda m: "\n" if m.group()[0] == "\r" else "", text)


def unicode_nfc(text: str) -> str:
    """Canonical composition (NFC); never NFKC, which would fold ，：（） to ASCII."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


_FULLWIDTH_ALNUM = {cp: cp - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
                    for cp in range(r[0], r[1] + 1)}


_FULLWIDTH_ALNUM_RE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def fullwidth_ascii(text: str) -> str:
    """Full-width letters and digits (Ａ１) become ASCII; full-width punctuation stays."""
    return text.translate(_FULLWIDTH_ALNUM) if _FULLWIDTH_ALNUM_RE.search(text) else text


_SPACE_CHARS = r"\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# Only what must change: a run of two or more spaces, or one space that is not U+0020.
_SPACES = re.compile(rf"[ {_SPACE_CHARS}]{{2,}}|[{_SPACE_CHARS}]")
_SPACE_AT_NEWLINE = re.compile(r" *\n *")


def normalize_spaces(text: str) -> str:
    """NBSP, ideographic and other spaces become a plain space; runs collapse; no spaces around newlines.

    Spaces at the very start and end are kept (they may separate inline spans);
    the block and the metadata values are trimmed as a whole.
    """
    text = _SPACES.sub(" ", text)
    return _SPACE_AT_NEWLINE.sub("\n", text) if "\n" in text else text


_SPACE_BEFORE_PUNCT = re.compile(r"(?= ) +(?=[，。、；：？！」』）》〉】〕])")
_SPACE_AFTER_PUNCT = re.compile(r"(?= )(?<=[，。、；：？！「『（《〈【〔]) +")
_SPACE_BETWEEN_BRACKETS = re.compile(r"(?= )(?<=[」』）》〉】〕]) +(?=[「『（《〈【〔])")


def trim_space_around_cjk_punct(text: str) -> str:
    """No space before ，。、；：？！ and closing brackets, none after them and opening brackets,
    none between a closing and an opening bracket: （原创） （图） → （原创）（图）."""
    if " " not in text:
        return text
    text = _SPACE_AFTER_PUNCT.sub("", _SPACE_BEFORE_PUNCT.sub("", text))
    return _SPACE_BETWEEN_BRACKETS.sub("", text)


_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。"}
_LEFT_CJK = rf"(?:(?<=[{_CJK}{_CJK_PUNCT}])|(?<=[{_CJK}][”’]))"
# ASCII , ; : ? ! right after CJK (or its punctuation): full-width, eating the spaces that follow.
# (Each pattern starts with a cheap lookahead so the lookbehinds run only where they can match.)
_AFTER_CJK = re.compile(rf"(?=[,;:?!]){_LEFT_CJK}([,;:?!]+) *")
# ... or before CJK, after a letter, digit, % or closing bracket — never inside a number (1,000).
_BEFORE_CJK = re.compile(rf"(?=[,;:?!])(?<=[{_LATIN}%)）])([,;:?!]+) *(?=[{_CJK}「『“（《])")
_FULL_TABLE = str.maketrans({k: v for k, v in _FULL.items() if k != "."})
# A full stop after CJK, at the end or before a space, CJK or a closing mark (not 3.5, not ...).
# (Not after an enumeration that opens a line: 一. 二十. stay as written.)
_PERIOD = re.compile(rf"(?m)(?=\.)(?<!^[一二三四五六七八九十])(?<!^[一二三四五六七八九十]{{2}}){_LEFT_CJK}\.(?=$|[\s{_CJK}」』”’）)])(?: *)")
_PAREN = re.compile(r"\(([^()\n]*)\)")


def cjk_punctuation(text: str) -> str:
    """ASCII , . : ; ? ! ( ) in CJK context become full-width; numbers, URLs and Latin text are left alone."""
    if not _CJK_CHAR.search(text):
        return text
    if "(" in text:
        text = _PAREN.sub(lambda m: _paren(m, text), text)
    text = _AFTER_CJK.sub(lambda m: m.group(1).translate(_FULL_TABLE), text)
    text = _BEFORE_CJK.sub(lambda m: m.group(1).translate(_FULL_TABLE), text)
    return _PERIOD.sub("。", text) if "." in text else text


def _paren(m: re.Match, whole: str) -> str:
    """(…) becomes （…） when it holds CJK, or when CJK is on both sides of it."""
    inner = m.group(1)
    before = whole[m.start() - 1: m.start()]
    after = whole[m.end(): m.end() + 1]
    if _CJK_CHAR.search(inner) or (_CJK_CHAR.match(before) and (not after or _CJK_CHAR.match(after)
                                                                 or after in "，。、；：？！")):
        return f"（{inner}）"
    return m.group(0)


_ELLIPSIS = re.compile(rf"(?=[.。…])(?<=[{_CJK}，])(?:\.{{3,}}|。{{3,}}|…(?!…))")


def cjk_ellipsis(text: str) -> str:
    """``...``, ``。。。`` or a lone ``…`` after CJK become the Chinese ellipsis ``……``."""
    return _ELLIPSIS.sub("……", text) if ("." in text or "…" in text or "。。。" in text) else text


_CURLY_DOUBLE = re.compile(r"“([^“”\n]*)”")
_CURLY_SINGLE = re.compile(r"‘([^‘’\n]*)’")
_STRAIGHT_DOUBLE = re.compile(r'"([^"\n]*)"')


def _cjk_pair(open_: str, close: str, need_inner: bool = False) -> Callable[[re.Match], str]:
    def repl(m: re.Match) -> str:
        inner = m.group(1)
        if _CJK_CHAR.search(inner):
            return f"{open_}{inner}{close}"
        if not need_inner:
            s, e = m.string[m.start() - 1: m.start()], m.string[m.end(): m.end() + 1]
            if _CJK_CHAR.match(s) or _CJK_CHAR.match(e):
                return f"{open_}{inner}{close}"
        return m.group(0)
    return repl


def quotes_to_corner(text: str) -> str:
    """``--quotes corner``: “…” → 「…」, ‘…’ → 『…』, "…" → 「…」 around or next to CJK."""
    if not _CJK_CHAR.search(text):
        return text
    text = _CURLY_DOUBLE.sub(_cjk_pair("「", "」"), text)
    text = _CURLY_SINGLE.sub(_cjk_pair("『", "』", need_inner=True), text)
    return _STRAIGHT_DOUBLE.sub(_cjk_pair("「", "」", need_inner=True), text)


_CORNER_RE = re.compile("[「」『』]")
_CORNER_TO_CURLY = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})


def quotes_to_curly(text: str) -> str:
    """``--quotes curly``: 「…」 → “…”, 『…』 → ‘…’, "…" → “…” around CJK."""
    if _CORNER_RE.search(text):
        text = text.translate(_CORNER_TO_CURLY)
    if '"' in text and _CJK_CHAR.search(text):
        text = _STRAIGHT_DOUBLE.sub(_cjk_pair("“", "”", need_inner=True), text)
    return text


_CJK_THEN_LATIN = re.compile(rf"([{_CJK}])([{_LATIN}])")
_LATIN_THEN_CJK = re.compile(rf"([{_LATIN}%])([{_CJK}])")


def cjk_spacing(text: str) -> str:
    """``--cjk-spacing``: one space between CJK and Latin letters or digits (pangu style)."""
    return _LATIN_THEN_CJK.sub(r"\1 \2", _CJK_THEN_LATIN.sub(r"\1 \2", text))


@dataclass(frozen=True)
class Fixer:
    name: str
    fn: Callable[[str], str]
    flag: str = ""                                   # the option that switches it on, if it is off by default
    when: Callable[[Settings], bool] = lambda s: True


# The one list of normalizations, in the order they run.  ``--disable NAME`` switches one off.
FIXERS: tuple[Fixer, ...] = (
    Fixer("fix_mojibake", fix_mojibake),
    Fixer("remove_control_chars", remove_control_chars),
    Fixer("unicode_nfc", unicode_nfc),
    Fixer("fullwidth_ascii", fullwidth_ascii),
    Fixer("normalize_spaces", normalize_spaces),
    Fixer("cjk_punctuation", cjk_punctuation),
    Fixer("cjk_ellipsis", cjk_ellipsis),
    Fixer("trim_space_around_cjk_punct", trim_space_around_cjk_punct),
    Fixer("quotes_to_corner", quotes_to_corner, "--quotes corner", lambda s: s.quotes == "corner"),
    Fixer("quotes_to_curly", quotes_to_curly, "--quotes curly", lambda s: s.quotes == "curly"),
    Fixer("cjk_spacing", cjk_spacing, "--cjk-spacing", lambda s: s.cjk_spacing),
)
CONVERT_SCRIPT = "convert_script"   # the name of the script conversion, for --disable
FIXER_NAMES: tuple[str, ...] = tuple(f.name for f in FIXERS) + (CONVERT_SCRIPT,)
MAX_PASSES = 4


def enabled_fixers(settings: Settings = DEFAULT) -> list[Callable[[str], str]]:
    return [f.fn for f in FIXERS if f.name not in settings.disable and f.when(settings)]


# ------------------------------------------------------------------ applying them


def split_protected(text: str) -> list[tuple[str, bool]]:
    """``text`` as (piece, mutable) pairs: URLs and e-mail addresses are not mutable."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _PROTECTED.finditer(text):
        start, end = m.start(), m.end()
        tail = _TRAILING_URL_PUNCT.search(m.group())
        if tail and not (tail.group() == ")" and "(" in m.group()):
            end -= len(tail.group())
        if start > pos:
            out.append((text[pos:start], True))
        out.append((text[start:end], False))
        pos = end
    if pos < len(text):
        out.append((text[pos:], True))
    return out


def _apply(fixers: list[Callable[[str], str]], text: str, left: str, right: str) -> str:
    """The fixers over ``left + text + right``; the context characters must come out unchanged."""
    if not text:
        return text
    whole = left + text + right
    for fn in fixers:
        whole = fn(whole)
    if whole.startswith(left) and whole.endswith(right) and len(whole) >= len(left) + len(right):
        return whole[len(left): len(whole) - len(right)]
    for fn in fixers:   # a rule changed the context: fix the piece on its own
        text = fn(text)
    return text


# What some fixer could change (or needs as context): a control character, a tab, two spaces, a
# space next to a newline, any non-ASCII character but English typography (‘ ’ “ ” – — … •, which
# no fixer touches without CJK around, and which cannot make mojibake without a Latin-1 letter).
# Text without any is a fixed point of every fixer in FIXERS (tests/test_normalize_properties.py
# checks it) and has no CJK to convert.
_MAY_NEED_FIXING = re.compile("[^\n\x20-\x7e\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022]| [ \n]|\n ")


def fix_segments(segments: list[tuple[str, bool]], fixers: list[Callable[[str], str]],
                 convert: Callable[[str], str] | None = None) -> list[str]:
    """Fix the mutable segments, each seeing the last character before it and the first after it."""
    texts = [t for t, _ in segments]
    if not _MAY_NEED_FIXING.search("".join(texts)):
        return texts    # printable ASCII without runs of spaces: every fixer leaves it as it is
    for _ in range(MAX_PASSES):
        before = list(texts)
        for i, (_, mutable) in enumerate(segments):
            if not mutable:
                continue
            left = next((texts[j][-1] for j in range(i - 1, -1, -1) if texts[j]), "")
            right = next((texts[j][0] for j in range(i + 1, len(texts)) if texts[j]), "")
            texts[i] = _apply(fixers, texts[i], left, right)
        if texts == before:
            break
    if convert is not None:  # once: converting twice can damage (s2tw over Traditional: 觀念 → 觀唸)
        texts = [convert(t) if mutable else t for t, (_, mutable) in zip(texts, segments)]
    return texts


def _converter(settings: Settings, config: str | None, info: script.ScriptInfo | None):
    if not config or CONVERT_SCRIPT in settings.disable:
        return None
    return lambda s: script.convert_document(s, config, info or script.detect(s)) if _CJK_CHAR.search(s) else s


def segments_of(text: str) -> list[tuple[str, bool]]:
    """``split_protected(text)`` (but one empty piece for an empty text), with a cheap test first:
    most texts hold no URL or address."""
    return split_protected(text) if _MAY_PROTECT.search(text) else [(text, True)]


def fix_text(text: str, settings: Settings = DEFAULT, config: str | None = None,
             info: script.ScriptInfo | None = None) -> str:
    """All enabled fixers, then the script conversion (``config``), to a fixed point; URLs untouched."""
    return "".join(fix_segments(segments_of(text), enabled_fixers(settings), _converter(settings, config, info)))


def explain(text: str, settings: Settings = DEFAULT) -> list[tuple[str, str]]:
    """(fixer name, text after it) for every fixer that changed ``text`` — ftfy's ``fix_and_explain``."""
    steps = []
    for f in FIXERS:
        if f.name in settings.disable or not f.when(settings):
            continue
        after = fix_text(text, Settings(disable=tuple(n for n in FIXER_NAMES if n != f.name),
                                        quotes=settings.quotes, cjk_spacing=settings.cjk_spacing))
        if after != text:
            steps.append((f.name, after))
            text = after
    return steps


# ------------------------------------------------------------------ the stage


def output_label(info: script.ScriptInfo, target: str, config: str | None) -> str:
    """What the text is after conversion: the target, or what it already was."""
    if target == "keep" or (config is None and info.script in ("none", "ja", "undecided")):
        return info.label
    return {"hans": "hans", "hant": "hant", "tw": "hant-tw", "hk": "hant-hk"}[target]


def normalize(doc: Document, settings: Settings = DEFAULT) -> Document:
    kept = doc.kept
    info = script.detect("\n".join(b.text for b in kept if b.kind != "code"))
    config = script.conversion_config(info, settings.script, settings.phrases)
    if CONVERT_SCRIPT in settings.disable:
        config = None
    fixers = enabled_fixers(settings)
    base = _converter(settings, config, info)
    changed = []

    def convert(text: str) -> str:
        out = base(text)
        if out != text:
            changed.append(True)
        return out

    for b in kept:
        if b.kind == "code":
            continue
        block_convert = None if base is None or script.is_japanese(b.text) else convert
        if b.rows is not None:
            if b.cells:      # cells with links, emphasis or code: fixed as spans
                for cells in b.cells:
                    for k, spans in enumerate(cells):
                        cell = Block("paragraph", spans)
                        normalize_spans(cell, fixers, block_convert)
                        cells[k] = cell.spans
                b.rows = [["".join(s.text for s in c) for c in cells] for cells in b.cells]
                continue
            b.rows = [["".join(fix_segments(segments_of(c), fixers, block_convert)).strip() for c in row]
                      for row in b.rows]
            continue
        normalize_spans(b, fixers, block_convert)
    def fix_value(value: str) -> str:
        fixed = "".join(fix_segments(segments_of(value), fixers, base and convert)).strip()
        # (a YAML block scalar's final line break — "description: >" — is part of its value)
        return fixed + "\n" if fixed and value.endswith("\n") else fixed

    for key, value in list(doc.meta.items()):
        if key in ("source", "url", "input_script", "output_script", "conversion"):
            continue
        if isinstance(value, str):
            doc.meta[key] = fix_value(value)
        elif isinstance(value, list):       # (tags: each is text of the page)
            doc.meta[key] = [fix_value(v) if isinstance(v, str) else v for v in value]
    # What was detected is kept from the first run (cleaning clean output changes nothing);
    # what was done is updated only when this run changed the script.
    doc.meta.setdefault("input_script", info.label)
    if changed:
        doc.meta["output_script"] = output_label(info, settings.script, config)
        doc.meta["conversion"] = config
    else:
        doc.meta.setdefault("output_script", output_label(info, settings.script, None))
    doc.blocks = [b for b in doc.blocks if not b.keep or b.text.strip() or b.kind in ("code", "table")]
    return doc


def normalize_spans(b: Block, fixers: list[Callable[[str], str]], convert=None) -> None:
    """Fix a block's spans as one text: code spans and URLs fixed in place, neighbours seen across spans."""
    segments: list[tuple[str, bool]] = []
    owner: list[int] = []
    for k, span in enumerate(b.spans):
        if span.style == "code":
            parts = [(span.text, False)]
        else:
            parts = segments_of(span.text)
        segments.extend(parts)
        owner.extend([k] * len(parts))
    texts = fix_segments(segments, fixers, convert)
    # (pieces joined once per span: ``joined[k] += t`` copies the span's text again for every
    # URL in it, quadratic on a long one-line text full of links)
    pieces: list[list[str]] = [[] for _ in b.spans]
    for k, t in zip(owner, texts):
        pieces[k].append(t)
    for span, parts in zip(b.spans, pieces):
        span.text = "".join(parts)
    _trim_edges(b)


def _trim_edges(b: Block) -> None:
    spans = [s for s in b.spans if s.style != "code"]
    if spans and spans[0] is b.spans[0]:
        spans[0].text = spans[0].text.lstrip()
    if spans and spans[-1] is b.spans[-1]:
        spans[-1].text = spans[-1].text.rstrip()
