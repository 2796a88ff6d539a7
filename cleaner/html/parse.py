"""HTML → metadata and the article's blocks.

``parse_html`` builds the page's tree with lxml (:func:`cleaner.html.dom.parse_tree`), takes the metadata
(:mod:`cleaner.html.meta`), removes what is never content, finds the article
(:mod:`cleaner.html.region`) and turns it into typed blocks
(:mod:`cleaner.html.blocks`).  ``strip`` then applies the same lexicon, spam
and template rules as for text; blocks carry ``features['in_main']`` and
``features['link_density']`` for it.

BeautifulSoup is used in one place only: the rare safety net that rebuilds the page's visible text when
the article finder found nothing reads the page again with bs4's own ``html.parser`` — a different
parser, so a real second chance when libxml2's tree swallowed the text (an unclosed ``<nav>`` or
``<form>`` around the article).
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources
from urllib.parse import urljoin

from ..document import Block, Document, word_key
from .blocks import BlockBuilder
from .region import clean_dom, find_article, prune_article
from .dom import PageCache, body_of, doc_iter, drop_ruby_text, flatten_deep, page_bytes, parse_tree, remove
from .meta import extract_meta

MIN_ARTICLE_SHARE = 0.02     # an article with less of the page's text than this falls back to the page
MIN_ARTICLE_CHARS = 40
LINK_BLOCK_DENSITY = 0.65    # a short block with this share of link text is navigation
LINK_BLOCK_MAX_CHARS = 120
LINK_LIST_DENSITY = 0.8      # ... longer: this share of link text in at least this many links, no sentence,
LINK_LIST_MIN_LINKS = 2      # ... is a run of headlines ("Don't miss: A | B | C")
NUMBER_BLOCK_MAX_CHARS = 12  # a paragraph this short with no letters is a counter or an index
TITLE_MIN_OVERLAP = 0.6     # a headline sharing this much with the page title is the title
HEADER_PROSE_CHARS = 100     # the first paragraph this long starts the article text ...
HEADER_PROSE_BLOCKS = 2     # ... the header ends at the second such paragraph
HEADER_META_MAX_CHARS = 80   # ... above it, a block this short with a date or a byline is metadata
REPEAT_MIN_CHARS = 40        # a block this long (letters and digits) seen before is a repeat ...
REPEAT_KEY_CHARS = 80        # ... compared on this many leading characters (a truncated "…more" copy too)
REPEAT_WINDOW = 4            # ... within this many blocks


def parse_html(doc: Document, settings=None) -> Document:
    root = parse_tree(doc.text, page_bytes(doc.raw, doc.text, doc.encoding))
    page_url = getattr(settings, "base_url", "") or ""
    base = next((b for b in doc_iter(root, "base") if b.get("href") is not None), None)
    if base is not None:
        try:
            page_url = urljoin(page_url, str(base.get("href")).strip())
        except ValueError:
            pass
    meta = extract_meta(root, page_url, doc.text)
    for key, value in meta.items():
        doc.meta.setdefault(key, value)
    if not page_url and isinstance(meta.get("canonical_url"), str) and re.match(r"https?://", meta["canonical_url"]):
        page_url = meta["canonical_url"]

    cache = PageCache()
    clean_dom(root, cache)
    body = body_of(root)
    nodes = find_article(root, cache)
    page_chars = cache.page_chars       # the body's non-space characters, before the article is pruned
    prune_article(nodes, cache)
    blocks = BlockBuilder(page_url).build(nodes)
    chars = sum(len(b.text.strip()) for b in blocks)
    if page_chars and (chars < MIN_ARTICLE_CHARS or chars < MIN_ARTICLE_SHARE * page_chars):
        doc.notes.append("html: no clear article container; kept the whole page")
        blocks = BlockBuilder(page_url).build([body])
    blocks = _with_title(blocks, str(doc.meta.get("title") or ""))
    title_to_front_matter(blocks, doc.meta)
    for b in blocks:
        drop_link_block(b)
    drop_repeats(blocks)
    drop_header_meta(blocks, doc.meta)
    if not any(b.text.strip() for b in blocks):
        # Safety net: whatever markup swallowed the text (an unclosed <nav> or <form>), the page's
        # visible text is better than an empty article.
        blocks = BlockBuilder(page_url).build([_visible_body(doc.text)])
        doc.notes.append("html: article finder found nothing; kept the page's visible text")
    doc.blocks = blocks
    if not doc.meta.get("lang"):
        lang = guess_cjk_language(" ".join(b.text for b in blocks if b.keep))
        if lang:
            doc.meta["lang"] = lang
    return doc


def _visible_body(text: str):
    """The page read again by bs4's ``html.parser`` (converted to lxml elements), without scripts,
    styles and ``<head>``: the body, or the whole page when it has none."""
    from lxml.html import soupparser      # needs bs4; loaded only on this rare path

    try:
        root = soupparser.fromstring(text, features="html.parser")
        drop_ruby_text(root)
    except Exception:   # markup html.parser rejects, a control character lxml will not take: libxml2 again
        root = parse_tree(text)
    for t in list(root.iter("script", "style", "noscript", "template", "head")):
        remove(t)
    flatten_deep(root)      # (html.parser has no depth limit: 1,000 <div>s in a comment libxml2 skipped)
    return body_of(root)


_NOT_KANA = re.compile(r"[^\u3040-\u30ff]+")
_NOT_HANGUL = re.compile(r"[^\uac00-\ud7af]+")
_NOT_HAN = re.compile(r"[^\u3400-\u9fff]+")
_NOT_LETTER = re.compile(r"[\W\d_]+")
_CJK_SCRIPT = re.compile(r"[\u3040-\u30ff\uac00-\ud7af\u3400-\u9fff]")     # (the three ranges above)


def guess_cjk_language(text: str) -> str:
    """``zh``, ``ja`` or ``ko`` when the text is mostly in that script; "" when unsure (no guessing Latin)."""
    # (counts as what is left when everything else is cut out in runs: no list of every character)
    if not _CJK_SCRIPT.search(text):
        return ""           # no kana, hangul or han: the counts below would all be 0 (one scan, not four)
    kana = len(_NOT_KANA.sub("", text))
    hangul = len(_NOT_HANGUL.sub("", text))
    han = len(_NOT_HAN.sub("", text))
    letters = len(_NOT_LETTER.sub("", text)) or 1
    if hangul > 0.3 * letters:
        return "ko"
    if kana > 0.1 * letters and kana + han > 0.3 * letters:
        return "ja"
    if han > 0.3 * letters:
        return "zh"
    return ""


@lru_cache(maxsize=1)
def _ui_labels() -> frozenset[str]:
    with resources.files("cleaner.rules").joinpath("html.toml").open("rb") as fh:
        return frozenset(_label_key(x) for x in tomllib.load(fh)["html"].get("ui_labels", []))


def _label_key(text: str) -> str:
    return re.sub(r"[\s.…:：!！»›>]+$", "", text.strip().lower())


def drop_link_block(b: Block) -> bool:
    """A paragraph or list item that is mostly a link ("more stories" teasers, tag lists) is navigation."""
    if b.kind not in ("paragraph", "list", "heading") or not b.keep:
        return False
    text = b.text.strip()
    ld = b.features.get("link_density", 0)
    if ld >= LINK_BLOCK_DENSITY and not re.search(r"[。！？.!?]\s", text + " ") and (
            len(text) < LINK_BLOCK_MAX_CHARS
            or (ld >= LINK_LIST_DENSITY and sum(s.style == "link" for s in b.spans) >= LINK_LIST_MIN_LINKS)):
        b.drop("html:links", f"link density {ld}")
        return True
    if b.kind in ("paragraph", "heading", "caption", "list") and len(text) <= 30 and _label_key(text) in _ui_labels():
        b.drop("html:ui-label", "a widget's label")
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
        text = b.text
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
        weight = len(text) + sum(1 for c in text if "\u3400" <= c <= "\u9fff")     # CJK counts double
        if b.kind not in ("paragraph", "caption", "heading", "list") or weight > HEADER_META_MAX_CHARS:
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


def title_to_front_matter(blocks: list[Block], meta: dict) -> None:
    """The article's headline is the front matter's title (rather than ``<title>`` with its site suffix).

    Only when the article's title block is the page's title (same words, or one within the other).
    The headline also stays in the body as its one H1, as for text dumps.
    """
    title = next((b for b in blocks if b.kind == "title" and b.keep), None)
    page = word_key(str(meta.get("title") or ""))
    if title is None or not page:
        return
    shown = word_key(title.text)
    if shown and (shown == page or (len(shown) >= 8 and (shown in page or page in shown))
                  or _overlap(title.text, str(meta.get("title"))) >= TITLE_MIN_OVERLAP):
        meta["title"] = title.text.strip()


def _with_title(blocks: list[Block], title: str) -> list[Block]:
    """The article's first h1 (or a heading that repeats the page title) is its title block.

    The page title itself goes to the front matter only: the body keeps what the article shows.
    """
    norm = word_key(title)
    for b in blocks[:5]:
        if b.kind == "heading" and (b.level == 1 or (norm and word_key(b.text) == norm)):
            b.kind, b.level = "title", 1
            break
    return blocks


def _overlap(a: str, b: str) -> float:
    """Share of the shorter title's words (CJK: characters) found in the other."""
    def words(t: str) -> set[str]:
        return set(re.findall(r"[\u3400-\u9fff]|[^\W_]+", t.lower()))
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


