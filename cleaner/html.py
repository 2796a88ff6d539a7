"""HTML → blocks (first version: every visible block element, in document order).

The main-content finder, metadata and structure rendering are built out by
issue #4; ``strip`` then applies the same lexicon, spam and template rules as
for text.
"""
from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from .document import Block, Document, Span

DROP_TAGS = ("script", "style", "noscript", "template", "form", "iframe", "svg", "button", "select", "input",
             "textarea", "head")
BLOCK_TAGS = {"p": "paragraph", "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading",
              "h5": "heading", "h6": "heading", "li": "list", "blockquote": "quote", "pre": "code",
              "table": "table", "figcaption": "caption", "dd": "paragraph", "dt": "paragraph"}
CONTAINERS = {"div", "section", "article", "main", "body", "td", "th", "header", "footer", "nav", "aside",
              "ul", "ol", "dl", "figure", "span", "center", "font"}


def parse_html(doc: Document) -> Document:
    soup = BeautifulSoup(doc.text, "lxml")
    title = soup.find("title")
    if title and title.get_text(strip=True):
        doc.meta.setdefault("title", title.get_text(" ", strip=True))
    for t in soup.find_all(DROP_TAGS):
        t.decompose()
    body = soup.body or soup
    blocks: list[Block] = []
    _walk(body, blocks)
    h1 = next((b for b in blocks if b.kind == "heading" and b.level == 1), None)
    if h1 is not None:
        h1.kind = "title"
    doc.blocks = blocks
    return doc


def _text(node: Tag) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()


def _walk(node: Tag, out: list[Block]) -> None:
    loose: list[str] = []

    def flush() -> None:
        text = re.sub(r"\s+", " ", "".join(loose)).strip()
        if text:
            out.append(Block.of("paragraph", text))
        loose.clear()

    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:
                loose.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name in BLOCK_TAGS:
            flush()
            kind = BLOCK_TAGS[name]
            if kind == "table":
                rows = [[_text(c) for c in tr.find_all(["td", "th"])] for tr in child.find_all("tr")]
                rows = [r for r in rows if any(r)]
                if rows:
                    out.append(Block("table", [Span("")], rows=rows))
            elif kind == "code":
                out.append(Block("code", [Span(child.get_text())]))
            else:
                text = _text(child)
                if text:
                    level = int(name[1]) if kind == "heading" else 0
                    out.append(Block.of(kind, text, level=level))
        elif name in CONTAINERS or name not in ("br",):
            if name == "br":
                loose.append("\n")
                continue
            if any(isinstance(c, Tag) and (c.name in BLOCK_TAGS or c.name in CONTAINERS) for c in child.descendants):
                flush()
                _walk(child, out)
            else:
                loose.append(child.get_text(" "))
        else:
            loose.append("\n")
    flush()
