"""Stage 5 — render: kept blocks → Markdown (with YAML front matter), plain text or JSON.

One ``render_<kind>`` function per block kind (the markdownify way); text is
escaped so that it never turns into markup by accident, and the parser reads
the escapes back, so rendering is stable under re-cleaning.
"""
from __future__ import annotations

import dataclasses
import json
import re
from typing import Callable

from .document import Block, Document, Span
from .settings import DEFAULT, Settings

# Front-matter keys in the order they are written; others follow alphabetically.
META_ORDER = ("title", "source", "url", "canonical_url", "site_name", "author", "date", "lang",
              "input_script", "output_script", "conversion", "confidence",
              "editor", "origin", "image_credit", "translator")

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]])")
_HTML_LIKE = re.compile(r"<(?=[A-Za-z/!?])")
# What would open a block if a paragraph started with it: ATX heading, quote, bullet, table row,
# thematic break or setext underline ("\\" goes before it) and ordered-list numbers ("1\\." ).
_LINE_START = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|>|[-+*](?=\s|$)|(?:[-=_*]\s*){3,}$|\||\+)")
_ORDERED_START = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")


_MAY_ESCAPE = re.compile(r"[\\`*_\[\]<]")     # the characters the two inline rules look for


def escape(text: str, block_start: bool = True) -> str:
    if _MAY_ESCAPE.search(text):
        text = _INLINE_SPECIAL.sub(r"\\\1", text)
        text = _HTML_LIKE.sub(r"\\<", text)
    if block_start:
        text = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text, count=1)
        text = _ORDERED_START.sub(r"\1\\\2", text, count=1)
    return text


def merge_spans(spans: list[Span]) -> list[Span]:
    """Adjacent runs of one style become one (``**a****b**`` would not read back as two bold runs)."""
    out: list[Span] = []
    for s in spans:
        if not s.text and s.style != "image":
            continue
        if out and out[-1].style == s.style and out[-1].href == s.href and s.style != "image":
            out[-1] = Span(out[-1].text + s.text, s.style, s.href)
        else:
            out.append(s)
    return out


def render_spans(spans: list[Span], settings: Settings = DEFAULT) -> str:
    out = []
    spans = merge_spans(spans)
    for i, s in enumerate(spans):
        if s.style == "code":
            fence = "``" if "`" in s.text else "`"
            out.append(f"{fence}{s.text}{fence}")
            continue
        text = escape(s.text, block_start=(i == 0))
        if not text.strip():
            out.append(text)
        elif s.style == "link" and s.href and settings.links:
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
            out.append(f"{lead}[{text.strip()}]({s.href}){trail}")
        elif s.style == "image":
            if settings.images and s.href:
                out.append(f"![{text}]({s.href})")
        elif s.style in ("em", "strong"):
            mark = "*" if s.style == "em" else "**"
            core = text.strip()
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
            out.append(f"{lead}{mark}{core}{mark}{trail}")
        else:
            out.append(text)
    return "".join(out).strip()


# Each renderer takes ``spans_md``, ``render_spans(b.spans, s)`` when the caller has it already
# (``render_body`` renders the spans first to skip blocks with nothing to show).

def render_title(b: Block, s: Settings, spans_md: str | None = None) -> str:
    return "# " + _heading_text(b, s, spans_md)


def _heading_text(b: Block, s: Settings, spans_md: str | None = None) -> str:
    text = _spans_md(b, s, spans_md)
    # a trailing "#" would read as the heading's closing sequence
    return text[:-1] + "\\#" if text.endswith("#") and not text.endswith("\\#") else text


def _spans_md(b: Block, s: Settings, spans_md: str | None) -> str:
    return render_spans(b.spans, s) if spans_md is None else spans_md


def render_heading(b: Block, s: Settings, spans_md: str | None = None) -> str:
    return "#" * max(2, min(b.level or 2, 6)) + " " + _heading_text(b, s, spans_md)


def render_paragraph(b: Block, s: Settings, spans_md: str | None = None) -> str:
    return _spans_md(b, s, spans_md)


def render_caption(b: Block, s: Settings, spans_md: str | None = None) -> str:
    return "*" + escape(b.text.strip()) + "*"


def render_quote(b: Block, s: Settings, spans_md: str | None = None) -> str:
    return "\n".join("> " + line for line in _spans_md(b, s, spans_md).split("\n"))


def render_list(b: Block, s: Settings, spans_md: str | None = None) -> str:
    marker = f"{b.number}." if b.ordered else "-"
    return "  " * b.level + f"{marker} " + _spans_md(b, s, spans_md)


def render_table(b: Block, s: Settings, spans_md: str | None = None) -> str:
    rows = [[escape(c, block_start=False).replace("|", "\\|").replace("\n", " ") for c in r] for r in b.rows or []]
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join(["---"] * width) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


