"""Markdown that is safe to render and renders as meant: defects counted over the corpus outputs.

Every corpus page is cleaned (``input.txt`` and ``input.html``, one file at a time, default
settings), its Markdown rendered with markdown-it-py (CommonMark + GFM tables) and with
Python-Markdown (``tables`` and ``fenced_code``), and checked against the blocks of the document:

    python benchmarks/markdown_defects.py --label after              # cleaner from PYTHONPATH
    PYTHONPATH=/path/to/old/checkout python benchmarks/markdown_defects.py --label before

Both corpora: the 210-page one (``../shared/corpus``) and the 1,043-page extra one (CleanEval and
Dragnet, English), unpacked (``$CLEANER_CORPUS_EXTRA``, ``../corpus-extra``) or read from
``../shared/corpus-extra.tar.xz``; ``--no-extra`` for the first only.  Each run is saved under its
label in ``benchmarks/markdown_defects.json`` and ``benchmarks/markdown_defects.md`` is written again
with one column per label.  The checks (``check``) are the ones ``tests/test_rendered_markdown.py``
asserts (over every output of the 210-page corpus and a sample of the extra one); they only use the
``Document`` and the Markdown text, so they measure any version.
"""
from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
import tarfile
import time
import zlib
from collections import Counter
from html.parser import HTMLParser

import markdown as pymarkdown
from markdown_it import MarkdownIt

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.environ.get("CLEANER_CORPUS") or os.path.join(HERE, "..", "..", "shared", "corpus")
if not os.path.isdir(CORPUS):
    CORPUS = "/work/shared/corpus"

# The extra corpus (CleanEval and Dragnet pages): unpacked next to the repository, or read from its
# tarball in ../shared (all CI has).
REPO = os.path.dirname(HERE)
EXTRA = next((p for p in (os.environ.get("CLEANER_CORPUS_EXTRA"), os.path.join(REPO, "..", "corpus-extra"),
                          "/work/corpus-extra") if p and os.path.isdir(p)), "")
EXTRA_TARBALL = next((p for p in (os.path.join(REPO, "..", "shared", "corpus-extra.tar.xz"),
                                  "/work/shared/corpus-extra.tar.xz") if os.path.isfile(p)), "")

_CM = MarkdownIt("commonmark").enable("table")      # (raw HTML on, as CommonMark has it)


def render_commonmark(md: str) -> str:
    return _CM.render(md)


def render_python_markdown(md: str) -> str:
    return pymarkdown.markdown(md, extensions=["tables", "fenced_code"])


# ------------------------------------------------------------------ live markup (issue 15)

# The elements Markdown itself produces; any other is raw HTML that went through.
MARKDOWN_TAGS = frozenset(("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre",
                           "code", "em", "strong", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
                           "hr", "br"))
_BROWSER_DROPS = re.compile(r"[\x00-\x20\x7f-\x9f]+")
_BAD_URL = re.compile(r"(?:javascript|vbscript|file):|data:text/html", re.I)


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter = Counter()
        self.attrs: list[tuple[str, str, str]] = []
        self.headings: list[str] = []
        self._heading: list[str] | None = None
        self.quotes = 0             # open <blockquote>s
        self.top_quotes = 0         # <blockquote>s in no other

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        if tag == "blockquote":
            self.top_quotes += not self.quotes
            self.quotes += 1
        self.attrs += [(tag, k, v or "") for k, v in attrs]
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = [tag, ""]

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "blockquote":
            self.quotes = max(0, self.quotes - 1)
        if self._heading and tag == self._heading[0]:
            self.headings.append(self._heading[1])
            self._heading = None

    def handle_data(self, data):
        if self._heading:
            self._heading[1] += data


def scan(html: str) -> _Scan:
    s = _Scan()
    s.feed(html)
    s.close()
    return s


def _squash(text: str) -> str:
    """Letters and digits only (renderers differ on the rest: Python-Markdown turns "&#2" into "&#2;")."""
    return re.sub(r"[\W_]+", "", text)


def live_markup(html: str, page_headings: set[str]) -> Counter:
    """What a rendering carries that the page did not mean: script elements, other raw HTML,
    on...= attributes, script/data/file URLs, headings whose text is no heading of the page."""
    s = scan(html)
    out: Counter = Counter()
    out["script"] = s.tags["script"]
    out["raw_html_tag"] = sum(n for t, n in s.tags.items() if t not in MARKDOWN_TAGS)
    out["on_attribute"] = sum(1 for _, k, _ in s.attrs if k.lower().startswith("on"))
    out["bad_url"] = sum(1 for _, k, v in s.attrs if k in ("href", "src") and _BAD_URL.match(_BROWSER_DROPS.sub("", v)))
    out["forged_heading"] = sum(1 for h in s.headings if _squash(h) and not any(_squash(h) in p for p in page_headings))
    return out


