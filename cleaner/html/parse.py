"""HTML → metadata and the article's blocks.

``parse_html`` builds the page's tree with lxml (:func:`cleaner.html.dom.parse_tree`), takes the metadata
(:mod:`cleaner.html.meta`), removes what is never content, finds the article
(:mod:`cleaner.html.region`) and turns it into typed blocks
(:mod:`cleaner.html.blocks`).  It drops nothing: what the analysis took out of the article comes as
blocks with :class:`cleaner.document.Evidence` (rule id and detail), which strip drops
(:mod:`cleaner.strip_html`) before applying the same lexicon, spam and template rules as for text;
blocks carry ``Block.in_main`` and ``Block.link_density`` for it.

BeautifulSoup is used in one place only: the rare safety net that rebuilds the page's visible text when
the article finder found nothing reads the page again with bs4's own ``html.parser`` — a different
parser, so a real second chance when libxml2's tree swallowed the text (an unclosed ``<nav>`` or
``<form>`` around the article).
"""
from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import etree

from .. import heap
from ..rules import Rules, as_rules
from ..document import Block, Document, Evidence, Region, Span, word_key
from .blocks import BlockBuilder
from .dom import (Cut, PageCache, body_of, describe, doc_iter, has_descendant, drop_ruby_text, flatten_deep, page_bytes, parse_tree, remove,
                  top_elements)
from .meta import extract_meta
from .region import clean_dom, find_article, prune_article

MIN_ARTICLE_SHARE = 0.005   # an article with less of the page's text than this falls back to the page
#   (a short post above a long comment thread holds 1-2% of the page: it is still the article)
MIN_ARTICLE_CHARS = 40
TITLE_MIN_OVERLAP = 0.6     # a headline sharing this much with the page title is the title


def parse_html(doc: Document, settings=None, rules: Rules | None = None, keep_input: bool = True) -> Document:
    """The page's blocks: the article region's, in reading order, and one block for every piece the
    page analysis took out (a ``Cut``, with its ``Evidence``), merged in by page line.  Nothing is
    dropped here: strip drops the cut blocks with their rule ids (``strip_html``).  ``keep_input=False``:
    ``doc.raw`` is let go once the tree is built (the tree is several times the page's size)."""
    root = parse_tree(doc.text, page_bytes(doc.raw, doc.text, doc.encoding))
    if not keep_input:
        doc.raw = b""
    page_url = _page_url(root, settings)
    title_el = next(doc_iter(root, "title"), None)
    page_title = " ".join(title_el.itertext()) if title_el is not None else ""     # (clean_dom removes it)
    meta = extract_meta(root, page_url, doc.text)
    if len(doc.text) >= heap.TRIM_MIN_CHARS:
        heap.trim()     # (what the page's visible lines took, see cleaner.heap)
    for key, value in meta.items():
        doc.meta.setdefault(key, value)
    if not page_url and isinstance(meta.get("canonical_url"), str) and re.match(r"https?://", meta["canonical_url"]):
        page_url = meta["canonical_url"]

    cache = PageCache(hints=as_rules(rules).hints)
    clean_dom(root, cache)
    body = body_of(root)
    nodes = find_article(root, cache)
    page_chars = cache.page_chars       # the body's non-space characters, before the article is pruned
    prune_article(nodes, cache)
    # (the page's statistics are done with: an entry per element, let go before the blocks are built)
    cache.own, cache.stats = {}, None
    blocks = BlockBuilder(page_url).build(nodes)
    chars = _chars(blocks)
    choice = cache.choice
    region = Region("container", choice.score if choice else 0.0, choice.runner_up_score if choice else 0.0,
                    round(choice.margin, 3) if choice else 1.0, chars, page_chars)
    if page_chars and (chars < MIN_ARTICLE_CHARS or chars < MIN_ARTICLE_SHARE * page_chars):
        doc.notes.append("html: no clear article container; kept the whole page")
        blocks = BlockBuilder(page_url).build([body])
        region.how, region.chars, region.margin = "page", _chars(blocks), 0.0
    else:
        cache.cuts.extend(outside_region(root, body, nodes, region_detail(nodes, choice, chars)))
    blocks = _with_title(blocks, str(doc.meta.get("title") or ""))
    _site_name_heading(blocks, page_title, doc.meta)
    title_to_front_matter(blocks, doc.meta)
    if not any(b.text.strip() for b in blocks):
        # Safety net: whatever markup swallowed the text (an unclosed <nav> or <form>), the page's
        # visible text is better than an empty article.  It holds what was cut: no cut blocks.
        blocks = BlockBuilder(page_url).build([_visible_body(doc.text)])
        doc.notes.append("html: article finder found nothing; kept the page's visible text")
        region.how, region.chars, region.margin = "visible-text", _chars(blocks), 0.0
        cache.cuts.clear()
    doc.blocks = merge_by_line(blocks, cut_blocks(cache.cuts))
    doc.region = region
    return doc


