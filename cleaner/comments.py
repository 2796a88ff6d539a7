"""Comment sections of text dumps, for the context pass (:mod:`cleaner.context`): where the article's
comments start.

A comment section shows itself three ways: a widget line after the article's prose ("发表评论", "Leave a
reply", "10 Comments": :func:`comment_stops`); a section header of the comment family or another site's
box ("Also on X:"), after which nothing is the article however much prose follows (:func:`comment_section`,
:func:`first_section`); or the thread's own shape, heads ("Ann said, May 5, 2012 4:11 PM") at regular
gaps between short posts (:func:`comment_thread`).  :func:`comment_starts` gathers the first and the last.
Nothing here drops a block: the context pass ends the article at what these return.
"""
from __future__ import annotations

import re

from .document import Block
from .features import Thresholds
from .lexicon import Family, Lexicon, light_form


def comment_stops(blocks: list[Block]) -> list[int]:
    """Indexes of comment widgets ("发表评论", "Leave a reply", "10 Comments") that follow good prose."""
    out, seen_good = [], False
    for i, b in enumerate(blocks):
        if b.final_class == "good":
            seen_good = True
        elif seen_good and b.reason == "comment" and not b.text.rstrip().endswith((":", "：")):
            out.append(i)       # (a "Comments: 1664" field label is no widget)
    return out


def light_of(b: Block) -> str:
    """The block's light form (strip's, when it made one)."""
    return b.forms.light if b.forms is not None else light_form(b.text)


# "Posted by Ann @ 7/31/2004 10:15 AM", "December 26, 2006 | permalink | comments (0)": the head or foot
# of a post (a blog's front page, a forum thread), which counts its comments or names its author as a byline
_POST_HEAD = re.compile(r"\bposted\b|^\W*by\s|\bcomments?\s*[(:]\s*\d|\d+\s+comments?\b")


def _comment_follows(blocks: list[Block], i: int, memo: HeadMemo) -> bool:
    """A comment head is followed by its comment: the next block with text reads as prose, or the
    one after it when the next is the commenter's name ("#12 - Tue Jul 24, 2012 1:28 PM EDT", "Wakehead",
    then the comment)."""
    named = False
    for j in range(i + 1, min(i + 4, len(blocks))):
        b = blocks[j]
        if not b.text.strip():
            continue
        if b.keep and (b.final_class in ("good", "near-good") or b.features.prose):
            return True
        if named or not _name_line(b) or memo[j]:
            return False
        named = True
    return False


def _name_line(b: Block) -> bool:
    """A commenter's name on a line of its own: one to three words, no sentence, no digits but a handle's."""
    f = b.features
    return b.final_class == "short" and 0 < f.words + f.han <= 3 and not f.ends_sentence and f.chars <= 30


# a time of day ("9:41"): what a dated comment head needs (see _head)
_CLOCK = re.compile(r"\d:\d")


def _head(fam: Family, light: str) -> bool:
    """``fam.heads.search(light)``.  The built-in head patterns each need a time ("9:41") after
    their date, a final comma ("Jacob said,"), a comment link word ("permalink", "… to comment",
    "report abuse") or a score ("(Score:5"), so only lines with one are searched (the search is the
    costly part: most short lines have none).  A user's own head patterns are searched in every line."""
    if fam.heads_builtin and not (
            light.endswith((",", ",\n")) or "permalink" in light or "comment" in light or "abuse" in light
            or "score:" in light or _CLOCK.search(light) is not None):
        return False
    return fam.heads.search(light)


def has_head(b: Block, fam: Family, th: Thresholds) -> bool:
    return fam.heads is not None and 0 < b.features.chars <= th.comment_head_max_chars \
        and _head(fam, light_of(b))


