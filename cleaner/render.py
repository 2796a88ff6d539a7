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
from .safe import shown_path
from .urls import safe_url
from .settings import DEFAULT, Settings

# Front-matter keys in the order they are written; others follow alphabetically.
META_ORDER = ("title", "source", "url", "canonical_url", "sitename", "author", "date", "lang",
              "input_script", "output_script", "conversion", "confidence",
              "editor", "origin", "image_credit", "translator")

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]])")
# "<" before what could open a tag, autolink, comment or declaration is written "&lt;": a
# backslash escape ("\<") is one in CommonMark only, Python-Markdown renders "\<script>" as a live
# element. "&" before what reads as an entity reference is written "&amp;" so that the text
# "&lt;" stays the text "&lt;" (the parser decodes both entities back).
_HTML_LIKE = re.compile(r"<(?=[A-Za-z/!?])")
# (and before any "#": Python-Markdown completes "&#2" to the reference "&#2;")
_ENTITY_LIKE = re.compile(r"&(?=#|[A-Za-z][A-Za-z0-9]{0,31};)")
# What would open a block if a paragraph started with it: ATX heading ("#" with or without a space:
# Python-Markdown makes "#word" a heading), quote, bullet, table row, thematic break or setext
# underline, a "~~~" fence ("\\" goes before it) and ordered-list numbers ("1\\." ).
_LINE_START = re.compile(r"^(\s*)(#|>|[-+*](?=\s|$)|(?:[-=_*]\s*){3,}$|=+\s*$|~~~|\||\+)")
_ORDERED_START = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")


_MAY_ESCAPE = re.compile(r"[\\`*_\[\]<&]")     # the characters the inline rules look for


def escape(text: str, block_start: bool = True, rest: str = "") -> str:
    """``text`` with what Markdown would read as markup escaped; ``block_start``: it starts a line, and
    ``rest`` is the text that follows it on that line (the line, not the piece, opens a block or not:
    "=" alone is a setext underline, "=" before "<中" is text, whatever spans they come in)."""
    if _MAY_ESCAPE.search(text):
        text = _INLINE_SPECIAL.sub(r"\\\1", text)
        text = _ENTITY_LIKE.sub("&amp;", text)
        text = _HTML_LIKE.sub("&lt;", text)
    if block_start:
        text = _escape_line_start(text, rest)
    return text


# ------------------------------------------------------------------ code

