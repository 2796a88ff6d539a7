"""Context pass of the strip stage: find the article among the page's blocks.

Every block got a class from :func:`cleaner.features.classify` (``Block.first_class``, left as it
is; what this pass revises — near-good blocks promoted, a line between prose restored — goes to
``Block.final_class``, which starts as the same class).  Here:

* **main run** — each block gets a value (good prose: +its size; near-good:
  +a share of it; short: −``short_penalty``; bad: −``bad_penalty``; a line of
  code: 0) and the article is the run of blocks with the largest sum (the
  body-text-extraction idea of Finn et al., on blocks).  Menus and link lists
  are runs of short blocks and cost more than they bring, so the run stops at
  them; a heading between two paragraphs costs little and stays.  The
  paragraph right after a line that repeats the page title (the headline) is
  worth ``headline_bonus`` more (the headline is the title's long part, searched
  before the comments; of several repeats, the one above the most prose), and the
  run starts at that headline when what it holds above it is no run of paragraphs
  (a blog's sidebar blurbs) or holds a comment widget (a teaser column).  A comment section
  after prose ends the search: comments are not the article even when they are
  long; so does the post's tags line when less prose follows it (:func:`end_at_tags`).
* **more runs** — another run worth a share of the main one, made of
  paragraphs that follow one another, is article too (a table of contents or
  an ad split it) unless a "Related …" header stands between them; runs with
  nothing a lexicon flagged between them are merged, gap included.
* **lead** — headings and lead sentences just before a run belong to it; a
  list the run's last line introduces ("… are:") belongs to it (:func:`extend_list`), and so do the short
  sentences right after its last paragraph (:func:`extend_closing`).
* **inside** — a short line dropped on weak evidence (template) between two
  paragraphs comes back; a box of short link lines next to a nav, ad or share
  line goes (``boilerplate:links``).
* **edges** — before the first run: the page head (``boilerplate:head``; the
  page title goes to the front matter); after the last: the trailer
  (``nav-trailer`` when a nav/comment/share/copyright line starts it, else
  ``boilerplate:tail``); between runs: ``boilerplate:gap``; a long legal notice
  that ends the page: ``copyright`` (:func:`drop_final_notice`).

No good block: near-good ones anchor the article if they make a run of prose
(wire stories of one-sentence paragraphs); otherwise nothing is trimmed (the
page may be a note or a list) but a comment section after its prose (a short post's
comments: :func:`comment_tail`).  A page with text
never comes out empty (:func:`ensure_not_empty`).
"""
from __future__ import annotations

import re

from .byline import besides_dates, dates_in
from .document import Block, Document, Removal, word_key
from .features import Features, Thresholds
from .comments import HeadMemo, comment_starts, comment_stops, comment_thread, first_section, has_head, light_of
from .lexicon import Lexicon, key_form

EDGE_REASONS = ("nav", "share", "comment", "copyright")
BOX_REASONS = ("nav", "ad", "share", "comment", "byline")
GAP_REASONS = ("nav", "share", "comment", "copyright", "spam")
WEAK_REASONS = ("template",)     # evidence about a line, not about its place: judged by its neighbours


def block_value(b: Block, th: Thresholds) -> float:
    cls = b.final_class
    units = b.features.units
    if cls == "good":
        return units
    if cls == "near-good":
        return units * th.near_good_weight
    if cls == "code":
        return 0.0
    if cls == "bad" and b.reason in WEAK_REASONS:
        return -th.short_penalty
    if cls == "bad":
        return -th.bad_penalty if b.text.strip() else 0.0
    if b.features.prose:
        return -th.short_penalty * th.short_prose_penalty_share
    return -th.short_penalty


_TITLE_SPLIT = re.compile(r"\s+[-|_–—»:·]+\s+|--|_|\||｜")


def _too_long(text: str, bound: int) -> bool:
    """``len(word_key(text)) > bound``, known from a prefix: its word characters are a lower bound."""
    return len(text) > 2 * bound and len(word_key(text[: 2 * bound])) > bound


class LineKeys(dict):
    """``word_key`` of each block's text by index, computed when first asked, once per context pass
    (the title's site name and the headline search compare the same short lines)."""

    def __init__(self, blocks: list[Block]):
        super().__init__()
        self.blocks = blocks

    def __missing__(self, i: int) -> str:
        key = self[i] = word_key(self.blocks[i].text)
        return key


