"""Batch template learning (cc_net style): lines that recur across files are site chrome.

A line is fingerprinted by a normalised hash (lower-case, digits → 0,
punctuation and spaces stripped, Traditional folded to Simplified); each file
contributes its *set* of fingerprints, the sets are counted across the batch,
and a line seen in at least ``template_min_files`` files is boilerplate unless
it is long prose.  The sets are plain ``set[str]`` so workers can compute them
and a parent can merge them (``Counter.update`` over the sets).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from typing import Iterable

from . import script
from .document import Document
from .features import Thresholds, is_prose

MIN_BATCH = 3          # a batch this large learns templates (a line must recur in 3 files anyway)
_STRIP = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d")


def normalize_line(text: str) -> str:
    t = script.fold(unicodedata.normalize("NFKC", text)).lower()
    return _STRIP.sub("", _DIGITS.sub("0", t))


def line_hash(text: str) -> str:
    norm = normalize_line(text)
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=8).hexdigest() if norm else ""


def fingerprints(doc: Document) -> set[str]:
    """The set of line fingerprints of a parsed document (one per non-empty block)."""
    return {h for h in (line_hash(b.text) for b in doc.blocks if b.kind not in ("code", "table")) if h}


class TemplateIndex:
    """Counts of documents per line fingerprint; ``apply`` drops the lines seen in many files."""

    def __init__(self, counts: Counter | None = None, min_files: int | None = None):
        self.counts: Counter = counts if counts is not None else Counter()
        self.min_files = min_files

    @classmethod
    def from_counts(cls, counts: Counter, min_files: int | None = None) -> "TemplateIndex":
        return cls(Counter(counts), min_files)

    @classmethod
    def from_fingerprints(cls, sets: Iterable[set[str]], min_files: int | None = None) -> "TemplateIndex":
        counts: Counter = Counter()
        for s in sets:
            counts.update(s)
        return cls(counts, min_files)

    def merge(self, other: "TemplateIndex") -> "TemplateIndex":
        return TemplateIndex(self.counts + other.counts, self.min_files)

    def seen(self, text: str) -> int:
        h = line_hash(text)
        return self.counts.get(h, 0) if h else 0

    def apply(self, doc: Document, th: Thresholds) -> None:
        if doc.format == "markdown":
            return      # already cleaned: what recurs across cleaned articles is their text (idempotency)
        min_files = self.min_files or th.template_min_files
        blocks = doc.blocks
        for i, b in enumerate(blocks):
            if not b.keep or b.kind in ("code", "table"):
                continue
            if b.kind in ("title", "heading") and i + 1 < len(blocks) and blocks[i + 1].keep \
                    and blocks[i + 1].features.get("class") == "good":
                continue    # a section name ("摘要", "Conclusion") recurs across a site's articles
            f = b.features
            if f.get("units", 0) >= th.long_prose_units and is_prose(f, th):
                continue
            n = self.seen(b.text)
            if n >= min_files:
                b.drop("template", f"template: seen in {n} files")


def build_template_index(paths: Iterable[str], settings=None,
                         min_batch: int = MIN_BATCH) -> TemplateIndex | None:
    """First pass of a batch: parse every file and count line fingerprints across them.

    Returns None when the batch has fewer than ``min_batch`` files (nothing to learn).
    """
    from .parse import parse
    from .read import read_path
    from .settings import DEFAULT
    settings = settings or DEFAULT
    paths = [p for p in paths if p != "-"]
    if len(paths) < min_batch:
        return None
    counts: Counter = Counter()
    for path in paths:
        try:
            doc = parse(read_path(path, settings.max_bytes))
        except Exception:  # unreadable files are reported by the cleaning pass
            continue
        counts.update(fingerprints(doc))
    return TemplateIndex.from_counts(counts)
