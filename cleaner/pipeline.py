"""The whole pipeline as one function call: read → parse → strip → normalize → render.

The CLI, the Dask integration and library users all go through here.
"""
from __future__ import annotations

from typing import Any

from .document import Document
from .normalize import normalize
from .parse import TITLE_MAX_CHARS, parse
from .read import MOJIBAKE_NOTE, has_mojibake, read_bytes, read_path
from .render import render
from .rules import load_rules
from .safe import scrub_surrogates, shown_path
from .settings import DEFAULT, Settings
from .strip import strip

MOJIBAKE_CONFIDENCE = 0.5     # at most this when the input held mojibake


def clean_document(doc: Document, settings: Settings = DEFAULT, rules: dict[str, Any] | None = None,
                   template=None, parsed: bool = False) -> Document:
    """Parse, strip and normalize a document that ``read`` produced (``parsed``: its blocks are
    already there, e.g. loaded from the batch's first pass, :mod:`cleaner.spill`)."""
    rules = rules if rules is not None else load_rules(settings.rules)
    if not parsed:
        parse(doc, settings)
    strip(doc, rules, template=template, disable=settings.disable)
    # (in the article's text, not the markup: an SVG id is nobody's business); normalize repairs
    # it, but the input was damaged: say so
    if has_mojibake("\n".join(b.text for b in doc.kept)):
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
    doc = clean_document(read_bytes(data, source=source, max_bytes=settings.max_bytes), settings, **kw)
    return doc, render(doc, settings)


def clean_file(path: str, settings: Settings = DEFAULT, **kw) -> tuple[Document, str]:
    doc = clean_document(read_path(path, settings.max_bytes), settings, **kw)
    return doc, render(doc, settings)


def clean_text(text: str, settings: Settings = DEFAULT, fmt: str | None = None, **kw) -> str:
    """Clean an article given as a string; returns Markdown (or the chosen format)."""
    # (a lone surrogate, e.g. from a str built with surrogateescape, becomes U+FFFD, not an error)
    doc = clean_document(read_bytes(scrub_surrogates(text).encode("utf-8"), source="-", fmt=fmt, max_bytes=settings.max_bytes),
                         settings, **kw)
    return render(doc, settings)
