"""Stage 4 — normalize: Unicode, Chinese script and punctuation.

Like ftfy, normalization is a list of small named fixers (``FIXERS``), applied
in order to the text of every kept block and to the metadata; each can be
switched off by name (``Settings.disable``).  URLs, e-mail addresses and code
spans are protected: fixers only see the text between them.
Script conversion is chosen once per document (``cleaner.script``) and
recorded in ``doc.meta``.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Callable

from . import script
from .document import Document
from .settings import DEFAULT, Settings

_PROTECTED = re.compile(r"(?:https?|ftp)://[^\s\u3000-\u303f\uff01-\uff0f\uff1a-\uff20（）「」，。]+|www\.[\w.-]+\.[a-z]{2,}[^\s，。）」]*"
                        r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)
_CJK = r"\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = r"\u3001-\u3003\u3008-\u3011\u3014-\u301b\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201f\u2026"
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f]+")

_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
# ASCII , ; : ? ! right after CJK (or its punctuation): full-width, eating spaces that follow.
_AFTER_CJK = re.compile(rf"(?<=[{_CJK}{_CJK_PUNCT}])([,;:?!])[ ]*")
# ... or before CJK, after a letter, digit, % or closing bracket — but never inside a number (1,000).
_BEFORE_CJK = re.compile(rf"(?<=[A-Za-z0-9%)）])([,;:?!])[ ]*(?=[{_CJK}「『“])")
_PAREN_CJK = re.compile(rf"\(([^()\n]*[{_CJK}][^()\n]*)\)")
_CJK_CHAR = re.compile(rf"[{_CJK}]")


# ------------------------------------------------------------------ fixers (text → text)

def remove_control_chars(text: str) -> str:
    """Zero-width characters, soft hyphens, BOMs and C0/C1 controls (not newlines)."""
    return _CONTROL.sub("", _ZERO_WIDTH.sub("", text))


def fix_mojibake(text: str) -> str:
    """UTF-8 read as Latin-1/cp1252 (``æ–°é—»`` → ``新闻``), via ftfy, keeping full-width punctuation."""
    try:
        import ftfy
    except ImportError:  # pragma: no cover - declared dependency
        return text
    if text.isascii():
        return text
    return ftfy.fix_text(text, fix_character_width=False, uncurl_quotes=False, normalization="NFC",
                         fix_line_breaks=False)


def unicode_nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fullwidth_ascii(text: str) -> str:
    """Full-width letters and digits (Ａ１) become ASCII; full-width punctuation stays."""
    return re.sub(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]", lambda m: chr(ord(m.group()) - 0xFEE0), text)


def normalize_spaces(text: str) -> str:
    """NBSP and friends become a plain space; ideographic spaces at the edges (indentation) go; runs collapse."""
    text = _SPACES.sub(" ", text)
    text = re.sub(r"^[\s\u3000]+|[\s\u3000]+$", "", text)
    return re.sub(r"\u3000+", "\u3000", text)


def cjk_punctuation(text: str) -> str:
    """ASCII , ; : ? ! ( ) in CJK context become full-width; numbers, URLs and Latin text are left alone."""
    if not _CJK_CHAR.search(text):
        return text
    text = _PAREN_CJK.sub(lambda m: _paren(m, text), text)
    text = _AFTER_CJK.sub(lambda m: _FULL[m.group(1)], text)
    return _BEFORE_CJK.sub(lambda m: _FULL[m.group(1)], text)


def _paren(m: re.Match, whole: str) -> str:
    inner = m.group(1)
    before = whole[m.start() - 1] if m.start() else ""
    after = whole[m.end()] if m.end() < len(whole) else ""
    cjk_edge = bool(_CJK_CHAR.match(inner.strip()[:1] or " ")) or bool(_CJK_CHAR.match(before or " ")) \
        or bool(_CJK_CHAR.match(after or " "))
    return f"（{inner}）" if cjk_edge else m.group(0)


FIXERS: list[tuple[str, Callable[[str], str]]] = [
    ("remove_control_chars", remove_control_chars),
    ("fix_mojibake", fix_mojibake),
    ("unicode_nfc", unicode_nfc),
    ("fullwidth_ascii", fullwidth_ascii),
    ("normalize_spaces", normalize_spaces),
    ("cjk_punctuation", cjk_punctuation),
]


def protected_map(text: str, fn: Callable[[str], str]) -> str:
    """Apply ``fn`` to the text between URLs and e-mail addresses."""
    out, pos = [], 0
    for m in _PROTECTED.finditer(text):
        out.append(fn(text[pos:m.start()]) if m.start() > pos else "")
        out.append(m.group())
        pos = m.end()
    out.append(fn(text[pos:]) if pos < len(text) else "")
    return "".join(out)


def fix_text(text: str, settings: Settings = DEFAULT, config: str | None = None,
             info: script.ScriptInfo | None = None) -> str:
    """All enabled fixers, then the script conversion, to a fixed point."""
    for _ in range(3):
        before = text
        for name, fixer in FIXERS:
            if name not in settings.disable:
                text = protected_map(text, fixer)
        if config and "convert_script" not in settings.disable:
            text = protected_map(text, lambda s: script.convert_document(s, config, info or script.detect(s)))
        if text == before:
            break
    return text


# ------------------------------------------------------------------ the stage

def normalize(doc: Document, settings: Settings = DEFAULT) -> Document:
    kept = doc.kept
    info = script.detect("\n".join(b.text for b in kept))
    config = script.conversion_config(info, settings.script, settings.phrases)
    doc.meta.setdefault("input_script", info.label)
    doc.meta["output_script"] = settings.script if settings.script != "keep" else info.label
    if config:
        doc.meta.setdefault("conversion", config)
    for b in kept:
        if b.kind == "code":
            continue
        if b.rows is not None:
            b.rows = [[fix_text(c, settings, config, info) for c in row] for row in b.rows]
            continue
        for span in b.spans:
            if span.style != "code":
                span.text = fix_text(span.text, settings, config, info)
        _trim_edges(b)
    for key, value in list(doc.meta.items()):
        if isinstance(value, str) and key not in ("source", "url", "input_script", "output_script", "conversion"):
            doc.meta[key] = fix_text(value, settings, config, info)
    doc.blocks = [b for b in doc.blocks if not b.keep or b.text.strip() or b.kind in ("code", "table")]
    return doc


def _trim_edges(b) -> None:
    if b.spans:
        b.spans[0].text = b.spans[0].text.lstrip()
        b.spans[-1].text = b.spans[-1].text.rstrip()
