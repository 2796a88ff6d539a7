"""The page's DOM made ready for scoring: parsing, cleaning, class/id hints and per-element text statistics.

``parse_tree`` builds the page's tree with lxml directly (libxml2's HTML parser, the one BeautifulSoup
used under us before, without bs4's Python tree on top, which cost most of the building time).  ``clean_dom`` removes
what is never content (scripts, forms, hidden nodes, navigation landmarks); ``hints`` reads the class/id
words of ``cleaner/rules/html.toml``; ``measure`` computes, bottom-up in one pass, the text, link,
punctuation and "running text" counts of every element.

lxml keeps text in ``.text`` and ``.tail`` instead of string children.  Two conventions keep the
text exactly as BeautifulSoup cut it into strings (which matters: text is normalized piece by piece):

* comments and processing instructions stay in the tree — their tails are separate pieces of text,
  as they were separate strings next to a removed bs4 comment — and every walk skips them
  (their ``.tag`` is not a ``str``);
* ``remove`` leaves an empty comment carrying a removed element's tail, so the text before and after
  it stays two pieces, as after bs4's ``decompose``.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree

from ..lexicon import literal_union

if TYPE_CHECKING:
    from .region import RegionChoice

Element = etree._Element

# Elements whose text a reader never sees (code, fallback content, the head): removed without a record.
# (An <svg> is a picture: its text, icon names and tooltips mostly, is no more page text than an image's.)
INVISIBLE = ("script", "style", "noscript", "template", "iframe", "object", "embed", "canvas", "link", "meta",
             "head", "audio", "video", "svg")
# Widgets: their text is on the screen but is never the article's (buttons, form fields, menus).  They
# are cut with a record (``html:widget``), so strip reports them.
WIDGETS = ("button", "select", "input", "textarea", "dialog", "map", "label", "option", "menu")
NEVER_CONTENT = INVISIBLE + WIDGETS
INLINE_TAGS = frozenset(("a", "span", "b", "strong", "em", "i", "u", "font", "small", "big", "sup", "sub",
                         "code", "br", "img", "abbr", "cite", "q", "s", "strike", "del", "ins", "mark", "time",
                         "kbd", "samp", "tt", "var", "bdi", "bdo", "wbr", "nobr", "picture", "source", "dfn"))
PARAGRAPH_TAGS = frozenset(("p", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "dd", "dt",
                            "figcaption", "td", "th", "caption"))
PUNCTUATION = set("，。！？；：、,.!?;:…「」『』“”（）")
SCORE_PUNCTUATION = set("，。、；,;！？")
# Text inside these is not page text (bs4 gives it its own string classes; get_text leaves it out).
STRING_CONTAINERS = frozenset(("script", "style", "template", "rt", "rp"))
PRESERVE_WHITESPACE = frozenset(("pre", "textarea"))

# Named thresholds.
MIN_PARAGRAPH_CHARS = 20         # owned text shorter than this scores nothing (CJK chars count double)
ID_MAX_SEPARATORS = 3            # ids with this many word breaks are slugs of headings, not hints
CLASS_WEIGHT = 25                # one positive / negative class hint
WEIGHT_ANYWHERE_CHARS = 5        # a class-weight word this long matches inside a token; a shorter one is a token
GOOD_MIN_WEIGHT = 60             # running text: at least this long (CJK double) ...
GOOD_MAX_LINK_SHARE = 0.3        # ... and mostly not links
TEASER_MIN_WEIGHT = 30           # a linked heading this long is a headline (CJK double), not a tag
COMMENT_HEAD_MAX_CHARS = 120    # a comment section's heading is this short (see region._cut_comment_section)
FORM_MAX_CHARS = 500             # a <form> with less text than this is a search box or a login


# ------------------------------------------------------------------ parsing

_local = threading.local()


def _parser() -> etree.HTMLParser:
    p = getattr(_local, "parser", None)
    if p is None:       # one per thread: lxml parsers are not shared between threads
        p = _local.parser = etree.HTMLParser(encoding="utf-8", collect_ids=False)
    return p


def _huge_parser() -> etree.HTMLParser:
    p = getattr(_local, "huge_parser", None)
    if p is None:
        p = _local.huge_parser = etree.HTMLParser(encoding="utf-8", collect_ids=False, huge_tree=True)
    return p


MAX_DEPTH = 200     # elements nested deeper are flattened (the tree walks recurse once per level)
_BLOCK_TAGS = frozenset(("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
                         "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
                         "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table",
                         "td", "th", "tr", "ul"))


def _too_deep(parser: etree.HTMLParser) -> bool:
    """libxml2 stopped at its depth limit (256 levels): the rest of the page was dropped."""
    return any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)


def flatten_deep(root: Element, max_depth: int = MAX_DEPTH) -> int:
    """Flatten what lies deeper than ``max_depth``: each element at that depth keeps all the text
    below it, with a line break (``<br>``) where a block began or ended, and no child elements
    but those breaks.  A page of 1,000 nested ``<div>`` elements keeps its text; the walks after this
    never go deeper than ``max_depth`` + 1.  Returns how many subtrees were flattened."""
    targets = []
    depth = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth == max_depth and len(el):
                targets.append(el)
        else:
            depth -= 1
    for top in targets:
        pieces: list[str | None] = [top.text or ""]     # text, and None for a break
        for event, el in etree.iterwalk(top, events=("start", "end")):
            if el is top:
                continue
            block = isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS
            if event == "start":
                if block:
                    pieces.append(None)
                if isinstance(el.tag, str) and el.tag.lower() not in ("script", "style") and el.text:
                    pieces.append(el.text)
            else:
                if block:
                    pieces.append(None)
                if el.tail:
                    pieces.append(el.tail)
        for child in list(top):
            top.remove(child)           # (keeps top.tail: it belongs to top's parent)
        top.text = None
        br = None                       # the last break added
        texts: list[str] = []

        def flush() -> None:
            if br is None:
                top.text = (top.text or "") + "".join(texts)
            else:
                br.tail = (br.tail or "") + "".join(texts)
            texts.clear()

        for piece in pieces:
            if piece is not None:
                texts.append(piece)
                continue
            flush()
            last = top.text if br is None else br.tail
            if (last or "").strip():    # (one break between two texts, none at the edges)
                br = etree.SubElement(top, "br")
        flush()
        if br is not None and not (br.tail or "").strip():
            top.remove(br)
    return len(targets)


_HIDDEN_RE = re.compile(rb"<(script|style|template)\b.*?</\1\s*>", re.I | re.S)
_BLOCK_TAG_RE = re.compile(rb"</?(?:" + b"|".join(t.encode() for t in sorted(_BLOCK_TAGS)) + rb")\b[^>]*>", re.I)
_OTHER_TAG_RE = re.compile(rb"</?(?!(?:br|html|head|body|title|meta|link)\b)[A-Za-z][^>]*>", re.I)


def flat_markup(data: bytes) -> bytes:
    """The page with no nesting left in its body: scripts and styles out, every block tag a ``<br>``,
    other tags gone.  The last resort for a page nested too deep for any tree."""
    head, sep, body = data.partition(b"</head>") if b"</head>" in data[:1 << 20] else (b"", b"", data)
    body = _OTHER_TAG_RE.sub(b"", _BLOCK_TAG_RE.sub(b"<br>", _HIDDEN_RE.sub(b"", body)))
    return head + sep + body


def parse_tree(text: str, utf8: bytes | None = None) -> Element:
    """The page's root ``<html>`` element (never None: an empty or unparsable page is an empty one).

    The text goes to libxml2 as UTF-8 bytes with the encoding given, so an XML or ``<meta charset>``
    declaration in the page (already decoded by ``read``) is ignored rather than refused.  ``utf8``:
    the same text already encoded (the page's own bytes, see ``page_bytes``), to skip encoding it again.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    root = None
    if text and not text.isspace():     # (text.strip() without copying the page)
        try:
            data = utf8 if utf8 is not None else text.encode("utf-8", "replace")
            parser = _parser()
            root = etree.fromstring(data, parser)
            if root is not None and _too_deep(parser):
                # nested deeper than libxml2 goes by default (1,000 <div>s): everything below was
                # lost; parse again without the limit, and flatten what is too deep for our walks
                huge = _huge_parser()
                root = etree.fromstring(data, huge)
                if root is not None and _too_deep(huge):
                    # deeper than even that (2,048 levels): keep the text, drop the nesting
                    root = etree.fromstring(flat_markup(data), parser)
                if root is not None:
                    flatten_deep(root)
        except (etree.ParserError, etree.XMLSyntaxError, ValueError):
            root = None
    if root is None:
        root = etree.fromstring(b"<html></html>", _parser())
    drop_ruby_text(root)
    return root


def page_bytes(raw: bytes, text: str, encoding: str) -> bytes | None:
    """``raw`` when it is exactly ``text`` in UTF-8 (what ``parse_tree`` would encode), else None.

    That is a page ``read`` decoded as UTF-8 without changing a thing: no byte-order mark, no carriage
    returns, and no bad byte replaced (a page whose text has U+FFFD is encoded again, to be sure).
    A document made in code with a text and no bytes (``raw`` empty) has its text encoded."""
    if encoding == "utf-8" and len(raw) >= len(text) and b"\r" not in raw \
            and not raw.startswith(b"\xef\xbb\xbf") and "\ufffd" not in text:
        return raw
    return None


def drop_ruby_text(root: Element) -> None:
    """Ruby annotations (``<rt>``, ``<rp>``) are not the page's text (bs4 kept them apart: RubyTextString)."""
    for top in top_elements(root):
        for rt in top.iter("rt", "rp"):
            rt.text = None
            for d in rt.iterdescendants():
                d.text = None
                d.tail = None


def top_elements(root: Element) -> list[Element]:
    """The document's top-level elements: a second ``<html>`` after ``</html>`` is a sibling of the root."""
    out = [e for e in root.itersiblings(preceding=True) if isinstance(e.tag, str)]
    out.reverse()
    out.append(root)
    out.extend(e for e in root.itersiblings() if isinstance(e.tag, str))
    return out


def doc_iter(root: Element, *tags: str):
    """Every element of the document (all top-level elements), optionally only those named ``tags``."""
    for top in top_elements(root):
        yield from top.iter(*tags) if tags else top.iter(etree.Element)


def has_descendant(t: Element, *names: str) -> bool:
    """An element named in ``names`` below ``t``."""
    return next(t.iterdescendants(*names), None) is not None


def doc_find(root: Element, tag: str) -> Element | None:
    """The document's first element named ``tag`` (bs4's ``soup.<tag>``)."""
    return next(doc_iter(root, tag), None)


def body_of(root: Element) -> Element:
    """``soup.body or soup``."""
    body = root.find("body")
    if body is None:
        body = doc_find(root, "body")
    return body if body is not None else root


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def remove(el: Element) -> None:
    """Remove ``el`` and its subtree; its tail stays, as a piece of text of its own."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        marker = etree.Comment()
        try:
            marker.tail = tail
        except ValueError:      # libxml2 took a control character lxml's API refuses
            # (vertical tab and form feed are whitespace: they still separate words)
            marker.tail = _CONTROL.sub(lambda m: " " if m.group() in "\x0b\x0c" else "", tail)
        parent.replace(el, marker)
    else:
        parent.remove(el)


@dataclass(slots=True)
class Cut:
    """A subtree (or a loose piece of text) the page analysis took out of the article, and why.

    Parse records it; strip drops the block made from it with ``rule`` as the reason (see
    ``html.parse.cut_blocks``).  ``line`` is the element's line in the page; in ``detail``,
    ``{el}`` stands for the element's description and ``{chars}`` for the size of its text (both written
    only for cuts that hold text)."""
    line: int
    rule: str
    detail: str
    element: Element | None = None
    text: str = ""


def cut(el: Element, rule: str, detail: str, cache: "PageCache | None") -> None:
    """``remove(el)``, recording the subtree in ``cache.cuts`` when it holds visible text."""
    if cache is not None:
        cache.cuts.append(Cut(el.sourceline or 0, rule, detail, el))
    remove(el)


def describe(el: Element) -> str:
    """``<div class="side-bar">`` style name of an element for details: its tag, class and id."""
    out = "<" + str(el.tag)
    for attr in ("id", "class"):
        v = " ".join(str(el.get(attr) or "").split())
        if v:
            out += f' {attr}="{v[:40]}"'
    return out + ">"


def classes(el: Element) -> list[str]:
    """The class attribute as bs4 gives it: its whitespace-separated words."""
    c = el.get("class")
    return c.split() if c else []


def text_of(el: Element, sep: str = "", strip: bool = False) -> str:
    """bs4's ``get_text(sep, strip)`` for an element of the cleaned page (no scripts or styles left)."""
    if strip:
        return sep.join(s for s in (p.strip() for p in el.itertext()) if s)
    return sep.join(el.itertext())


