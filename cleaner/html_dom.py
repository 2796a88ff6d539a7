"""The page's DOM made ready for scoring: parsing, cleaning, class/id hints and per-element text statistics.

``parse_tree`` builds the page's tree with lxml directly (libxml2's HTML parser, the one BeautifulSoup
used under us before, without bs4's Python tree on top: 13× faster to build).  ``clean_dom`` removes
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
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from lxml import etree

Element = etree._Element

NEVER_CONTENT = ("script", "style", "noscript", "template", "iframe", "svg", "button", "select",
                 "input", "textarea", "object", "embed", "canvas", "dialog", "link", "meta", "head", "map",
                 "audio", "video", "label", "option", "menu")
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
GOOD_MIN_WEIGHT = 60             # running text: at least this long (CJK double) ...
GOOD_MAX_LINK_SHARE = 0.3        # ... and mostly not links
TEASER_MIN_WEIGHT = 30           # a linked heading this long is a headline (CJK double), not a tag
FORM_MAX_CHARS = 500             # a <form> with less text than this is a search box or a login


# ------------------------------------------------------------------ parsing

_local = threading.local()


def _parser() -> etree.HTMLParser:
    p = getattr(_local, "parser", None)
    if p is None:       # one per thread: lxml parsers are not shared between threads
        p = _local.parser = etree.HTMLParser(encoding="utf-8")
    return p


def parse_tree(text: str) -> Element:
    """The page's root ``<html>`` element (never None: an empty or unparsable page is an empty one).

    The text goes to libxml2 as UTF-8 bytes with the encoding given, so an XML or ``<meta charset>``
    declaration in the page (already decoded by ``read``) is ignored rather than refused.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    root = None
    if text.strip():
        try:
            root = etree.fromstring(text.encode("utf-8", "replace"), _parser())
        except (etree.ParserError, etree.XMLSyntaxError, ValueError):
            root = None
    if root is None:
        root = etree.fromstring(b"<html></html>", _parser())
    for top in top_elements(root):
        # ruby annotations: bs4 keeps their text apart from the page's (RubyTextString)
        for rt in top.iter("rt", "rp"):
            rt.text = None
            for d in rt.iterdescendants():
                d.text = None
                d.tail = None
    return root


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
            marker.tail = _CONTROL.sub("", tail)
        parent.replace(el, marker)
    else:
        parent.remove(el)


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


_ASCII_SPACE = str.maketrans("", "", " \n\t\x0c\r")


def _fold(s: str, pre: bool) -> str:
    if pre or s.translate(_ASCII_SPACE):
        return s
    return "\n" if "\n" in s else " "


# ------------------------------------------------------------------ hints


@dataclass
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
    paragraphs: int = 0   # <p> descendants
    images: int = 0
    list_items: int = 0
    good: int = 0         # characters of running-text paragraphs in the subtree
    link_headings: int = 0  # headings that are links (teasers of other articles)
    bad: int = 0          # characters of short or link-heavy text in the subtree

    @property
    def link_density(self) -> float:
        return self.links / self.chars if self.chars else 0.0

    @property
    def weight(self) -> int:
        """CJK characters carry about twice the information of Latin letters."""
        return self.chars + self.cjk


@dataclass(frozen=True)
class Hints:
    positive: re.Pattern
    negative: re.Pattern
    unlikely: re.Pattern
    maybe: re.Pattern
    remove_always: re.Pattern
    drop_roles: frozenset
    drop_tags: tuple


def _word_re(words: list[str]) -> re.Pattern:
    parts = []
    for w in words:
        w = re.escape(w.lower())
        parts.append(w if len(w) >= 4 else rf"(?:^|(?<=[\s_\-\d])){w}(?=$|[\s_\-\d])")
    return re.compile("|".join(parts) or "(?!)")


@lru_cache(maxsize=1)
def hints() -> Hints:
    with resources.files("cleaner.rules").joinpath("html.toml").open("rb") as fh:
        r = tomllib.load(fh)["html"]
    return Hints(_word_re(r["positive"]), _word_re(r["negative"]), _word_re(r["unlikely"]),
                 _word_re(r["maybe"]), _word_re(r["remove_always"]), frozenset(r["drop_roles"]),
                 tuple(r["drop_tags"]))


_ID_SEPARATORS = re.compile(r"[-_\s]")


def class_id(tag: Element) -> str:
    cls = tag.get("class")
    ident = tag.get("id")
    if not cls and not ident:
        return ""
    cls = " ".join(cls.split()) if cls else ""
    if not ident or len(_ID_SEPARATORS.findall(ident)) >= ID_MAX_SEPARATORS:
        ident = ""      # an id made from a heading ("sharing-with-a-single-developer") is no hint
    return (cls + " " + ident).strip().lower()


def class_weight(tag: Element) -> int:
    ci = class_id(tag)
    if not ci:
        return 0
    h = hints()
    w = 0
    if h.negative.search(ci):
        w -= CLASS_WEIGHT
    if h.positive.search(ci):
        w += CLASS_WEIGHT
    return w