def page_headings(doc) -> set[str]:
    """The texts that may show as headings: the document's title and headings, and its title."""
    texts = {_squash(b.text) for b in doc.kept if b.kind in ("title", "heading")}
    title = doc.meta.get("title")
    if isinstance(title, str):
        texts.add(_squash(title))
    return {t for t in texts if t}


# ------------------------------------------------------------------ structure (issue 14)

def shown_blocks(doc, settings) -> list:
    """The kept blocks the body shows (as ``render_body`` skips those whose spans render empty)."""
    from cleaner.render import render_spans
    return [b for b in doc.kept if b.kind in ("table", "code") or render_spans(b.spans, settings) != ""]


def intended(doc, settings) -> tuple[list[tuple], Counter]:
    """The block structure the document means, and its inline markup counts."""
    from cleaner.render import merge_spans
    out: list[tuple] = []
    inline: Counter = Counter()
    prev = None
    depth = -1
    for b in shown_blocks(doc, settings):
        if b.kind == "title":
            out.append(("h", 1))
        elif b.kind == "heading":
            out.append(("h", max(2, min(b.level or 2, 6))))
        elif b.kind in ("paragraph", "caption"):
            out.append(("p",))
        elif b.kind == "quote":
            same = prev is not None and prev.kind == "quote" \
                and getattr(b, "quote_group", 0) == getattr(prev, "quote_group", 0)     # (older versions: none)
            if not same:
                out.append(("quote",))
        elif b.kind == "list":
            depth = min(b.level, depth + 1) if prev is not None and prev.kind == "list" else 0
            out.append(("li", depth))
        elif b.kind == "table":
            rows = b.rows or []
            out.append(("table", len(rows), max((len(r) for r in rows), default=0)))
        elif b.kind == "code":
            out.append(("code",))
        spans = [s for r in getattr(b, "cells", None) or [] for c in r for s in merge_spans(c)] \
            if b.kind == "table" else merge_spans(b.spans) if b.kind not in ("code", "caption") else []
        if spans:
            for s in spans:
                if s.style in ("em", "strong") and re.search(r"\w", s.text):
                    inline[s.style] += 1
                elif s.style == "code" and s.text:
                    inline["code"] += 1
                elif s.style == "link" and s.href and settings.links and s.text.strip() \
                        and not _BAD_URL.match(_BROWSER_DROPS.sub("", s.href)):
                    inline["link"] += 1
        prev = b
    return out, inline


def rendered(md: str) -> tuple[list[tuple], Counter, list[str]]:
    """The block structure markdown-it-py reads in ``md``, its inline markup counts, and the texts
    of its top-level paragraphs."""
    tokens = _CM.parse(md)
    out: list[tuple] = []
    inline: Counter = Counter()
    paragraphs: list[str] = []
    lists = quotes = 0
    table: list | None = None
    for i, t in enumerate(tokens):
        if t.type == "heading_open" and not lists and not quotes:
            out.append(("h", int(t.tag[1])))
        elif t.type == "paragraph_open" and not lists and not quotes:
            if i + 1 < len(tokens) and tokens[i + 1].content.strip() == "&nbsp;":
                continue        # (what parts two quotes in a row: shows nothing)
            out.append(("p",))
            paragraphs.append(tokens[i + 1].content if i + 1 < len(tokens) else "")
        elif t.type == "blockquote_open":
            if not quotes:
                out.append(("quote",))
            quotes += 1
        elif t.type == "blockquote_close":
            quotes -= 1
        elif t.type in ("bullet_list_open", "ordered_list_open"):
            lists += 1
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            lists -= 1
        elif t.type == "list_item_open":
            out.append(("li", lists - 1))
        elif t.type == "table_open":
            table = []
        elif t.type == "tr_open" and table is not None:
            table.append(0)
        elif t.type in ("th_open", "td_open") and table is not None:
            table[-1] += 1
        elif t.type == "table_close" and table is not None:
            out.append(("table", len(table), max(table, default=0)))
            table = None
        elif t.type == "fence":
            out.append(("code",))
        elif t.type == "code_block":
            out.append(("indented_code",))
        elif t.type == "hr":
            out.append(("hr",))
        elif t.type == "html_block":
            out.append(("html",))
        elif t.type == "inline":
            for c in t.children or []:
                if table is not None and c.type in ("em_open", "strong_open", "code_inline", "link_open"):
                    inline["in_table_cells"] += 1
                if c.type in ("em_open", "strong_open"):
                    inline[c.type[:-5]] += 1
                elif c.type == "code_inline":
                    inline["code"] += 1
                elif c.type == "link_open":
                    inline["link"] += 1
    return out, inline, paragraphs