def headline_match(blocks: list[Block], title: Block | None, th: Thresholds, text: str | None = None,
                   keys: LineKeys | None = None) -> tuple[int, int] | None:
    """The page's headline (a line that repeats the title, site name aside) and the first paragraph after it.

    Returns the index of the best headline match and of the prose block that
    follows it most closely, or None when the title is not repeated.
    """
    if title is None:
        return None
    parts = [p for p in (word_key(x) for x in _TITLE_SPLIT.split(title.text if text is None else text)) if len(p) >= 4]
    if not parts:
        return None
    # (the headline is the title's long part: a short one is the site's or the author's name, which
    # the page repeats in its menus and author boxes)
    longest = max(map(len, parts))
    parts = [p for p in parts if len(p) >= th.headline_part_share * longest]
    # a line that matches is at most this long (equal to a part, or within the 0.6 length ratio)
    bound = int(max(len(p) for p in parts) / 0.6) + 1
    keys = LineKeys(blocks) if keys is None else keys
    whole = set(parts)          # (a line equal to a part; only a longer line may hold one or be held)
    found: list[tuple[float, int, int, int]] = []    # (worth, headline, lead, end of the lead's run)
    for i, b in enumerate(blocks):
        if b is title or b.kind == "title":
            continue
        text = b.text
        if _too_long(text, bound):
            continue
        n = keys[i]
        if len(n) < 4 or not (n in whole or len(n) >= 8 and any(
                (n in p or p in n) and min(len(n), len(p)) / max(len(n), len(p)) >= 0.6 for p in parts)):
            continue
        seen = 0            # (kept blocks: the lines a rule dropped between them, a byline, share buttons, are not counted)
        for j in range(i + 1, min(i + 1 + th.headline_reach * th.headline_window, len(blocks))):
            if not blocks[j].keep:
                continue
            if blocks[j].final_class in ("good", "near-good"):
                # (the article from there: a teaser's blurb under a repeat of the headline is one
                # paragraph, the article under the headline is many)
                found.append((*_prose_units(blocks, j, th), i, j))
                break
            seen += 1
            if seen >= th.headline_window:
                break
    if not found:
        return None
    units, end, i, j = max(found, key=lambda x: x[0])       # (the first of equals)
    # a later repeat of the title inside that run, leading to the same end, worth most of it and with a
    # longer first paragraph than this one's, is the headline nearer the article (after a gallery's
    # captions, or a breadcrumb)
    later = [(i2, j2) for units2, end2, i2, j2 in found
             if j <= i2 and end2 == end and units2 >= th.headline_later_share * units
             and blocks[j2].features.units > blocks[j].features.units]
    return later[-1] if later else (i, j)


def _prose_units(blocks: list[Block], j: int, th: Thresholds) -> tuple[float, int]:
    """What the article from paragraph ``j`` on is worth, and where it ends: the best sum of the kept blocks' values from ``j``
    (paragraphs add their units, a short line such as a subheading costs ``short_penalty``; blocks a rule
    dropped are passed over; a kept bad block ends it)."""
    units, best, end = 0.0, 0.0, j
    for k in range(j, len(blocks)):
        b = blocks[k]
        if not b.keep or not b.text.strip():
            continue
        if b.final_class == "bad":
            break
        units += block_value(b, th) if b.final_class != "near-good" else b.features.units
        if units < 0:
            break
        if units > best:
            best, end = units, k
    return best, end


def best_run(values: list[float]) -> tuple[int, int, float]:
    """Maximum-sum run [start, end] of ``values`` (Kadane); (0, -1, 0) if every value is negative."""
    best = (0, -1, 0.0)
    start, total = 0, 0.0
    for i, v in enumerate(values):
        if total <= 0:
            start, total = i, 0.0
        total += v
        if total > best[2]:
            best = (start, i, total)
    return best


def article_run(blocks: list[Block], values: list[float], lex: Lexicon, th: Thresholds,
                after: int | None = None, section: int | None = None,
                memo: HeadMemo | None = None) -> tuple[int, int, float, int]:
    """The best run, searched only before the first comment widget that ends the article.

    Comments are prose too, often more than the article, so a comment-section
    header ("Comments", "网友评论") ends the search when the run before it is
    worth ``min_article_units``.  A widget inside a line ("48.5k reactions •
    Join the conversation", "共 3 篇评论 发表评论") may sit in a sidebar before
    the article: it ends the search only if the prose after it (up to the next
    widget) is not much more than the prose before it.
    """
    stops, thread = comment_starts(blocks, lex, th, after, section, memo)
    header = lex.families["comment"]
    for k, stop in enumerate(stops):
        start, end, total = best_run(values[:stop])
        if total < th.min_article_units:
            continue
        if stop == thread:
            return start, end, total, stop
        nxt = stops[k + 1] if k + 1 < len(stops) else len(blocks)
        more = best_run(values[stop + 1:nxt])[2]
        # (the prose before it, without the headline's bonus: an author box the bonus went to is no article)
        own = total - th.headline_bonus if after is not None and start <= after <= end else total
        if more <= th.comment_stop_ratio * own:
            return start, end, total, stop
        # A header label ("Comments") followed by more prose than the article so far, with no comment
        # head in it, is a share bar's link inside the article ("Print  Comments  Weigh in"), not the
        # start of the comments.  A widget inside a line needs less: more prose after it than before.
        if header.match_line(blocks[stop].text) and any(
                has_head(b, header, th) for b in blocks[stop + 1:nxt]):
            return start, end, total, stop
    start, end, total = best_run(values)
    return start, end, total, len(blocks)


