"""The whole pipeline as one function call: read → parse → strip → normalize → render.

The CLI, the Dask integration and library users all go through here.
"""
from __future__ import annotations

from typing import Any

from . import language
from .document import Document
from .normalize import normalize
from .parse import TITLE_MAX_CHARS, parse
from .read import MOJIBAKE_NOTE, has_mojibake_in, read_bytes, read_path
from .render import body_blocks, render
from .rules import Rules, as_rules, load_rules
from .safe import scrub_surrogates, shown_path
from .settings import DEFAULT, Settings
from .strip import strip

MOJIBAKE_CONFIDENCE = 0.5     # at most this when the input held mojibake


def clean_document(doc: Document, settings: Settings = DEFAULT, rules: Rules | dict[str, Any] | None = None,
                   template=None, parsed: bool = False, keep_input: bool = True) -> Document:
    """Parse, strip and normalize a document that ``read`` produced (``parsed``: its blocks are
    already there, e.g. loaded from the batch's first pass, :mod:`cleaner.spill`).  ``keep_input=False``:
    ``doc.raw`` and ``doc.text`` are let go once parsed (callers that only render the document)."""
    rules = as_rules(rules) if rules is not None else load_rules(settings.rules)
    if not keep_input and doc.format != "html":
        doc.raw = b""           # (only the HTML parser reads the bytes)
    if not parsed:
        parse(doc, settings, rules=rules, keep_input=keep_input)
    if not keep_input:
        doc.release_input()
    strip(doc, rules, template=template, disable=settings.disable)
    # (over the text the body shows: with the title render writes from the metadata when no title
    # block shows, so that cleaning the output, where that title is a block, detects the same)
    lang = language.detect(language.head(b.text for b in body_blocks(doc, settings)), str(doc.meta.get("lang") or ""))
    if lang:
        doc.meta["lang"] = lang
    # (in the article's text, not the markup: an SVG id is nobody's business); normalize repairs
    # it, but the input was damaged: say so
    if has_mojibake_in([b.text for b in doc.kept]):
        doc.notes.append(MOJIBAKE_NOTE)
        doc.confidence = min(doc.confidence, MOJIBAKE_CONFIDENCE)
    normalize(doc, settings)
    title = next((b for b in doc.kept if b.kind == "title"), None)
    if title is not None and not doc.meta.get("title"):
        doc.meta["title"] = title.text.strip()
    title = doc.meta.get("title")
    if isinstance(title, str) and len(title) > TITLE_MAX_CHARS:     # (a <title> of a megabyte)
        doc.meta["title"] = title[: TITLE_MAX_CHARS - 1].rstrip() + "…"
    doc.meta.setdefault("source", shown_path(doc.source))
    return doc


def clean_bytes(data: bytes, source: str = "-", settings: Settings = DEFAULT, **kw) -> tuple[Document, str]:
    doc = clean_document(read_bytes(data, source=source, fmt=settings.read_format, max_bytes=settings.max_bytes),
                         settings, **kw)
    return doc, render(doc, settings)


def clean_file(path: str, settings: Settings = DEFAULT, **kw) -> tuple[Document, str]:
    doc = clean_document(read_path(path, settings.max_bytes, settings.read_format), settings, **kw)
    return doc, render(doc, settings)


def clean_text(text: str | bytes, settings: Settings = DEFAULT, fmt: str | None = None, **kw) -> str:
    """Clean an article given as a string (or bytes); returns Markdown (or the chosen format).
    Raises ``InputError`` for bad content; :func:`cleaner.clean` never raises."""
    # (a lone surrogate, e.g. from a str built with surrogateescape, becomes U+FFFD, not an error)
    data = text if isinstance(text, bytes) else scrub_surrogates(str(text)).encode("utf-8")
    doc = clean_document(read_bytes(data, source="-", fmt=fmt or settings.read_format, max_bytes=settings.max_bytes),
                         settings, keep_input=False, **kw)
    return render(doc, settings)
