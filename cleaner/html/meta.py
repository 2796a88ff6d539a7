"""Metadata of an HTML page → front-matter fields.

Evidence in order of trust: Open Graph / article meta tags, JSON-LD, plain
``<meta name=…>``, then the document itself (``<title>``, ``<h1>``, ``<time>``).
Called on the whole lxml document (``dom.parse_tree``) before any node is removed.
"""
from __future__ import annotations

import json
import re
from urllib.parse import urljoin

from lxml import etree

from .dom import Element, doc_find, doc_iter, strings, top_elements

# Separators between an article title and the site name in <title>.
_TITLE_SEPARATORS = re.compile(r"\s+[|｜\-–—_·»:：]\s+|\s*[|｜_–—»]\s*|\s*[-]{1,2}\s*(?=[^-]+$)")
_DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]*(\d{1,2}):(\d{2})(?::(\d{2}))?)?")

AUTHOR_KEYS = ("author", "article:author", "byl", "dc.creator", "dc.creator.aut", "parsely-author",
               "sailthru.author", "twitter:creator")
DATE_KEYS = ("article:published_time", "datepublished", "pubdate", "publishdate", "publish-date", "date",
             "dc.date", "dc.date.issued", "og:published_time", "parsely-pub-date", "sailthru.date",
             "article:modified_time", "og:updated_time", "lastmod")
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
    title = _first(tags.get("og:title"), tags.get("twitter:title"), ld.get("headline"))
    if not title and raw_title:
        title = strip_site_suffix(raw_title, site)
    if not title:
        h1 = doc_find(root, "h1")
        title = _text(h1) if h1 is not None else ""
    if title:
        meta["title"] = title
    if not site and raw_title and title and raw_title != title and raw_title.startswith(title):
        rest = _TITLE_SEPARATORS.sub(" ", raw_title[len(title):]).strip()
        if 0 < len(rest) <= 40:
            site = rest
    if site:
        meta["site_name"] = site

    author = _first(ld.get("author"), *(tags.get(k) for k in AUTHOR_KEYS)) or _first(_rel_author(root))
    if author and not re.match(r"https?://", author) and len(author) <= 100:
        meta["author"] = author

    date = _first(ld.get("datePublished"), *(tags.get(k) for k in DATE_KEYS)) or _first(_time_tag(root))
    date = normalize_date(date) if date else ""
    if date:
        meta["date"] = date

    lang = ""
    html = found["html"][0] if found["html"] else None
    if html is not None and html.get("lang"):
        lang = str(html.get("lang"))
    if not lang and raw:
        # a <script> before <!DOCTYPE> makes the parser open <html> early and lose its attributes
        m = _HTML_LANG.search(raw[:20000])
        lang = m.group(1) if m else ""
    lang = lang or tags.get("content-language", "") or tags.get("og:locale", "")
    if lang:
        meta["lang"] = lang.strip().replace("_", "-")[:16]
    return meta


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
    m = _DATE_RE.search(value)
    if not m:
        return ""
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1990 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31):
        return ""
    out = f"{y:04d}-{mo:02d}-{d:02d}"
    if m.group(4):
        out += f"T{int(m.group(4)):02d}:{m.group(5)}"
        if m.group(6):
            out += f":{m.group(6)}"
    return out


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
              if t.get("rel") == "author" or (t.tag == "a" and "author" in (t.get("rel") or "").split())), None)
    if a is None:
        a = next((t for t in _with_attribute(soup, _WITH_ITEMPROP) if t.get("itemprop") == "author"), None)
    return _text(a)[:100] if a is not None else ""


def _time_tag(soup: Element) -> str:
    t = next((t for t in doc_iter(soup, "time") if t.get("datetime") is not None), None)
    if t is None:
        t = next((t for t in _with_attribute(soup, _WITH_ITEMPROP) if t.get("itemprop") == "datePublished"), None)
    if t is None:
        return ""
    return str(t.get("datetime") or t.get("content") or _text(t))


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
        try:
            data = json.loads(_string(s) or "")
        except (ValueError, TypeError):
            continue
        for obj in _ld_objects(data):
            for key in ("headline", "datePublished", "url"):
                if isinstance(obj.get(key), str):
                    found.setdefault(key, obj[key])
            for key in ("author", "publisher"):
                name = _ld_name(obj.get(key))
                if name:
                    found.setdefault(key, name)
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
        if any(isinstance(k, str) and ("Article" in k or k in ("BlogPosting", "WebPage", "Report")) for k in kinds):
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