# "Headline | Site", "Site » Headline", "标题_网易新闻", "标题-新闻-中华网"
_TITLE_SEP = re.compile(r"\s+[|｜–—»·:\-]+\s+|\s*[|｜_]\s*|\s*-{2,}\s*|(?<=[\u4e00-\u9fff])\s*[-–—]\s*(?=[\u4e00-\u9fff])")


def _same_line(a: str, b: str) -> bool:
    """Two word keys name the same headline: equal, or one holds the other at 0.6 of its length."""
    return a == b or (len(a) >= 8 and len(b) >= 8 and (a in b or b in a)
                      and min(len(a), len(b)) / max(len(a), len(b)) >= 0.6)


def trim_title(doc: Document, title: Block, th: Thresholds, keys: LineKeys | None = None) -> None:
    """The page title without its site name: "Headline | Site" → "Headline".

    The headline is the part of the title that the page repeats as a line of its own; without such
    evidence, trailing parts that are short (a site, a section) go when what stays is at least
    ``title_site_ratio`` times as long.  What goes is kept in a removal record (``title:site``).
    """
    text = title.text.strip()
    cuts = [(m.start(), m.end()) for m in _TITLE_SEP.finditer(text) if 0 < m.start() and m.end() < len(text)]
    if not cuts:
        return
    bounds = [0] + [e for _, e in cuts]
    ends = [s for s, _ in cuts] + [len(text)]
    n = len(bounds)
    # evidence: a line of the page that repeats a part; the one closest above a paragraph (the
    # headline the lead follows) wins over a site name repeated in the page's header
    longest = max(len(word_key(text[a:b])) for a, b in zip(bounds, ends))
    shortest = 0.6 * min(th.title_site_max_chars + 1, longest)     # (a shorter line matches no candidate)
    # the parts that may be the headline (a site's name repeated beside the article is none: too short)
    parts = [(i, j, key) for i in range(n) for j in range(i, n) if not (i == 0 and j == n - 1)
             for key in [word_key(text[bounds[i]:ends[j]])] if len(key) >= min(th.title_site_max_chars + 1, longest)]
    # (the page's lines are read only when some part may be the headline)
    keys = LineKeys(doc.blocks) if keys is None else keys
    lines = [(k, other) for k, b in enumerate(doc.blocks) if parts and b is not title
             and shortest <= len(b.text) <= 2 * len(text) and len(other := keys[k]) >= 4]
    good = [k for k, b in enumerate(doc.blocks) if b.first_class == "good"] if lines else []
    keep, best = None, None
    for i, j, key in parts:
        for k, other in lines:
            if _same_line(key, other):
                lead = next((g - k for g in good if g > k), len(doc.blocks))
                rank = (-lead, min(len(key), len(other)) / max(len(key), len(other)), len(key))
                if best is None or rank > best:
                    keep, best = (i, j), rank
    if keep is None:
        j = n - 1
        while j > 0 and len(word_key(text[bounds[j]:ends[j]])) <= th.title_site_max_chars \
                and len(word_key(text[:ends[j - 1]])) >= th.title_site_ratio * len(word_key(text[bounds[j]:])):
            j -= 1
        if j == n - 1:
            return
        keep = (0, j)
    i, j = keep
    head, tail = text[:bounds[i]], text[ends[j]:]
    title.set_text(text[bounds[i]:ends[j]])
    removed = " ".join(x.strip() for x in (head, tail) if x.strip())
    doc.fragments.append(Removal(removed, "title:site", f"site name of the page title: '{removed[:40]}'",
                                 title.line, title.kind))


