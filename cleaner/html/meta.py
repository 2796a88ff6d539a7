"""Metadata of an HTML page → front-matter fields.

Evidence in order of trust: Open Graph / article meta tags, JSON-LD, plain
``<meta name=…>``, then the document itself (``<title>``, ``<h1>``, ``<time>``).
Called on the whole lxml document (``dom.parse_tree``) before any node is removed.
"""
from __future__ import annotations

import itertools
import json
import re
import threading
from urllib.parse import urljoin

from lxml import etree

from .. import byline
from ..byline import clean_author, parse_date
from ..document import word_key
from .dom import Element, body_of, doc_find, doc_iter, strings, top_elements

# Separators between an article title and the site name in <title>.
_TITLE_SEPARATORS = re.compile(r"\s+[|｜\-–—_·»:：]\s+|\s*[|｜_–—»]\s*|\s*[-]{1,2}\s*(?=[^-]+$)")

AUTHOR_KEYS = ("author", "article:author", "byl", "dc.creator", "dc.creator.aut", "parsely-author",
               "sailthru.author", "twitter:creator")
DATE_KEYS = ("article:published_time", "datepublished", "pubdate", "publishdate", "publish-date", "date",
             "dc.date", "dc.date.issued", "dc.date.created", "dcterms.created", "og:published_time",
             "parsely-pub-date", "sailthru.date", "publication_date", "publish_date", "article.published",
             "originalpublicationdate", "release_date", "citation_publication_date")
# Used only when the page gives no publication date at all (the issue: "published, not modified").
MODIFIED_KEYS = ("article:modified_time", "og:updated_time", "datemodified", "lastmod", "last-modified")
SITE_KEYS = ("og:site_name", "application-name", "apple-mobile-web-app-title")


_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)", re.I)


# The elements read on every page, found in one walk over the tree (see ``_by_tag``).
_READ_TAGS = ("meta", "script", "link", "title", "html")


def extract_meta(root: Element, base_url: str = "", raw: str = "") -> dict[str, object]:
    """Front-matter fields found in the page (missing ones left out)."""
    found = _by_tag(root, _READ_TAGS)
    tags = _meta_tags(found["meta"])
    ld = _json_ld(found["script"])
    meta: dict[str, object] = {}

    url = _first(_link_href(found["link"], "canonical"), tags.get("og:url"), ld.get("url"))
    if url:
        meta["canonical_url"] = urljoin(base_url, url) if base_url else url

    site = _first(*(tags.get(k) for k in SITE_KEYS), ld.get("publisher"))
    title_el = found["title"][0] if found["title"] else None
    raw_title = _text(title_el) if title_el is not None else ""
    if re.search(r"<[a-z/!]", raw_title, re.I):
        raw_title = ""      # markup in <title>: an unclosed tag swallowed the page
    h1 = doc_find(root, "h1")
    h1_text = _text(h1) if h1 is not None else ""
    title = _first(tags.get("og:title"), tags.get("twitter:title"), ld.get("headline"))
    if title and (_malformed_title(title, site, (strip_site_suffix(raw_title, site), h1_text))
                  or _site_wide_title(title, raw_title, site)):
        title = ""
    if not title and raw_title:
        title = strip_site_suffix(raw_title, site)
    if h1_text and (not title or re.fullmatch(r"(?:https?://)?[\w-]+(?:\.[\w-]+)+/?", title)):
        title = h1_text     # none, or a bare domain ("blog.example.com"): the page's headline
    if title:
        meta["title"] = title
    if not site and raw_title and title and raw_title != title and raw_title.startswith(title):
        rest = [p.strip() for p in _TITLE_SEPARATORS.split(raw_title[len(title):]) if p.strip()]
        # "标题_新闻频道_某某网": the site is the last part; the channel words before it are not its name
        if rest and 0 < len(rest[-1]) <= 40:
            site = rest[-1]
    if site:
        meta["sitename"] = site

    lines = None        # the page's visible lines, read only when the markup lacks a date or an author
    start = None        # ... and the line of its headline

    def page_lines() -> list[str]:
        nonlocal lines, start
        if lines is None:
            lines = visible_lines(root)
            start = byline.title_line(lines, title)
            if start is None and h1_text:
                start = byline.title_line(lines, h1_text)
        return lines

    author = clean_author(_first(ld.get("author"), *(tags.get(k) for k in AUTHOR_KEYS)))
    author = author or clean_author(_first(_rel_author(root)))
    if not author:
        author = byline.find_author(page_lines(), start)
    if author:
        meta["author"] = author

    # published, never modified, unless the page gives no other date at all
    date = parse_date(_first(ld.get("datePublished"), *(tags.get(k) for k in DATE_KEYS)))
    date = date or parse_date(_time_tag(root))
    if not date:
        date = byline.find_date(page_lines(), start)
    date = date or byline.url_date(_first(base_url, url))
    date = date or parse_date(_first(ld.get("dateModified"), *(tags.get(k) for k in MODIFIED_KEYS)))
    if date:
        meta["date"] = date

    description = _first(tags.get("og:description"), tags.get("description"), tags.get("twitter:description"),
                         ld.get("description"))
    if description:
        meta["description"] = description[:500]
    keywords = _all_meta(found["meta"], "article:tag") or _split_keywords(_first(tags.get("keywords"),
                                                                                 tags.get("news_keywords"),
                                                                                 ld.get("keywords")))
    if keywords:
        meta["tags"] = keywords      # (a list: YAML list, JSON array)
    image = _first(tags.get("og:image"), tags.get("og:image:url"), tags.get("twitter:image"), ld.get("image"))
    if image and not image.startswith("data:"):
        meta["image"] = urljoin(base_url, image) if base_url else image

    lang = ""
    html = found["html"][0] if found["html"] else None
    if html is not None and html.get("lang"):
        lang = str(html.get("lang"))
    if not lang and raw:
        # a <script> before <!DOCTYPE> makes the parser open <html> early and lose its attributes
        m = _HTML_LANG.search(raw[:20000])
        lang = m.group(1) if m else ""
    lang = lang or tags.get("content-language", "") or tags.get("og:locale", "")
    lang = lang.strip().replace("_", "-")[:16]
    if _LANG_TAG.fullmatch(lang):
        # only a hint: cleaner.language checks it against the text (pipeline)
        meta["lang"] = lang
    return meta


