"""Which URLs a link or an image of ours may carry, and how they are written in Markdown."""
from __future__ import annotations

import html
import re
from urllib.parse import quote

# Schemes a link or image may keep (issue 15); anything else ("javascript:", "data:", "file:",
# "vbscript:"...) is no URL: the link's text stays, as plain text. Checked on the URL as a browser
# would read it: control characters and whitespace removed (browsers drop them: "java\tscript:"),
# an autolink's "<...>" taken off, and HTML character references decoded ("javascript&#58;").
SAFE_SCHEMES = frozenset(("http", "https", "mailto", "ftp"))
_URL_DROPPED = re.compile(r"[\x00-\x20\x7f-\x9f\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]+")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# Characters written percent-encoded in a link destination: they would end it (")", any space),
# start raw HTML ("<", ">"), an escape ("\\") or a Python-Markdown code span ("`") inside it.
_URL_ENCODE_RE = re.compile(r"[\s()<>\\`\"'\x00-\x1f\x7f-\x9f]")


def safe_url(url: str | None) -> str:
    """``url`` as it may be written in a link or image, or "" when its scheme is not allowed."""
    if not url:
        return ""
    seen = _URL_DROPPED.sub("", html.unescape(url))
    while seen.startswith("<"):
        seen = seen[1:]
    m = _SCHEME.match(seen)
    if m and m.group(1).lower() not in SAFE_SCHEMES:
        return ""
    if not m and ":" in seen.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return ""     # a colon before any "/": a scheme after all, to some reader
    out = url.strip()
    if out.startswith("<") and out.endswith(">"):
        out = out[1:-1]
    out = _URL_ENCODE_RE.sub(lambda c: quote(c.group(), safe=""), out)
    return out


def allowed_url(url: str) -> bool:
    return bool(safe_url(url))
