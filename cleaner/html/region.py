"""Find the article in a page's DOM.

Three steps, in the Readability tradition with density measures that suit
Chinese portals (CETD; GNE's text-and-symbol density):

1. ``clean_dom`` — remove what is never content: scripts, styles, forms,
   hidden nodes, ``<nav>``/``<aside>``/``<footer>`` and ARIA navigation roles.
2. ``find_article`` — every block that owns running text scores its ancestors
   (more for long text and for punctuation; CJK characters weigh double);
   each container's score is damped by its link density and its class/id
   hints; the best container wins, then its siblings that look like more of
   the same article join it.  A semantic element (``<article>``, ``<main>``,
   ``[itemprop=articleBody]``) that holds most of the winner's text is
   preferred.
3. ``prune_article`` — inside the article, subtrees that are lists of links,
   share bars, related-article boxes or comment threads are removed.

All thresholds are named module constants; class/id words are data in
``cleaner/rules/html.toml``.
"""
from __future__ import annotations

import re
from collections import Counter

from lxml import etree

from dataclasses import dataclass

from .dom import (CLASS_WEIGHT, COMMENT_HEAD_MAX_CHARS, INLINE_TAGS, PARAGRAPH_TAGS, PRESERVE_WHITESPACE,
                       Element, PageCache, Stats, _fold, body_of, class_id, class_weight, classes, cut, describe,
                       has_descendant, ids_under, measure, strings, text_of, unlikely_among, unlikely_nodes)
from .blocks import data_table_rows
from .dom import clean_dom, hints  # noqa: F401  (re-exported: the stage's three steps in one place)

# Named thresholds.
ANCESTOR_LEVELS = 5              # how far up a paragraph's score travels
SIBLING_SCORE_RATIO = 0.2        # a sibling joins when its score reaches this share of the winner's
SIBLING_MIN_SCORE = 10
MAX_ALTERNATIVES = 5             # top candidates looked at for a common ancestor
MIN_ALTERNATIVES = 3             # ... that many strong ones under one ancestor make it the article
ALTERNATIVE_RATIO = 0.75
BAD_TEXT_COST = 1.0              # climbing to an ancestor: each boilerplate char cancels one text char
CLIMB_MIN_GAIN = 0.1             # ... and the ancestor must gain this share more
CLIMB_MIN_CHARS = 200            # ... and at least this many characters of text
LISTING_POST_CHARS = 150         # a dated sibling with this much text is another post of a listing
LISTING_DATE_WINDOW = 400        # ... its date within this many characters of its start
LISTING_POST_GOOD_SHARE = 0.5    # ... and running text is at least this share of its text
LISTING_SHARE = 0.6              # posts hold at least this share of a listing's text
CLIMB_MAX_TEASERS = 2            # ... nor gaining this many linked headlines (teasers of other stories)
CLIMB_MAX_LINK_DENSITY_RISE = 0.08   # ... without becoming more of a link list
MIN_ARTICLE_CHARS = 200          # below: retry without removing "unlikely" subtrees
SEMANTIC_SHARE = 0.8             # a semantic element must hold this share of the winner's text
PRUNE_LINK_DENSITY = 0.5         # a subtree of mostly links is navigation...
PRUNE_LIST_LINK_DENSITY = 0.35    # a list of three items or more with this much link text ...
PRUNE_LIST_MAX_CHARS = 1000       # ... and shorter than this is a link list
PRUNE_LINK_DENSITY_NEG = 0.2     # ... or of some links, when its class says so
PRUNE_TABLE_SENTENCE_CHARS = 200  # a link table has at most one sentence end per this many characters
CARD_LIST_MIN_CARDS = 3          # teaser cards: this many boxes of one shape ...
CARD_MAX_CHARS = 250             # ... each this short and opening with a link ...
CARD_LIST_SHARE = 0.8            # ... holding this share of their container's text ...
CARD_LIST_ROOT_SHARE = 0.5       # ... which holds less than this share of the article
REMOVE_MAX_CHARS = 300           # a subtree with a "share"/"related" class is removed when short...
REMOVE_LINK_DENSITY = 0.3        # ... or mostly links
REMOVE_KEEP_PROSE = 500          # a slideshow or promo box goes at any size while this much prose stays beside it
THREAD_HEADER_CHARS = 150        # a forum thread: the head of each post (the poster's panel) ...
THREAD_LABEL_SHARE = 0.75        # ... shares words with this share of the posts ...
THREAD_MIN_LABELS = 2            # ... this many of them (a blog archive's posts open with their own titles)
OUTER_PROSE_MIN_CHARS = 150      # a box beside the region's ancestors joins it with this much running text ...
OUTER_PROSE_SHARE = 0.4          # ... making this share of its text ...
OUTER_PROSE_LINK_DENSITY = 0.3   # ... and fewer links than this (as running text: dom.GOOD_MAX_LINK_SHARE)