def comment_section(blocks: list[Block], fam: Family, th: Thresholds) -> int | None:
    """The first line after good prose that opens a comment section ("38 Responses to “…”")."""
    if fam.sections is None:
        return None
    seen_good = False
    for i, b in enumerate(blocks):
        if b.final_class in ("good", "near-good"):
            seen_good = True
        elif seen_good and 0 < b.features.chars <= th.comment_head_max_chars \
                and b.final_class != "code" and fam.sections.search(light_of(b)):
            return i
    return None


def first_section(blocks: list[Block], lex: Lexicon, th: Thresholds) -> int | None:
    """The first line after prose that opens a section the article does not go on into: a comment section
    ("38 Responses to “…”") or another page's box ("Also on HuffPost:", the nav family's ``section_patterns``)."""
    found = [i for i in (comment_section(blocks, lex.families[name], th) for name in ("comment", "nav")) if i is not None]
    return min(found, default=None)


class HeadMemo(dict):
    """Whether block ``i`` is a comment head (:func:`_head`), by index, asked once per context pass
    (the headline search and the article search both look for the comment thread)."""

    def __init__(self, blocks: list[Block], fam: Family):
        super().__init__()
        self.blocks, self.fam = blocks, fam

    def __missing__(self, i: int) -> bool:
        found = self[i] = bool(_head(self.fam, light_of(self.blocks[i])))
        return found


def comment_thread(blocks: list[Block], fam: Family, th: Thresholds, after: int | None = None,
                   section: int | None = None, memo: HeadMemo | None = None) -> int | None:
    """Where a comment section starts, told by its shape rather than by a widget label.

    Either a line that opens one ("38 Responses to “…”", "Comments (9)": ``section_patterns``), or
    the first of ``comment_thread_min_heads`` comment heads in a row ("Ann October 31, 2012 at
    9:41 am", "Jacob said,": ``head_patterns``), each followed by its comment (another block before
    the next head, which comes within ``comment_head_gap`` blocks).  Only after good prose (and
    after the headline's paragraph ``after``): a dateline above the article is no comment.
    ``section`` is :func:`comment_section`'s answer.
    """
    if fam.heads is None:
        return section
    memo = HeadMemo(blocks, fam) if memo is None else memo
    seen_good, heads, posts = False, [], False
    for i, b in enumerate(blocks):
        if b.final_class in ("good", "near-good"):
            seen_good = True
            continue
        if not 0 < b.features.chars <= th.comment_head_max_chars or b.final_class == "code":
            continue
        if not seen_good or (after is not None and i <= after):
            # a head above the first paragraph: the page is a run of dated posts (a forum thread, a
            # blog's front page), whose later heads start posts, not comments
            posts = posts or memo[i]
            continue
        if i == section:
            break
        if memo[i] and not _POST_HEAD.search(light_of(b)):
            heads.append(i)
    if posts:
        heads = []
    heads = [i for i in heads if _comment_follows(blocks, i, memo)]
    # (two heads in a row are one head of two lines: "August 9th, 2012 at 8:38 am", "Kevin said,")
    heads = [i for k, i in enumerate(heads) if k == 0 or heads[k - 1] != i - 1]
    n = th.comment_thread_min_heads
    for k in range(len(heads) - n + 1):
        run = heads[k:k + n]
        if all(2 <= b - a <= th.comment_head_gap for a, b in zip(run, run[1:])):
            return run[0] if section is None else min(run[0], section)
    return section


def comment_starts(blocks: list[Block], lex: Lexicon, th: Thresholds, after: int | None = None,
                   section: int | None = None, memo: HeadMemo | None = None) -> tuple[list[int], int | None]:
    """Where the comments may start, in order: the comment widgets after good prose and after ``after``
    (a sidebar's widget before the headline is none), and the thread told by its shape
    (:func:`comment_thread`), which is returned too."""
    stops = [i for i in comment_stops(blocks) if after is None or i > after]
    thread = comment_thread(blocks, lex.families["comment"], th, after, section, memo)
    if thread is not None:
        stops = sorted(set(stops) | {thread})
    return stops, thread