def strings(el: Element):
    """The element's text pieces as bs4 strings: script, style, template and ruby text left out,
    whitespace-only pieces outside ``<pre>`` folded to one space or newline."""
    for a in el.iterancestors():
        if a.tag in STRING_CONTAINERS:
            return
    pre = any(a.tag in PRESERVE_WHITESPACE for a in el.iterancestors())
    yield from _strings(el, pre)


def _strings(el: Element, pre: bool):
    if el.tag in STRING_CONTAINERS:
        return
    pre = pre or el.tag in PRESERVE_WHITESPACE
    if el.text:
        yield _fold(el.text, pre)
    for c in el:
        if isinstance(c.tag, str):
            yield from _strings(c, pre)
        if c.tail:
            yield _fold(c.tail, pre)


_ASCII_SPACE = " \n\t\x0c\r"


def _fold(s: str, pre: bool) -> str:
    # (strip, not a translate deleting the spaces: the same test, without copying a long piece)
    if pre or s.strip(_ASCII_SPACE):
        return s
    return "\n" if "\n" in s else " "


# ------------------------------------------------------------------ hints


@dataclass(slots=True)
class Stats:
    chars: int = 0        # non-space characters (CJK counted once)
    cjk: int = 0
    links: int = 0        # characters inside <a>
    punct: int = 0
    owned: int = 0        # characters of the element's own inline text (not in block children)
    owned_cjk: int = 0
    owned_links: int = 0
    owned_punct: int = 0
    block_children: int = 0
    list_items: int = 0
    good: int = 0         # characters of running-text paragraphs in the subtree
    link_headings: int = 0  # headings that are links (teasers of other articles)
    bad: int = 0          # characters of short or link-heavy text in the subtree
    dated: bool | None = None   # (a cache for region.dated_posts: a date opens its text)

    @property
    def link_density(self) -> float:
        return self.links / self.chars if self.chars else 0.0

    @property
    def weight(self) -> int:
        """CJK characters carry about twice the information of Latin letters."""
        return self.chars + self.cjk