# ------------------------------------------------------------------ 2. scoring

_BASE_SCORE = {"div": 5, "article": 10, "main": 5, "section": 3, "pre": 3, "td": 3, "blockquote": 3,
               "address": -3, "ol": -3, "ul": -3, "dl": -3, "dd": -3, "dt": -3, "li": -3, "form": -3,
               "h1": -5, "h2": -5, "h3": -5, "h4": -5, "h5": -5, "h6": -5, "th": -5}


def _initial_score(tag: Element, h) -> float:
    base = _BASE_SCORE.get(tag.tag, 0)
    if tag.get("itemprop") == "articleBody":
        base += CLASS_WEIGHT
    return base + class_weight(tag, h)


def score_candidates(stats: dict[Element, Stats], candidates: list, h=None) -> dict[Element, tuple[Element, float]]:
    """Scores of the containers of running text.  ``candidates``: the elements ``measure`` found
    owning enough text (in reverse document order)."""
    scores: dict[Element, list] = {}
    for t in reversed(candidates):
        s = stats[t]
        weight = s.owned + s.owned_cjk
        score = 1 + min(s.owned_punct, 30) + min(weight / 100, 3)
        node: Element | None = t.getparent() if t.tag in PARAGRAPH_TAGS else t
        level = 0
        while node is not None and level < ANCESTOR_LEVELS:
            if node.tag == "html":
                break
            entry = scores.get(node)
            if entry is None:
                entry = scores[node] = [node, _initial_score(node, h)]
            entry[1] += score / (1 if level == 0 else 2 if level == 1 else level * 3)
            node = node.getparent()
            level += 1
    out = {}
    for k, (n, sc) in scores.items():
        s = stats.get(k)
        out[k] = (n, sc * (1 - s.link_density) if s is not None else sc)
    return out


def find_article(root: Element, cache: PageCache | None = None) -> list[Element]:
    """The element(s) holding the article, in document order (never empty).

    ``cache``: shared with ``prune_article`` right after (own-text counts, the final statistics)."""
    if cache is None:
        cache = PageCache()
    body = body_of(root)
    if cache.classed is not None:       # (clean_dom met them on its walk: no walk over the body)
        unlikely = unlikely_among(cache.classed, body, cache.hints)
        cache.classed = None            # (only right for the tree as clean_dom left it)
    else:
        unlikely = unlikely_nodes(body, cache.hints)
    candidates: list = []
    stats = measure(body, unlikely, cache, candidates)
    cache.page_chars = stats[body].chars + cache.excluded_chars
    nodes = _select(body, stats, candidates, cache)
    if sum(stats[n].chars for n in nodes if n in stats) >= MIN_ARTICLE_CHARS:
        # (the statistics stay right for prune_article: an excluded subtree counted nothing but
        # "bad" text, which pruning does not look at, and it is removed now)
        cache.stats = stats
        for n in nodes:
            gone: set = set()
            for t in list(n.iterdescendants(etree.Element)):
                if t in unlikely and t not in gone:
                    gone.update(t.iter(etree.Element))
                    cut(t, "html:unlikely", "{el}: class/id says navigation, sidebar or footer",
                        cache)
        return nodes
    candidates = []
    stats = cache.stats = measure(body, cache=cache, candidates=candidates)
    return _select(body, stats, candidates, cache)


def _is_top(t: Element | None) -> bool:
    """``body``, ``html`` or above: where climbing stops."""
    return t is None or t.tag in ("body", "html")