# ------------------------------------------------------------------ 1. cleaning


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def is_hidden(tag: Element) -> bool:
    if "hidden" in tag.attrib or str(tag.get("aria-hidden", "")).lower() == "true":
        return True
    style = tag.get("style")
    return isinstance(style, str) and bool(_HIDDEN_STYLE.search(style))


def clean_dom(root: Element) -> None:
    """Remove nodes that are never article text (in place), in the whole document."""
    h = hints()
    tops = top_elements(root)
    never = " or ".join(f"self::{n}" for n in NEVER_CONTENT)
    for top in tops:
        for t in top.xpath(f"descendant-or-self::*[{never}]"):
            remove(t)
    for top in tops:
        forms = list(top.iter("form"))
        gone: set = set()
        for t in forms:
            if t in gone:
                continue
            if len(text_of(t, strip=True)) < FORM_MAX_CHARS:
                gone.update(t.iter(etree.Element))
                remove(t)
    drop_tags = h.drop_tags
    test = " or ".join(["@hidden", "@aria-hidden", "@style", "@role"] + [f"self::{n}" for n in drop_tags])
    for top in tops:
        gone = set()
        for t in top.xpath(f"descendant-or-self::*[{test}]"):
            if t in gone:
                continue
            role = str(t.get("role", "")).lower()
            if is_hidden(t) or role in h.drop_roles or (t.tag in drop_tags and not _holds_article(t)):
                gone.update(t.iter(etree.Element))
                remove(t)


def _holds_article(tag: Element) -> bool:
    return bool(tag.xpath("boolean(.//article|.//main|.//*[@itemprop='articleBody'])"))


def ids_under(root: Element, names: tuple[str, ...]) -> set:
    """Every element inside an element named in ``names``."""
    return set(root.xpath("|".join(f".//{n}//*" for n in names)))


def unlikely_nodes(root: Element) -> set:
    """Subtrees whose class/id says navigation, header, footer, sidebar … (not under tables/code)."""
    h = hints()
    out: set = set()
    protected = ids_under(root, ("table", "pre", "code"))
    for t in root.xpath(".//*[@class or @id]"):
        if t.tag in ("body", "html", "article", "main", "a", "table", "tbody", "tr", "td", "th", "pre", "code"):
            continue
        ci = class_id(t)
        if ci and h.unlikely.search(ci) and not h.maybe.search(ci) and t not in protected:
            out.update(t.iter(etree.Element))
    return out


# ------------------------------------------------------------------ measuring

def measure(root: Element, exclude: set = frozenset()) -> dict[Element, Stats]:
    """Per-element text statistics, computed bottom-up in one pass (``exclude``d subtrees count nothing)."""
    stats: dict[Element, Stats] = {}
    tags = list(root.iter(etree.Element))
    for t in reversed(tags):
        if t in exclude:
            continue
        s = Stats()
        text = t.text
        if text:
            n, cjk, p = _count(text)
            s.chars += n
            s.cjk += cjk
            s.punct += p
            s.owned += n
            s.owned_cjk += cjk
            s.owned_punct += p
        for c in t:
            name = c.tag
            if isinstance(name, str):
                cs = stats.get(c)
                if cs is None:
                    if c in exclude:    # a removed sidebar or footer: boilerplate next to this node
                        s.bad += len("".join(text_of(c).split()))
                else:
                    s.chars += cs.chars
                    s.cjk += cs.cjk
                    s.links += cs.links
                    s.punct += cs.punct
                    s.paragraphs += cs.paragraphs + (name == "p")
                    s.images += cs.images + (name == "img")
                    s.list_items += cs.list_items + (name == "li")
                    s.link_headings += cs.link_headings
                    if name in INLINE_TAGS and cs.block_children == 0 and cs.chars == cs.owned:
                        s.owned += cs.chars
                        s.owned_cjk += cs.cjk
                        s.owned_links += cs.links
                        s.owned_punct += cs.punct
                    else:
                        s.block_children += 1
                        if cs.good and class_weight(c) < 0:     # prose in a comment/footer box is not the article's
                            s.bad += cs.good + cs.bad
                        else:
                            s.good += cs.good
                            s.bad += cs.bad
            text = c.tail
            if text:
                n, cjk, p = _count(text)
                s.chars += n
                s.cjk += cjk
                s.punct += p
                s.owned += n
                s.owned_cjk += cjk
                s.owned_punct += p
        name = t.tag
        if name == "a":
            s.links = s.chars
            s.owned_links = s.owned
        elif name in ("h2", "h3", "h4", "h5", "h6") and s.weight >= TEASER_MIN_WEIGHT and s.links >= 0.6 * s.chars:
            s.link_headings += 1
        if s.owned and (name not in INLINE_TAGS or t is root):
            if s.owned + s.owned_cjk >= GOOD_MIN_WEIGHT and s.owned_links < GOOD_MAX_LINK_SHARE * s.owned:
                s.good += s.owned
            else:
                s.bad += s.owned
        stats[t] = s
    return stats


def _count(text: str) -> tuple[int, int, int]:
    n = cjk = p = 0
    for ch in text:
        if ch.isspace():
            continue
        n += 1
        if "\u4e00" <= ch <= "\u9fff" or "\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u4dbf":
            cjk += 1
        elif ch in PUNCTUATION:
            p += 1
    return n, cjk, p