_TOKEN_BREAK = re.compile(r"[\s_\-\d]")


class WordMatcher:
    """A list of hint words matched against a class/id string: ``search(s)`` is true when one occurs.

    A word of four or more characters (escaped) matches anywhere; a shorter one only as a whole token
    between whitespace, "_", "-", digits or the string's ends.  The long words are one regex of
    literals, as a trie (``lexicon.literal_union``); the short ones a set looked up with the string's
    tokens (a regex alternative with look-arounds at every position is what made the one-regex form
    slow)."""

    __slots__ = ("regex", "_long", "_short")

    def __init__(self, words: list[str], anywhere: int = 4):
        parts, long_parts, literals, short = [], [], [], set()
        for word in words:
            w = re.escape(word.lower())
            if len(w) >= anywhere:
                parts.append(w)
                literals.append(word.lower())
            elif len(w) >= 4:
                # (a four-letter word as the end of a token, the head of a compound — "tablebody",
                # "mainmenu" — or its plural; not inside one: "cont" is not in "container")
                part = rf"{w}s?(?=$|[\s_\-\d])"
                parts.append(part)
                long_parts.append(part)
            else:
                part = rf"(?:^|(?<=[\s_\-\d])){w}(?=$|[\s_\-\d])"
                parts.append(part)
                if w and re.fullmatch(r"[a-z]+", w):
                    short.add(w)        # a plain short word: one of the tokens
                else:
                    long_parts.append(part)
        self.regex = re.compile("|".join(parts) or "(?!)")        # the same, as one pattern
        if literals:
            long_parts.insert(0, literal_union(literals))     # (a trie: shared prefixes are tried once)
        self._long = re.compile("|".join(long_parts)) if long_parts else None
        self._short = frozenset(short)

    def search(self, s: str) -> bool:
        if self._long is not None and self._long.search(s):
            return True
        # (a short word is a token of ``s`` only if it occurs in it at all: most strings need no split)
        return any(w in s for w in self._short) and not self._short.isdisjoint(_TOKEN_BREAK.split(s))


