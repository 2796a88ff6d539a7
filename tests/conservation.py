"""Conservation of text: every visible character of an input is in a block (kept or dropped) or in a
fragment record after strip, and nothing is counted twice (whitespace and markup aside).

"Visible" is defined here apart from the parser, from lxml's tree of the page: every text node
except those inside elements a reader never sees (scripts, styles, ``<head>``, ``<title>``, fallback
content of embedded objects, ``<svg>`` pictures, ruby annotations).  For text dumps it is the text
itself; list markers and, for Markdown, its syntax are markup: an input character may be missing only
if it is markup, and a block may hold only characters of the input (or an image's alt text).

Used by ``tests/test_conservation.py`` (the corpus in CI) and ``benchmarks/conservation.py`` (both
corpora in full).
"""
from __future__ import annotations

import re
from collections import Counter

from lxml import etree

from cleaner.document import Document

INVISIBLE = frozenset(("script", "style", "noscript", "template", "head", "title", "iframe", "object", "embed",
                       "canvas", "audio", "video", "svg", "rt", "rp"))
_NOT_COUNTED = frozenset("\u200b\ufeff")
_MARKER = re.compile(r"^[ \t]*(?:[-*+•·▪◦]|\d{1,9}[.)、])[ \t]+", re.M)
_MD_LINE = re.compile(r"^[ \t]*(?:#{1,6}[ \t]|>[ \t]?)+", re.M)
_MD_RULE = re.compile(r"^[ \t]*[-*_=~`#|: \t]{3,}$", re.M)
_MD_INLINE = re.compile(r"[*_`|\\]")


def chars(text: str) -> Counter:
    return Counter(c for c in text if not c.isspace() and c not in _NOT_COUNTED)


def visible_html(text: str) -> Counter:
    root = etree.fromstring(text.encode("utf-8", "replace"), etree.HTMLParser(encoding="utf-8")) \
        if text.strip() else None
    if root is None:
        return Counter()
    pieces: list[str] = []

    def walk(el) -> None:
        if el.tag in INVISIBLE:
            return
        if el.text:
            pieces.append(el.text)
        for c in el:
            if isinstance(c.tag, str):
                walk(c)
            if c.tail:
                pieces.append(c.tail)

    tops = [*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings()]
    for top in tops:
        if isinstance(top.tag, str):
            walk(top)
    return chars("".join(pieces))


def markup_aside(text: str, fmt: str) -> str:
    text = _MARKER.sub("", text)
    if fmt == "markdown":
        text = _MD_INLINE.sub("", _MD_RULE.sub("", _MD_LINE.sub("", text)))
    return text


def accounted(doc: Document) -> tuple[Counter, Counter]:
    """Characters of every block (kept or dropped) and fragment; image alt texts apart."""
    got, alts = Counter(), Counter()
    for b in doc.blocks:
        if b.rows is not None:
            for row in b.rows:
                for cell in row:
                    got.update(chars(cell))
        else:
            for s in b.spans:
                (alts if s.style == "image" else got).update(chars(s.text))
    for f in doc.fragments:
        got.update(chars(f.text))
    return got, alts


def check(doc: Document, text: str) -> tuple[Counter, Counter]:
    """(lost, extra) of a document after strip, given its decoded input ``text``: both empty when
    the text is conserved."""
    if doc.format == "html":
        least = most = visible_html(text)
    else:
        least, most = chars(markup_aside(text, doc.format)), chars(text)
    got, alts = accounted(doc)
    return least - got, got - most - alts
