"""HTML pages → metadata and typed blocks, in four modules split where the work splits:

* :mod:`cleaner.html.dom` — the page's tree (lxml), class/id hints, per-element text statistics;
* :mod:`cleaner.html.meta` — title, date, author and the rest of the metadata;
* :mod:`cleaner.html.region` — which part of the page is the article;
* :mod:`cleaner.html.blocks` — elements → typed blocks (one converter per tag);

and :mod:`cleaner.html.parse`, which runs them in order (``parse_html``).
"""
from .parse import parse_html

__all__ = ["parse_html"]