class Hints:
    """The class/id hint words of the rules' ``[html]`` table, compiled once (see :class:`cleaner.rules.Rules`),
    with memos of their answers (pages repeat their class names)."""

    def __init__(self, table: dict):
        # (the class weights: a word of four letters is a stem or an abbreviation that occurs inside
        # unrelated words — "cont" in "container" or "contribution", "main" in "domain", "foot" in
        # "football" — so it must be a token of the class/id, as the shorter words must)
        self.positive = WordMatcher(table["positive"], WEIGHT_ANYWHERE_CHARS)
        self.negative = WordMatcher(table["negative"], WEIGHT_ANYWHERE_CHARS)
        self.unlikely = WordMatcher(table["unlikely"])
        self.maybe = WordMatcher(table["maybe"])
        self.remove_always = WordMatcher(table["remove_always"])
        self.remove_any_size = WordMatcher(table.get("remove_any_size", []))
        self.drop_roles = frozenset(table["drop_roles"])
        self.drop_tags = tuple(table["drop_tags"])
        heads = table.get("comment_heads", [])
        self.comment_head = re.compile("|".join(f"(?:{p})" for p in heads), re.I) if heads else None
        # (a trie of the words as listed, lower-case, capitalized and upper-case: a case-insensitive
        # alternation is several times slower, and measure runs it on every short piece of text)
        words = sorted({v for w in table.get("comment_head_words", []) for v in (w, w.lower(), w.capitalize(), w.upper())})
        self.comment_head_words = re.compile(literal_union(words)) if words else None
        # (a trie of the words, searched in an element's class attribute as written, lower-case; memoized)
        sro = sorted({w.lower() for w in table.get("screen_reader_only", [])})
        self.screen_reader_only = re.compile(literal_union(sro)) if sro else None
        self._sro: dict[str, bool] = {}
        # (a trie of the words, searched in a box's lower-cased text: the few boxes beside the region
        # that could join it)
        notices = sorted({w.lower() for w in table.get("site_notices", [])})
        self.site_notice = re.compile(literal_union(notices)) if notices else None
        self._weights: dict[str, int] = {}
        self._unlikely: dict[str, bool] = {}
        self._remove: dict[str, bool] = {}

    def weight(self, ci: str) -> int:
        """The class weight of a class/id string."""
        w = self._weights.get(ci)
        if w is None:
            w = (-CLASS_WEIGHT if self.negative.search(ci) else 0) + (CLASS_WEIGHT if self.positive.search(ci) else 0)
            memo_put(self._weights, ci, w)
        return w

    def is_unlikely(self, ci: str) -> bool:
        """The class/id string says navigation, header, sidebar … and not "maybe"."""
        v = self._unlikely.get(ci)
        if v is None:
            v = memo_put(self._unlikely, ci, self.unlikely.search(ci) and not self.maybe.search(ci))
        return v

    def is_screen_reader_only(self, cls: str) -> bool:
        """The class attribute says the text is for screen readers only (``sr-only``, ``visually-hidden`` …)."""
        v = self._sro.get(cls)
        if v is None:
            v = memo_put(self._sro, cls, self.screen_reader_only is not None
                         and self.screen_reader_only.search(cls) is not None)
        return v

    def is_removable(self, ci: str) -> bool:
        """The class/id string says share bar, related box … ("remove always") and not "maybe"."""
        v = self._remove.get(ci)
        if v is None:
            v = memo_put(self._remove, ci, self.remove_always.search(ci) and not self.maybe.search(ci))
        return v


