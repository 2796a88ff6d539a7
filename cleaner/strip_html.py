"""Strip's rules for the blocks of HTML pages (parse proposes, strip decides).

Parse (:mod:`cleaner.html`) removes nothing: what its page analysis took out of the article (hidden
nodes, navigation landmarks, widgets, link lists inside the article, everything outside the chosen
region) comes as blocks carrying :class:`cleaner.document.Evidence`.  ``decide_cuts`` drops them with
the evidence's rule id and detail; the other rules here judge the region's own blocks by what a block
of a page shows: mostly links, a widget's label, a bare number, a repeat, a byline above the text.
"""
from __future__ import annotations

import re

from .document import Block, Document, word_key
from .rules import Rules, as_rules, label_key

LINK_BLOCK_DENSITY = 0.65    # a short block with this share of link text is navigation
LINK_BLOCK_MAX_CHARS = 120
LINK_LIST_DENSITY = 0.8      # ... longer: this share of link text in at least this many links, no sentence,
LINK_LIST_MIN_LINKS = 2      # ... is a run of headlines ("Don't miss: A | B | C")
FEED_NOTICE_MAX_CHARS = 400  # a blog engine's feed/trackback notice is no longer than this
NUMBER_BLOCK_MAX_CHARS = 12  # a paragraph this short with no letters is a counter or an index
HEADER_PROSE_CHARS = 100     # the first paragraph this long starts the article text ...
HEADER_PROSE_BLOCKS = 2     # ... the header ends at the second such paragraph
HEADER_META_MAX_CHARS = 80   # ... above it, a block this short with a date or a byline is metadata
REPEAT_MIN_CHARS = 40        # a block this long (letters and digits) seen before is a repeat ...
REPEAT_KEY_CHARS = 80        # ... compared on this many leading characters (a truncated "…more" copy too)
REPEAT_WINDOW = 4            # ... within this many blocks
LABEL_MAX_WORDS = 8          # a line this short (words) ...
LABEL_MIN_WORDS = 3          # ... and not this short (a catalogue's "Biography", "8 a.m. - noon" under each item)
LABEL_MIN_COPIES = 4         # ... seen this many times on the page is a widget's label or a credit line
_FIELD = re.compile(r"^[^:：]{1,24}[:：](?:\s|$)")     # "Fee: $95", "Status: …": a catalogue item's field


def decide_cuts(blocks: list[Block]) -> None:
    """Drop every block the page analysis proposed to remove, with its rule id and detail."""
    for b in blocks:
        if b.evidence is not None and b.keep:
            b.drop(b.evidence.rule, b.evidence.detail)


def strip_page_blocks(doc: Document, rules: Rules) -> None:
    """The HTML rules, in the order they apply: links, labels and numbers, repeats, the header."""
    for b in doc.blocks:
        drop_link_block(b, rules)
    drop_repeats(doc.blocks)
    drop_repeated_labels(doc.blocks)
    drop_header_meta(doc.blocks, doc.meta)


def drop_link_block(b: Block, rules: Rules | None = None) -> bool:
    """A paragraph or list item that is mostly a link ("more stories" teasers, tag lists) is navigation."""
    if b.kind not in ("paragraph", "list", "heading") or not b.keep:
        return False
    text = b.text.strip()
    ld = b.link_density
    if ld >= LINK_BLOCK_DENSITY and not re.search(r"[。！？.!?]\s", text + " ") and (
            len(text) < LINK_BLOCK_MAX_CHARS
            or (ld >= LINK_LIST_DENSITY and sum(s.style == "link" for s in b.spans) >= LINK_LIST_MIN_LINKS)):
        b.drop("html:links", f"link density {ld}")
        return True
    if b.kind in ("paragraph", "heading", "caption", "list") and len(text) <= 30 and label_key(text) in as_rules(rules).ui_labels:
        b.drop("html:ui-label", "a widget's label")
        return True
    if b.kind == "paragraph" and len(text) <= FEED_NOTICE_MAX_CHARS and text and text.isascii() \
            and as_rules(rules).feed_notices.search(text.lower()):
        b.drop("html:feed-notice", "a blog engine's notice of feeds, trackbacks or replies")
        return True
    if b.kind == "paragraph" and len(text) <= NUMBER_BLOCK_MAX_CHARS and text and not any(c.isalpha() for c in text):
        b.drop("html:number", "a bare number (counter, image index)")
        return True
    return False


_TRUNCATED = re.compile(r"(?:\.\.\.|…)\s*\w{0,12}\s*$")