def _page_url(root, settings) -> str:
    """The URL links are resolved against: ``--base-url``, joined with the page's ``<base href>``."""
    page_url = getattr(settings, "base_url", "") or ""
    base = next((b for b in doc_iter(root, "base") if b.get("href") is not None), None)
    if base is not None:
        try:
            page_url = urljoin(page_url, str(base.get("href")).strip())
        except ValueError:
            pass
    return page_url


def _chars(blocks: list[Block]) -> int:
    return sum(len(b.text.strip()) for b in blocks)


def region_detail(nodes: list, choice, chars: int) -> str:
    """How the region was chosen, for the records of what lies outside it."""
    where = ", ".join(describe(n) for n in nodes[:3]) + (f" and {len(nodes) - 3} more" if len(nodes) > 3 else "")
    how = choice.describe() if choice is not None else "no scored candidate"
    return f"region {where}, {chars:,} characters, chosen by {how}"


def outside_region(root, body, nodes: list, detail: str) -> list[Cut]:
    """Everything of the page outside the region's ``nodes``: the subtrees beside them and beside
    their ancestors, the loose text of those ancestors, and any top-level element after ``</html>``."""
    chosen = set(nodes)
    path: set = set()
    for n in nodes:
        for a in n.iterancestors():
            if a is body or a in path:
                break
            path.add(a)
    out: list[Cut] = []

    def piece(el, line: int) -> None:
        out.append(Cut(line, "region:outside", f"outside the article region: {{el}}, {{chars}} "
                                               f"characters; {detail}", el))

    def loose(text: str | None, line: int) -> None:
        if text and text.strip():
            out.append(Cut(line, "region:outside", f"outside the article region: loose text, {{chars}} "
                                                   f"characters; {detail}", None, text))

    def walk(el) -> None:
        loose(el.text, el.sourceline or 0)
        for c in el:
            if isinstance(c.tag, str) and c not in chosen:
                if c in path:
                    walk(c)
                else:
                    piece(c, c.sourceline or 0)
            loose(c.tail, (c.sourceline or 0) if isinstance(c.tag, str) else (el.sourceline or 0))

    if body not in chosen:
        walk(body)
    for top in top_elements(root):
        if top is not root:
            piece(top, top.sourceline or 0)
    return out


def cut_blocks(cuts: list[Cut]) -> list[Block]:
    """One block per cut with visible text (its whole text, spaces folded), carrying the cut's
    rule and detail as evidence, in page order."""
    out = []
    for c in sorted(cuts, key=lambda c: c.line):
        text = " ".join((c.text if c.element is None else _shown_text(c.element)).split())
        if text:
            detail = c.detail.replace("{chars}", f"{len(text) - text.count(' '):,}")
            if c.element is not None:
                detail = detail.replace("{el}", describe(c.element))
            out.append(Block("paragraph", [Span(text)], line=c.line, evidence=Evidence(c.rule, detail)))
    return out


def _shown_text(el) -> str:
    """The text of a subtree as a reader sees it: a ``<title>`` misplaced in the body is never displayed."""
    # (pieces joined by a space: "Home About" for <a>Home</a><a>About</a>, for the records' reader;
    # the pieces as one list of plain strings from libxml2, not one by one through itertext)
    if el.tag != "title" and not has_descendant(el, "title"):
        return " ".join(_TEXT_PIECES(el))
    return " ".join(_SHOWN_TEXT(el))


_TEXT_PIECES = etree.XPath("descendant::text()", smart_strings=False)
_SHOWN_TEXT = etree.XPath("descendant-or-self::text()[not(ancestor::title)]", smart_strings=False)