def select_article(doc: Document, lex: Lexicon, th: Thresholds) -> None:
    blocks = doc.blocks
    title = next((b for b in blocks if b.kind == "title" and b.keep), None)
    full = title.text if title is not None else None      # (the headline search reads the whole title)
    keys = LineKeys(blocks)
    if title is not None and title.text.strip():
        trim_title(doc, title, th, keys)
        doc.meta.setdefault("title", title.text.strip())
    promoted = not any(b.final_class == "good" for b in blocks) and promote_near_good(blocks)
    if not any(b.final_class == "good" for b in blocks):
        return
    values = [block_value(b, th) for b in blocks]
    # (a headline repeated among the comments is no headline: the search ends at their section's header)
    section = first_section(blocks, lex, th)
    # (or at the first of a thread of comment heads: a reader quoting the headline)
    memo = HeadMemo(blocks, lex.families["comment"])
    thread = comment_thread(blocks, lex.families["comment"], th, None, section, memo)
    match = headline_match(blocks if thread is None else blocks[:thread], title, th, full, keys)
    lead = None if match is None else match[1]
    if lead is not None:
        values[lead] += th.headline_bonus
    start, end, total, stop = article_run(blocks, values, lex, th, after=lead, section=section, memo=memo)
    if match is not None and start < match[0] <= end \
            and (prose_share(blocks[start:match[0]])[1] < th.secondary_min_prose_pairs
                 or any(start <= i < match[0] for i in comment_stops(blocks))):
        # the article starts at its headline: boxes above it that are no run of paragraphs (a blog's
        # sidebar blurbs, each under its own label), or that end in a comment widget (a teaser column's
        # "Join the conversation"), are no part of it, however long
        search = [-th.bad_penalty] * match[0] + values[match[0]:]
        start, end, total, stop = article_run(blocks, search, lex, th, after=lead, section=section, memo=memo)
    if promoted and (total < th.min_article_units or prose_share(blocks[start:end + 1])[1] < th.secondary_min_prose_pairs):
        # short paragraphs that do not make a run of prose: keep the page as it is, but for a
        # comment section after its prose (a short post and its comments)
        comments = comment_tail(blocks, lex, th, lead, section, memo)
        demote(blocks)
        if comments is not None:
            drop_comment_tail(blocks, comments, lex)
        return
    if end < start:
        return
    start, end = trim_cards(blocks, start, end, th)
    cut = end_at_tags(blocks, values, start, end, lex, th)
    if cut != end:
        end, total = cut, sum(values[start:cut + 1])
    runs = [(start, end)] + more_runs(blocks, lex, values, start, end, total, stop, th)
    runs = merge_clean_gaps(blocks, sorted((extend_lead(blocks, s, th), e) for s, e in runs), lex)
    for s, e in runs:
        restore_between_prose(blocks, s, e)
        drop_link_clusters(blocks, s, e, th)
    # (after the link boxes: a list the article introduces is its own, whatever line follows it)
    runs[-1] = (runs[-1][0], extend_list(blocks, runs[-1][1], stop, lex, th, runs[-1][0]))
    runs[-1] = (runs[-1][0], extend_closing(blocks, runs[-1][1], stop, th))
    drop_outside(blocks, runs, th, stop, lex)
    drop_repeats(blocks, th, keys)
    drop_final_notice(blocks, lex, th)


def drop_final_notice(blocks: list[Block], lex: Lexicon, th: Thresholds) -> None:
    """The site's legal notice after the article: the last kept paragraphs, each too long for the copyright
    family's phrases (``max_chars``) but holding ``notice_min_terms`` of its ``notice_terms`` or more
    ("… are registered trademarks of … may not be reproduced without the prior written consent … © 2012.
    All Rights Reserved.").  The article's first paragraph never goes."""
    fam = lex.families["copyright"]
    if not fam.notices:
        return
    kept = [b for b in blocks if b.keep and b.text.strip()]
    k = len(kept)
    while k > 1 and kept[k - 1].features.chars > fam.max_chars:
        light = light_of(kept[k - 1])
        found = [t for t in fam.notices if t in light]
        if len(found) < th.notice_min_terms:
            break
        kept[k - 1].drop("copyright", "a legal notice after the article: " + ", ".join(f"'{t}'" for t in found[:4]))
        k -= 1
    if k == len(kept):
        return
    notice = kept[k]
    # (the short lines just above it, a box's header, now end the page: they head nothing)
    while k > 1 and kept[k - 1].final_class == "short" and not kept[k - 1].features.ends_sentence:
        kept[k - 1].drop("boilerplate:tail", f"page foot, before the legal notice at line {notice.line}")
        k -= 1


def comment_tail(blocks: list[Block], lex: Lexicon, th: Thresholds, lead: int | None,
                 section: int | None, memo: HeadMemo | None = None) -> int | None:
    """Where the comments start on a page whose prose is short: the first comment widget after prose
    ("57 Comments", "Leave a reply"), comment section header or thread of comment heads."""
    stops = comment_starts(blocks, lex, th, lead, section, memo)[0]
    return stops[0] if stops else None


def drop_comment_tail(blocks: list[Block], stop: int, lex: Lexicon | None = None) -> None:
    """Every kept block from ``stop`` on: the comment section (and the page foot after it)."""
    reason, detail = _section_drop(blocks, stop, lex)
    for b in blocks[stop:]:
        if b.keep:
            b.drop(reason, detail)


def _section_drop(blocks: list[Block], stop: int, lex: Lexicon | None) -> tuple[str, str]:
    """The rule id and detail for what follows the line ``stop`` that ended the article: a comment
    section, or another page's box ("Also on HuffPost:", the nav family's ``section_patterns``)."""
    head = blocks[stop]
    nav = lex.families["nav"].sections if lex is not None else None
    if nav is not None and 0 < head.features.chars and nav.search(light_of(head)):
        return "nav-trailer", f"trailer: after '{head.text.strip()[:20]}', which ends the article"
    return "comment", f"comment section, after '{head.text.strip()[:20]}' (line {head.line})"


