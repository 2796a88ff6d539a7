"""Article DOM → typed blocks with inline spans (the markdownify way: one method per tag).

Block tags start a new block; inline tags add spans (``em``, ``strong``,
``code``, ``link``, ``image``) to the block being built.  Lists keep their
nesting depth, tables their rows (layout tables are walked as containers),
``<pre>`` its text verbatim.  Links and images are resolved against the base URL.
"""
from __future__ import annotations

import re
from urllib.parse import urljoin

from bs4 import NavigableString, Tag

from .document import Block, Span
from .html_dom import INLINE_TAGS

_CJK = "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t]*\n\s*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\n\r\f\v\u00a0\u200b]+")
STYLE_OF = {"strong": "strong", "b": "strong", "em": "em", "i": "em", "cite": "em", "dfn": "em",
            "code": "code", "kbd": "code", "samp": "code", "tt": "code", "var": "code"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
SKIP = frozenset(("script", "style", "noscript", "template", "head", "title", "meta", "link", "svg", "canvas",
                  "iframe", "object", "embed", "button", "input", "select", "textarea", "map"))
TABLE_MAX_CELL_CHARS = 400      # a cell longer than this holds prose: a layout table
_LANG_CLASS = re.compile(r"(?:^|\s)(?:language|lang|brush:?|highlight-source)-?\s*([\w+#.-]+)", re.I)


class BlockBuilder:
    def __init__(self, base_url: str = ""):
        self.base = base_url
        self.blocks: list[Block] = []
        self.spans: list[Span] = []
        self.context: list[tuple[str, int, bool]] = []   # ("list", level, ordered) / ("quote", 0, False)
        self.link_depth = 0                              # inside an <a> that wraps blocks

    # -------------------------------------------------------------- driving

    def build(self, nodes: list[Tag]) -> list[Block]:
        for n in nodes:
            self.block(n)
        self.flush()
        return self.blocks

    def block(self, node: Tag) -> None:
        """Walk a block container: flush around it, dispatch on child tags."""
        method = getattr(self, f"convert_{node.name}", None)
        if method is not None:
            method(node)
            return
        if node.name == "a" and self.url(node.get("href")):
            # a link wrapped around blocks (a teaser card): everything in it is link text
            self.flush()
            self.link_depth += 1
            self.children(node)
            self.flush()
            self.link_depth -= 1
            return
        self.paragraph(node)

    def paragraph(self, node: Tag) -> None:
        """A block of its own — except inside a list item, where a <p>, <div> or <span> continues the item."""
        if self.context and self.context[-1][0] == "list":
            if self.spans:
                self.text(" ")
            self.children(node)
            return
        self.flush()
        self.children(node)
        self.flush()

    def children(self, node: Tag, style: str = "", href: str | None = None) -> None:
        for c in node.children:
            if isinstance(c, NavigableString):
                if type(c) is NavigableString:
                    self.text(str(c), style, href)
            elif isinstance(c, Tag) and c.name not in SKIP:
                if c.name in INLINE_TAGS and not _has_block(c):
                    self.inline(c, style, href)
                else:
                    self.block(c)

    def inline(self, node: Tag, style: str = "", href: str | None = None) -> None:
        name = node.name
        if name == "br":
            self.line_break()
            return
        if name == "img":
            self.image(node)
            return
        if name == "a":
            target = self.url(node.get("href"))
            if target:
                href, style = target, "link"
        elif name in STYLE_OF and style != "link":
            if STYLE_OF[name] == "code":
                self.text(node.get_text(), "code", None, verbatim=True)
                return
            if style != "strong" or STYLE_OF[name] != "em":
                style = STYLE_OF[name]
        self.children(node, style, href)

    # -------------------------------------------------------------- inline pieces

    def text(self, text: str, style: str = "", href: str | None = None, verbatim: bool = False) -> None:
        if not verbatim:
            text = _SPACES.sub(" ", _CJK_BREAK.sub("", text))
        else:
            text = _SPACES.sub(" ", text)
        if not text:
            return
        if not self.spans or (not self.spans[-1].text.strip() and self.spans[-1].style == ""):
            text = text.lstrip() if not self.spans else text
        last = self.spans[-1] if self.spans else None
        if last is not None and last.style == style and last.href == href:
            last.text += text
            if last.text.endswith("  "):
                last.text = last.text.rstrip() + " "
        else:
            if last is not None and last.text.endswith(" ") and text.startswith(" "):
                text = text.lstrip()
            self.spans.append(Span(text, style, href))

    def image(self, node: Tag) -> None:
        src = node.get("data-src") or node.get("data-original") or node.get("src")
        src = self.url(src)
        if src and not src.startswith("data:"):
            alt = _SPACES.sub(" ", str(node.get("alt") or "")).strip()
            self.spans.append(Span(alt, "image", src))

    def line_break(self) -> None:
        if self.context and self.context[-1][0] == "list":
            self.text(" ")
        else:
            self.flush()

    def url(self, value) -> str:
        if not isinstance(value, str):
            return ""
        value = value.strip()
        if not value or value.startswith("#") or re.match(r"(?:javascript|vbscript|data:text):", value, re.I):
            return ""
        try:
            full = urljoin(self.base, value) if self.base else value
        except ValueError:
            return ""
        return full.replace(" ", "%20").replace("(", "%28").replace(")", "%29")

    # -------------------------------------------------------------- emitting

    def flush(self, kind: str = "paragraph", **kw) -> None:
        spans = _trim(self.spans)
        self.spans = []
        if not spans:
            return
        if kind == "paragraph" and self.context:
            ctx, level, ordered = self.context[-1]
            if ctx == "list":
                kind, kw = "list", {"level": level, "ordered": ordered}
            elif ctx == "quote":
                kind = "quote"
        if not any(s.text.strip() for s in spans if s.style != "image") and not any(s.style == "image" for s in spans):
            return
        b = Block(kind, spans, **kw)
        # link density over letters: dates, counts and punctuation around a link are not words
        count = _letters if any(_letters(s.text) for s in spans if s.style != "image") else len
        total = sum(count(s.text) for s in spans if s.style != "image") or 1
        b.features["link_density"] = 1.0 if self.link_depth else \
            round(sum(count(s.text) for s in spans if s.style == "link") / total, 3)
        b.features["in_main"] = True
        self.blocks.append(b)

    # -------------------------------------------------------------- block tags

    def _heading(self, node: Tag) -> None:
        self.flush()
        self.children(node)
        self.flush("heading", level=HEADINGS[node.name])

    convert_h1 = convert_h2 = convert_h3 = convert_h4 = convert_h5 = convert_h6 = _heading

    def convert_pre(self, node: Tag) -> None:
        self.flush()
        text = node.get_text().replace("\r\n", "\n").strip("\n")
        if not text.strip():
            return
        lang = ""
        for t in (node, node.find("code")):
            if isinstance(t, Tag):
                m = _LANG_CLASS.search(" ".join(t.get("class") or []))
                if m:
                    lang = m.group(1).lower()
                    break
        b = Block("code", [Span(text)], lang=lang)
        b.features["in_main"] = True
        self.blocks.append(b)

    def _list(self, node: Tag) -> None:
        self.flush()
        level = sum(1 for c in self.context if c[0] == "list")
        ordered = node.name == "ol"
        self.context.append(("list", level, ordered))
        for c in node.children:
            if isinstance(c, Tag) and c.name == "li":
                self.flush()
                self.children(c)
                self.flush()
            elif isinstance(c, Tag) and c.name in ("ul", "ol"):
                self._list(c)
            elif isinstance(c, Tag) and c.name not in SKIP:
                self.children(c) if c.name not in INLINE_TAGS else self.inline(c)
            elif isinstance(c, NavigableString) and type(c) is NavigableString:
                self.text(str(c))
        self.flush()
        self.context.pop()

    convert_ul = convert_ol = _list

    def convert_li(self, node: Tag) -> None:     # an <li> outside any list
        if self.context and self.context[-1][0] == "list":
            self.flush()
            self.children(node)
            self.flush()
        else:
            self.context.append(("list", 0, False))
            self.flush()
            self.children(node)
            self.flush()
            self.context.pop()

    def convert_p(self, node: Tag) -> None:
        self.paragraph(node)

    def convert_blockquote(self, node: Tag) -> None:
        self.flush()
        self.context.append(("quote", 0, False))
        self.children(node)
        self.flush()
        self.context.pop()

    def convert_figcaption(self, node: Tag) -> None:
        self.flush()
        self.children(node)
        self.flush("caption")

    def convert_hr(self, node: Tag) -> None:
        self.flush()

    def convert_dt(self, node: Tag) -> None:
        self.flush()
        self.children(node, "strong")
        self.flush()

    def convert_table(self, node: Tag) -> None:
        self.flush()
        rows = data_table_rows(node)
        if rows is None:
            self.children(node)
            self.flush()
            return
        b = Block("table", [Span("")], rows=rows)
        b.features["in_main"] = True
        self.blocks.append(b)


def _has_block(tag: Tag) -> bool:
    return any(isinstance(d, Tag) and d.name not in INLINE_TAGS for d in tag.descendants)


def _trim(spans: list[Span]) -> list[Span]:
    spans = [s for s in spans if s.text or s.style == "image"]
    while spans and spans[0].style != "image" and not spans[0].text.strip():
        spans.pop(0)
    while spans and spans[-1].style != "image" and not spans[-1].text.strip():
        spans.pop()
    if spans and spans[0].style != "image":
        spans[0].text = spans[0].text.lstrip()
    if spans and spans[-1].style != "image":
        spans[-1].text = spans[-1].text.rstrip()
    return spans


def _cell_text(cell: Tag) -> str:
    return _SPACES.sub(" ", _CJK_BREAK.sub("", cell.get_text(" "))).strip()


def data_table_rows(table: Tag) -> list[list[str]] | None:
    """The rows of a data table, or None for a layout table (walked as a container instead)."""
    if str(table.get("role", "")).lower() in ("presentation", "none") or table.get("datatable") == "0":
        return None
    if table.find("table") is not None:
        return None
    trs = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    rows: list[list[str]] = []
    for tr in trs:
        row: list[str] = []
        for cell in tr.find_all(["td", "th"], recursive=False):
            if cell.find(["p", "div", "ul", "ol", "pre", "blockquote", "h1", "h2", "h3", "h4"]) is not None \
                    and len(_cell_text(cell)) > 80:
                return None
            text = _cell_text(cell)
            if len(text) > TABLE_MAX_CELL_CHARS:
                return None
            row.append(text)
            try:
                span = min(int(cell.get("colspan", 1)), 20)
            except (TypeError, ValueError):
                span = 1
            row.extend([""] * (span - 1))
        if any(row):
            rows.append(row)
    if not rows:
        return None
    cols = max(len(r) for r in rows)
    semantic = table.find(["th", "thead", "caption", "tfoot", "col", "colgroup"]) is not None or table.get("summary")
    if cols < 2 or (len(rows) < 2 and not semantic):
        return None
    if semantic or len(rows) >= 10 or cols > 4 or len(rows) * cols > 10:
        return rows
    # Small tables without table semantics: data only when the cells are short.
    return rows if all(len(c) <= 60 for r in rows for c in r) else None


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalpha())
