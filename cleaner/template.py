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
import os
import re
from collections import Counter
from itertools import chain, islice
from typing import Any, Iterable, Iterator

from . import script
from .document import Document
from .features import Thresholds, classify, is_prose
from .executor import in_order
from .lexicon import is_sentence, light_form, nfkc_form

MIN_BATCH = 3          # a batch this large learns templates (a line must recur in 3 files anyway)
# A line seen in one file is never template: an index sent to workers keeps only the fingerprints seen
# in at least this many files (most article lines are gone; no decision changes while it is at most
# ``template_min_files``).  The local batch and cleaner.dask both use it.
BROADCAST_MIN_FILES = 2
_STRIP = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d")


# The ASCII part of ``_zero_and_strip``, done on bytes: digits become 0, the
# characters _STRIP removes (non-word characters and "_") are deleted, newlines kept.
_ASCII_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
_ASCII_STRIPPED = bytes(c for c in range(128) if not chr(c).isalnum() and chr(c) != "\n")
_OTHER_DIGIT = re.compile(r"[^\D0-9]")             # the digits \d finds beyond ASCII
_OTHER_NON_WORD = re.compile(r"[^\w\x00-\x7f]+")   # the non-word characters beyond ASCII


def _zero_and_strip(text: str) -> str:
    """``_from_light`` of each line of ``text`` (newlines kept), twice as fast as its two regexes
    over a document's joined lines: the ASCII characters by one ``bytes.translate``, then regexes
    over what is left, where they find few matches (the spaces and punctuation are gone)."""
    t = text.encode("utf-8", "surrogatepass").translate(_ASCII_TO_ZERO, _ASCII_STRIPPED) \
        .decode("utf-8", "surrogatepass")
    if t.isascii():
        return t
    return _OTHER_NON_WORD.sub("", _OTHER_DIGIT.sub("0", t))


def normalize_line(text: str) -> str:
    return _from_light(light_form(text))


def _from_light(light: str) -> str:
    """``normalize_line`` of a text whose :func:`cleaner.lexicon.light_form` is known."""
    return _STRIP.sub("", _DIGITS.sub("0", light))


def _hash(norm: str, site: str = "") -> str:
    """The fingerprint of a normalised line; with ``site``, one of that site only (the same line on
    two sites is two fingerprints, so one flat counter counts files per site and line)."""
    if not norm:
        return ""
    key = f"{site}\x00{norm}" if site else norm
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def line_hash(text: str, site: str = "") -> str:
    return _hash(normalize_line(text), site)


# Second-level labels under which a country's sites register (example.co.uk, sina.com.cn): the
# site is then the last three labels of the host, not two.
_SECOND_LEVEL = frozenset("ac co com edu gov net org or ne go mil gob nic".split())


def _site_host(url: object) -> str:
    """The registrable part of an absolute http(s) URL's host (``news.bbc.co.uk`` → ``bbc.co.uk``),
    or "" when there is none."""
    if not isinstance(url, str):
        return ""
    m = re.match(r"\s*(?:https?:)?//([^/?#\s]+)", url, re.IGNORECASE)
    if not m:
        return ""
    host = m.group(1).rsplit("@", 1)[-1].split(":", 1)[0].strip(".").lower()
    labels = [x for x in host.split(".") if x]
    if len(labels) < 2 or all(x.isdigit() for x in labels):
        return host     # an IP address or a bare name: the whole host
    n = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-n:])


_SITE_NAME_MAX = 60


def _site_name(doc: Document) -> str:
    """The site's name the page declares (HTML ``og:site_name``, ``application-name``, JSON-LD
    publisher: ``meta["sitename"]``; ``site_name`` in the front matter of earlier versions' output),
    folded to lower case; "" when there is none.

    (A text dump's "Headline | Site" first line was tried as a name too: it split the corpus's flat
    batch of text dumps into sites — 19 pages of 210 differed from cleaning them alone instead of
    57 — but Dragnet's text dumps lost 0.002 F1, the generic lines other sites share no longer
    learned, and a title names its site unreliably; not kept.)
    """
    name = doc.meta.get("sitename") or doc.meta.get("site_name")
    if not isinstance(name, str):
        return ""
    name = " ".join(name.lower().split())
    return name if 2 <= len(name) <= _SITE_NAME_MAX else ""


def site_of(doc: Document) -> str:
    """The site a page belongs to, for template learning: templates are learned per site.

    The host of the page's canonical URL (HTML: ``<link rel=canonical>``, ``og:url``, JSON-LD; a
    Markdown front matter's ``url``); else the site's declared name (HTML ``og:site_name`` and the
    like); else the folder the file is in (text dumps rarely hold either); else "" (stdin, records
    without a path: one batch, one site).  The first pass and the cleaning pass read the
    same parse, so both find the same site.
    """
    meta = doc.meta
    host = _site_host(meta.get("canonical_url")) or _site_host(meta.get("url"))
    if host:
        return "host:" + host
    name = _site_name(doc)
    if name:
        return "name:" + name
    if doc.source and doc.source != "-":
        # (the path as given, not made absolute: a worker of another machine may have another cwd)
        return "dir:" + os.path.dirname(os.path.normpath(doc.source))
    return ""