def hints() -> Hints:
    """The built-in rules' hints."""
    from ..rules import default_rules
    return default_rules().hints


_ID_SEPARATORS = re.compile(r"[-_\s]")


MEMO_ENTRIES = 20_000     # a memo dict is emptied past this many entries (memory stays flat over a batch)


def memo_put(cache: dict, key, value, limit: int = MEMO_ENTRIES):
    """Store ``value`` in a memo dict (emptied when it grows past ``limit`` entries) and return it."""
    if len(cache) > limit:
        cache.clear()
    cache[key] = value
    return value


_CLASS_IDS: dict[tuple, str] = {}
# Classes that are no hint: a blog's taxonomy classes ("category-social-media", "tag-sidebar-tips":
# WordPress's post_class) name the post's topics, and a word processor's styles ("MsoCommentText",
# "MsoFooter": Word's HTML export) its formatting, not the box's role.
_NO_HINT_CLASS = re.compile(r"(?:category|tag|post_tag|post-tag)-|mso[a-z]", re.I)


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def class_id(tag: Element) -> str:
    """The element's class words and id, lower-cased, as one string for the hint patterns."""
    cls = tag.get("class")
    ident = tag.get("id")
    if not cls and not ident:
        return ""
    key = (cls, ident)
    ci = _CLASS_IDS.get(key)
    if ci is None:
        words = " ".join(w for w in cls.split() if not _NO_HINT_CLASS.match(w)) if cls else ""
        if not ident or len(_ID_SEPARATORS.findall(ident)) >= ID_MAX_SEPARATORS:
            ident = ""      # an id made from a heading ("sharing-with-a-single-developer") is no hint
        ci = (words + " " + ident).strip()
        if _CAMEL.search(ci):
            # (a camelCase name's words as tokens too: "mainContent" also as "main-Content", for the
            # words that must be whole tokens; the name as written stays for the others)
            ci += " " + " ".join(_CAMEL.sub("-", w) for w in ci.split() if _CAMEL.search(w))
        ci = memo_put(_CLASS_IDS, key, ci.lower())
    return ci


def class_weight(tag: Element, h: Hints | None = None) -> int:
    ci = class_id(tag)
    if not ci:
        return 0
    return (h or hints()).weight(ci)


# ------------------------------------------------------------------ 1. cleaning


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def is_hidden(tag: Element) -> bool:
    if "hidden" in tag.attrib or str(tag.get("aria-hidden", "")).lower() == "true":
        return True
    style = tag.get("style")
    return isinstance(style, str) and bool(_HIDDEN_STYLE.search(style))