def drop_repeats(blocks: list[Block], th: Thresholds, keys: LineKeys | None = None) -> None:
    """A paragraph that repeats, word for word, one of the few kept just before it goes (a photo's
    caption once per slide).  Repeats further apart stay: a forum post quoting an earlier one."""
    keys = LineKeys(blocks) if keys is None else keys     # (whole keys, of blocks whose starts agree)
    recent: list[tuple[str, int]] = []        # (the start of its key, index); "" for no key
    for i, b in enumerate(blocks):
        if not b.keep or not b.text.strip():
            continue
        head = _key_head(b.text) if b.kind not in ("title", "heading", "code") \
            and b.features.units >= th.repeat_min_units else ""
        if head:
            same = next((blocks[k].line for h, k in recent if h and (h.startswith(head) or head.startswith(h))
                         and keys[k] == keys[i]), None)
            if same is not None:
                b.drop("repeat", f"the same text as line {same}")
                continue
        recent.append((head, i))
        if len(recent) > th.repeat_window:
            del recent[0]


_KEY_HEAD_CHARS = 64


def _key_head(text: str) -> str:
    """The start of ``word_key(text)``, "" when it is empty: the key of the first characters (two
    texts with one key have starts of which one begins the other).  The whole key when the text holds
    a capital sigma (its lower case depends on what follows) or its start has no word character."""
    head = word_key(text[:_KEY_HEAD_CHARS]) if "Σ" not in text else ""
    return head or word_key(text)


_DATE_WORDS = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b(on|at|am|pm|updated|published)\b|\d", re.I)


def _date_line(text: str, th: Thresholds) -> bool:
    """A line that is a date and little else ("Wednesday November 20, 2019", "Mar 21, 2007 12:31 AM")."""
    if len(text) > th.card_date_max_chars:
        return False
    found = dates_in(text)
    if not found:
        return False
    rest = besides_dates(text, found)
    return len(word_key(_DATE_WORDS.sub("", rest))) <= th.card_date_rest_chars


def _card(blocks: list[Block], gap: range, th: Thresholds) -> bool:
    """The lines before a teaser's blurb: a headline, a name, a date — 2 to 4 short lines, one a date."""
    lines = [blocks[i] for i in gap if blocks[i].text.strip()]
    return (th.card_min_lines <= len(lines) <= th.card_max_lines
            and all(b.final_class not in ("good", "near-good") for b in lines)
            and any(_date_line(b.text, th) for b in lines))


def trim_cards(blocks: list[Block], start: int, end: int, th: Thresholds) -> tuple[int, int]:
    """The run without the teaser cards it ends with (or starts with): "more stories" after the article.

    A card is a blurb (a paragraph or two) after its headline, author and date.  Short lines cost
    little, so a column of ``card_min_run`` or more cards with good blurbs would extend the article;
    the article is what remains when it is worth ``min_article_units``.
    """
    groups: list[list[int]] = []        # paragraphs in a row (nothing but blank lines between)
    for i in range(start, end + 1):
        if not _is_prose(blocks[i]):
            continue
        if groups and not any(blocks[j].text.strip() for j in range(groups[-1][-1] + 1, i)):
            groups[-1].append(i)
        else:
            groups.append([i])
    if len(groups) <= th.card_min_run:
        return start, end
    def card(k: int) -> bool:       # (asked only from either end, as far as the cards go)
        g = groups[k]
        return _units(blocks, g) <= th.card_blurb_max_units and _card(blocks, range(groups[k - 1][-1] + 1, g[0]), th)

    k = len(groups)
    while k > 1 and card(k - 1):
        k -= 1
    if len(groups) - k >= th.card_min_run and _units(blocks, [i for g in groups[:k] for i in g]) >= th.min_article_units:
        end = groups[k - 1][-1]
    k = 1
    while k < len(groups) and card(k):
        k += 1
    # (the first blurb's own headline and date come before it: it is a card when the next one is)
    if k >= th.card_min_run and k < len(groups) \
            and _units(blocks, [i for g in groups[k:] for i in g]) >= th.min_article_units \
            and _card(blocks, range(max(start, groups[0][0] - th.card_max_lines), groups[0][0]), th):
        start = groups[k - 1][-1] + 1
        while start < groups[k][0] and not blocks[start].text.strip():
            start += 1
    return start, end


def _units(blocks: list[Block], idx: list[int]) -> float:
    return sum(blocks[i].features.units for i in idx)


def merge_clean_gaps(blocks: list[Block], runs: list[tuple[int, int]], lex: Lexicon) -> list[tuple[int, int]]:
    """Two runs with nothing a lexicon flagged between them are one article (its lists, its tables);
    an in-page link ("Back to top", the nav family's ``inline_lines``) does not part them."""
    out = [runs[0]]
    for s, e in runs[1:]:
        gap = blocks[out[-1][1] + 1:s]
        if any(not b.keep and b.reason in GAP_REASONS and not _inline(b, lex) for b in gap):
            out.append((s, e))
        else:
            out[-1] = (out[-1][0], e)
    return out


