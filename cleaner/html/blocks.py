"""Article DOM → typed blocks with inline spans (the markdownify way: one method per tag).

Block tags start a new block; inline tags add spans (``em``, ``strong``,
``code``, ``link``, ``image``) to the block being built.  Lists keep their
nesting depth, tables their rows (layout tables are walked as containers),
``<pre>`` its text verbatim.  Links and images are resolved against the base URL.

The DOM is lxml's: an element's own text is ``.text`` and the ``.tail`` of each child; comments
(and the markers ``dom.remove`` leaves) only separate pieces of text.
"""
from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import etree

from ..document import Block, Span
from ..urls import allowed_url
from .dom import INLINE_TAGS, Element, classes, has_descendant, memo_put, text_of

_CJK = "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t]*\n\s*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\n\r\f\v\u00a0\u200b]+")
STYLE_OF = {"strong": "strong", "b": "strong", "em": "em", "i": "em", "cite": "em", "dfn": "em",
            "code": "code", "kbd": "code", "samp": "code", "tt": "code", "var": "code"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
SKIP = frozenset(("script", "style", "noscript", "template", "head", "title", "meta", "link", "svg", "canvas",
                  "iframe", "object", "embed", "button", "input", "select", "textarea", "map"))
_ASCII_SPACES = " \t\n\r\f\v"     # (all in _SPACES)
# A run _SPACES would change: longer than one space, or another space character.
_SPACES_TO_COLLAPSE = re.compile(r"[\t\n\r\f\v\u00a0\u200b]|  ")
_SCRIPT_URL = re.compile(r"(?:javascript|vbscript|data:text):", re.I)
TABLE_MAX_CELL_CHARS = 400      # a cell longer than this holds prose: a layout table
# The HTML elements that are not phrasing content (and the ones we skip): any other name — a custom
# element (<my-quote>), a namespaced one (<o:p>), a made-up tag — is walked as inline text when it
# holds no block, so that it does not split the sentence around it into three paragraphs.
KNOWN_BLOCK_TAGS = frozenset((
    "html", "body", "main", "article", "section", "nav", "aside", "header", "footer", "address", "div", "p",
    "h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "ul", "ol", "li", "dl", "dt", "dd", "menu", "dir",
    "blockquote", "figure", "figcaption", "pre", "table", "caption", "thead", "tbody", "tfoot", "tr", "td",
    "th", "colgroup", "col", "form", "fieldset", "legend", "details", "summary", "dialog", "hr", "center",
    "frameset", "frame", "noframes", "video", "audio", "track", "listing", "xmp", "plaintext", "marquee",
    "search", "label", "output", "progress", "meter", "optgroup", "option", "datalist", "param", "area",
    "base", "slot", "portal", "math", "ruby", "rt", "rp", "rb", "rtc")) | SKIP


def is_inline(tag) -> bool:
    return tag in INLINE_TAGS or (isinstance(tag, str) and tag not in KNOWN_BLOCK_TAGS)


# A line break (one <br>) between these is a wrap inside a sentence, not a new paragraph: CJK text
# has no spaces, so pages wrap it anywhere. After sentence-final punctuation it stays a break.
_CJK_WRAP_BEFORE = re.compile(rf"[{_CJK}]$")
_CJK_WRAP_AFTER = re.compile(rf"^\s*[{_CJK}]")
_SENTENCE_FINAL = "。！？!?…；;：:」』”）)"


_LANG_CLASS = re.compile(r"(?:^|\s)(?:language|lang|brush:?|highlight-source)-?\s*([\w+#.-]+)", re.I)


class BlockBuilder:
    def __init__(self, base_url: str = ""):
        self.base = base_url
        self.blocks: list[Block] = []
        self.spans: list[Span] = []
        self.context: list[tuple[str, int, bool]] = []   # ("list", level, ordered) / ("quote", 0, False)
        self.link_depth = 0                              # inside an <a> that wraps blocks
        self.has_block: set = set()                      # elements with a block element below them
        self.line = 0                                    # the page line of the element being walked
        self.block_line = 0                              # ... of the block being built
        self.wrap = False                                # a single <br> after CJK text, pending
        self.quotes = 0                                  # <blockquote>s seen (each quote's group)

    # -------------------------------------------------------------- driving

    def build(self, nodes: list[Element]) -> list[Block]:
        for n in nodes:
            # one pass in C instead of a search below every inline element
            _mark_block_holders(n, self.has_block)
            self.block(n)
        self.flush()
        return self.blocks

    def block(self, node: Element) -> None:
        """Walk a block container: flush around it, dispatch on child tags."""
        self.line = node.sourceline or self.line
        method = _CONVERTERS.get(node.tag)
        if method is not None:
            method(self, node)
            return
        if node.tag == "a" and self.url(node.get("href")):
            # a link wrapped around blocks (a teaser card): everything in it is link text
            self.flush()
            self.link_depth += 1
            self.children(node)
            self.flush()
            self.link_depth -= 1
            return
        self.paragraph(node)

    def paragraph(self, node: Element) -> None:
        """A block of its own — except inside a list item, where a <p>, <div> or <span> continues the item."""
        if self.context and self.context[-1][0] == "list":
            if self.spans:
                self.text(" ")
            self.children(node)
            return
        self.flush()
        self.children(node)
        self.flush()

    def children(self, node: Element, style: str = "", href: str | None = None) -> None:
        if node.text:
            self.text(node.text, style, href)
        for c in node:
            name = c.tag
            if isinstance(name, str) and name not in SKIP:
                if is_inline(name) and c not in self.has_block:
                    self.inline(c, style, href)
                else:
                    self.block(c)
            if c.tail:
                self.text(c.tail, style, href)

    def inline(self, node: Element, style: str = "", href: str | None = None) -> None:
        self.line = node.sourceline or self.line
        name = node.tag
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
                self.text(text_of(node), "code", None, verbatim=True)
                return
            if style != "strong" or STYLE_OF[name] != "em":
                style = STYLE_OF[name]
        self.children(node, style, href)

    # -------------------------------------------------------------- inline pieces

    def text(self, text: str, style: str = "", href: str | None = None, verbatim: bool = False) -> None:
        if text and not text.strip(_ASCII_SPACES):
            if self.wrap:
                return          # (spaces after a pending wrap: it is decided by the text after them)
            text = " "          # (a whitespace piece between tags: no CJK line break to join in it)
        else:
            if self.wrap:
                self._end_wrap(text if style != "link" else "")    # (a line of links is a list, not a sentence)
                if self.spans and _CJK_WRAP_BEFORE.search(self.spans[-1].text):
                    text = text.lstrip()
            # (the text after a wrap as well: a line break of its own would be written into the
            # Markdown, and read back joined)
            if not verbatim and "\n" in text and not text.isascii():     # (the break joins CJK only)
                text = _CJK_BREAK.sub("", text)
            text = collapse_spaces(text)
            if not text:
                return
        if not self.spans:
            text = text.lstrip()
            self.block_line = self.line
        last = self.spans[-1] if self.spans else None
        if last is not None and last.style == style and last.href == href:
            last.text += text
            if last.text.endswith("  "):
                last.text = last.text.rstrip() + " "
        else:
            if last is not None and last.text.endswith(" ") and text.startswith(" "):
                text = text.lstrip()
            self.spans.append(Span(text, style, href))

    def image(self, node: Element) -> None:
        self._end_wrap("")
        src = node.get("data-src") or node.get("data-original") or node.get("src")
        src = self.url(src)
        if src and not src.startswith("data:"):
            if not self.spans:
                self.block_line = node.sourceline or self.line
            alt = _SPACES.sub(" ", str(node.get("alt") or "")).strip()
            self.spans.append(Span(alt, "image", src))

    def line_break(self) -> None:
        if self.context and self.context[-1][0] == "list":
            self.text(" ")
        elif not self.wrap and self.spans and self.spans[-1].style not in ("image", "link") \
                and _CJK_WRAP_BEFORE.search(self.spans[-1].text.rstrip()) \
                and self.spans[-1].text.rstrip()[-1] not in _SENTENCE_FINAL:
            self.wrap = True     # a wrap, if CJK text follows (decided in ``text``)
        else:
            self.flush()

    def _end_wrap(self, next_text: str) -> None:
        """A pending single line break: joined when ``next_text`` goes on in CJK, else a new block."""
        if not self.wrap:
            return
        self.wrap = False
        if not _CJK_WRAP_AFTER.match(next_text):
            self.flush()

    def url(self, value) -> str:
        if not isinstance(value, str):
            return ""
        return _resolve(self.base, value)

    # -------------------------------------------------------------- emitting

    def flush(self, kind: str = "paragraph", **kw) -> None:
        self.wrap = False
        if not self.spans:
            return
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
                kw = {"quote_group": level}     # (two <blockquote>s in a row stay two)
        if not any(s.text.strip() for s in spans if s.style != "image") and not any(s.style == "image" for s in spans):
            return
        b = Block(kind, spans, line=self.block_line, **kw)
        if self.link_depth:
            b.link_density = 1.0
        else:
            b.link_density = link_density(spans)
        b.in_main = True
        self.blocks.append(b)

    # -------------------------------------------------------------- block tags

    def _heading(self, node: Element) -> None:
        self.flush()
        self.children(node)
        self.flush("heading", level=HEADINGS[node.tag])

    convert_h1 = convert_h2 = convert_h3 = convert_h4 = convert_h5 = convert_h6 = _heading

    def convert_pre(self, node: Element) -> None:
        self.flush()
        text = text_of(node).replace("\r\n", "\n").strip("\n")
        if not text.strip():
            return
        lang = ""
        for t in (node, next(node.iterdescendants("code"), None)):
            if t is not None:
                m = _LANG_CLASS.search(" ".join(classes(t)))
                if m:
                    lang = m.group(1).lower()
                    break
        b = Block("code", [Span(text)], lang=lang, line=node.sourceline or 0)
        b.in_main = True
        self.blocks.append(b)

    def _list(self, node: Element) -> None:
        self.flush()
        level = sum(1 for c in self.context if c[0] == "list")
        ordered = node.tag == "ol"
        self.context.append(("list", level, ordered))
        if node.text:
            self.text(node.text)
        for c in node:
            name = c.tag
            if name == "li":
                self.flush()
                self.children(c)
                self.flush()
            elif name in ("ul", "ol"):
                self._list(c)
            elif isinstance(name, str) and name not in SKIP:
                self.children(c) if not is_inline(name) else self.inline(c)
            if c.tail:
                self.text(c.tail)
        self.flush()
        self.context.pop()

    convert_ul = convert_ol = _list

    def convert_li(self, node: Element) -> None:     # an <li> outside any list
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

    def convert_p(self, node: Element) -> None:
        self.paragraph(node)

    def convert_blockquote(self, node: Element) -> None:
        self.flush()
        self.quotes += 1
        self.context.append(("quote", self.quotes, False))
        self.children(node)
        self.flush()
        self.context.pop()

    def convert_figcaption(self, node: Element) -> None:
        self.flush()
        self.children(node)
        self.flush("caption")

    def convert_hr(self, node: Element) -> None:
        self.flush()

    def convert_dt(self, node: Element) -> None:
        self.flush()
        self.children(node, "strong")
        self.flush()

    def convert_table(self, node: Element) -> None:
        self.flush()
        rows = data_table_rows(node)
        if rows is None:
            self.children(node)
            self.flush()
            return
        caption = next(node.iterchildren("caption"), None)     # (a table's title: not one of its rows)
        if caption is not None:
            self.children(caption)
            self.flush("caption")
        b = Block("table", [Span("")], rows=rows, line=node.sourceline or 0)
        b.in_main = True
        cells = self.cell_spans(node, rows)
        if cells is not None:
            b.cells = cells
        self.blocks.append(b)

    def cell_spans(self, table: Element, rows: list[list[str]]) -> list[list[list[Span]]] | None:
        """The inline spans of every cell (links, emphasis, code), parallel to ``rows``; None when
        no cell has any, or when a cell's spans do not read as its text (then the text is written)."""
        if not has_descendant(table, "a", "b", "strong", "em", "i", "code", "kbd", "samp", "tt", "var", "cite", "dfn"):
            return None
        out: list[list[list[Span]]] = []
        for tr, row in zip(_table_trs(table, kept_only=True), rows):
            cells: list[list[Span]] = []
            for cell in tr.iterchildren("td", "th"):
                sub = BlockBuilder(self.base)
                sub.context.append(("list", 0, False))      # (a <p>, <div> or <br> in a cell goes on inline)
                sub.has_block = self.has_block
                sub.children(cell)
                sub.flush()
                # a list, heading or <pre> in the cell: its pieces go on in the one line of the cell
                pieces: list[Span] = []
                for piece in sub.blocks:
                    if pieces:
                        pieces.append(Span(" "))
                    pieces += [Span(piece.text, "code")] if piece.kind == "code" else piece.spans
                spans = [Span(sp.text, sp.style, sp.href) for sp in _trim(pieces) if sp.style != "image"]
                # (the cell's text joins its pieces with spaces, "李 先生" for "<a>李</a>先生": the spans do not)
                if _SPACES.sub("", "".join(sp.text for sp in spans)) != _SPACES.sub("", row[len(cells)]):
                    return None
                cells.append(spans)
                cells.extend([[] for _ in range(len(cells), min(len(row), len(cells) + _colspan(cell) - 1))])
            if len(cells) != len(row):
                return None
            out.append(cells)
        if len(out) != len(rows) or not any(sp.style for r in out for c in r for sp in c):
            return None
        for row, cells in zip(rows, out):
            row[:] = ["".join(sp.text for sp in c) for c in cells]
        return out


# tag -> BlockBuilder.convert_<tag>, looked up once (a getattr with an f-string per element was slow).
# (A subclass's own convert_* methods are not in it: BlockBuilder is not meant to be subclassed.)
_CONVERTERS = {name[len("convert_"):]: method for name, method in vars(BlockBuilder).items()
               if name.startswith("convert_")}


def _mark_block_holders(root: Element, out: set) -> None:
    """Add to ``out`` every element with a block (non-inline) element below it, in one pass."""
    for el in root.iterdescendants(etree.Element):
        if not is_inline(el.tag):
            p = el.getparent()
            while p is not None and p not in out:
                out.add(p)
                p = p.getparent()


def link_density(spans: list[Span]) -> float:
    """The share of the block's letters in link text; 0.0 when it has no link (most blocks: the
    letters of its spans are then not counted, which was a tenth of the block builder's time)."""
    if not any(s.style == "link" for s in spans):
        return 0.0          # (what counted_link_density gives: round(0 / total, 3))
    return counted_link_density(spans)


def counted_link_density(spans: list[Span]) -> float:
    """Link density over letters: dates, counts and punctuation around a link are not words
    (over all characters when the block has no letter)."""
    words = [s for s in spans if s.style != "image"]
    counts = [_letters(s.text) for s in words]
    if not any(counts):
        counts = [len(s.text) for s in words]
    total = sum(counts) or 1
    return round(sum(n for s, n in zip(words, counts) if s.style == "link") / total, 3)


_RESOLVED: dict[tuple[str, str], str] = {}
RESOLVE_MEMO_MAX_CHARS = 300    # longer links are resolved each time, not kept


def _resolve(base: str, value: str) -> str:
    """``value`` (an href or src) resolved against ``base`` ("" when it is no link); memoized, as
    pages repeat their links and ``urljoin`` is slow."""
    if len(value) > RESOLVE_MEMO_MAX_CHARS:
        return _resolve_uncached(base, value)     # (data: URIs, tracking links: rare, and large)
    key = (base, value)
    full = _RESOLVED.get(key)
    if full is None:
        full = memo_put(_RESOLVED, key, _resolve_uncached(base, value))
    return full


def _resolve_uncached(base: str, value: str) -> str:
    value = value.strip()
    if not value or value.startswith("#") or _SCRIPT_URL.match(value) or not allowed_url(value):
        return ""     # (a scheme not on the list: no link, its text stays)
    try:
        full = join_url(base, value) if base else value
    except ValueError:
        return ""
    return full.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def collapse_spaces(text: str) -> str:
    """``_SPACES.sub(" ", text)``; a text whose spaces are all single already is kept without the
    substitution (which rebuilds the text at every space: most pieces of a page are such texts)."""
    return _SPACES.sub(" ", text) if _SPACES_TO_COLLAPSE.search(text) else text


# An absolute http(s) URL urljoin gives back as it is, whatever the (also plain) base: a lower-case
# scheme, a host, printable ASCII without "[", "]" (IPv6 hosts, checked) or ";" (path parameters,
# split off and put back), and no empty "?" or "#" at its end (dropped).
_URL_CHARS = "".join(re.escape(chr(c)) for c in range(0x21, 0x7f) if chr(c) not in "[];")
_HOST_CHARS = "".join(re.escape(chr(c)) for c in range(0x21, 0x7f) if chr(c) not in "[];/?#")
_PLAIN_ABSOLUTE_URL = re.compile(rf"https?://[{_HOST_CHARS}]+(?:[/?#][{_URL_CHARS}]*)?")


def _plain_absolute(url: str) -> bool:
    return bool(_PLAIN_ABSOLUTE_URL.fullmatch(url)) and not url.endswith(("?", "#")) and "?#" not in url


def join_url(base: str, value: str) -> str:
    """``urljoin(base, value)``, without its parsing for the absolute links most pages use."""
    if _plain_absolute(value) and _plain_absolute(base):
        return value
    return urljoin(base, value)


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


def _cell_text(cell: Element) -> str:
    return _SPACES.sub(" ", _CJK_BREAK.sub("", text_of(cell, " "))).strip()



def _colspan(cell: Element) -> int:
    try:
        return max(1, min(int(cell.get("colspan", 1)), 20))
    except (TypeError, ValueError):
        return 1


def _table_trs(table: Element, kept_only: bool = False) -> list[Element]:
    """The rows of a table with no table inside, <tfoot> rows last, wherever the markup puts them
    (HTML 4 wanted it before <tbody>); ``kept_only``: those with text in a cell (the rows kept)."""
    trs = list(table.iterdescendants("tr"))     # (no table inside: every <tr> is this table's)
    trs.sort(key=lambda tr: tr.getparent() is not None and tr.getparent().tag == "tfoot")
    if kept_only:
        trs = [tr for tr in trs if any(_cell_text(c) for c in tr.iterchildren("td", "th"))]
    return trs


_TABLE_PARTS = ("table", "thead", "tbody", "tfoot", "tr")
_TEXT_HOLDERS = frozenset(("td", "th", "caption", "thead", "tbody", "tfoot", "tr", "col", "colgroup"))


def _stray_text(table: Element) -> bool:
    """Text in the table that no cell or caption holds (a heading or a line between the rows).

    (The table holds no other table: every row part below it is its own.)"""
    for part in table.iter(*_TABLE_PARTS):
        if part.text and part.text.strip():
            return True
        for c in part:
            if c.tail and c.tail.strip():
                return True
            if isinstance(c.tag, str) and c.tag not in _TEXT_HOLDERS and text_of(c).strip():
                return True
    return False


def data_table_rows(table: Element) -> list[list[str]] | None:
    """The rows of a data table, or None for a layout table (walked as a container instead)."""
    if str(table.get("role", "")).lower() in ("presentation", "none") or table.get("datatable") == "0":
        return None
    if has_descendant(table, "table"):
        return None
    if _stray_text(table):
        return None         # text outside the cells (a heading between rows): walked as a container
    trs = _table_trs(table)
    rows: list[list[str]] = []
    for tr in trs:
        row: list[str] = []
        for cell in tr.iterchildren("td", "th"):
            text = _cell_text(cell)
            if len(text) > 80 and has_descendant(cell, "p", "div", "ul", "ol", "pre", "blockquote",
                                                 "h1", "h2", "h3", "h4"):
                return None
            if len(text) > TABLE_MAX_CELL_CHARS:
                return None
            row.append(text)
            row.extend([""] * (_colspan(cell) - 1))
        if any(row):
            rows.append(row)
    if not rows:
        return None
    cols = max(len(r) for r in rows)
    semantic = has_descendant(table, "th", "thead", "caption", "tfoot", "col", "colgroup") or table.get("summary")
    if cols < 2 or (len(rows) < 2 and not semantic):
        return None
    if semantic or len(rows) >= 10 or cols > 4 or len(rows) * cols > 10:
        return rows
    # Small tables without table semantics: data only when the cells are short.
    return rows if all(len(c) <= 60 for r in rows for c in r) else None


_ASCII_LETTER = re.compile("[A-Za-z]")


_ASCII_NON_LETTERS = str.maketrans("", "", "".join(chr(i) for i in range(128) if not _ASCII_LETTER.match(chr(i))))


def _letters(text: str) -> int:
    if text.isascii():
        return len(text.translate(_ASCII_NON_LETTERS))
    return sum(map(str.isalpha, text))