def clean_dom(root: Element, cache: PageCache | None = None) -> None:
    """Remove nodes that are never article text (in place), in the whole document.

    ``cache``: receives the elements with a class or id that are left (``PageCache.classed``),
    met on the walk for hidden nodes, so that ``find_article`` needs no walk of its own for them;
    gives the hints (the rules') and records the cuts."""
    h = cache.hints if cache is not None else hints()
    tops = top_elements(root)
    for top in tops:
        # <head> first: the scripts, styles and metas inside it then need no removal of their own
        for t in list(top.iter("head")):
            remove(t)
        for t in list(top.iter(*_INVISIBLE_BELOW_HEAD)):
            remove(t)
        gone: set = set()
        for t in list(top.iter(*WIDGETS)):
            if t not in gone:           # (a <select>'s options go with it)
                gone.update(t.iter(etree.Element))
                cut(t, "html:widget", "{el}: a widget's text", cache)
    for top in tops:
        forms = list(top.iter("form"))
        gone = set()
        for t in forms:
            if t in gone:
                continue
            n = len(text_of(t, strip=True))
            if n < FORM_MAX_CHARS:
                gone.update(t.iter(etree.Element))
                cut(t, "html:form", f"{{el}}: a form of {n} characters (search box, login)", cache)
    drop_tags = h.drop_tags
    classed: list = []
    screen_reader: list = []
    gone = set()        # (the tops' subtrees are apart: one set serves them all)
    for top in tops:
        for t in _hide_candidates(top, drop_tags, classed, h, screen_reader):
            if t in gone:
                continue
            role = str(t.get("role", "")).lower()
            if is_hidden(t):
                why = ("html:hidden", "{el}: hidden")
            elif role in h.drop_roles:
                why = ("html:landmark", f"{{el}}: role={role}")
            elif t.tag in drop_tags and not _holds_article(t):
                why = ("html:landmark", "{el}: never the article")
            else:
                continue
            gone.update(t.iter(etree.Element))
            cut(t, *why, cache)
    # text for screen readers only ("Media caption", a player's "Current Time"): hidden from the eye
    # (the elements with such a class were collected on the walk above)
    for t in screen_reader:
        if t not in gone:
            gone.update(t.iter(etree.Element))
            cut(t, "html:hidden", "{el}: text for screen readers only", cache)
    if cache is not None:
        cache.classed = [t for t in classed if t not in gone]


_INVISIBLE_BELOW_HEAD = tuple(t for t in INVISIBLE if t != "head")
_HIDE_ATTRS = frozenset(("style", "role", "hidden", "aria-hidden"))


def _hide_candidates(top: Element, drop_tags: tuple, classed: list, h: Hints | None = None,
                     screen_reader: list | None = None) -> list:
    """Elements that may be hidden, landmarks or drop tags: the only ones the last pass looks at
    (in document order; a Python filter beats libxml2's XPath on these small trees).  On the same
    walk, the elements with a class or id are added to ``classed`` (in document order), and those
    whose class says "screen readers only" to ``screen_reader``."""
    sro = h.is_screen_reader_only if h is not None and h.screen_reader_only is not None \
        and screen_reader is not None else None
    out = []
    for t in top.iter(etree.Element):
        keys = t.keys()
        if not keys:        # (no attributes: only its tag can make it a candidate)
            if t.tag in drop_tags:
                out.append(t)
            continue
        if not _HIDE_ATTRS.isdisjoint(keys) or t.tag in drop_tags:
            out.append(t)
        if "class" in keys or "id" in keys:
            classed.append(t)
            if sro is not None:
                cls = t.get("class")
                if cls and sro(cls):
                    screen_reader.append(t)
    return out


def _holds_article(tag: Element) -> bool:
    """An ``<article>``, ``<main>`` or ``[itemprop=articleBody]`` below ``tag``.

    (The XPath ``boolean(.//article|.//main|.//*[@itemprop='articleBody'])`` says the same, but is
    compiled again on each call: slower than lxml's tag filter and a Python test of the attribute.)"""
    return has_descendant(tag, "article", "main") \
        or any(e.get("itemprop") == "articleBody" for e in tag.iterdescendants(etree.Element))


def ids_under(root: Element, names: tuple[str, ...]) -> set:
    """Every element inside an element named in ``names`` (below ``root``)."""
    out: set = set()
    for t in root.iterdescendants(*names):
        if t not in out:
            out.update(t.iterdescendants(etree.Element))
    return out


_UNLIKELY_SKIP = frozenset(("body", "html", "article", "main", "a", "table", "tbody", "tr", "td", "th", "pre", "code"))
_VERBATIM = frozenset(("pre", "code"))


def unlikely_nodes(root: Element, h: Hints | None = None) -> set:
    """Subtrees whose class/id says navigation, header, footer, sidebar … (not inside code; inside a
    table too: a 2005-style page lays out its comments box in a cell)."""
    classed = [t for t in root.iterdescendants(etree.Element) if t.get("class") is not None or t.get("id") is not None]
    return unlikely_among(classed, root, h)