def prose_share(blocks: list[Block]) -> tuple[float, int]:
    """Share of prose among the non-empty blocks, and how many prose blocks follow a prose block.

    A teaser column alternates headline, source and blurb: its blurbs never follow one another.
    """
    prose = [b.final_class in ("good", "near-good") for b in blocks if b.text.strip()]
    pairs = sum(a and b for a, b in zip(prose, prose[1:]))
    return sum(prose) / (len(prose) or 1), pairs


def section_break(blocks: list[Block], lex: Lexicon) -> Block | None:
    """A whole-line nav or comment header ("相关报道", "Related articles", "Comments") in ``blocks``."""
    for b in blocks:
        if not b.keep and b.reason in ("nav", "comment") and lex.families[b.reason].match_line(b.text) \
                and not _inline(b, lex):
            return b
    return None


def _inline(b: Block, lex: Lexicon) -> bool:
    """An in-page link ("Back to top", the nav family's ``inline_lines``): no section boundary."""
    return b.reason == "nav" and key_form(b.text) in lex.families["nav"].inline


def more_runs(blocks: list[Block], lex: Lexicon, values: list[float], start: int, end: int, total: float, stop: int,
              th: Thresholds) -> list[tuple[int, int]]:
    """Other prose runs worth a share of the main one (an article split by a table of contents or an ad)."""
    out = []
    todo = [(0, start), (end + 1, stop)]
    while todo:
        lo, hi = todo.pop()
        if hi <= lo:
            continue
        s, e, v = best_run(values[lo:hi])
        if e < s or v < max(th.min_article_units, th.secondary_run_share * total):
            continue
        share, pairs = prose_share(blocks[lo + s: lo + e + 1])
        # (a run after the article with nothing a lexicon flagged between them goes on from it: a byline
        # or a photo credit a rule dropped parted the lead from the body)
        near = lo + s > end and not any(not b.keep and b.reason in GAP_REASONS and not _inline(b, lex)
                                        or _tags_line(b, lex, th) for b in blocks[end + 1:lo + s])
        if share < th.secondary_min_prose_share or pairs < (th.secondary_near_min_prose_pairs if near else th.secondary_min_prose_pairs):
            continue
        if lo + s > end and section_break(blocks[end + 1: lo + s], lex) is not None:
            continue
        out.append((lo + s, lo + e))
        todo += [(lo, lo + s), (lo + e + 1, hi)]
    return out


def _tags_line(b: Block, lex: Lexicon, th: Thresholds) -> bool:
    """The post's tags line ("Tags: …", "Filed under: …": the nav family's ``end_patterns``)."""
    ends = lex.families["nav"].ends
    return ends is not None and 0 < b.features.chars <= th.comment_head_max_chars and bool(ends.search(light_of(b)))


def promote_near_good(blocks: list[Block]) -> bool:
    """A page of short paragraphs (wire stories) has no good block: its near-good blocks anchor it."""
    found = False
    for b in blocks:
        if b.final_class == "near-good":
            b.final_class = "good"
            found = True
    return found


def was_promoted(b: Block) -> bool:
    """Made good by :func:`promote_near_good` (nothing else turns a near-good block good)."""
    return b.first_class == "near-good" and b.final_class == "good"


def demote(blocks: list[Block]) -> None:
    for b in blocks:
        if was_promoted(b):
            b.final_class = "near-good"


def extend_lead(blocks: list[Block], start: int, th: Thresholds) -> int:
    """Headings and lead sentences right before the run belong to the article, and a line that introduces
    it ("… when Marc Garneau said something truly implausible:")."""
    i = start
    while i > 0 and start - i < th.max_heading_lookback:
        b = blocks[i - 1]
        if not b.keep or b.kind == "title":
            break
        if b.kind == "heading" or b.features.ends_sentence or b.text.rstrip().endswith(_INTRO_END):
            i -= 1
            continue
        break
    return i


def end_at_tags(blocks: list[Block], values: list[float], start: int, end: int, lex: Lexicon, th: Thresholds) -> int:
    """The article ends before its tags line ("Tags: …", "Filed under: …": the nav family's
    ``end_patterns``) when the run goes on after it with less prose than it had before it
    (``tags_stop_ratio``): sponsors' blurbs and teasers that follow a post.  A blog's front page,
    post after post each with its tags, goes on with more; a thread of dated heads after it (a forum's
    replies) is left to the comment rules.  Returns the new end of the run."""
    ends = lex.families["nav"].ends
    if ends is None:
        return end
    seen_good = False
    for i in range(start, end + 1):
        b = blocks[i]
        if b.final_class == "good":
            seen_good = True
        elif seen_good and b.keep and _tags_line(b, lex, th):
            before = sum(values[start:i])
            heads = lex.families["comment"]
            # (dated heads after it: posts or comments of a thread, which the comment rules judge)
            if best_run(values[i + 1:end + 1])[2] <= th.tags_stop_ratio * before \
                    and not any(has_head(x, heads, th) for x in blocks[i + 1:end + 1]):
                return i - 1
            return end
    return end