# A language tag (en, zh-CN, zh-Hans-TW), not an encoding or a placeholder ("utf-8", "none").
_LANG_TAG = re.compile(r"(?!none\b|null\b|utf|iso|gb|big)[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", re.I)


def _malformed_title(title: str, site: str, others: tuple[str, ...]) -> bool:
    """og:title that is the site's name, markup, or a cut-short start of the page's own title."""
    t = title.strip()
    if site and t.lower() == site.lower():
        return True
    if re.search(r"<[a-z/]|&[a-z]+;|\{\{|\$\{", t, re.I):
        return True
    for other in others:
        o = (other or "").strip()
        if len(o) > len(t) + 1 and o.startswith(t.rstrip(" .…-|:")) and len(t) < 0.8 * len(o):
            return True
    return False


SITE_WIDE_MIN_WORDS = 3     # <title>'s headline, once the site's name is cut off, has this many words


def _site_wide_title(title: str, raw_title: str, site: str) -> bool:
    """og:title that is the site's tagline on every page ("Official Blog of the National Football League")
    while ``<title>`` is "Headline - Site": the two share no word, and ``<title>`` ends (or starts) with the
    site's name, as a page's own title does."""
    if not site or not raw_title or word_key(title) in word_key(raw_title):
        return False
    head = strip_site_suffix(raw_title, site)
    if head == raw_title.strip() or len(head.split()) < SITE_WIDE_MIN_WORDS:
        return False        # (no site name to cut off: which of the two is the page's cannot be told)
    words = lambda t: {w for w in re.findall(r"[^\W_]+", t.lower()) if len(w) > 3}
    return not (words(title) & words(head))


def _all_meta(metas: list[Element], key: str) -> list[str]:
    out = []
    for m in metas:
        k = m.get("property") or m.get("name")
        v = m.get("content")
        if isinstance(k, str) and k.strip().lower() == key and isinstance(v, str) and v.strip() and v.strip() not in out:
            out.append(v.strip())
    return out[:30]


def _split_keywords(value: str) -> list[str]:
    out = []
    for k in re.split(r"[,，、;；|]", value or ""):
        k = k.strip()
        if k and len(k) <= 60 and k not in out:
            out.append(k)
    return out[:30]