def unlikely_among(classed: list, root: Element, h: Hints | None = None) -> set:
    """``unlikely_nodes(root)`` from ``classed``, the document's elements with a class or id in
    document order (``PageCache.classed``, from ``clean_dom``'s walk): no walk over the tree."""
    out: set = set()
    skip = _UNLIKELY_SKIP
    h = h or hints()
    for t in classed:
        if t.tag in skip or t in out:
            continue
        ci = class_id(t)        # (memoized, and so is the hint test: pages repeat their class names)
        if ci and h.is_unlikely(ci) and _below(t, root, _VERBATIM):
            out.update(t.iter(etree.Element))
    return out


def _below(t: Element, root: Element, names: frozenset) -> bool:
    """``root`` is an ancestor of ``t``, and none named in ``names`` is between them."""
    for a in t.iterancestors():
        if a is root:
            return True
        if a.tag in names:
            return False
    return False


# ------------------------------------------------------------------ measuring

@dataclass(slots=True)
class PageCache:
    """What passes over one page share: own-text counts per element (see ``measure``) and the
    statistics ``find_article`` ended with (``prune_article`` reuses them)."""
    own: dict = field(default_factory=dict)
    stats: dict | None = None
    excluded_chars: int = 0     # non-space characters of the subtrees the last ``measure`` excluded
    page_chars: int = 0         # non-space characters of the page's body (set by ``find_article``)
    classed: list | None = None     # the elements with a class or id ``clean_dom`` left (document order)
    cuts: list = field(default_factory=list)    # what the analysis took out, with its reason (``Cut``)
    hints: Hints = field(default_factory=hints)  # the class/id hints of the rules in use
    choice: "RegionChoice | None" = None        # how ``find_article`` chose (``html.region``)
    # elements whose own text is short and holds a word of a comment section's heading (``measure`` records
    # them as it counts their text, in reverse document order; ``region._comment_head`` reads them)
    head_words: list = field(default_factory=list)


_NO_COUNTS = (0, 0, 0)
_TEASER_HEADINGS = frozenset(("h2", "h3", "h4", "h5", "h6"))