_INTRO_END = (":", "：")


def _label(b: Block, th: Thresholds) -> bool:
    """A list's label on a line of its own: a short line ending in a colon ("Upcoming screenings:"); a longer one
    reads as a clause ("Members of the Working Group on Test Taker Rights:"), not a run of names."""
    f = b.features
    if not (b.keep and b.final_class == "short" and b.text.rstrip().endswith(_INTRO_END)):
        return False
    words = f.words + f.han
    return words <= th.list_intro_max_words or (words <= th.list_intro_long_words
                                                 and f.function_density >= th.list_intro_long_density)


def _heading_line(b: Block, th: Thresholds) -> bool:
    """A short kept line that is no sentence (a section's heading), as short as a list's label."""
    f = b.features
    return b.keep and b.final_class == "short" and not f.ends_sentence \
        and f.words + f.han <= th.list_intro_max_words


def extend_list(blocks: list[Block], end: int, stop: int, lex: Lexicon, th: Thresholds, start: int = 0) -> int:
    """A list the article introduces belongs to it: "The areas are:" or "Upcoming screenings:" at the
    end of the run, then short lines (a tracklist, a schedule, the places a story names).

    The run's last block ends in a colon, or the next line is a label that does (:func:`_label`: short, or
    longer when it reads as a clause), or the next line is a short section heading and the one after it
    such a label ("Task Force Membership", "Convenor:"), or the run (from ``start``) ends inside such a
    list (its last lines are items after a line of its own that ends in a colon); the list is the kept
    short lines after it
    (``list_min_items`` to ``list_max_items``; a long one without punctuation, which reads as no prose, too),
    up to a line a rule dropped, a good paragraph or ``stop``;
    an item the template dropped (weak evidence) between two items is one of them and comes back.  A label that names other pages ("More
    from …:", "Related posts:": the nav family's ``intro_patterns``) introduces no list of the article.
    Returns the new end of the run.
    """
    def after(i: int) -> int:
        i += 1
        while i < stop and not blocks[i].text.strip():
            i += 1
        return i

    def item(b: Block) -> bool:
        return b.keep and b.final_class in ("short", "code", "near-good", "bad")

    first = after(end)
    if first >= stop:
        return end
    intro, n = blocks[end], 0
    if not intro.text.rstrip().endswith(_INTRO_END):
        # (the run ends inside the list: its items since the label)
        k = end
        while k > start and (item(blocks[k]) and not blocks[k].text.rstrip().endswith(_INTRO_END)
                             or not blocks[k].text.strip()):
            n += 1 if blocks[k].text.strip() else 0
            k -= 1
        if n and k >= start and blocks[k].keep and blocks[k].text.rstrip().endswith(_INTRO_END):
            intro = blocks[k]
        else:
            n = 0
            intro = blocks[first]
            if _label(intro, th):
                first = after(first)
            else:
                # a section heading, then the label of its list
                label = after(first)
                if not (label < stop and _heading_line(intro, th) and _label(blocks[label], th)):
                    return end
                intro, first = blocks[label], after(label)
    fam = lex.families["nav"]
    if fam.intros is not None and fam.intros.search(light_of(intro)[-th.list_intro_max_chars:]):
        return end
    last, i = end, first
    weak: list[Block] = []      # items the template dropped ("salt and pepper to taste"), between items
    while i < stop and n < th.list_max_items:
        b = blocks[i]
        if not item(b):
            nxt = after(i)
            if not (b.reason in WEAK_REASONS and n and nxt < stop and item(blocks[nxt])):
                break
            weak.append(b)
        n, last = n + 1, i
        i = after(i)
    if n < th.list_min_items:
        return end
    for b in weak:
        b.keep, b.reason, b.detail = True, "", ""
        b.final_class = "short"
    return last


def extend_closing(blocks: list[Block], end: int, stop: int, th: Thresholds) -> int:
    """The article's closing lines belong to it: short sentences right after its last paragraph ("LaRocco
    could not be reached for comment.", "Thanks for helping out!", "Mehsud reported from Miram Shah.").

    A short line costs the run a little, so the best run never ends on one; the lines after the run that
    read as prose and end a sentence (at most ``closing_max_lines``, none of them dropped by a rule, before
    ``stop``) join it.  Returns the new end of the run."""
    last, i = end, end + 1
    while i < min(stop, len(blocks)) and i - end <= th.closing_max_lines:
        b = blocks[i]
        f = b.features
        if not (b.keep and b.kind != "title" and b.final_class in ("short", "near-good")
                and f.ends_sentence and f.prose):
            break
        last, i = i, i + 1
    return last