def drop_repeats(blocks: list[Block]) -> None:
    """A paragraph shown again a few blocks later is a repeat (a gallery's caption in three copies:
    slide, full caption, truncated "… more" caption); the first copy stays.  Farther apart, a
    repeat is the author's (the same question put to two people, a pull quote)."""
    recent: list[tuple[int, str]] = []
    i = 0                   # counts kept blocks: dropped widget labels between the copies do not separate them
    for b in blocks:
        if not b.keep:
            continue
        i += 1
        if b.kind not in ("paragraph", "caption", "list", "quote"):
            continue
        # (the spans' text, an image's alt text included, not strip's ``words``: a caption after an
        # image whose alt text says the same is the page's second copy of it)
        text = "".join(s.text for s in b.spans)
        if len(text) < REPEAT_MIN_CHARS and "\u0130" not in text:
            continue            # (its key is no longer: İ is the one character lower-casing to two)
        key = word_key(text)
        if len(key) < REPEAT_MIN_CHARS:
            continue
        cut = _TRUNCATED.search(text) if "…" in text or "..." in text else None
        stem = word_key(text[:cut.start()]) if cut else ""
        recent = [(j, k) for j, k in recent if i - j <= REPEAT_WINDOW]
        if any(k[:REPEAT_KEY_CHARS] == key[:REPEAT_KEY_CHARS]
               or (len(stem) >= REPEAT_MIN_CHARS and k.startswith(stem)) for _, k in recent):
            b.drop("html:repeat", "the same text just before")
        else:
            recent.append((i, key))


def drop_repeated_labels(blocks: list[Block]) -> None:
    """A short line that is not a sentence, shown four times or more on one page, is the page's
    furniture: a photo widget's "Mouseover photo to load notes", "Return to citation in text",
    "Add to my wishlist", a credit line under every photo.  An author writes a sentence, not the same
    few words four times; a line ending like a sentence ("EBERHART: Yes, sir.") stays, and so do a
    catalogue's fields ("Fee: $95", "Status: …", "Biography" under each item: CleanEval keeps them)."""
    groups: dict[str, list[Block]] = {}
    for b in blocks:
        if not b.keep or b.kind not in ("paragraph", "caption"):
            continue
        text = b.text.strip()
        if not text or text[-1] in "。！？.!?" or _FIELD.match(text):
            continue
        words = [w for w in text.split() if any(c.isalpha() for c in w)]
        if not LABEL_MIN_WORDS <= len(words) <= LABEL_MAX_WORDS:
            continue
        key = word_key(text)
        if key:
            groups.setdefault(key, []).append(b)
    for copies in groups.values():
        if len(copies) >= LABEL_MIN_COPIES:
            for b in copies:
                b.drop("html:repeated-label", f"the same short line {len(copies)} times on the page")


_DATELINE = re.compile(
    r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d\d"
    r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+(?:19|20)\d\d"
    r"|\b\d{1,2}\.?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?,?\s+(?:19|20)\d\d"
    r"|\b\d{1,2}:\d\d\s*(?:[ap]\.?m\.?)", re.I)
_BYLINE = re.compile(r"^\s*(?:by|von|par|por|di|door|av|written by|posted by|published)\b[\s:]", re.I)


def drop_header_meta(blocks: list[Block], meta: dict) -> None:
    """Above the first paragraph of prose: bylines, datelines and repeats of the title are metadata."""
    title = word_key(str(meta.get("title") or ""))
    authors = [a.strip().lower() for a in re.split(r",|\band\b|&|、|，", str(meta.get("author") or ""))
               if len(a.strip()) >= 4]
    has_title = any(b.kind == "title" for b in blocks)
    prose = 0
    for b in blocks:
        if not b.keep:
            continue
        text = b.text.strip()
        if b.kind in ("paragraph", "quote", "list") and len(text) >= HEADER_PROSE_CHARS:
            prose += 1          # the standfirst may come before the byline: look past one paragraph
            if prose >= HEADER_PROSE_BLOCKS:
                break
            continue
        if b.kind not in ("paragraph", "caption", "heading", "list") or len(text) > HEADER_META_MAX_CHARS:
            continue            # (the weight below is at least the length: long blocks are not counted)
        weight = len(text) + sum(1 for c in text if "\u3400" <= c <= "\u9fff")     # CJK counts double
        if weight > HEADER_META_MAX_CHARS:
            continue
        if weight > 40 and text[-1] in "。！？.!?":
            continue            # a sentence that mentions a date is text, not a dateline
        if title and word_key(text) == title and b.kind != "title":
            if has_title:
                b.drop("html:title-repeat", "the page title again")
            else:
                b.kind, b.level, has_title = "title", 1, True
        elif b.kind != "heading" and (_DATELINE.search(text) or _BYLINE.match(text)
                                      or any(a in text.lower() for a in authors)):
            b.drop("html:byline", "byline or dateline above the article")
