"""Stage 2 — parse: text, Markdown or HTML → a list of typed blocks.

Plain text (the common case: scraped text dumps) follows a few layout rules:

* blocks are the blank-line-separated paragraphs; a block whose lines are all
  list items (``- x``, ``1. x``, ``• x``) is a list;
* the first block is the title;
* a short single line with no sentence-final punctuation, followed by prose,
  is a section heading;
* a bracketed line that names an image credit (``(圖 |極客公園)``) is a caption.

Markdown (our own output among it) is read back into the same blocks, so that
cleaning clean output changes nothing.  HTML is handed to :mod:`cleaner.html`.
"""
from __future__ import annotations

import re

from .document import Block, Document, Span
from . import byline
from .render import QUOTE_SEPARATOR
from .rules import Rules, as_rules, load_rules

FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)
_LIST_ITEM = re.compile(r"^(\s*)(?:([-*+•·▪◦])|(\d{1,3})[.)、])\s+(\S.*)$")      # text dumps
_MD_LIST_ITEM = re.compile(r"^(\s*)(?:([-*+])|(\d{1,9})[.)])\s+(\S.*)$")            # CommonMark
_MD_HEADING = re.compile(r"^(#{1,6})(?:[ \t]+(.*?))??(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})\s*([\w+#.-]*)\s*$")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")     # CommonMark: any ASCII punctuation
# CommonMark: an escape, or an entity reference (decoded, as renderers do: we write "<" as "&lt;")
_MD_LITERAL = re.compile(r"\\([!-/:-@\[-`{-~])|&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
# A line ending in one of these is a sentence (or a fragment of one), not a heading.
_SENTENCE_END = "。！？!?…；;：:，,、."

# Named layout thresholds (characters, as counted by ``display_len``).
HEADING_MAX_LEN = 40          # a heading is at most this long
HEADING_MIN_NEXT_LEN = 15     # ... and followed by prose at least this long (and twice its length)
DATELINE_MAX_REST = 14        # a line with a date and at most this many other characters (a source's name) is a dateline
CAPTION_MAX_LEN = 200
TITLE_MAX_CHARS = 200         # a longer first paragraph is prose, not a title (a one-line file is one paragraph)


def parse(doc: Document, settings=None, layout: bool = True, rules: Rules | None = None,
          keep_input: bool = True) -> Document:
    """Blocks of ``doc``.  ``layout=False`` (plain text only) leaves every block a paragraph or
    list item: the same texts, without telling titles, headings and captions apart (for callers
    that only read the block texts, like the template first pass).  ``rules``: the compiled rules
    (:func:`cleaner.rules.load_rules`; by default those of ``settings.rules``).  ``keep_input=False``:
    an HTML page's bytes are let go once its tree is built."""
    if rules is None:
        rules = load_rules(getattr(settings, "rules", ()) or ())
    if doc.format == "html":
        from .html import parse as html_parse
        return html_parse.parse_html(doc, settings, rules, keep_input=keep_input)
    text = doc.text.lstrip("\ufeff")
    m = FRONT_MATTER_RE.match(text)
    if m:
        doc.meta.update(parse_front_matter(m.group(1) or ""))
        doc.format = "markdown"
        text = text[m.end():]
    elif doc.format == "text" and _looks_like_markdown(text):
        doc.format = "markdown"
    if doc.format == "markdown":
        doc.blocks = parse_markdown(text, line_offset=text_lines_before(doc.text, text))
    else:
        doc.blocks = parse_text(text, layout, rules)
        if layout:
            byline.apply(doc)   # what a text dump's own lines say: its date and author (no block touched)
    return doc


def text_lines_before(whole: str, tail: str) -> int:
    return whole[: len(whole) - len(tail)].count("\n")


# ------------------------------------------------------------------ plain text

def split_paragraphs(text: str) -> list[tuple[int, list[str]]]:
    """Blank-line separated groups of lines, with the 1-based line of each group."""
    groups: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for no, line in enumerate(text.split("\n"), 1):
        if line.strip():
            if not current:
                start = no
            current.append(line)
        elif current:
            groups.append((start, current))
            current = []
    if current:
        groups.append((start, current))
    return groups


def parse_text(text: str, layout: bool = True, rules: Rules | None = None) -> list[Block]:
    blocks: list[Block] = []
    for line_no, lines in split_paragraphs(text):
        items = [_LIST_ITEM.match(l) for l in lines]
        if all(items) and (len(lines) > 1 or (items[0].group(2) or "") in "-*+•"):
            for m in items:
                blocks.append(Block.of("list", m.group(4).strip(), level=len(m.group(1)) // 2,
                                       ordered=m.group(3) is not None, line=line_no))
            continue
        body = join_lines([l.strip() for l in lines])
        kind = "caption" if layout and is_caption(lines[0], body, rules) else "paragraph"
        blocks.append(Block.of(kind, body, line=line_no))
        blocks[-1].raw_lines = len(lines)
    if layout:
        assign_layout_kinds(blocks)
    return blocks


def assign_layout_kinds(blocks: list[Block]) -> None:
    """First paragraph is the title; short unpunctuated lines before prose are headings."""
    has_title = False
    for i, b in enumerate(blocks):
        has_title = has_title or b.kind == "title"
        if b.kind != "paragraph":
            continue
        if not has_title:
            has_title = True
            if len(b.text) <= TITLE_MAX_CHARS:
                b.kind, b.level = "title", 1
                continue
        if is_heading_like(b) and i + 1 < len(blocks) and is_prose(blocks[i + 1]) \
                and display_len(blocks[i + 1].text) >= max(HEADING_MIN_NEXT_LEN, 2 * display_len(b.text)) \
                and not is_credit_or_dateline(b.text.strip()):
            b.kind, b.level = "heading", 2


def is_heading_like(b: Block) -> bool:
    t = b.text.strip()
    return (b.raw_lines == 1 and 0 < display_len(t) <= HEADING_MAX_LEN
            and t[-1] not in _SENTENCE_END and not t[-1].isdigit())


# Policy (docs/quality.md, "Captions, credits, bylines, datelines"): in a text dump these lines are
# never headings, whatever their length and place.  A byline or credit opens with its label
# ("By", "Photo by", "Credit") or ends with an agency; an image is named by its file.
_CREDIT_LINE = re.compile(
    r"^\W*(?-i:([Bb]y|[Pp]ar|[Pp]or|[Vv]on|[Dd]oor|[Aa]v)\s+[A-Z])|^\W*(posted|written|published|updated|photo(graph)?s?|images?|pictures?|credits?|courtesy)\b"
    r"|\b(getty(\s+images)?|istock(photo)?|shutterstock|reuters|afp|ap|alamy|corbis|epa|xinhua)\W*$"
    r"|\.(jpe?g|png|gif|webp)$|记者|摄影|摄$|供图|来源[:：]|作者[:：]", re.I)
# what a dateline holds besides its date: weekday, time of day, zone, "at", "updated", separators
_DATELINE_REST = re.compile(
    r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?|\d{1,2}[:：]\d{2}([:：]\d{2})?\s*([ap]\.?m\.?)?|\b(at|on|updated|published|"
    r"et|pt|ct|est|edt|pst|pdt|gmt|utc|bst|cet)\b|[|/•·,，-]|星期.|周.", re.I)


def is_credit_or_dateline(text: str) -> bool:
    """A byline, photo credit or dateline ("Photo by Ann Lee", "Michael Conroy, AP", "Nov. 18, 2019 7:04 pm ET")."""
    if _CREDIT_LINE.search(text):
        return True
    found = byline.dates_in(text)
    if not found:
        return False
    rest = byline.besides_dates(text, found)
    rest = _DATELINE_REST.sub(" ", rest)
    return len("".join(rest.split())) <= DATELINE_MAX_REST


def is_prose(b: Block) -> bool:
    t = b.text.rstrip()
    return b.kind == "paragraph" and bool(t) and t[-1] in "。！？!?….」』”\"）)"


def is_caption(first_line: str, body: str, rules: Rules | None = None) -> bool:
    """A bracketed line (possibly unclosed) that mentions an image credit."""
    t = body.strip()
    if not t or t[0] not in "(（[【" or display_len(t) > CAPTION_MAX_LEN:
        return False
    return caption_credit_split(t, as_rules(rules).caption_credit) is not None


def caption_credit_split(text: str, markers: re.Pattern | None = None) -> tuple[str, str] | None:
    """Split ``(description  图|credit)`` into (description, credit); None if no credit marker.
    ``markers``: the rules' compiled ``caption_credit`` (the built-in rules' when None)."""
    inner = text.strip().lstrip("(（[【").rstrip(")）]】").strip()
    m = (markers or as_rules(None).caption_credit).search(inner)
    if not m:
        return None
    return inner[: m.start()].strip(), inner[m.end():].strip()


def join_lines(lines: list[str]) -> str:
    """Re-join hard-wrapped lines: CJK lines with no space, Latin lines with one."""
    out = ""
    for line in lines:
        if not out:
            out = line
        elif _is_cjk(out[-1]) or _is_cjk(line[0]) or (out[-1] == "-" and out[-2:-1].isalpha()):
            out += line   # CJK, or a word hyphenated at the line end (keep the hyphen: well-known)
        else:
            out += " " + line
    return out


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef" \
        or "\U00020000" <= ch <= "\U0003134f"


def display_len(text: str) -> int:
    return len(text.strip())


# ------------------------------------------------------------------ Markdown

def _looks_like_markdown(text: str) -> bool:
    head = text.lstrip()[:200]
    return head.startswith("# ") or head.startswith("---\n")


def unescape(text: str) -> str:
    """Markdown text → the text it shows: escapes and entity references decoded."""
    if "\\" not in text and "&" not in text:
        return text
    return _MD_LITERAL.sub(_literal, text)


def _literal(m: re.Match) -> str:
    if m.group(1) is not None:
        return m.group(1)
    import html
    return html.unescape(m.group())       # (a reference to U+0000 or a surrogate gives U+FFFD)


def decode_entities(text: str) -> str:
    """Entity references of ``text`` decoded (plain text between escapes)."""
    return _MD_LITERAL.sub(_literal, text) if "&" in text else text


_INLINE = re.compile(
    r"\\([!-/:-@\[-`{-~])"                                   # 1 an escaped character: literal
    r"|(`+)(.+?)(?<!`)\2(?!`)"                                 # 2,3 code span
    r"|!\[((?:\\.|[^\]\\])*)\]\(([^)\s]+)\)"                   # 4,5 image
    r"|\[((?:\\.|[^\]\\])*)\]\(([^)\s]+)\)"                    # 6,7 link
    r"|\*\*(?!\s)((?:\\.|[^\\])+?)(?<!\s)\*\*"                   # 8 strong
    r"|\*(?![\s*])((?:\\.|[^\\*])+?)(?<!\s)\*")                    # 9 emphasis


def parse_inline(text: str) -> list[Span]:
    """Inline Markdown as we write it: escapes, code, images, links, strong, emphasis."""
    spans: list[Span] = []
    plain: list[str] = []
    pos = 0

    def flush() -> None:
        joined = "".join(plain)
        if joined:
            spans.append(Span(joined))
        plain.clear()

    for m in _INLINE.finditer(text):
        plain.append(decode_entities(text[pos:m.start()]))
        pos = m.end()
        if m.group(1) is not None:
            plain.append(m.group(1))
            continue
        flush()
        if m.group(3) is not None:
            code = m.group(3)
            spans.append(Span(code[1:-1] if code.startswith(" ") and code.endswith(" ") and code.strip() else code,
                              "code"))
        elif m.group(5) is not None:
            spans.append(Span(unescape(m.group(4)), "image", m.group(5)))
        elif m.group(7) is not None:
            spans.append(Span(unescape(m.group(6)), "link", m.group(7)))
        elif m.group(8) is not None:
            spans.append(Span(unescape(m.group(8)), "strong"))
        else:
            spans.append(Span(unescape(m.group(9)), "em"))
    plain.append(decode_entities(text[pos:]))
    flush()
    return spans or [Span("")]


def parse_markdown(text: str, line_offset: int = 0) -> list[Block]:
    blocks: list[Block] = []
    lines = text.split("\n")
    i = 0
    para: list[str] = []
    para_line = 0
    quote_group = 0
    list_columns: list[int] = []     # content columns of the open list items

    def flush() -> None:
        nonlocal para
        if para:
            body = join_lines([l.strip() for l in para])
            caption = len(para) == 1 and re.fullmatch(r"\*(?!\s)[^*]+(?<!\s)\*", body)
            if caption:
                blocks.append(Block("caption", [Span(unescape(body[1:-1]))], line=para_line))
            else:
                blocks.append(Block("paragraph", parse_inline(body), line=para_line))
            para = []

    while i < len(lines):
        line = lines[i]
        no = i + 1 + line_offset
        fence = _FENCE.match(line)
        if fence:
            flush()
            j = i + 1
            # closed by a run of the same character at least as long, and nothing else (CommonMark)
            close = re.compile(rf"^\s{{0,3}}{re.escape(fence.group(1)[0])}{{{len(fence.group(1))},}}\s*$")
            while j < len(lines) and not close.match(lines[j]):
                j += 1
            blocks.append(Block("code", [Span("\n".join(lines[i + 1:j]))], lang=fence.group(2), line=no))
            i = j + 1
            continue
        if not line.strip() or (line.strip() == QUOTE_SEPARATOR and not para):
            flush()     # (a no-break space alone: what parts two quotes in a row, no text)
        elif (h := _MD_HEADING.match(line)):
            flush()
            level = len(h.group(1))
            kind = "title" if level == 1 and not any(b.kind == "title" for b in blocks) else "heading"
            blocks.append(Block(kind, parse_inline(h.group(2) or ""), level=level, line=no))
        elif line.lstrip().startswith(">"):
            flush()
            # lines of one quote ("> a", ">", "> b") share a group; a blank line starts another quote
            if not (blocks and blocks[-1].kind == "quote" and i and lines[i - 1].lstrip().startswith(">")):
                quote_group += 1
            text = re.sub(r"^\s*>\s?", "", line)
            if text.strip():
                blocks.append(Block("quote", parse_inline(text), line=no))
                blocks[-1].quote_group = quote_group
        elif _TABLE_ROW.match(line) and i + 1 < len(lines) and _TABLE_SEP.match(lines[i + 1]):
            flush()
            cells = []
            j = i
            while j < len(lines) and _TABLE_ROW.match(lines[j]):
                if j != i + 1:
                    # (GFM: "\|" is a "|" of the cell, taken before its inline markup is read)
                    cells.append([parse_inline(c.strip().replace("\\|", "|")) for c in _split_cells(lines[j].strip()[1:-1])])
                j += 1
            rows = [["".join(s.text for s in c) for c in r] for r in cells]
            blocks.append(Block("table", [Span("")], rows=rows, line=no))
            if any(s.style for r in cells for c in r for s in c):
                blocks[-1].cells = [[[s for s in c if s.text or s.style] for c in r] for r in cells]
            i = j
            continue
        elif (li := _MD_LIST_ITEM.match(line)) and (not para or not para[-1].strip()):
            flush()
            # nesting by columns (CommonMark): an item is inside the previous items whose content
            # column its marker reaches
            if not blocks or blocks[-1].kind != "list":
                list_columns = []
            indent = len(li.group(1).expandtabs(4))
            while list_columns and indent < list_columns[-1]:
                list_columns.pop()
            level = len(list_columns)
            list_columns.append(indent + len(li.group(2) or li.group(3) + ".") + 1)
            blocks.append(Block("list", parse_inline(li.group(4).strip()), level=level,
                                ordered=li.group(3) is not None, line=no))
        else:
            if not para:
                para_line = no
            para.append(line)
        i += 1
    flush()
    return blocks


def _split_cells(row: str) -> list[str]:
    """A table row's cells, split at every "|" that no backslash escapes (an escaped backslash
    before it does not: "\\\\|" ends a cell)."""
    cells, cell, k = [], [], 0
    while k < len(row):
        ch = row[k]
        if ch == "\\" and k + 1 < len(row):
            cell.append(row[k:k + 2])
            k += 2
            continue
        if ch == "|":
            cells.append("".join(cell))
            cell = []
        else:
            cell.append(ch)
        k += 1
    cells.append("".join(cell))
    return cells


# ------------------------------------------------------------------ front matter

def parse_front_matter(body: str) -> dict[str, object]:
    """Front matter read with a YAML parser (PyYAML's safe loader; its C version when built), so
    that foreign front matter — Jekyll, Hugo: lists, folded scalars, ``draft: yes`` — is read as
    YAML reads it and written back with the same values. Front matter that is not a YAML mapping
    is read line by line, as ``key: value`` pairs."""
    import yaml
    try:
        data = yaml.load(body, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, ValueError, RecursionError):
        data = None
    if isinstance(data, dict):
        return {str(k): v for k, v in data.items()}
    return _parse_front_matter_lines(body)


def _parse_front_matter_lines(body: str) -> dict[str, object]:
    """The fallback: ``key: value`` lines, JSON-quoted strings and lists of them (``tags``), numbers
    and booleans."""
    import json
    meta: dict[str, object] = {}
    for line in body.splitlines():
        m = re.match(r"^([A-Za-z_][\w-]*):\s*(.*)$", line)
        if not m:
            continue
        key, raw = m.group(1), m.group(2).strip()
        if raw.startswith(('"', '[')):
            try:
                meta[key] = json.loads(raw)
                continue
            except ValueError:
                pass
        if re.fullmatch(r"-?\d+(\.\d+)?", raw):
            meta[key] = float(raw) if "." in raw else int(raw)
        elif raw in ("true", "false"):
            meta[key] = raw == "true"
        else:
            meta[key] = raw
    return meta