def measure(root: Element, exclude: set = frozenset(), cache: PageCache | None = None,
            candidates: list | None = None) -> dict[Element, Stats]:
    """Per-element text statistics, computed bottom-up in one pass (``exclude``d subtrees count nothing).

    ``cache`` keeps each element's own text counts between passes over the same page (removals keep
    an element's own text: a removed child's tail stays, on its marker) and takes the size of the
    excluded text.  ``candidates``, when given, receives (in reverse document order) the block
    elements that own enough text of their own to score their ancestors (see
    ``region.score_candidates``).

    One function, in three steps per element (marked below): a leaf's statistics; a parent's
    children added up; a parent's own text.  Both kinds then judge their own text as a paragraph
    (running text or not, a candidate or not).  It is the hottest loop of HTML parsing: split into
    a function per step it cost measurably more (a call per element; benchmarks/profile.md), so the
    steps stay inline and the locals below hold what the loop looks up."""
    stats: dict[Element, Stats] = {}
    if cache is None:
        cache = PageCache()
    h = cache.hints
    words = h.comment_head_words    # (a comment section's heading: see PageCache.head_words)
    head_words = cache.head_words
    head_max = 2 * COMMENT_HEAD_MAX_CHARS
    own = cache.own             # element -> (chars, cjk, punct) of its own text, shared by the passes
    own_get = own.get
    excluded = 0
    get = stats.get
    inline = INLINE_TAGS
    nodes = list(root.iter(etree.Element))
    nodes.reverse()             # children before their parent: a parent adds up its children's Stats
    check_excluded = bool(exclude)
    add_candidate = candidates.append if candidates is not None else None
    for t in nodes:
        if check_excluded and t in exclude:
            continue
        name = t.tag
        counts = own_get(t)
        if not len(t):
            # -- step 1, a leaf (no child element, comment or marker): its own text is all its text
            if counts is None:
                text = t.text
                counts = own[t] = _count(text) if text else _NO_COUNTS
                if words is not None and text and len(text) <= head_max and _latin(text) and words.search(text):
                    head_words.append(t)
            n, k, p = counts
            links = n if name == "a" and t.get("href") is not None else 0
            good = bad = 0
            if n and (name not in inline or t is root):
                # its text as a paragraph: running text (long, mostly not links) or not; a block
                # element with enough text that is not mostly links scores its ancestors
                if n + k >= GOOD_MIN_WEIGHT and links < GOOD_MAX_LINK_SHARE * n:
                    good = n
                else:
                    bad = n
                if add_candidate is not None and n + k >= MIN_PARAGRAPH_CHARS and links <= 0.5 * n \
                        and name not in inline:
                    add_candidate(t)
            stats[t] = Stats(n, k, links, p, n, k, links, p, 0, 0, good, 0, bad)
            continue
        # -- step 2, a parent: its children's statistics added up (and their tails collected: they are
        # its own text, counted once per page)
        tails = None
        links = owned_links = block_children = list_items = good = link_headings = bad = 0
        chars = cjk = punct = owned = owned_cjk = owned_punct = 0
        for c in t:
            if counts is None:
                tail = c.tail
                if tail:
                    if tails is None:
                        tails = [t.text or "", tail]
                    else:
                        tails.append(tail)
            cname = c.tag
            if not isinstance(cname, str):
                continue        # (a comment or processing instruction: its tail is all it has)
            cs = get(c)
            if cs is None:
                if c in exclude:    # a removed sidebar or footer: boilerplate next to this node
                    n = len("".join(text_of(c).split()))
                    bad += n
                    excluded += n
                continue
            chars += cs.chars
            cjk += cs.cjk
            links += cs.links
            punct += cs.punct
            list_items += cs.list_items
            if cname == "li":
                list_items += 1
            link_headings += cs.link_headings
            if cname in inline and cs.block_children == 0 and cs.chars == cs.owned:
                # inline text (a link, emphasis) belongs to this element's own paragraph
                owned += cs.chars
                owned_cjk += cs.cjk
                owned_links += cs.links
                owned_punct += cs.punct
            else:
                block_children += 1
                if cs.good and class_weight(c, h) < 0:     # prose in a comment/footer box is not the article's
                    bad += cs.good + cs.bad
                else:
                    good += cs.good
                    bad += cs.bad
        # -- step 3, the parent's own text: counted (once per page), then judged as a paragraph as in step 1
        if counts is None:
            text = "".join(tails) if tails is not None else t.text
            counts = _count(text) if text else _NO_COUNTS
            own[t] = counts
            if words is not None and text and len(text) <= head_max and _latin(text) and words.search(text):
                head_words.append(t)
        n, k, p = counts
        chars += n
        cjk += k
        punct += p
        owned += n
        owned_cjk += k
        owned_punct += p
        if name == "a" and t.get("href") is not None:     # (a named anchor, <a name=…>, is no link)
            links = chars
            owned_links = owned
        elif name in _TEASER_HEADINGS and chars + cjk >= TEASER_MIN_WEIGHT and links >= 0.6 * chars:
            link_headings += 1      # a linked headline: a teaser of another article
        if owned and (name not in inline or t is root):
            if owned + owned_cjk >= GOOD_MIN_WEIGHT and owned_links < GOOD_MAX_LINK_SHARE * owned:
                good += owned
            else:
                bad += owned
            if add_candidate is not None and owned + owned_cjk >= MIN_PARAGRAPH_CHARS \
                    and owned_links <= 0.5 * owned and name not in inline:
                add_candidate(t)
        stats[t] = Stats(chars, cjk, links, punct, owned, owned_cjk, owned_links, owned_punct, block_children,
                         list_items, good, link_headings, bad)
    cache.excluded_chars = excluded
    return stats


def _latin(text: str) -> bool:
    """ASCII text, or text whose only other characters are typographic quotes: where the (English) words
    of a comment section's heading can be ("3 Trackbacks to “…”").  (``isascii`` is a flag test: a regex
    search over every piece of a CJK page's text was a measurable part of HTML parsing.  The search for a
    character outside that set stops at a CJK text's first character; ``str.translate`` copied every
    non-ASCII text through a dict lookup per character: benchmarks/profile.md.)"""
    return text.isascii() or _NOT_LATIN.search(text) is None


_NOT_LATIN = re.compile("[^\x00-\x7f\u2018\u2019\u201c\u201d\xa0]")


_CJK_CHAR = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_CJK_RUN = re.compile(_CJK_CHAR.pattern + "+")     # (counted by runs: one string per run, not per character)
_PUNCT_CHAR = re.compile("[" + re.escape("".join(sorted(PUNCTUATION))) + "]")


def _count(text: str) -> tuple[int, int, int]:
    """Non-space characters, CJK characters and punctuation marks of ``text`` (regexes, not a loop)."""
    if text.isspace():
        return 0, 0, 0
    n = len("".join(text.split()))
    if text.isascii():
        return n, 0, len(_PUNCT_CHAR.findall(text))
    return n, sum(map(len, _CJK_RUN.findall(text))), len(_PUNCT_CHAR.findall(text))