@dataclass(slots=True)
class RegionChoice:
    """How the article region was chosen: its score and the best candidate elsewhere on the page
    (neither inside nor around it), for the removal records and ``confidence``."""
    score: float = 0.0
    runner_up: Element | None = None
    runner_up_score: float = 0.0
    candidates: int = 0

    @property
    def margin(self) -> float:
        """The chosen region's score over the runner-up's (1.0: no rival at all)."""
        if self.score <= 0:
            return 0.0
        return max(0.0, 1 - max(self.runner_up_score, 0) / self.score)

    def describe(self) -> str:
        rival = (f"runner-up {describe(self.runner_up)} {self.runner_up_score:.0f}"
                 if self.runner_up is not None else "no runner-up")
        return f"text score {self.score:.0f} ({rival})"


def _choice(nodes: list[Element], scores: dict) -> RegionChoice:
    """The best score inside the chosen region (its nodes and below) and the best-scored candidate
    neither inside it nor above it (the runner-up)."""
    inside: set = set()
    for n in nodes:
        inside.update(n.iter(etree.Element))
    above = {a for n in nodes for a in n.iterancestors()}
    best, rival, rival_score = 0.0, None, 0.0
    for el, sc in scores.values():
        if el in inside:
            best = max(best, sc)
        elif el not in above and sc > rival_score:
            rival, rival_score = el, sc
    return RegionChoice(best, rival, rival_score, len(scores))


def _select(root: Element, stats: dict[Element, Stats], candidates: list,
            cache: PageCache | None = None) -> list[Element]:
    scores = score_candidates(stats, candidates, cache.hints if cache is not None else None)
    if not scores:
        if cache is not None:
            cache.choice = RegionChoice()
        return [root]
    ranked = sorted(scores.values(), key=lambda x: -x[1])
    top, top_score = ranked[0]
    # Several strong candidates under one ancestor: that ancestor is the article.
    strong = [n for n, sc in ranked[1:MAX_ALTERNATIVES + 1] if sc >= ALTERNATIVE_RATIO * top_score]
    if len(strong) >= MIN_ALTERNATIVES:
        anc = top.getparent()
        while not _is_top(anc):
            if sum(1 for n in strong if _is_ancestor(anc, n)) >= MIN_ALTERNATIVES:
                posts = listing_posts(anc, top, stats)
                if not posts or _is_thread(posts):
                    top = anc
                break
            anc = anc.getparent()
    # Climb while the parent is still a good candidate and beats its child (text split over boxes).
    threshold = top_score / 3
    last = scores.get(top, (top, top_score))[1]
    parent = top.getparent()
    while not _is_top(parent):
        ps = scores.get(parent)
        if ps is None:
            parent = parent.getparent()
            continue
        if ps[1] < threshold:
            break
        if ps[1] > last:
            top = parent
            break
        last = ps[1]
        parent = parent.getparent()
    top_score = max(scores.get(top, (top, 0))[1], top_score)
    top = _first_post(top, scores, stats)
    top = _best_ancestor(top, stats)
    top = _prefer_semantic(top, stats)
    nodes = _with_siblings(top, top_score, scores, stats, cache.hints if cache is not None else None)
    if cache is not None:
        cache.choice = _choice(nodes, scores)
    return nodes


def _is_ancestor(anc: Element, node: Element) -> bool:
    return any(a is anc for a in node.iterancestors())


def _best_ancestor(top: Element, stats: dict[Element, Stats]) -> Element:
    """Climb to the ancestor that gains the most running text for the least boilerplate."""
    def gain(t: Element) -> float:
        s = stats.get(t)
        return s.good - BAD_TEXT_COST * s.bad if s else float("-inf")
    best, best_gain = top, gain(top)
    own = stats.get(top)
    max_ld = (own.link_density if own else 0) + CLIMB_MAX_LINK_DENSITY_RISE
    for anc in top.iterancestors():
        if anc.tag in ("body", "html"):
            break
        s = stats.get(anc)
        if s is None or s.link_density > max_ld or _is_listing(anc, top, stats) \
                or s.link_headings - (own.link_headings if own else 0) >= CLIMB_MAX_TEASERS:
            break
        g = gain(anc)
        if g > best_gain + max(CLIMB_MIN_CHARS, CLIMB_MIN_GAIN * best_gain):
            best, best_gain = anc, g
            # (the rise is allowed per step taken: a box without links that won — a notice — must not
            # stop the climb its section, with a few links, would make)
            max_ld = max(max_ld, s.link_density + CLIMB_MAX_LINK_DENSITY_RISE)
    return best