def code_span(text: str) -> str:
    """``text`` as a code span: delimited by a backtick run longer than any inside (CommonMark),
    padded with a space when it starts or ends with a backtick, or with a space at both ends."""
    longest = max((len(r) for r in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    if text.startswith("`") or text.endswith("`") or (text.startswith(" ") and text.endswith(" ") and text.strip()):
        text = f" {text} "
    return f"{fence}{text}{fence}"


def code_fence(text: str) -> str:
    """A fence longer than any backtick run in ``text`` (so no line of it closes the block), at least 3."""
    longest = max((len(r) for r in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


# ------------------------------------------------------------------ emphasis

def _is_punct(ch: str) -> bool:
    """Punctuation as CommonMark's flanking rules see it (ASCII punctuation, Unicode P* and S*)."""
    import unicodedata
    return unicodedata.category(ch)[0] in "PS"


def split_flanking(text: str) -> tuple[str, str, str]:
    """(lead, core, trail): spaces and punctuation at the ends of an emphasized text moved out of
    the markers, so that ``**李金泽**：`` renders (``**李金泽：**政府`` is no emphasis in CommonMark:
    a closing run after punctuation must be followed by a space or punctuation)."""
    i, j = 0, len(text)
    while i < j and (text[i].isspace() or _is_punct(text[i])):
        i += 1
    while j > i and (text[j - 1].isspace() or _is_punct(text[j - 1])):
        j -= 1
    return text[:i], text[i:j], text[j:]


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
    out: list[str] = []
    spans = merge_spans(spans)
    at_start = True         # nothing but spaces written yet: the next piece starts the line
    for i, s in enumerate(spans):
        if s.style == "code":
            out.append(code_span(s.text))
            at_start = False
            continue
        if s.style == "image" and not (settings.images and safe_url(s.href)):
            continue        # (an image not shown writes nothing: the line starts, and spaces meet, across it)
        # (what follows a piece that starts the line decides whether the line opens a block)
        rest = "".join(sp.text for sp in spans[i + 1:] if sp.style != "image" or (settings.images and safe_url(sp.href))) \
            if at_start else ""
        if s.style in ("em", "strong"):
            lead, core, trail = split_flanking(s.text)
            mark = "*" if s.style == "em" else "**"
            # (the core follows the marker: it starts no line)
            piece = (escape(lead, block_start=at_start, rest=mark + core + mark + trail + rest)
                     + (f"{mark}{escape(core, block_start=False)}{mark}" if core else "")
                     + escape(trail, block_start=False))
        else:
            text = escape(s.text, block_start=at_start, rest=rest)
            if not text.strip():
                piece = text
            elif s.style == "link" and s.href and settings.links and (href := safe_url(s.href)):
                lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
                piece = f"{lead}[{text.strip()}]({href}){trail}"
            elif s.style == "image":
                piece = f"![{text}]({safe_url(s.href)})"
            else:
                piece = text
        # Spaces at a span's edge stand outside its markers (``split_flanking``, links): where a bold
        # run ending in a space meets one starting with one, or around an image not shown, the two
        # spaces are written once (the reader takes them for one)
        if out and piece.startswith(" ") and out[-1].endswith(" "):
            piece = piece.lstrip(" ")
        if piece:
            out.append(piece)
            if at_start and piece.strip():
                at_start = False
    md = "".join(out).strip()
    if "\n" in md:      # (text with a line break: no later line may open a block either)
        md = "\n".join([md.split("\n", 1)[0]] + [_escape_line_start(l) for l in md.split("\n")[1:]])
    return md


def _escape_line_start(text: str, rest: str = "") -> str:
    """A backslash before what would open a block at the start of ``text``, judged on its line:
    ``text`` and ``rest``, what follows it on that line."""
    line = text if "\n" in text else text + rest.split("\n", 1)[0]
    for pattern in (_LINE_START, _ORDERED_START):
        m = pattern.match(line)
        if m and m.start(2) < len(text):
            text = text[:m.start(2)] + "\\" + text[m.start(2):]
            line = text if "\n" in text else text + rest.split("\n", 1)[0]
    return text


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
    # (the text follows the "*": it starts no line, as the core of an emphasis does not; "*5. Share*"
    # is emphasis in CommonMark and Python-Markdown alike, and a paragraph in italics reads back as
    # a caption, so both are escaped the same way)
    return "*" + escape(b.text.strip(), block_start=False) + "*"


def render_quote(b: Block, s: Settings, spans_md: str | None = None) -> str:
    return "\n".join("> " + line for line in _spans_md(b, s, spans_md).split("\n"))


def render_list(b: Block, s: Settings, spans_md: str | None = None) -> str:
    marker = f"{b.number}." if b.ordered else "-"
    indent = b.indent if b.indent is not None else 2 * b.level
    return " " * indent + f"{marker} " + _spans_md(b, s, spans_md)


def nested_indent(parent_indent: int, parent_marker_width: int) -> int:
    """Where an item nested in another starts: at its parent's content column (CommonMark: "1. a"
    has it at 3, "10. a" at 4), and at least 4 spaces in (Python-Markdown nests by 4)."""
    return parent_indent + max(4, parent_marker_width + 1)


def render_table(b: Block, s: Settings, spans_md: str | None = None) -> str:
    cells = b.cells
    if cells and len(cells) == len(b.rows or []):
        # cells with links, emphasis or code (GFM: a "|" in a cell is "\|", in a code span or URL too)
        rows = [[render_spans(c, s).replace("\n", " ").replace("|", "\\|") for c in r] for r in cells]
    else:
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
    fence = code_fence(text)
    return f"{fence}{b.lang}\n{text}\n{fence}"


RENDERERS: dict[str, Callable[..., str]] = {
    "title": render_title, "heading": render_heading, "paragraph": render_paragraph,
    "caption": render_caption, "quote": render_quote, "list": render_list,
    "table": render_table, "code": render_code,
}


# Between two quotes in a row (read back by ``parse_markdown`` as a blank line).
QUOTE_SEPARATOR = "&nbsp;"


def render_body(doc: Document, settings: Settings = DEFAULT) -> str:
    return "".join(body_parts(doc, settings))


def body_parts(doc: Document, settings: Settings = DEFAULT) -> list[str]:
    """The pieces of :func:`render_body`, to be joined (with what goes before them) once: a large
    article's body is not copied again for its front matter."""
    parts: list[str] = []
    prev: Block | None = None
    numbers: dict[int, int] = {}
    indents: list[tuple[int, int]] = []     # (indent, marker width) of the open item at each level
    for b in _with_title(doc, lambda b: render_spans(b.spans, settings)):
        spans_md = None if b.kind in ("table", "code") else render_spans(b.spans, settings)
        if spans_md == "":
            continue        # nothing to show (e.g. an image-only item without --images): no empty "# " or "- "
        if b.kind == "list":
            if prev is None or prev.kind != "list":
                numbers, indents = {}, []
            # the level the item is written at: one below the open item at most (a list's first item
            # two levels deep is written one level deep, and read back so); numbered at that level
            level = min(b.level, len(indents))
            numbers = {lvl: n for lvl, n in numbers.items() if lvl <= level}
            numbers[level] = numbers.get(level, 0) + 1
            b.number = numbers[level]
            del indents[level:]
            indent = nested_indent(*indents[-1]) if indents else 0
            marker = len(f"{numbers[level]}.") if b.ordered else 1
            indents.append((indent, marker))
            b.indent = indent
        text = RENDERERS[b.kind](b, settings, spans_md)     # (spans rendered once)
        if not text.strip():
            continue
        # list items of one list, and lines of one quote, stay together (two quotes in a row do not:
        # a blank line keeps them two in CommonMark, but Python-Markdown joins a quote to the quote
        # before it whatever blank lines part them; a paragraph of a no-break space between them
        # shows nothing in both and is no HTML)
        sep = "\n" if prev is not None and prev.kind == b.kind and b.kind in ("list", "quote") else "\n\n"
        if sep == "\n" and b.kind == "quote" and b.quote_group != prev.quote_group:
            sep = "\n\n" + QUOTE_SEPARATOR + "\n\n"
        if b.kind == "quote" and sep == "\n":
            parts.append("\n>\n")
            parts.append(text)
        else:
            parts.append(sep if parts else "")
            parts.append(text)
        prev = b
    return _stripped(parts)


def _stripped(parts: list[str]) -> list[str]:
    """The pieces of ``"".join(parts).strip("\n") + "\n"`` ([] when there are none), stripped at the
    ends instead of the joined text."""
    if not parts:
        return []
    i, j = 0, len(parts)
    while i < j and not parts[i].strip("\n"):
        i += 1
    while j > i and not parts[j - 1].strip("\n"):
        j -= 1
    out = parts[i:j]
    if out:
        out[0] = out[0].lstrip("\n")
        out[-1] = out[-1].rstrip("\n")
    out.append("\n")
    return out


TITLE_MAX_LEAD_BLOCKS = 2       # at most this many short blocks above the headline are moved below it
TITLE_MAX_LEAD_CHARS = 120


def _with_title(doc: Document, shown: Callable[[Block], str]) -> list[Block]:
    """The kept blocks, led by the title as H1 when the body shows none (``shown``: a block's
    text as written) but the metadata has one: the body alone, as with --no-front-matter or
    --format txt, then still shows it."""
    kept = doc.kept
    at = next((i for i, b in enumerate(kept) if b.kind == "title" and shown(b).strip()), None)
    title = doc.meta.get("title")
    if at is None:
        if isinstance(title, str) and title.strip():
            return [Block.of("title", " ".join(title.split()), level=1)] + kept
        return kept
    # A kicker ("Biz & IT"), a caption or a photo above the headline: the headline goes first.
    before = [b for b in kept[:at] if shown(b).strip()]
    if before and len(before) <= TITLE_MAX_LEAD_BLOCKS and all(
            b.kind == "caption" or (b.kind == "paragraph" and len(b.text) <= TITLE_MAX_LEAD_CHARS) for b in before):
        return [kept[at]] + kept[:at] + kept[at + 1:]
    return kept


def body_blocks(doc: Document, settings: Settings = DEFAULT) -> list[Block]:
    """The blocks the Markdown body shows, in its order (the title first, maybe from the metadata)."""
    return _with_title(doc, lambda b: render_spans(b.spans, settings))


def ordered_meta(doc: Document) -> dict[str, object]:
    meta = {k: v for k, v in doc.meta.items() if v not in (None, "", [])}
    meta["confidence"] = meta.get("confidence", doc.confidence)
    keys = [k for k in META_ORDER if k in meta] + sorted(k for k in meta if k not in META_ORDER)
    return {k: meta[k] for k in keys}


def front_matter(doc: Document) -> str:
    lines = ["---"]
    for key, value in ordered_meta(doc).items():
        lines.append(f"{yaml_key(key)}: {yaml_value(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


# Characters YAML does not allow raw in a document, or reads as line breaks (U+0085, U+2028,
# U+2029), or that no UTF-8 file can hold (lone surrogates): written as escapes in a double-quoted
# scalar (YAML's escapes are JSON's and more). JSON already escapes the C0 controls, '"' and '\\'.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_PLAIN_KEY = re.compile(r"[A-Za-z_][\w-]*")


def yaml_string(text: str) -> str:
    """``text`` as a double-quoted YAML scalar that any YAML 1.1/1.2 reader loads back exactly."""
    quoted = json.dumps(text, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def yaml_key(key: object) -> str:
    key = str(key)
    return key if _PLAIN_KEY.fullmatch(key) and key.lower() not in _YAML_WORDS else yaml_string(key)


_YAML_WORDS = frozenset(("true", "false", "yes", "no", "on", "off", "y", "n", "null"))


def yaml_value(value: object) -> str:
    """One value of the front matter in YAML flow style: strings double-quoted, numbers, booleans,
    dates as they were (YAML timestamps), lists and mappings of them (from foreign front matter)."""
    import datetime
    import math
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{yaml_key(k)}: {yaml_value(v)}" for k, v in value.items()) + "}"
    return yaml_string(str(value))


def _json_default(value: object) -> str:
    """Front-matter values JSON has no type for (YAML dates) as ISO 8601 strings."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def render_markdown(doc: Document, settings: Settings = DEFAULT) -> str:
    parts = body_parts(doc, settings)
    if not settings.front_matter:
        return "".join(parts)
    return "".join([front_matter(doc), "\n", *parts] if parts else [front_matter(doc)])


def render_text(doc: Document, settings: Settings = DEFAULT) -> str:
    """Plain text: one block per paragraph, no markup, no images (their alt text neither, as in the
    Markdown without ``--images``)."""
    parts = []
    for b in _with_title(doc, lambda b: b.text):
        if b.rows is not None:
            parts.append("\n".join("\t".join(r) for r in b.rows))
        else:
            parts.append(b.words.strip())
    return "\n\n".join(p for p in parts if p) + "\n"


def to_record(doc: Document, settings: Settings = DEFAULT) -> dict:
    """The JSON/JSONL record of one article."""
    return {
        "path": shown_path(doc.source),     # (a non-UTF-8 name as caf\\xe9.txt, as on stderr)
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
        return json.dumps(to_record(doc, settings), ensure_ascii=False, indent=2, default=_json_default) + "\n"
    if settings.format == "jsonl":
        return json.dumps(to_record(doc, settings), ensure_ascii=False, default=_json_default) + "\n"
    from .errors import FormatError
    raise FormatError(f"unknown format {settings.format!r}")