# Elements that end a visible line (the rest flow inline).
_LINE_TAGS = frozenset("p div br li ul ol dl dt dd h1 h2 h3 h4 h5 h6 tr td th table section article header "
                       "footer aside nav blockquote pre form figure figcaption address hr main center".split())
_HIDDEN_TAGS = frozenset(("script", "style", "noscript", "template", "head", "title", "select", "option",
                          "textarea", "rt", "rp"))


# The visible text with a line break around each block element, by libxslt: much cheaper than a Python
# walk of the tree (same lines on every corpus page; figures in benchmarks/profile.md). One stylesheet per thread (lxml's
# XSLT objects are not shared between threads).
_VISIBLE_TEXT_XSL = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="text" encoding="utf-8"/>
<xsl:template match="{'|'.join(sorted(_HIDDEN_TAGS))}|comment()|processing-instruction()"/>
<xsl:template match="{'|'.join(sorted(_LINE_TAGS))}"><xsl:text>&#10;</xsl:text><xsl:apply-templates/><xsl:text>&#10;</xsl:text></xsl:template>
</xsl:stylesheet>"""
_THREAD = threading.local()


def visible_lines(root: Element) -> list[str]:
    """The page's visible text, one line per block element, in document order (for bylines)."""
    transform = getattr(_THREAD, "visible_text", None)
    if transform is None:
        transform = _THREAD.visible_text = etree.XSLT(etree.XML(_VISIBLE_TEXT_XSL))
    try:
        text = str(transform(body_of(root)))
    except etree.XSLTApplyError:
        return []
    return [" ".join(t.split()) for t in text.split("\n") if t and not t.isspace()]


def strip_site_suffix(title: str, site: str = "") -> str:
    """``文章标题_新闻频道_某某网`` → ``文章标题``; keeps the title when no part is clearly the site."""
    title = title.strip()
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    if site:
        for edge in (title.lower().rfind(site.lower()), ):
            if edge > 0 and edge + len(site) == len(title):
                head = title[:edge].rstrip()
                stripped = re.sub(r"[\s|｜\-–—_·»:：]+$", "", head)
                if stripped and stripped != head.rstrip():
                    return stripped
        if title.lower().startswith(site.lower()):
            tail = re.sub(r"^[\s|｜\-–—_·»:：]+", "", title[len(site):])
            if tail and tail != title[len(site):]:
                return tail
    # The longest part is the headline (site and section names are short).
    best = max(parts, key=len)
    return best if len(best) >= 0.4 * len(title) or len(best) >= 15 else title


def normalize_date(value: str) -> str:
    """ISO 8601 (time and timezone kept when given); see :func:`cleaner.byline.parse_date`."""
    return parse_date(value)


# ------------------------------------------------------------------ helpers

def _by_tag(root: Element, names: tuple[str, ...]) -> dict[str, list[Element]]:
    """The document's elements named in ``names``, by name, each list in document order.

    One walk for them all: a walk over the page's tree costs as much whether it finds one element
    or many, and a ``doc_find`` walks on past its find (lxml's iterator looks one ahead)."""
    found: dict[str, list[Element]] = {name: [] for name in names}
    for el in doc_iter(root, *names):
        found[el.tag].append(el)
    return found


def _text(node: Element) -> str:
    return re.sub(r"\s+", " ", " ".join(strings(node))).strip()


def _first(*values) -> str:
    for v in values:
        if isinstance(v, str) and v.strip():
            return re.sub(r"\s+", " ", v).strip()
    return ""


def _meta_tags(metas: list[Element]) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in metas:
        key = m.get("property") or m.get("name") or m.get("itemprop") or m.get("http-equiv")
        value = m.get("content")
        if isinstance(key, str) and isinstance(value, str) and value.strip():
            out.setdefault(key.strip().lower(), value.strip())
    return out


def _link_href(links: list[Element], rel: str) -> str:
    for link in links:
        if link.get("href") is None:
            continue
        if rel in [r.lower() for r in (link.get("rel") or "").split()]:
            return str(link.get("href")).strip()
    return ""


def _rel_author(soup: Element) -> str:
    a = next((t for t in doc_iter(soup, "a", "span")
              if (rel := t.get("rel")) and (rel == "author" or (t.tag == "a" and "author" in rel.split()))), None)
    if a is None:
        a = next((t for t in _with_attribute(soup, _WITH_ITEMPROP) if t.get("itemprop") == "author"), None)
    return _text(a)[:100] if a is not None else ""