_DATE_STAMP = re.compile(r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d\d"
                         r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, (?:19|20)\d\d")


def _has_date(text: str) -> bool:
    # every form has a year "19xx" or "20xx": without one the (slow) search cannot match
    return ("19" in text or "20" in text) and bool(_DATE_STAMP.search(text))


def _shape(t: Element) -> tuple:
    return t.tag, tuple(classes(t))


def _leading_text(t: Element, n: int) -> str:
    """``t.get_text(" ")[:n]`` without joining the whole subtree's text (bs4's pieces: whitespace-only
    ones folded to one character outside <pre>)."""
    if t.tag in PRESERVE_WHITESPACE or has_descendant(t, *PRESERVE_WHITESPACE) \
            or any(a.tag in PRESERVE_WHITESPACE for a in t.iterancestors()):
        pieces = strings(t)
    else:       # (no <pre> around or below: lxml's own text walk, folded as strings() folds)
        pieces = (_fold(p, False) if p else p for p in t.itertext())
    parts: list[str] = []
    size = 0
    for piece in pieces:
        parts.append(piece)
        size += len(piece) + 1
        if size > n:
            break
    return " ".join(parts)[:n]


def dated_posts(container: Element, stats: dict[Element, Stats], shape: tuple | None = None) -> list[Element]:
    """Children of ``container`` that are dated posts of one shape (two or more: a blog's front page)."""
    boxes: list[tuple[Element, tuple, Stats]] = []
    for sib in container.iterchildren(etree.Element):
        st = stats.get(sib)
        # a post is a box of blocks (title, date, body), not a paragraph that mentions a date
        # (tested first: most children are not, and need no shape)
        # and mostly running text (a sidebar column of dated links is no post)
        if st and st.good >= LISTING_POST_CHARS and sib.tag not in PARAGRAPH_TAGS and st.owned < 0.5 * st.chars \
                and st.good >= LISTING_POST_GOOD_SHARE * st.chars:
            sib_shape = _shape(sib)
            if shape is None or sib_shape == shape:
                boxes.append((sib, sib_shape, st))
    if len(boxes) < 2:
        return []           # (no two posts to find)
    # Only a shape two boxes share can make the two posts asked for: the (slow) date test is skipped
    # for the others.  (A group of one never wins; the groups keep the order of their first dated post.)
    shared = {k for k, n in Counter(box_shape for _, box_shape, _ in boxes).items() if n >= 2}
    groups: dict[tuple, list[Element]] = {}
    for sib, sib_shape, st in boxes:
        if sib_shape in shared and _is_dated(sib, st):
            groups.setdefault(sib_shape, []).append(sib)
    best = max(groups.values(), key=len, default=[])
    return best if len(best) >= 2 else []


def _is_dated(box: Element, st: Stats) -> bool:
    """A date opens the box's text (and it holds no code); cached on its statistics."""
    if st.dated is None:
        st.dated = _has_date(_leading_text(box, LISTING_DATE_WINDOW)) and not has_descendant(box, "pre")
    return st.dated


def listing_posts(anc: Element, top: Element, stats: dict[Element, Stats]) -> list[Element]:
    """The dated posts under ``anc`` shaped like the branch holding ``top``."""
    branch = top
    while branch is not None and branch.getparent() is not anc:
        branch = branch.getparent()
    if branch is None:
        return []
    return dated_posts(anc, stats, _shape(branch))


_LABEL_WORD = re.compile(r"[^\W\d_]{3,}")
_DATE_WORDS = frozenset("jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july "
                        "august september october november december mon tue wed thu fri sat sun monday tuesday "
                        "wednesday thursday friday saturday sunday".split())


def _is_thread(posts: list[Element]) -> bool:
    """The dated posts are the replies of a forum thread, not a blog's archive: their headers share the
    labels of the forum's template ("Joined:", "Posts:", "Registered:" in each poster's panel) where the
    posts of an archive open with titles of their own."""
    counts: Counter = Counter()
    for p in posts:
        counts.update({w.lower() for w in _LABEL_WORD.findall(_leading_text(p, THREAD_HEADER_CHARS))}
                      - _DATE_WORDS)     # (posts of one month share its name: no label)
    need = max(2, THREAD_LABEL_SHARE * len(posts))
    return sum(1 for n in counts.values() if n >= need) >= THREAD_MIN_LABELS


def _is_listing(anc: Element, top: Element, stats: dict[Element, Stats]) -> bool:
    return bool(listing_posts(anc, top, stats))


def _first_post(top: Element, scores: dict, stats: dict[Element, Stats]) -> Element:
    """The best box is one post of a listing of dated posts around it (a blog's archive page): the
    article is the listing's first (newest) post, its best-scoring box.

    A region that is itself the listing (the scores chose the container of the posts: a forum thread,
    a blog's category page) stays whole: its posts are read as one text, and human extractions of
    such pages keep them all.  Dated boxes beside the best box that do not hold it (a sidebar's news
    items next to the article column) are not its listing."""
    posts = dated_posts(top, stats)
    own = stats.get(top)
    if posts and own and sum(stats[p].good for p in posts) >= LISTING_SHARE * own.good:
        return top
    for anc in top.iterancestors():
        if anc.tag == "html":
            return top
        posts = listing_posts(anc, top, stats)
        if posts:
            break
    if not posts or not any(p is top or _is_ancestor(p, top) for p in posts):
        return top
    first = posts[0]
    if first is top or _is_ancestor(first, top):
        return top
    inside = [(sc, n) for n, sc in scores.values() if n is first or _is_ancestor(first, n)]
    return max(inside, key=lambda x: x[0])[1] if inside else first


def _prefer_semantic(top: Element, stats: dict[Element, Stats]) -> Element:
    """An <article>/<main>/articleBody ancestor holding little else beats a bare div."""
    own = stats.get(top)
    for anc in top.iterancestors():
        if anc.tag in ("body", "html"):
            break
        if anc.tag in ("article",) or anc.get("itemprop") == "articleBody":
            s = stats.get(anc)
            if own and s and own.chars >= SEMANTIC_SHARE * s.chars and s.link_density < 0.3:
                return anc
            break
    return top


def _with_siblings(top: Element, top_score: float, scores: dict, stats: dict[Element, Stats],
                   h=None) -> list[Element]:
    parent = top.getparent()
    if parent is None or parent.tag == "html" or listing_posts(parent, top, stats):
        return [top]
    threshold = max(SIBLING_MIN_SCORE, top_score * SIBLING_SCORE_RATIO)
    top_class = classes(top)
    out = []
    for sib in parent.iterchildren(etree.Element):
        if sib is top:
            out.append(sib)
            continue
        s = stats.get(sib)
        if s is None or s.chars == 0 or s.link_headings >= CLIMB_MAX_TEASERS:
            continue
        bonus = top_score * 0.2 if top_class and classes(sib) == top_class else 0
        sc = scores.get(sib, (sib, 0))[1]
        if sc + bonus >= threshold:
            out.append(sib)
        elif sib.tag == "p" or (sib.tag in ("div", "section") and s.block_children == 0):
            ld = s.link_density
            if s.weight > 80 and ld < 0.25:
                out.append(sib)
            elif 0 < s.weight <= 80 and ld == 0 and re.search(r"[.。!?！？]\s*$|\.\s", text_of(sib)):
                out.append(sib)
    return _with_outer_prose(top, out, stats, h)


def _with_outer_prose(top: Element, nodes: list[Element], stats: dict[Element, Stats], h=None) -> list[Element]:
    """More of the article beside the region's ancestors: an old page laid out in tables puts one
    story, a catalogue's items or a column of puzzles in a box each, and continues the text in
    paragraphs after the layout table that holds its first part.  Going up from the region, a box
    beside an ancestor joins the region when it is running text (``OUTER_PROSE_*``: enough prose,
    few links, no linked headlines, no negative class), and is a paragraph or a box of the
    ancestor's own kind (same tag; the same classes, one's within the other's, or none and no id: a
    sidebar, a profile or a newsletter box has its own), and is not the site's notice (copyright,
    disclaimer: ``site_notices``).  A table row's other cells are columns, never more of it; the
    climb stops at a listing of dated posts (one post of a blog's archive is the article, as
    ``_first_post`` says)."""
    node = top.getparent()
    notice = h.site_notice if h is not None else None
    while node is not None and not _is_top(node):
        parent = node.getparent()
        if parent is None or listing_posts(parent, node, stats):
            break
        if parent.tag != "tr":
            before: list[Element] = []
            after: list[Element] = []
            seen = False
            for sib in parent.iterchildren(etree.Element):
                if sib is node:
                    seen = True
                    continue
                if _outer_prose(sib, node, stats.get(sib), h, notice):
                    (after if seen else before).append(sib)
            if before or after:
                nodes = before + nodes + after
        node = parent
    return nodes


def _outer_prose(sib: Element, node: Element, s: Stats | None, h, notice: re.Pattern | None) -> bool:
    if s is None or s.good < OUTER_PROSE_MIN_CHARS or s.good < OUTER_PROSE_SHARE * s.chars \
            or s.link_density >= OUTER_PROSE_LINK_DENSITY or s.link_headings >= CLIMB_MAX_TEASERS:
        return False
    if not (sib.tag == "p" or _same_kind(sib, node)) or class_weight(sib, h) < 0:
        return False
    return notice is None or notice.search(" ".join(text_of(sib).split()).lower()) is None


def _same_kind(sib: Element, node: Element) -> bool:
    """Two boxes of one kind: the same tag, and the same classes (one's within the other's), or no
    class on either and no id on ``sib``."""
    if sib.tag != node.tag:
        return False
    a, b = classes(sib), classes(node)
    if a or b:
        return bool(a) and bool(b) and (set(a) <= set(b) or set(b) <= set(a))
    return sib.get("id") is None


# ------------------------------------------------------------------ 3. pruning

def prune_article(nodes: list[Element], cache: PageCache | None = None) -> None:
    """Remove link lists, share bars, related boxes and comment threads inside the article.

    ``cache``: the one ``find_article`` filled, on the same tree (its statistics are reused)."""
    h = cache.hints if cache is not None else hints()
    for root in nodes:
        if cache is not None and cache.stats is not None:
            stats, head_words = cache.stats, cache.head_words
        else:
            local = PageCache(hints=h)
            stats, head_words = measure(root, cache=local), local.head_words
        verbatim = ids_under(root, ("pre", "code"))
        root_chars = stats[root].chars
        gone: set = set()
        data_tables: dict = {}      # table -> whether it is a data table (asked before a cut in it)
        for t in list(root.iterdescendants(etree.Element)):
            if t in gone or t in verbatim:
                continue
            name = t.tag
            if name == "table":
                s = stats.get(t)
                if s is not None and _is_link_table(t, s):
                    gone.update(t.iter(etree.Element))
                    cut(t, "html:link-table", f"{{el}}: a table of links, link density "
                        f"{s.link_density:.2f}", cache)
                continue
            if name in ("pre", "code", "tr", "td", "th", "tbody", "thead"):
                continue
            ci = class_id(t)
            s = stats.get(t)
            if s is None:
                continue
            if ci and h.is_removable(ci) \
                    and ((s.chars < REMOVE_MAX_CHARS or s.link_density > REMOVE_LINK_DENSITY)
                         and s.chars < 0.5 * root_chars
                         or h.remove_any_size.search(ci) and _prose_beside(t, root, stats, h) >= REMOVE_KEEP_PROSE):
                gone.update(t.iter(etree.Element))
                cut(t, "html:related", "{el}: class/id says share bar or related box", cache)
                continue
            if name in INLINE_TAGS or name in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"):
                continue
            weight = class_weight(t, h)
            if _is_link_list(t, s, weight) and not (weight >= 0 and _annotated(t, stats)):
                why = ("html:link-list", f"{{el}}: a list of links, link density {s.link_density:.2f}")
            elif _is_card_list(t, s, stats, root_chars):
                why = ("html:cards", "{el}: teaser cards (linked headlines with blurbs)")
            else:
                continue
            if _in_data_cell(t, root, data_tables):
                continue
            gone.update(t.iter(etree.Element))
            cut(t, *why, cache)
        if h.comment_head is not None and head_words:
            _cut_comment_section(root, stats, h.comment_head, head_words, gone, cache)


COMMENT_HEAD_PROSE_BEFORE = 150   # ... and comes after at least this much running text of the article
_COMMENT_HEAD_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6", "div", "p", "strong", "b", "span", "dt", "header"))


def _cut_comment_section(root: Element, stats: dict[Element, Stats], head_re: re.Pattern, head_words: list,
                         gone: set, cache: PageCache | None) -> None:
    """A comment section's heading inside the article ("Comments", "5 Responses to …") ends it: the heading
    and everything after it in the region go (``html:comment-section``).  Only after the article's prose: a
    "Comments" link in a share bar above the text ends nothing."""
    head = _comment_head(root, stats, head_re, head_words, gone)
    if head is None:
        return
    following: list[Element] = []
    node = head
    while node is not None and node is not root:
        following.extend(x for x in node.itersiblings() if isinstance(x.tag, str) and x not in gone)
        node = node.getparent()
    if node is None:
        return
    after = sum(stats[x].good for x in following if x in stats)
    if stats[root].good - after < COMMENT_HEAD_PROSE_BEFORE:
        return
    for x in [head] + following:
        gone.update(x.iter(etree.Element))
        cut(x, "html:comment-section", "{el}: in the comment section, after its heading", cache)


def _comment_head(root: Element, stats: dict[Element, Stats], head_re: re.Pattern, head_words: list,
                  gone: set) -> Element | None:
    """The first heading-like element under ``root`` whose whole text is a comment section's heading.
    (Only the elements ``measure`` saw holding a heading's word in their own short text, and up to two
    levels around them, are looked at: ``head_words``, in reverse document order.)"""
    seen: set = set()
    for el in sorted((e for e in head_words if e not in gone and _is_ancestor(root, e)),
                     key=lambda e: e.sourceline or 0):
        for _ in range(3):          # the element, or a heading up to two levels around it
            if el is None or el is root or el in gone:
                break
            if el.tag in _COMMENT_HEAD_TAGS and el not in seen:
                seen.add(el)
                if _is_comment_head(el, stats, head_re):
                    return el
            el = el.getparent()
    return None


def _is_comment_head(t: Element, stats: dict[Element, Stats], head_re: re.Pattern) -> bool:
    s = stats.get(t)
    if s is not None:
        if not s.chars or s.chars > COMMENT_HEAD_MAX_CHARS or s.good:
            return False
        if s.links and s.links >= 0.5 * s.chars:
            return False        # a link to the comments (a share bar's "12 comments"), not their heading
    elif len(t) > 3 or has_descendant(t, "a", "p"):
        return False            # (an excluded subtree, not measured: only a bare heading-like element)
    text = " ".join(text_of(t, " ", strip=True).split())
    return 0 < len(text) <= COMMENT_HEAD_MAX_CHARS and bool(head_re.match(text))


def _prose_beside(t: Element, root: Element, stats: dict[Element, Stats], h) -> int:
    """The running text of ``root`` outside ``t`` (``t``'s own counts in ``root``'s only when no box on
    the way up has a negative class: ``measure`` counts prose in such a box as boilerplate)."""
    node = t
    while node is not None and node is not root:
        if class_weight(node, h) < 0:
            return stats[root].good
        node = node.getparent()
    return stats[root].good - stats[t].good


def _in_data_cell(t: Element, root: Element, memo: dict) -> bool:
    """``t`` is in a cell of a data table (its nearest table, inside the article): what the cells hold
    is data, never a link list or cards (a link in a <div> in a cell is the cell's value: cutting
    it left an empty cell). ``memo``: each table's answer, asked once."""
    for a in t.iterancestors():
        if a.tag == "table":
            if a not in memo:
                memo[a] = data_table_rows(a) is not None
            return memo[a]
        if a is root:
            return False
    return False


def _starts_with_link(t: Element) -> bool:
    """The box's first visible text is link text (its headline)."""
    node = _first_text_parent(t)
    while node is not None and node is not t:
        if node.tag == "a":
            return True
        node = node.getparent()
    return False


def _first_text_parent(el: Element) -> Element | None:
    """The element holding the first non-blank piece of text under ``el``."""
    if el.text and el.text.strip():
        return el
    for c in el:
        if isinstance(c.tag, str):
            found = _first_text_parent(c)
            if found is not None:
                return found
        if c.tail and c.tail.strip():
            return el
    return None


def _is_card_list(t: Element, s: Stats, stats: dict[Element, Stats], root_chars: int) -> bool:
    """Three or more boxes of one shape, each short and opening with a link (a linked headline
    with a blurb: "most popular", "more stories"), filling the box: teaser cards, not the article."""
    if t.tag not in ("div", "section") or s.chars == 0 or s.chars > CARD_LIST_ROOT_SHARE * root_chars:
        return False
    cards: dict[tuple, list[Element]] = {}
    for c in t.iterchildren("div", "section", "article"):
        cards.setdefault(_shape(c), []).append(c)
    best = max(cards.values(), key=len, default=[])
    if len(best) < CARD_LIST_MIN_CARDS:
        return False
    sizes = [stats[c].chars if c in stats else 0 for c in best]
    if sum(sizes) < CARD_LIST_SHARE * s.chars or max(sizes) > CARD_MAX_CHARS:
        return False
    return all(_starts_with_link(c) for c in best)


_SENTENCE_END = re.compile(r"[。！？]|[.!?](?:\s|$)")


def _is_link_table(t: Element, s: Stats) -> bool:
    """A table (holding no other table) whose text is mostly links and not sentences is a grid of
    headlines or a link bar laid out as a table, not data (an infobox has <th> labels: it stays)."""
    if s.chars == 0 or s.link_density <= PRUNE_LINK_DENSITY or has_descendant(t, "table", "th"):
        return False
    return len(_SENTENCE_END.findall(text_of(t, " "))) <= s.chars / PRUNE_TABLE_SENTENCE_CHARS


def _sentences(t: Element) -> bool:
    """List items that end like sentences ("… fixed the crash.") are notes, not a list of headlines."""
    items = list(t.iterdescendants("li")) if t.tag in ("ul", "ol") else [t] if t.tag == "li" else []
    ends = [text_of(li, " ", strip=True)[-1:] for li in items]
    ends = [e for e in ends if e]
    return bool(ends) and sum(e in "。！？.!?" for e in ends) > 0.5 * len(ends)


ANNOTATED_MIN_ITEMS = 3       # a list of this many items or more ...
ANNOTATED_ITEM_TEXT = 25      # ... with this many characters of their own beside their links on average ...
ANNOTATED_ITEM_MIN = 10       # ... and this many in each item


def _annotated(t: Element, stats: dict[Element, Stats]) -> bool:
    """A list whose every item says something beside its link ("2TB drive for $161.99 (normally $180 - use
    coupon code …)", "Cast: …, …") is the article's list, however many links it holds: a list of other
    pages' headlines is their links and little else (a date, a source's name).  An item of such a list is
    the list's."""
    if t.tag == "li":
        t = t.getparent()
    if t is None or t.tag not in ("ul", "ol"):
        return False
    items = [stats.get(li) for li in t.iterchildren("li")]
    if len(items) < ANNOTATED_MIN_ITEMS or any(x is None for x in items):
        return False
    own = [x.chars - x.links for x in items]
    return min(own) >= ANNOTATED_ITEM_MIN and sum(own) >= ANNOTATED_ITEM_TEXT * len(own)


def _is_link_list(t: Element, s: Stats, weight: int) -> bool:
    if s.chars == 0:
        return False
    ld = s.link_density
    linkish = (ld > PRUNE_LINK_DENSITY and s.punct <= 2 + s.chars // 200
               or weight < 0 and ld > PRUNE_LINK_DENSITY_NEG and s.chars < 500
               # (a long list with some links is content: references, a reading list)
               or t.tag in ("ul", "ol") and ld > PRUNE_LIST_LINK_DENSITY and s.list_items >= 3
               and (ld > PRUNE_LINK_DENSITY or s.chars < PRUNE_LIST_MAX_CHARS))
    return linkish and not _sentences(t)    # (read last: it joins every item's text)