def merge_by_line(blocks: list[Block], cuts: list[Block]) -> list[Block]:
    """The region's blocks in their own order, each cut block before the first region block that
    comes after it on the page."""
    if not cuts:
        return blocks
    out: list[Block] = []
    i = 0
    for b in blocks:
        while i < len(cuts) and b.line and cuts[i].line < b.line:
            out.append(cuts[i])
            i += 1
        out.append(b)
    out.extend(cuts[i:])
    return out


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
    """The article's first h1 (or a heading that repeats the page title) is its title block; an h1
    that is only a link (a section's name) yields to a heading below it that repeats the page title.

    The page title itself goes to the front matter only: the body keeps what the article shows.
    """
    norm = word_key(title)
    first = blocks[:5]
    same = [b for b in first if b.kind == "heading" and ((norm and word_key(b.text) == norm)
                                                         or _title_with_suffix(b.text, title))]
    for b in first:
        if b.kind == "heading" and (b.level == 1 or b in same):
            if same and b not in same and _all_link(b):
                continue        # a section's linked name as an h1 ("Gear & Gadgets") above the headline
            b.kind, b.level = "title", 1
            break
    return blocks


def _all_link(b: Block) -> bool:
    return b.link_density >= 0.99


SITE_HEADING_LOOK = 8       # the article's headline is among the region's first blocks


def _site_name_heading(blocks: list[Block], raw: str, meta: dict) -> None:
    """A blog's name as the region's first h1 ("Church of the Customer Blog") over the post's own
    headline: ``<title>`` is "Headline: Blog name" and the headline is a heading below the name.  The
    headline is the title; the name goes (``html:site-name``), as the site's header would.  Without
    an h1, the same when the page title chosen is the blog's name part of ``<title>``, or the whole
    ``<title>`` ("10Q Detective: Research in Backward's Motion?", a blog engine's "Blog: Post")."""
    first = next((b for b in blocks[:5] if b.kind == "title" and b.keep and b.evidence is None), None)
    if first is None and any(b.kind == "title" for b in blocks):
        return
    parts = [word_key(p) for p in _PAGE_TITLE_PARTS.split(raw) if p.strip()]
    name = word_key(first.text if first is not None else str(meta.get("title") or ""))
    if len(parts) < 2 or not name or (name not in parts and (first is not None or name != word_key(raw))):
        return
    others = {p for p in parts if p != name and len(p) >= 8}       # (the whole <title> as the title: any part)
    at = blocks.index(first) if first is not None else -1
    head = None
    for b in blocks[at + 1:at + 1 + SITE_HEADING_LOOK]:
        if b.kind == "heading" and b.keep and word_key(b.text) in others:
            head = b
            break
        if b.kind in ("paragraph", "list", "quote") and len(b.text) >= 100:
            return      # (the article's text has begun: a heading below it is one of its sections)
    if head is None:
        return
    if first is not None:
        first.kind, first.level = "heading", 1
        first.evidence = Evidence("html:site-name", "the site's name in <title>, above the article's own headline")
    head.kind, head.level = "title", 1
    meta["title"] = " ".join(head.text.split())


_PAGE_TITLE_PARTS = re.compile(r"\s+[|｜\-–—_·»:：]\s+|\s*[|｜_–—»]\s*|[:：]\s+")
_SITE_SEPARATOR = re.compile(r"\s*[|«»‹›·•]+\s*|\s+[-–—:]+\s+|[:：]\s*")
SITE_SUFFIX_MAX_WORDS = 6    # "Headline « Site Name": the part after the separator is this short


def _title_with_suffix(heading: str, title: str) -> bool:
    """The page title is this heading followed by a separator and a short site name
    ("Quotation of the Day « Healthcare Economist")."""
    heading = " ".join(heading.split())
    title = " ".join(title.split())
    if len(heading) < 8 or not title.lower().startswith(heading.lower()):
        return False
    m = _SITE_SEPARATOR.match(title, len(heading))
    return m is not None and m.start() == len(heading) and m.group().strip() != "" \
        and 0 < len(title[m.end():].split()) <= SITE_SUFFIX_MAX_WORDS


def _overlap(a: str, b: str) -> float:
    """Share of the shorter title's words (CJK: characters) found in the other."""
    def words(t: str) -> set[str]:
        return set(re.findall(r"[\u3400-\u9fff]|[^\W_]+", t.lower()))
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