_ENUMERATED = re.compile(r"^\s*(?:[(（]?\d{1,3}[)）.、]|[(（]?[一二三四五六七八九十]{1,3}[)）、]|[a-z][.)]\s)")
_FIELD = re.compile(r"^[^:：]{1,12}[:：]\s*\S")


def _is_prose(b: Block) -> bool:
    return b.keep and b.final_class in ("good", "near-good")


def restore_between_prose(blocks: list[Block], start: int, end: int) -> None:
    """Context smoothing: a line dropped on weak evidence between two prose paragraphs stays (a heading)."""
    for i in range(start + 1, end):
        b = blocks[i]
        if not b.keep and b.reason in WEAK_REASONS and _is_prose(blocks[i - 1]) and _is_prose(blocks[i + 1]):
            b.keep, b.reason, b.detail = True, "", ""
            b.final_class = "short"


def reads_as_prose(f: Features, th: Thresholds) -> bool:
    """A short CJK line of running text (a blog written line by line), not a headline or a menu item."""
    return f.prose and f.han >= f.words and f.function_density >= th.near_good_density_cjk


def _linkish(b: Block, th: Thresholds) -> bool:
    """A short line that reads like a link: no sentence end, no enumeration (1、 (2)), no "field: value"."""
    f = b.features
    t = b.text.strip()
    return (b.keep and b.final_class == "short" and not f.ends_sentence and not reads_as_prose(f, th)
            and b.kind != "heading"
            and not _ENUMERATED.match(t) and not _FIELD.match(t))


def _flagged(blocks: list[Block], i: int) -> Block | None:
    """The block at ``i`` if a lexicon rule dropped it (a "Related" header, a share bar)."""
    if 0 <= i < len(blocks) and not blocks[i].keep and blocks[i].reason in BOX_REASONS:
        return blocks[i]
    return None


def drop_link_clusters(blocks: list[Block], start: int, end: int, th: Thresholds) -> None:
    """A box of links inside the article: short link-like lines in a row next to a nav or share line."""
    i = start
    while i <= end:
        j = i
        while j <= end and _linkish(blocks[j], th):
            j += 1
        header = _flagged(blocks, i - 1) or _flagged(blocks, j)
        if j - i >= th.link_cluster_min and header is not None:
            for b in blocks[i:j]:
                b.drop("boilerplate:links", f"one of {j - i} short lines next to '{header.text.strip()[:20]}'")
        i = max(j, i + 1)


def drop_outside(blocks: list[Block], runs: list[tuple[int, int]], th: Thresholds, stop: int | None = None,
                 lex: Lexicon | None = None) -> None:
    """Before the first run: the page head; after the last: the trailer; between runs: a gap.

    ``stop`` is the comment widget that ended the search: what follows it is the comment section.
    """
    start, end = runs[0][0], runs[-1][1]
    first_line = blocks[start].line
    for b in blocks[:start]:
        if b.keep and b.kind == "title":
            if not th.title_in_body:
                b.drop("title", "the page title: kept in the front matter, not in the body")
        elif b.keep:
            b.drop("boilerplate:head", f"page head, before the article (which starts at line {first_line})")
    for (_, e), (s, _) in zip(runs, runs[1:]):
        for b in blocks[e + 1:s]:
            if b.keep:
                b.drop("boilerplate:gap", f"between parts of the article (lines {blocks[e].line}-{blocks[s].line})")
    tail = blocks[end + 1:]
    header = next((b for b in tail[:th.trailer_run + 1] if not b.keep and b.reason in EDGE_REASONS), None)
    after_stop = _section_drop(blocks, stop, lex) if stop is not None and stop < len(blocks) else None
    for i, b in enumerate(tail, end + 1):
        if not b.keep:
            continue
        if after_stop is not None and i > stop:
            b.drop(*after_stop)
        elif header is not None:
            b.drop("nav-trailer", f"trailer: after '{header.text.strip()[:20]}', which ends the article")
        else:
            b.drop("boilerplate:tail", f"page foot, after the article (which ends at line {blocks[end].line})")


CONTEXT_REASONS = ("boilerplate:head", "boilerplate:tail", "boilerplate:gap", "boilerplate:links", "nav-trailer",
                   "title", "template")


def ensure_not_empty(doc: Document, th: Thresholds) -> bool:
    """Never an empty article for a page with text: undo the context drops, else keep the longest block.

    Returns True when it had to step in (evidence for :mod:`cleaner.confidence`).
    """
    blocks = [b for b in doc.blocks if b.text.strip()]
    if not blocks or any(b.keep for b in blocks):
        return False
    for b in blocks:
        if b.reason in CONTEXT_REASONS:
            b.keep, b.reason, b.detail = True, "", ""
    if not any(b.keep for b in blocks):
        candidates = [b for b in blocks if not b.reason.startswith("spam")] or blocks
        best = max(candidates, key=lambda b: b.features.units)
        best.keep, best.reason, best.detail = True, "", ""
    return True