def _time_tag(soup: Element) -> str:
    """The page's marked-up publication date: ``itemprop=datePublished``, then an element whose class says
    published (``<dd class="published">``, ``<abbr class="published" title=…>``), then the first ``<time>``."""
    itemprop, classed = [], []
    for t in doc_iter(soup):    # (one Python pass: faster here than libxml2's XPath with contains(); benchmarks/profile.md)
        if t.get("itemprop") == "datePublished":
            itemprop.append(t)
        else:
            cls = t.get("class")
            if cls and _may_say_published(cls) and _PUBLISHED_CLASS.search(cls):
                classed.append(t)
    candidates = itertools.chain(itemprop, classed,
                                 (t for t in doc_iter(soup, "time") if t.get("datetime") is not None))
    for t in itertools.islice(candidates, 20):      # (a label <dt class="published">Published:</dt> has none)
        for value in (t.get("datetime"), t.get("content"), t.get("title"), _text(t)[:100]):
            if value and parse_date(value):
                return str(value)
    return ""


_PUBLISHED_CLASS = re.compile(r"(?:^|[\s_-])(?:published|pubdate|publish-date|date-published|post-date|entry-date)(?:$|\s)",
                              re.I)


def _may_say_published(cls: str) -> bool:
    """Whether ``_PUBLISHED_CLASS`` can match ``cls``: every word it finds holds "pub" or "-date" (in any case;
    re.I matches none of these letters to a non-ASCII one). A quick test: most classes have neither, and a
    case-insensitive pattern is tried at every position of the string."""
    low = cls.lower()
    return "pub" in low or "-date" in low

# The elements that can pass the itemprop tests above, picked by libxml2 (not a Python test of every
# element of the page).
_WITH_ITEMPROP = etree.XPath("descendant-or-self::*[@itemprop]")


def _with_attribute(root: Element, select: etree.XPath):
    """The document's elements ``select`` picks (in each top-level element), in document order."""
    for top in top_elements(root):
        yield from select(top)


_LD_JSON = re.compile("ld\\+json", re.I)


def _json_ld(scripts: list[Element]) -> dict[str, str]:
    """The first article-like JSON-LD object (of the page's ``scripts``), flattened to strings."""
    found: dict[str, str] = {}
    for s in scripts:
        if not _LD_JSON.search(s.get("type") or ""):
            continue
        raw_json = re.sub(r"^\s*(?:<!\[CDATA\[|<!--)|(?:\]\]>|-->)\s*$", "", _string(s) or "")
        try:
            data = json.loads(raw_json)
        except (ValueError, TypeError):
            continue
        for obj in _ld_objects(data):
            for key in ("headline", "datePublished", "dateModified", "url", "description"):
                if isinstance(obj.get(key), str):
                    found.setdefault(key, obj[key])
            for key in ("author", "publisher"):
                name = _ld_name(obj.get(key))
                if name:
                    found.setdefault(key, name)
            kw = obj.get("keywords")
            if isinstance(kw, list):
                kw = ", ".join(k for k in kw if isinstance(k, str))
            if isinstance(kw, str) and kw.strip():
                found.setdefault("keywords", kw)
            image = obj.get("image")
            image = image[0] if isinstance(image, list) and image else image
            image = image.get("url") if isinstance(image, dict) else image
            if isinstance(image, str) and image.strip():
                found.setdefault("image", image)
    return found


def _ld_objects(data) -> list[dict]:
    out = []
    if isinstance(data, list):
        for d in data:
            out += _ld_objects(d)
    elif isinstance(data, dict):
        if "@graph" in data:
            out += _ld_objects(data["@graph"])
        kind = data.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(isinstance(k, str) and ("Article" in k or "Posting" in k or k in ("WebPage", "Report", "CreativeWork"))
               for k in kinds):
            out.append(data)
    return out


def _ld_name(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return value.get("name") if isinstance(value.get("name"), str) else ""
    if isinstance(value, list):
        names = [_ld_name(v) for v in value]
        return ", ".join(n for n in names if n)
    return ""


def _string(el: Element) -> str | None:
    """bs4's ``.string``: the element's one string (None when it has none or several pieces)."""
    if len(el) == 0:
        return el.text
    return None