def fingerprints(doc: Document) -> set[str]:
    """The set of line fingerprints of a parsed document (one per non-empty block), of its site.

    Same as ``{line_hash(b.words, site_of(doc)) for b in blocks} - {""}``, with one OpenCC call per
    document (the words: strip's text, whose forms ``TemplateIndex.apply`` hashes).
    """
    texts = [b.words for b in doc.blocks if b.kind not in ("code", "table") and b.evidence is None]
    nfkc = [nfkc_form(t) for t in texts]
    site = site_of(doc)
    return {h for h in (_hash(n, site) for n in _from_lights([f.lower() for f in script.fold_many(nfkc)])) if h}


def _from_lights(lights: list[str]) -> list[str]:
    """``[_from_light(x) for x in lights]`` with one pass of each regex over all of them: digits and
    the removal of non-word characters never reach across a newline (the newlines are kept)."""
    if not any("\n" in x for x in lights):
        norms = _zero_and_strip("\n".join(lights)).split("\n")
        if len(norms) == len(lights):
            return norms
    return [_from_light(x) for x in lights]


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

    def seen(self, text: str, light: str | None = None, site: str = "") -> int:
        """In how many files of ``site`` in the batch ``text`` occurs (``light``: its light form, if known)."""
        h = line_hash(text, site) if light is None else _hash(_from_light(light), site)
        return self.counts.get(h, 0) if h else 0

    def apply(self, doc: Document, th: Thresholds) -> None:
        if doc.format == "markdown":
            return      # already cleaned: what recurs across cleaned articles is their text (idempotency)
        min_files = self.min_files or th.template_min_files
        if not self.counts and min_files > 0:
            return      # an empty index drops nothing
        blocks = doc.blocks
        todo = []
        for i, b in enumerate(blocks):
            if not b.keep or b.kind in ("code", "table"):
                continue
            if b.kind in ("title", "heading") and i + 1 < len(blocks) and blocks[i + 1].keep \
                    and _class(blocks[i + 1], th) == "good":
                continue    # a section name ("摘要", "Conclusion") recurs across a site's articles
            f = b.features
            if f.units >= th.long_prose_units and is_prose(f, th):
                continue
            todo.append(b)
        # (no decision above depends on a drop below: block i looks at block i+1, dropped later if at all)
        found = []
        for b, h in zip(todo, _hashes(todo, site_of(doc))):
            n = self.counts.get(h, 0) if h else 0
            if n >= min_files:
                found.append((b, n))
        if not found:
            return
        # What other pages share is chrome, unless it is all the prose this page has: three pages whose
        # only paragraph is the same keep it (the shared paragraph is their article, not a template).
        dropped = {id(b) for b, _ in found}
        if not any(_page_prose(b, th) for b in blocks if b.keep and id(b) not in dropped):
            found = [(b, n) for b, n in found if not _page_prose(b, th)]
        for b, n in found:
            b.drop("template", f"template: seen in {n} files")


def _class(b, th: Thresholds) -> str:
    """The block's first-pass class (strip sets it after the template pass: computed here when not there yet)."""
    return b.first_class or classify(b, th)


def _page_prose(b, th: Thresholds) -> bool:
    """A block of the article's own running text (not a title, heading, code or table)."""
    return b.kind not in ("title", "heading", "code", "table") and (is_prose(b.features, th) or is_sentence(b.text))


def _hashes(blocks: list, site: str = "") -> list[str]:
    """``line_hash`` of each block's text (on ``site``), from strip's light forms when every block has one."""
    lights = [b.forms.light if b.forms is not None else None for b in blocks]
    if any(x is None for x in lights):
        return [line_hash(b.text, site) if x is None else _hash(_from_light(x), site) for b, x in zip(blocks, lights)]
    return [_hash(n, site) for n in _from_lights(lights)]


def build_template_index(paths: Iterable[str], settings=None, min_batch: int = MIN_BATCH, jobs: int = 1,
                         spill: str | None = None) -> TemplateIndex | None:
    """First pass of a batch: parse every file and count line fingerprints across them.

    Returns None when the batch has fewer than ``min_batch`` files (nothing to learn).
    With ``jobs`` > 1 the files are read and fingerprinted in that many processes (chunks
    of files, one Counter per chunk, merged here).  A fingerprint seen in one file only
    is never template: those are dropped from the index, which goes to every worker.
    With ``spill`` (a private folder), parsed HTML pages are saved there for the cleaning
    pass (:mod:`cleaner.spill`).
    """
    from .settings import DEFAULT
    settings = settings or DEFAULT
    paths = (p for p in paths if p != "-")
    head = list(islice(paths, min_batch))
    if len(head) < min_batch:
        return None         # (not even read: a one-file batch may be a pipe that can be read once)
    paths = chain(head, paths)
    counter = LossyFileCounter()
    if spill is not None:
        from . import spill as spill_mod
        spill_mod.reset()
    parts = _parallel_counts(paths, settings, jobs, spill) if jobs > 1 else \
        (_chunk_counts(([p], settings, spill, 1)) for p in paths)
    for n, c in parts:
        counter.add(n, c)
    return TemplateIndex.from_counts(counter.at_least(BROADCAST_MIN_FILES))