def body_of(md: str) -> str:
    m = re.match(r"\A---\n.*?\n---\n", md, re.S)
    return md[m.end():] if m else md


# one <br> between two runs of Han characters in the page: a wrap inside a sentence
_BR_WRAP = re.compile(r"([\u4e00-\u9fff]{3})[ \t\r\n]*<br\s*/?>[ \t\r\n]*([\u4e00-\u9fff]{3})", re.I)


def check(doc, md: str, settings, source_html: str | None = None) -> Counter:
    """Defect counts of one output (``md``: what ``clean`` wrote for ``doc``; ``source_html``: the
    page, for the line breaks it wraps sentences with)."""
    body = body_of(md)
    out: Counter = Counter()
    heads = page_headings(doc)
    python_markdown = render_python_markdown(body)
    for name, html in (("commonmark", render_commonmark(body)), ("python_markdown", python_markdown)):
        for k, n in live_markup(html, heads).items():
            out[f"{name}:{k}"] += n
    want, want_inline, got, got_inline = *intended(doc, settings), *rendered(body)[:2]
    # Python-Markdown joins a quote to the quote before it across blank lines: fewer quotes than meant
    # (the structure below is markdown-it-py's)
    out["python_markdown:quotes_merged"] += max(0, want.count(("quote",)) - scan(python_markdown).top_quotes)
    paragraphs = rendered(body)[2]
    title = doc.meta.get("title")
    if got[:1] != [("h", 1)] and isinstance(title, str) and title.strip():
        out["title_not_in_body"] += 1
    if got[:1] == [("h", 1)]:
        # the title on top: the document's own title moved up, or written from the metadata
        # (neither is a structure defect; a missing one is counted above)
        got = got[1:]
        if ("h", 1) in want:
            want.remove(("h", 1))
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, want, got, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        for w in want[i1:i2]:
            out[f"structure:{'list_nesting' if w[0] == 'li' else w[0]}"] += 1
        for g in got[j1:j2]:
            if g[0] in ("hr", "html", "indented_code"):
                out[f"structure:unintended_{g[0]}"] += 1
    for k in ("em", "strong", "code", "link"):
        if got_inline[k] < want_inline[k]:
            out[f"inline:{k}_not_rendered"] += want_inline[k] - got_inline[k]
    out["info:table_cell_markup"] += got_inline["in_table_cells"]      # (not a defect: links, emphasis, code in cells)
    if source_html:
        ends = {(a.rstrip()[-3:], b.lstrip()[:3]) for a, b in zip(paragraphs, paragraphs[1:])}
        out["cjk_br_wrap_split"] += sum(1 for m in _BR_WRAP.finditer(source_html) if m.groups() in ends)
    return +out


def corpus_inputs(step: int = 1) -> list[str]:
    cases = sorted(os.path.join(CORPUS, s, c) for s in os.listdir(CORPUS) if os.path.isdir(os.path.join(CORPUS, s))
                   for c in os.listdir(os.path.join(CORPUS, s)))
    return [os.path.join(c, k) for c in cases[::step] for k in ("input.txt", "input.html")
            if os.path.isfile(os.path.join(c, k))]


def _chosen(case: str, step: int) -> bool:
    """Whether a case of the extra corpus is in the every-``step``-th sample: by a hash of its name
    (the tarball's order is not sorted, and one pass over it reads each member once)."""
    return step <= 1 or zlib.crc32(case.encode()) % step == 0


def extra_inputs(step: int = 1) -> list[tuple[str, bytes]]:
    """The extra corpus's ``input.txt`` and ``input.html`` (name relative to the corpus, bytes) of the
    sampled cases, from the unpacked folder or else from the tarball; [] when neither is there."""
    out = []
    if EXTRA:
        for source in sorted(os.listdir(EXTRA)):
            if not os.path.isdir(os.path.join(EXTRA, source)):
                continue
            for case in sorted(os.listdir(os.path.join(EXTRA, source))):
                for k in ("input.txt", "input.html"):
                    path = os.path.join(EXTRA, source, case, k)
                    if _chosen(f"{source}/{case}", step) and os.path.isfile(path):
                        with open(path, "rb") as fh:
                            out.append((f"{source}/{case}/{k}", fh.read()))
        return sorted(out)
    if EXTRA_TARBALL:
        with tarfile.open(EXTRA_TARBALL) as tar:
            for m in tar:
                parts = m.name.split("/")           # corpus-extra/SOURCE/CASE/input.*
                if m.isfile() and len(parts) == 4 and parts[3] in ("input.txt", "input.html") \
                        and _chosen(f"{parts[1]}/{parts[2]}", step):
                    out.append(("/".join(parts[1:]), tar.extractfile(m).read()))
        out.sort()
    return out


