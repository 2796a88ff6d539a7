"""The page's DOM made ready for scoring: cleaning, class/id hints and per-element text statistics.

``clean_dom`` removes what is never content (scripts, forms, hidden nodes,
navigation landmarks); ``hints`` reads the class/id words of
``cleaner/rules/html.toml``; ``measure`` computes, bottom-up in one pass, the
text, link, punctuation and "running text" counts of every element.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

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

# Named thresholds.
MIN_PARAGRAPH_CHARS = 20         # owned text shorter than this scores nothing (CJK chars count double)
ID_MAX_SEPARATORS = 3            # ids with this many word breaks are slugs of headings, not hints
CLASS_WEIGHT = 25                # one positive / negative class hint
GOOD_MIN_WEIGHT = 60             # running text: at least this long (CJK double) ...
GOOD_MAX_LINK_SHARE = 0.3        # ... and mostly not links
TEASER_MIN_WEIGHT = 30           # a linked heading this long is a headline (CJK double), not a tag
FORM_MAX_CHARS = 500             # a <form> with less text than this is a search box or a login


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


def class_id(tag: Tag) -> str:
    cls = tag.get("class") or []
    if isinstance(cls, str):
        cls = [cls]
    ident = tag.get("id") or ""
    if not isinstance(ident, str) or len(re.findall(r"[-_\s]", ident)) >= ID_MAX_SEPARATORS:
        ident = ""      # an id made from a heading ("sharing-with-a-single-developer") is no hint
    return (" ".join(cls) + " " + ident).strip().lower()


def class_weight(tag: Tag) -> int:
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


def is_hidden(tag: Tag) -> bool:
    if tag.attrs is None:
        return False
    if tag.has_attr("hidden") or str(tag.get("aria-hidden", "")).lower() == "true":
        return True
    style = tag.get("style")
    return isinstance(style, str) and bool(_HIDDEN_STYLE.search(style))


def gone(tag: Tag) -> bool:
    """``tag.decomposed`` without its cost: on a live tag, bs4 4.x looks the missing ``_decomposed``
    attribute up as a child tag (a search of the whole subtree)."""
    return tag.__dict__.get("_decomposed", False)


def clean_dom(soup: BeautifulSoup) -> None:
    """Remove nodes that are never article text (in place)."""
    for c in soup.find_all(string=lambda s: isinstance(s, Comment)):
        c.extract()
    for t in soup.find_all(NEVER_CONTENT):
        t.decompose()
    for t in soup.find_all("form"):
        # ASP.NET pages wrap the whole page in one <form>: keep a form that holds prose
        if not gone(t) and len(t.get_text(strip=True)) < FORM_MAX_CHARS:
            t.decompose()
    h = hints()
    for t in soup.find_all(True):
        if gone(t) or t.attrs is None:
            continue
        role = str(t.get("role", "")).lower()
        if is_hidden(t) or role in h.drop_roles or (t.name in h.drop_tags and not _holds_article(t)):
            t.decompose()


def _holds_article(tag: Tag) -> bool:
    return tag.find(["article", "main"]) is not None or tag.find(attrs={"itemprop": "articleBody"}) is not None


def ids_under(root: Tag, names: tuple[str, ...]) -> set[int]:
    """Ids of every element inside an element named in ``names`` (one pass per such element)."""
    out: set[int] = set()
    for t in root.find_all(names):
        if id(t) not in out:
            out.update(id(d) for d in t.descendants if isinstance(d, Tag))
    return out


def unlikely_nodes(root: Tag) -> set[int]:
    """Ids of subtrees whose class/id says navigation, header, footer, sidebar … (not under tables/code)."""
    h = hints()
    out: set[int] = set()
    protected = ids_under(root, ("table", "pre", "code"))
    for t in root.find_all(True):
        if t.name in ("body", "html", "article", "main", "a", "table", "tbody", "tr", "td", "th", "pre", "code"):
            continue
        ci = class_id(t)
        if ci and h.unlikely.search(ci) and not h.maybe.search(ci) and id(t) not in protected:
            out.add(id(t))
            out.update(id(d) for d in t.find_all(True))
    return out


# ------------------------------------------------------------------ measuring

def measure(root: Tag, exclude: set[int] = frozenset()) -> dict[int, Stats]:
    """Per-element text statistics, computed bottom-up in one pass (``exclude``d subtrees count nothing)."""
    stats: dict[int, Stats] = {}
    tags = [root, *root.find_all(True)]
    for t in reversed(tags):
        if id(t) in exclude:
            continue
        s = Stats()
        for c in t.children:
            if isinstance(c, NavigableString):
                if type(c) is not NavigableString:
                    continue
                n, cjk, p = _count(str(c))
                s.chars += n
                s.cjk += cjk
                s.punct += p
                s.owned += n
                s.owned_cjk += cjk
                s.owned_punct += p
                continue
            if not isinstance(c, Tag):
                continue
            cs = stats.get(id(c))
            if cs is None:
                if id(c) in exclude:    # a removed sidebar or footer: boilerplate next to this node
                    s.bad += len("".join(c.get_text().split()))
                continue
            s.chars += cs.chars
            s.cjk += cs.cjk
            s.links += cs.links
            s.punct += cs.punct
            s.paragraphs += cs.paragraphs + (c.name == "p")
            s.images += cs.images + (c.name == "img")
            s.list_items += cs.list_items + (c.name == "li")
            s.link_headings += cs.link_headings
            if c.name in INLINE_TAGS and cs.block_children == 0 and cs.chars == cs.owned:
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
        if t.name == "a":
            s.links = s.chars
            s.owned_links = s.owned
        elif t.name in ("h2", "h3", "h4", "h5", "h6") and s.weight >= TEASER_MIN_WEIGHT and s.links >= 0.6 * s.chars:
            s.link_headings += 1
        if s.owned and (t.name not in INLINE_TAGS or t is root):
            if s.owned + s.owned_cjk >= GOOD_MIN_WEIGHT and s.owned_links < GOOD_MAX_LINK_SHARE * s.owned:
                s.good += s.owned
            else:
                s.bad += s.owned
        stats[id(t)] = s
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