# Files per bucket of the lossy counter.  The first pass adds counts a file at a time (one process)
# or a chunk of FIRST_PASS_CHUNK files at a time (workers); the chunk size divides the bucket size, so
# buckets end after the same files either way and ``-j`` never changes what is learned.
BUCKET_FILES = 1000


class LossyFileCounter:
    """Counts of files per fingerprint in memory that stays flat as the batch grows.

    Lossy counting (Manku & Motwani, VLDB 2002) over files: the batch is cut into buckets of
    ``bucket_files`` files; at the end of each bucket a fingerprint whose count (plus the
    buckets it missed before it was first seen) no longer keeps up with the bucket number is
    forgotten.  So a line seen in one file only — most article lines — is gone one bucket later,
    while site chrome, seen in file after file, stays.  Counts are never over-estimated: a line
    can only be *missed* as template (one seen in 3 files that lie thousands of files apart),
    never wrongly taken for one, and losing a line of junk is better than losing article text.
    Batches up to ``bucket_files`` files are counted exactly.
    """

    def __init__(self, bucket_files: int | None = None):
        bucket_files = bucket_files or BUCKET_FILES
        self.bucket_files = bucket_files
        self.counts: Counter = Counter()
        self.delta: dict[str, int] = {}     # bucket number before the one a fingerprint was first seen in
        self.files = 0
        self.bucket = 1

    def add(self, n_files: int, counts: Counter) -> None:
        """Add the counts of ``n_files`` more files (a chunk of the batch, in batch order)."""
        own, delta, before = self.counts, self.delta, self.bucket - 1
        for k, v in counts.items():
            if k in own:
                own[k] += v
            else:
                own[k] = v
                delta[k] = before
        self.files += n_files
        while self.files >= self.bucket * self.bucket_files:
            b = self.bucket
            for k in [k for k, v in own.items() if v + delta[k] <= b]:
                del own[k]
                del delta[k]
            self.bucket += 1

    def at_least(self, n: int) -> Counter:
        return Counter({k: v for k, v in self.counts.items() if v >= n})


def _file_fingerprints(path: str, settings, spill: str | None = None, jobs: int = 1) -> set[str]:
    from .parse import parse
    from .read import read_path
    try:
        doc = read_path(path, settings.max_bytes)
        if spill is not None and doc.format == "html":
            # the cleaning pass loads this parse instead of building the tree again
            from . import spill as spill_mod
            parse(doc, settings)
            spill_mod.save(spill, path, doc, spill_mod.BUDGET // max(jobs, 1))
            return fingerprints(doc)
        return fingerprints(parse(doc, settings, layout=False))   # (kinds are not needed)
    except Exception:  # unreadable files are reported by the cleaning pass
        return set()


def _chunk_counts(args: tuple[list[str], Any, str | None, int]) -> tuple[int, Counter]:
    paths, settings, spill, jobs = args
    counts: Counter = Counter()
    for path in paths:
        counts.update(_file_fingerprints(path, settings, spill, jobs))
    return len(paths), counts


FIRST_PASS_CHUNK = 20       # files per message to a first-pass worker (divides BUCKET_FILES)
FIRST_PASS_WINDOW = 4       # chunks in flight per worker (memory stays bounded)


def _parallel_counts(paths: Iterator[str], settings, jobs: int,
                     spill: str | None = None) -> Iterator[tuple[int, Counter]]:
    """``_chunk_counts`` of chunks of ``paths`` in ``jobs`` processes, a bounded window in flight.

    If a worker dies (a crash in a C extension), the chunks it took down and the rest are
    done in this process, as with one job.
    """
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    def chunks() -> Iterator[list[str]]:
        while chunk := list(islice(paths, FIRST_PASS_CHUNK)):
            yield chunk

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        def submit(chunk: list[str]):
            try:
                return pool.submit(_chunk_counts, (chunk, settings, spill, jobs))
            except BrokenProcessPool:
                return None         # (the pool is gone: this chunk is done here when its turn comes)

        for chunk, fut in in_order(chunks(), submit, jobs * FIRST_PASS_WINDOW):
            try:
                result = fut.result() if fut is not None else None
            except BrokenProcessPool:
                result = None       # (a worker died: this chunk, and the pool's later ones, here)
            yield result if result is not None else _chunk_counts((chunk, settings, spill, jobs))