def render_code(b: Block, s: Settings, spans_md: str | None = None) -> str:
    text = b.text.strip("\n")
    fence = "````" if "```" in text else "```"
    return f"{fence}{b.lang}\n{text}\n{fence}"


RENDERERS: dict[str, Callable[..., str]] = {
    "title": render_title, "heading": render_heading, "paragraph": render_paragraph,
    "caption": render_caption, "quote": render_quote, "list": render_list,
    "table": render_table, "code": render_code,
}


def render_body(doc: Document, settings: Settings = DEFAULT) -> str:
    parts: list[str] = []
    prev: Block | None = None
    numbers: dict[int, int] = {}
    for b in doc.kept:
        spans_md = None if b.kind in ("table", "code") else render_spans(b.spans, settings)
        if spans_md == "":
            continue        # nothing to show (e.g. an image-only item without --images): no empty "# " or "- "
        if b.kind == "list":
            if prev is None or prev.kind != "list":
                numbers = {}
            numbers = {lvl: n for lvl, n in numbers.items() if lvl <= b.level}
            numbers[b.level] = numbers.get(b.level, 0) + 1
            b.number = numbers[b.level]
        text = RENDERERS[b.kind](b, settings, spans_md)     # (spans rendered once)
        if not text.strip():
            continue
        # list items of one list, and lines of one quote, stay together
        sep = "\n" if prev is not None and prev.kind == b.kind and b.kind in ("list", "quote") else "\n\n"
        if b.kind == "quote" and sep == "\n":
            parts.append("\n>\n")
            parts.append(text)
        else:
            parts.append(sep if parts else "")
            parts.append(text)
        prev = b
    return "".join(parts).strip("\n") + "\n" if parts else ""


def ordered_meta(doc: Document) -> dict[str, object]:
    meta = {k: v for k, v in doc.meta.items() if v not in (None, "", [])}
    meta["confidence"] = meta.get("confidence", doc.confidence)
    keys = [k for k in META_ORDER if k in meta] + sorted(k for k in meta if k not in META_ORDER)
    return {k: meta[k] for k in keys}


def front_matter(doc: Document) -> str:
    lines = ["---"]
    for key, value in ordered_meta(doc).items():
        if isinstance(value, bool):
            lines.append(f"{key}: {'true' if value else 'false'}")
        elif isinstance(value, (int, float)):
            lines.append(f"{key}: {value}")
        else:
            lines.append(f"{key}: {json.dumps(str(value), ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def render_markdown(doc: Document, settings: Settings = DEFAULT) -> str:
    body = render_body(doc, settings)
    if not settings.front_matter:
        return body
    return front_matter(doc) + ("\n" + body if body else "")


def render_text(doc: Document, settings: Settings = DEFAULT) -> str:
    """Plain text: one block per paragraph, no markup."""
    parts = []
    for b in doc.kept:
        if b.rows is not None:
            parts.append("\n".join("\t".join(r) for r in b.rows))
        else:
            parts.append(b.text.strip())
    return "\n\n".join(p for p in parts if p) + "\n"


def to_record(doc: Document, settings: Settings = DEFAULT) -> dict:
    """The JSON/JSONL record of one article."""
    return {
        "path": doc.source,
        "title": doc.meta.get("title", ""),
        "metadata": ordered_meta(doc),
        "markdown": render_body(doc, settings),
        "stats": stats(doc),
        "removed": [{"text": r.text, "reason": r.reason, "detail": r.detail, "line": r.line}
                    for r in doc.removals],
        "errors": [],
    }


def stats(doc: Document) -> dict:
    reasons: dict[str, int] = {}
    for r in doc.removals:
        reasons[r.reason] = reasons.get(r.reason, 0) + 1
    return {
        "blocks_in": len(doc.blocks),
        "blocks_kept": len(doc.kept),
        "dropped_by_reason": dict(sorted(reasons.items())),
        "chars_in": doc.chars_in,
        "chars_out": sum(len(b.text) for b in doc.kept),
        "confidence": doc.confidence,
        "evidence": doc.evidence,       # what the confidence was computed from (cleaner.confidence)
        # HTML: how the article region was chosen (its score, the runner-up's, its share of the page)
        "region": dataclasses.asdict(doc.region) if doc.region is not None else None,
    }


def render(doc: Document, settings: Settings = DEFAULT) -> str:
    if settings.format == "md":
        return render_markdown(doc, settings)
    if settings.format == "txt":
        return render_text(doc, settings)
    if settings.format == "json":
        return json.dumps(to_record(doc, settings), ensure_ascii=False, indent=2) + "\n"
    if settings.format == "jsonl":
        return json.dumps(to_record(doc, settings), ensure_ascii=False) + "\n"
    raise ValueError(f"unknown format {settings.format!r}")
