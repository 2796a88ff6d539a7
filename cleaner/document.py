"""The one typed document that flows through every stage.

``read`` fills ``raw``/``text``/``format``/``encoding``; ``parse`` fills
``blocks`` (and ``meta`` from front matter or HTML); ``strip`` labels every
block keep/drop with a reason; ``normalize`` rewrites the text of kept blocks
and the metadata; ``render`` turns the kept blocks into Markdown or JSON.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator, Literal

if TYPE_CHECKING:       # (for the annotations only: both modules import this one)
    from .features import Features
    from .strip import LookupForms

BlockKind = Literal["title", "heading", "paragraph", "list", "quote", "caption", "table", "code"]
BLOCK_KINDS: tuple[str, ...] = ("title", "heading", "paragraph", "list", "quote", "caption", "table", "code")


@dataclass(slots=True)
class Span:
    """A run of inline text. ``style`` is "" (plain), "em", "strong", "code" or "link"."""

    text: str
    style: str = ""
    href: str | None = None


@dataclass(slots=True)
class Evidence:
    """What the page analysis saw of a block that it proposes to remove (parse removes nothing):
    ``rule`` is the rule id strip drops it with (``html:landmark``, ``region:outside`` …) and
    ``detail`` says what was seen (the element, its class, its size, how the region was chosen)."""

    rule: str
    detail: str = ""


@dataclass(slots=True)
class Region:
    """How the article region of an HTML page was chosen, for removal details and ``confidence``.

    ``how``: ``container`` (an element of the page won), ``page`` (no clear winner: the whole page
    is the region) or ``visible-text`` (the safety net read the page's visible text)."""

    how: str = "container"
    score: float = 0.0
    runner_up_score: float = 0.0
    margin: float = 1.0          # 1 - runner_up_score / score, clipped to 0..1: how clearly the region won
                                 # (0 when no region was kept: the whole page or its visible text); the
                                 # one margin, reported in JSON and read by ``confidence``
    chars: int = 0               # non-space characters of the region's blocks
    page_chars: int = 0          # ... of the page's body


@dataclass(slots=True)
class Block:
    """One block of the article.

    ``spans`` carry the inline text; ``level`` is the heading level (1-6) or the
    nesting depth of a list item (0 = top); ``ordered`` marks numbered list
    items; ``rows`` holds the cells of a table (first row is the header);
    ``code`` blocks keep their text verbatim in ``spans[0]``.

    Parse records what it saw of the input (``raw_lines``, ``link_density``, ``in_main``); strip
    measures the text (``features``), classifies it without context (``first_class``) and then
    with its neighbours (``final_class``), and decides (``keep``, ``reason``, ``detail``).
    """

    kind: str
    spans: list[Span]
    level: int = 0
    ordered: bool = False
    rows: list[list[str]] | None = None
    lang: str = ""            # code block language hint
    keep: bool = True
    reason: str = ""          # rule id of the decision, e.g. "spam:gambling"
    detail: str = ""          # human-readable why
    line: int = 0             # 1-based line in the input text (0 = unknown)
    features: Features | None = None    # what strip measured of the text (cleaner.features.block_features)
    evidence: Evidence | None = None    # the page analysis proposes to remove it (strip decides)
    # parse: what the input showed of the block
    raw_lines: int = 1        # text dumps: input lines joined into it (a heading stands on one line)
    link_density: float = 0.0  # HTML: share of its text inside links
    in_main: bool = False     # HTML: built by the block builder from the page's article region
    # strip: the jusText classes (good, near-good, short, bad, code)
    first_class: str = ""     # context-free, from the block alone (cleaner.features.classify)
    final_class: str = ""     # after the context pass (cleaner.context): promoted, restored …; where no
    #                           context pass runs (HTML, Markdown) it is the first-pass class
    forms: LookupForms | None = None    # the folded forms strip's rules look up, during strip only
    # parse: a table's cells as inline spans (links, emphasis, code), parallel to ``rows``; the quote
    # a quote block belongs to (two quotes in a row stay two)
    cells: list | None = None
    quote_group: int = 0
    # render: an ordered list item's number and an item's indent (its parent's content column),
    # counted while rendering
    number: int = 1
    indent: int | None = None
    # the text while a stage holds it fixed (see ``frozen_text``)
    _frozen: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def text(self) -> str:
        if self._frozen is not None:
            return self._frozen
        if self.rows is not None:
            return "\n".join(" | ".join(r) for r in self.rows)
        return "".join(s.text for s in self.spans)

    @property
    def words(self) -> str:
        """The text strip's rules judge: ``text`` without the alt text of the block's images.  An alt
        text describes a picture (and is written only with ``--images``), so the block "Posted" with
        an edit icon is judged, and reads back from our Markdown, as "Posted" (link density counts
        the same way: ``cleaner.html.blocks.counted_link_density``)."""
        if self._frozen is not None or self.rows is not None:
            return self.text
        spans = self.spans
        if len(spans) == 1:             # (most blocks: one span)
            return spans[0].text if spans[0].style != "image" else ""
        for s in spans:
            if s.style == "image":
                break
        else:
            return "".join(s.text for s in spans)
        # (as the Markdown shows it without the images: the spaces that were on both sides of one
        # written once, none at the ends)
        out = ""
        for s in spans:
            if s.style != "image":
                out += s.text.lstrip(" ") if out.endswith(" ") else s.text
        return out.strip()

    def set_text(self, text: str) -> None:
        """Replace the inline content with one plain span (strip's lookup forms of the old text go with it)."""
        self.spans = [Span(text)]
        self.forms = None
        if self._frozen is not None:        # held fixed: hold the new text (its words, as frozen_text does)
            self._frozen = None
            self._frozen = self.words

    def drop(self, reason: str, detail: str = "") -> None:
        self.keep = False
        self.reason = reason
        self.detail = detail

    @classmethod
    def of(cls, kind: str, text: str, **kw) -> "Block":
        return cls(kind=kind, spans=[Span(text)], **kw)


@contextmanager
def frozen_text(blocks: list[Block]) -> Iterator[None]:
    """Within the block, ``b.text`` is ``b.words``, computed once per block (spans changed only via
    ``set_text``).

    For stages that read the text of every block many times and never edit spans in place (strip,
    whose rules judge the words: an image's alt text apart).
    """
    held = list(blocks)
    for b in held:
        b._frozen = b.words
    try:
        yield
    finally:
        for b in held:
            b._frozen = None


@dataclass
class Removal:
    """A piece of text that left the article, and why (feeds --explain and reports)."""

    text: str
    reason: str
    detail: str = ""
    line: int = 0
    kind: str = ""


@dataclass
class Document:
    source: str                                  # path, or "-" for stdin
    raw: bytes = b""
    text: str = ""
    format: str = "text"                          # "text", "markdown" or "html"
    encoding: str = "utf-8"
    blocks: list[Block] = field(default_factory=list)
    meta: dict[str, object] = field(default_factory=dict)
    fragments: list[Removal] = field(default_factory=list)   # parts cut from kept blocks
    notes: list[str] = field(default_factory=list)           # normalizations applied, warnings
    confidence: float = 1.0
    region: Region | None = None     # HTML: how the article region was chosen
    # the measures the confidence was computed from (cleaner.confidence); the number only reports,
    # no stage drops text by it
    evidence: dict[str, object] = field(default_factory=dict)
    text_chars: int | None = None    # len(text) of the decoded input when ``text`` was not kept (cleaner.spill)

    @property
    def chars_in(self) -> int:
        """Characters of the decoded input."""
        return self.text_chars if self.text_chars is not None else len(self.text)

    def release_input(self) -> None:
        """Let go of the input's bytes and decoded text (``chars_in`` keeps the length): once parsed,
        the blocks hold the text, and a large input would otherwise be held three times over."""
        if self.text_chars is None:
            self.text_chars = len(self.text)
        self.text, self.raw = "", b""

    @property
    def kept(self) -> list[Block]:
        return [b for b in self.blocks if b.keep]

    @property
    def removals(self) -> list[Removal]:
        dropped = [Removal(b.text, b.reason, b.detail, b.line, b.kind) for b in self.blocks if not b.keep]
        return sorted(dropped + self.fragments, key=lambda r: r.line)


# word_key keeps the runs of word characters: joining what findall gives is the same string as deleting
# the runs of non-word characters, and cheaper on Chinese lines, where the word runs are long and a
# deleting pattern is tried (and fails) at every character
_WORD_RUNS = re.compile(r"\w+").findall
# the ASCII characters \W matches (all but letters, digits and "_"), deleted in one bytes.translate
_ASCII_NON_WORD = bytes(c for c in range(128) if not (chr(c).isalnum() or chr(c) == "_"))


def word_key(text: str) -> str:
    """The letters and digits of ``text``, lower-cased: how titles, headlines and repeated blocks
    are compared (strip's context pass and the HTML parser)."""
    if text.isascii():
        # (what the regex gives, without it: bytes.translate deletes the non-word bytes in C, and is
        # cheaper than str.translate with its per-character mapping)
        return text.encode("ascii").translate(None, _ASCII_NON_WORD).decode("ascii").lower()
    return "".join(_WORD_RUNS(text)).lower()