def inputs(corpus: str, step: int = 1):
    """(name, bytes) of the inputs of ``corpus`` ("dev": the 210-page corpus, "extra")."""
    if corpus == "extra":
        yield from extra_inputs(step)
        return
    for path in corpus_inputs(step):
        with open(path, "rb") as fh:
            yield os.path.relpath(path, CORPUS), fh.read()


def check_input(name: str, data: bytes, settings):
    """The defects of one input's output (None when it has no text to clean)."""
    from cleaner.errors import InputError
    from cleaner.pipeline import clean_bytes
    try:
        doc, md = clean_bytes(data, source=os.path.basename(name), settings=settings)
    except InputError:       # (an input with no text: nothing rendered)
        return None
    html = data.decode("utf-8", "replace") if name.endswith(".html") else None
    return check(doc, md, settings, html)


def measure(step: int = 1, corpora: tuple[str, ...] = ("dev",)) -> dict:
    from cleaner.settings import Settings
    settings = Settings()
    totals: Counter = Counter()
    pages: Counter = Counter()
    outputs: Counter = Counter()
    for corpus in corpora:
        prefix = "" if corpus == "dev" else f"{corpus} "
        for name, data in inputs(corpus, step):
            found = check_input(name, data, settings)
            if found is None:
                continue
            outputs[corpus] += 1
            kind = "html" if name.endswith(".html") else "txt"
            for k, n in found.items():
                totals[f"{prefix}{kind} {k}"] += n
                pages[f"{prefix}{kind} {k}"] += 1
    r = {"totals": dict(totals), "pages": dict(pages), "corpora": list(corpora)}
    for corpus in corpora:
        r["outputs" if corpus == "dev" else f"{corpus}_outputs"] = outputs[corpus]
    return r


# Checks added after the first runs were saved (those runs show "-" for them).
LATER_CHECKS = ("python_markdown:quotes_merged",)


def write_report(results: dict, path_md: str) -> None:
    labels = sorted(results, key=lambda l: (l == "after", l != "before", l))     # before ... after
    keys = sorted({k for r in results.values() for k in r["totals"]})
    lines = ["# Markdown defects over the corpus outputs", "",
             "Written by `benchmarks/markdown_defects.py` (see its docstring). Each corpus page cleaned from",
             "`input.txt` and `input.html` with default settings; the Markdown rendered with markdown-it-py",
             "(CommonMark + tables) and Python-Markdown (`tables`, `fenced_code`). A cell is",
             "`instances (pages)`; `extra` rows are the 1,043 pages of the extra corpus (CleanEval, Dragnet),",
             "`-` where a run did not measure it (the first two runs predate it and the Python-Markdown quote",
             "check).", "",
             "| defect | " + " | ".join(labels) + " |", "|---|" + "---|" * len(labels)]
    lines.append("| outputs checked | " + " | ".join(str(results[l]["outputs"]) for l in labels) + " |")
    lines.append("| extra outputs checked | " + " | ".join(str(results[l].get("extra_outputs", "-")) for l in labels)
                 + " |")
    for k in keys:
        corpus = "extra" if k.startswith("extra ") else "dev"
        # (runs saved without "corpora" predate the extra corpus and the later checks)
        cells = [f"{results[l]['totals'].get(k, 0)} ({results[l]['pages'].get(k, 0)})"
                 if corpus in results[l].get("corpora", ["dev"])
                 and ("corpora" in results[l] or not k.endswith(LATER_CHECKS)) else "-" for l in labels]
        lines.append(f"| {k} | " + " | ".join(cells) + " |")
    lines += ["", "Runs:", ""] + [f"- {l}: {results[l].get('note', '')}" for l in labels]
    with open(path_md, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--label", required=True)
    ap.add_argument("--note", default="", help="what was measured (commit, PYTHONPATH)")
    ap.add_argument("--step", type=int, default=1, help="every STEP-th corpus case")
    ap.add_argument("--no-extra", action="store_true", help="the 210-page corpus only")
    args = ap.parse_args(argv)
    t0 = time.time()
    corpora = ("dev",) if args.no_extra or not (EXTRA or EXTRA_TARBALL) else ("dev", "extra")
    r = measure(args.step, corpora)
    r["note"] = args.note or f"cleaner from {os.path.dirname(sys.modules['cleaner'].__file__)}, step {args.step}"
    r["seconds"] = round(time.time() - t0, 1)
    store = os.path.join(HERE, "markdown_defects.json")
    results = json.load(open(store, encoding="utf-8")) if os.path.isfile(store) else {}
    results[args.label] = r
    with open(store, "w", encoding="utf-8") as fh:
        json.dump(results, fh, indent=1, sort_keys=True)
    write_report(results, os.path.join(HERE, "markdown_defects.md"))
    print(json.dumps(r, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
