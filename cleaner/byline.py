"""What an article's visible text says about itself: its date and its author (the byline).

Used on the lines of a text dump (its blocks) and on the visible lines of an HTML page, when the page's
markup (JSON-LD, meta tags, ``<time>``) names no date or author. Nothing is deleted here: bylines that
should leave the body are dropped by the strip rules (``credit``) and ``html.parse.drop_header_meta``.

Dates: ``2019年09月18日 10:21``, ``2005-5-7 21:23:57``, ``2022.01.20 16:31``, ``March 5, 2019``, with a
label (发布时间 / 发表于 / 日期 / 时间 / Published …) preferred. Lines of a "related articles" list
(a bullet, or a title followed by its date in brackets) and everything after such a list's header are
never read for a date.

Authors: ``作者：张三``, ``记者 张三 李四``, ``张三/文``, ``By Jane Doe``, ``张三 发表于 …``; ``编辑：`` only
when nothing better is there. ``来源`` (the publication, e.g. 新华网) is kept as ``origin`` by the strip
rules, not taken as the author.
"""
from __future__ import annotations

import datetime as _dt
import functools
import re

from .document import Document

_MONTHS = {m: i + 1 for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}

_TIME = r"(?:\s*[T ]?\s*(\d{1,2})\s*[:：时]\s*(\d{2})(?:\s*[:：分]\s*(\d{2}))?(?:\.\d+)?(?:\s*秒)?\s*(Z|[+-]\d{2}:?\d{2}\b)?)?"
# year, month, day (+ time): 2019-09-18, 2019/9/18, 2019.09.18, 2019年9月18日 (号), 2019-09-18T10:21:00+08:00
_YMD = re.compile(r"(?<!\d)(\d{4})\s*(?:([-/.])|年)\s*(\d{1,2})\s*(?:\2|月)\s*(\d{1,2})(?!\d)\s*[日号]?" + _TIME)
# March 5, 2019 / 5 March 2019 / Mar. 5 2019 (+ time)
_MDY = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b"
                  r"(?:,?\s*(?:at\s+)?(\d{1,2}):(\d{2})\s*([ap]\.?m\.?)?)?", re.I)
_DMY = re.compile(r"\b(\d{1,2})\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(\d{4})\b", re.I)

# Labels before a publication date, and before a date that is not the publication's.
_PUBLISHED = re.compile(r"(发布时间|發佈時間|发表时间|發表時間|发布日期|發佈日期|发布于|發佈於|发表于|發表於|发布|發佈|发表|發表|"
                        r"日期|时间|時間|张贴|張貼|published|posted|date|on)\s*[:：@]?\s*$", re.I)
_NOT_PUBLISHED = re.compile(r"(更新时间|更新時間|更新于|修改时间|修改時間|最后更新|成文日期|截止|报名|"
                            r"updated|modified|last updated|copyright|©)\s*[:：]?\s*$", re.I)
# A line that opens a list of other articles: no date after it belongs to this one.
_RELATED = re.compile(r"^\W*(相关|相關|延伸阅读|延伸閱讀|推荐|推薦|热门|熱門|最新|更多|猜你喜欢|大家都在看|阅读排行|"
                      r"热点|熱點|精彩推荐|往期|上一篇|下一篇|related|more (stories|from|articles|news)|recommended|"
                      r"latest|most (read|popular)|you may also|you might also|read more|see also)", re.I)
_BULLET = re.compile(r"^\s*([·•●◆◇■□▪▸►→\-*>]|\d{1,2}[.、)]\s)")
_BRACKETED_DATE = re.compile(r"[(（\[【]\s*[^()（）\[\]【】]{0,6}\d{4}\s*[-/.年][^()（）\[\]【】]{0,30}[)）\]】]\s*$")

_CJK_NAME = r"[\u4e00-\u9fff·]{2,5}"
_LATIN_NAME = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
_NAMES = (rf"((?:{_CJK_NAME}(?:[ \u3000、，,]+{_CJK_NAME}){{0,3}}|[A-Za-z][\w.-]{{1,30}}(?: [A-Z][\w.-]*){{0,2}})"
          rf"(?:\s*[(（][^()（）\d]{{1,30}}[)）])?)")
# (``记者 李明 摄`` is a photographer's credit, not the author's byline)
_END = r"(?!\s*(?:摄|攝|供图|供圖))(?=$|[\s）)】\]/｜|，,。;；]|(?:发表|發表|报道|報道))"


class _Pattern:
    """An author pattern, compiled at its first use (each CJK character class in it is costly to compile,
    and most processes meet few bylines), with its ``key``: a part of every match, starting with a
    literal, searched for first in the lowercased line (most lines have none)."""

    def __init__(self, key: str | None, source: str, flags: int = 0):
        self.key = re.compile(key) if key else None
        self.source, self.flags = source, flags

    @functools.cached_property
    def rx(self) -> re.Pattern:
        return re.compile(self.source, self.flags)

    def may_match(self, lowered: str) -> bool:
        return self.key is None or self.key.search(lowered) is not None


_AUTHOR_LABELLED = [
    _Pattern(r"(?:作者|撰稿|文)\s*[:：/]", rf"(?:作者|撰文|撰稿|文)\s*[:：/]\s*{_NAMES}{_END}"),
    # 记者 with a space or colon before the names; without one only as ``记者张三/文`` or ``（记者张三）``
    _Pattern(r"记者|記者|通讯员|通訊員", rf"(?:记者|記者|通讯员|通訊員)[\s:：]+{_NAMES}{_END}"),
    _Pattern(r"记者|記者", rf"(?:记者|記者)({_CJK_NAME}(?:\s+{_CJK_NAME}){{0,3}})(?=\s*/\s*文|\s*[）)])"),
    _Pattern(r"文\s*[/|｜]", rf"(?:^|[\s（(【\[])(?:文|图文|圖文)\s*[/|｜]\s*{_NAMES}{_END}"),
    _Pattern(r"/\s*文", rf"(?:^|[\s（(])({_CJK_NAME}(?:[ 、]{_CJK_NAME}){{0,3}})\s*/\s*文(?:$|[\s）)])"),
    _Pattern(r"来源|來源", rf"^\s*[\[【]\s*({_CJK_NAME}(?:\s+{_CJK_NAME}){{0,3}})\s*[\]】]\s*(?:来源|來源)"),
    _Pattern(r"by", rf"^\s*(?:[Bb]y|BY)\s+({_LATIN_NAME}(?:\s*(?:,|and|&)\s*{_LATIN_NAME})*)\s*(?:$|[|,·•—–-]|\d)"),
    _Pattern(r"by", r"(?:^|\s)by\s+([A-Za-z][\w.-]{1,30})\s*〓?\s*$", re.I),
    _Pattern(r"发表于|發表於|posted on|poſted on",      # (re.I matches 'ſ' as 's'; lower() keeps it)
             rf"^\s*([A-Za-z][\w.-]{{1,30}}|{_CJK_NAME})\s+(?:发表于|發表於|posted on)\s*\d", re.I),
    _Pattern(r"由", rf"^\s*由\s*([A-Za-z][\w.-]{{1,30}}|{_CJK_NAME})\s*(?:张贴|張貼|发表|發表|发布|發佈)"),
]
# ``……。（常书香 马丹阳）`` / ``（姚峰 上海报道）`` closing a paragraph: the reporters' signature (only on a
# line that ends with a closing bracket: tested by find_author)
_SIG_NAME = r"(?![\u4e00-\u9fff]{2,4}(?:报道|報道))[\u4e00-\u9fff·]{2,4}(?![\u4e00-\u9fff])"
_SIGNATURE = _Pattern(None, rf"[。！？!?”」]\s*[（(]\s*(?:[^\s()（）]{{0,6}}(?:记者|記者)\s*)?({_SIG_NAME}(?:\s+{_SIG_NAME}){{0,3}})"
                            rf"\s*(?:\S{{2,4}}报道|\S{{2,4}}報道)?\s*[）)]\s*$")
_SIGNATURE_ENDS = ("）", ")")
_NOT_SIGNATURE = re.compile(r"(社|网|網|报|報|台|局|部|院|会|會|司|厅|廳|委|完|图|圖|摄|攝|组|組|版|转载|轉載|供图|資料)")
_AUTHOR_EDITOR = _Pattern(r"编|編", rf"(?:责任编辑|責任編輯|编辑|編輯|责编|責編)\s*[:：]\s*{_NAMES}{_END}")
# A line whose head holds none of these cannot hold a byline but a signature (each pattern's key holds one
# of them). Every alternative starts with a literal, so the search skips to those characters in C; a
# case-insensitive pattern (re.I) is tried at every position of the line ('ſ': re.I matches it as 's').
_AUTHOR_HINT = re.compile(r"作者|撰|文|记者|記者|通讯|通訊|编|編|发表|發表|由|来源|來源|"
                          r"B[Yy]|b[Yy]|P[Oo][Ssſ][Tt][Ee][Dd]|p[Oo][Ssſ][Tt][Ee][Dd]")
# The tiers of find_author: ``作者：`` and English bylines, then reporters.
_TIERS = (_AUTHOR_LABELLED[:1] + _AUTHOR_LABELLED[6:], _AUTHOR_LABELLED[1:6])
# Words that are never (part of) a name: what follows 记者 in running text ("记者近日从…获悉").
_NOT_NAME = re.compile(r"(近日|日前|从|從|获悉|獲悉|了解|表示|报道|報道|采访|採訪|发现|發現|看到|来到|來到|走进|走進|"
                       r"在|对|對|向|说|說|的|了|是|和|与|與|今天|昨天|本报|本報|本网|本網|本台|中心|频道|頻道|编辑|編輯|"
                       r"有限|公司|网站|網站|来源|來源|责任|責任|时间|時間|日期|记者|記者|原创|原創|新闻|新聞)")
_JUNK_AUTHOR = re.compile(r"^(admin|administrator|root|user|unknown|anonymous|none|null|n/?a|guest|staff|editor|"
                          r"佚名|匿名|未知|管理员|管理員|本站|本网|本網|小编|小編|网友|網友)$", re.I)

HEAD_LINES = 40        # a byline is among the first lines after the title ...
HEAD_CHARS = 160       # ... and is a short line


# ------------------------------------------------------------------ dates

def _iso(y: int, mo: int, d: int, h=None, mi=None, s=None, tz: str | None = None) -> str:
    try:
        _dt.date(y, mo, d)
    except ValueError:
        return ""
    if not (1990 <= y <= _dt.date.today().year + 1):
        return ""
    out = f"{y:04d}-{mo:02d}-{d:02d}"
    if h is not None and mi is not None and int(h) < 24 and int(mi) < 60:
        out += f"T{int(h):02d}:{int(mi):02d}"
        if s is not None and int(s) < 60:
            out += f":{int(s):02d}"
        if tz:
            out += "+00:00" if tz == "Z" else (tz if ":" in tz else tz[:3] + ":" + tz[3:])
    return out


def _match_date(m: re.Match) -> str:
    if m.re is _YMD:
        return _iso(int(m.group(1)), int(m.group(3)), int(m.group(4)), m.group(5), m.group(6), m.group(7),
                    m.group(8))
    if m.re is _MDY:
        h = m.group(4)
        if h is not None and m.group(6) and m.group(6)[0].lower() == "p" and int(h) < 12:
            h = int(h) + 12
        return _iso(int(m.group(3)), _MONTHS[m.group(1)[:3].lower()], int(m.group(2)), h, m.group(5))
    return _iso(int(m.group(3)), _MONTHS[m.group(2)[:3].lower()], int(m.group(1)))


def dates_in(text: str) -> list[tuple[int, int, str]]:
    """Every date of ``text``: (start, end, ISO 8601), in order."""
    found = []
    for rx in (_YMD, _MDY, _DMY):
        for m in rx.finditer(text):
            iso = _match_date(m)
            if iso and not any(s <= m.start() < e for s, e, _ in found):
                found.append((m.start(), m.end(), iso))
    return sorted(found)


def besides_dates(text: str, found: list[tuple[int, int, str]]) -> str:
    """``text`` without the dates ``dates_in(text)`` found in it: what a dateline holds besides them."""
    return "".join(text[a:b] for a, b in zip([0] + [e for _, e, _ in found], [s for s, _, _ in found] + [len(text)]))


def parse_date(value: str) -> str:
    """A date as a page's markup gives it (ISO 8601, RFC 2822, ``2019年9月18日``…) → ISO 8601, keeping the
    time and its timezone when given; "" when there is no date in it."""
    value = (value or "").strip()
    if not value:
        return ""
    if re.match(r"^[A-Za-z]{3},\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}", value):       # RFC 2822 (RSS, HTTP)
        from email.utils import parsedate_to_datetime     # (here, not at import: few runs meet such a date)
        try:
            d = parsedate_to_datetime(value)
            tz = d.strftime("%z") if d.tzinfo else None
            return _iso(d.year, d.month, d.day, d.hour, d.minute, d.second, tz)
        except (TypeError, ValueError):
            pass
    found = dates_in(value)
    if found:
        return found[0][2]
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", value)        # 20190918
    return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else ""


_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?=[/._-]|$)|/((?:19|20)\d{2})(\d{2})(\d{2})(?=[/._-])")


def url_date(url: str) -> str:
    """The date in an article's address (``/2015/03/18/``, ``/2015-03-18-``, ``/20150318/``), or ""."""
    m = _URL_DATE.search(url or "")
    if not m:
        return ""
    y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
    return _iso(int(y), int(mo), int(d))


_YEAR = re.compile(r"(?:19|20)\d\d")


def _line_date(line: str) -> tuple[int, str]:
    """The best date of one line as (rank, ISO): 0 labelled as published, 1 plain; (9, "") none or another date's."""
    best = (9, "")
    if not _YEAR.search(line):
        return best         # (no year, no date: most lines, tested at once)
    for start, _end, iso in dates_in(line):
        before = line[max(0, start - 12):start]
        if _NOT_PUBLISHED.search(before):
            continue
        rank = 0 if _PUBLISHED.search(before) else 1
        if rank < best[0]:
            best = (rank, iso)
    return best


def find_date(lines: list[str], start: int | None = None) -> str:
    """The publication date a byline among ``lines`` shows (from ``start``, the title's line; None: no
    title line known, the whole head of the page is read), or ""."""
    known = start is not None
    start = start or 0
    best = (9, 10**9, "")
    seen_body = False
    head = HEAD_LINES if known else HEAD_LINES * 3       # no title found: the byline may be further down
    first = max(0, start - 8)       # a newspaper's dateline may stand just above the headline
    end = start + HEAD_LINES * 3 if known else HEAD_LINES * 8
    for i, line in enumerate(lines[first:end], first - start):
        text = line.strip()
        if not text:
            continue
        if _is_body(text):
            seen_body = True
        if len(text) <= 16 and _RELATED.match(text):
            if i >= 0 and (seen_body or best[2]):
                break       # (before the article's text, such words are the site's navigation)
            continue
        if len(text) > HEAD_CHARS or _BULLET.match(text) or _BRACKETED_DATE.search(text):
            continue
        rank, iso = _line_date(text)
        if not iso:
            continue
        if rank == 1 and i >= head:
            continue        # an unlabelled date far below the title is the body's
        if i < 0:
            rank, i = rank + 1, HEAD_LINES - i      # above the headline: only when nothing below it
        if (rank, i) < best[:2]:
            best = (rank, i, iso)
        if rank == 0 and i >= 0:
            break
    return best[2]


# ------------------------------------------------------------------ authors

def clean_author(value: str) -> str:
    """An author name as given, or "" for junk: numeric ids, URLs, e-mail addresses, placeholders, sentences."""
    value = re.sub(r"\s+", " ", str(value or "")).strip(" \t,，;；|｜/:：[]【】<>")
    if value.count("(") + value.count("（") != value.count(")") + value.count("）"):
        value = value.strip("()（）")
    value = re.sub(r"^(?:by|von|par|por)\s+", "", value, flags=re.I)
    if not value or len(value) > 80 or re.match(r"https?://|www\.", value, re.I) or "@" in value[1:]:
        return ""
    if not re.search(r"[^\W\d_]", value):
        return ""       # digits and punctuation only: an id
    if (re.fullmatch(r"[\W_]*[A-Za-z]{0,6}[\W_]*\d{3,}[\W_]*", value) or re.fullmatch(r"[A-Za-z]{1,8}[_#-]\d+", value)
            or _JUNK_AUTHOR.match(value)):
        return ""       # user_104485, L_104485, id 1234
    if re.fullmatch(r"[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|cn|edu|gov|info|io|co|uk|de|tw|hk)", value, re.I):
        return ""       # a domain: the site, not a person
    if re.search(r"[。！？!?]|\.\s|\s{2,}", value) or len(value.split()) > 8:
        return ""       # a sentence, not a name
    return value


def _valid_names(names: str) -> str:
    names = names.strip()
    paren = re.search(r"\s*[(（][^()（）]*[)）]$", names)
    core = names[:paren.start()] if paren else names
    parts = [p for p in re.split(r"[ \u3000、，,]+", core) if p]
    if not parts or any(_NOT_NAME.search(p) for p in parts):
        return ""
    return clean_author(" ".join(parts) + (" " + paren.group(0).strip() if paren else ""))


def find_author(lines: list[str], start: int | None = None) -> str:
    """The author a byline among ``lines`` names (from ``start``), or "": ``作者：`` / ``By`` first, then
    reporters (``记者``, ``文/``), then a closing signature ``……。（张三 李四）``, then an editor."""
    found = ["", "", "", ""]
    for line in lines[start:start + HEAD_LINES * 3] if start is not None else lines[:HEAD_LINES * 8]:
        text = line.strip()
        short = len(text) <= HEAD_CHARS
        head = text if short else text[:HEAD_CHARS]
        signed = text.endswith(_SIGNATURE_ENDS)
        if not signed and not _AUTHOR_HINT.search(head):
            continue
        lowered = head.lower()
        for tier, patterns in enumerate(_TIERS):
            if found[tier]:
                continue
            for p in patterns:
                if not p.may_match(lowered):
                    continue
                m = next((m for m in p.rx.finditer(head) if _valid_names(m.group(1))), None)
                if m:
                    found[tier] = _valid_names(m.group(1))
                    break
        if found[0]:
            return found[0]
        if (not found[2] and signed and (m := _SIGNATURE.rx.search(text))
                and not _NOT_SIGNATURE.search(m.group(1))):
            found[2] = _valid_names(m.group(1))
        if not found[3] and short and _AUTHOR_EDITOR.may_match(lowered) and (m := _AUTHOR_EDITOR.rx.search(text)):
            found[3] = _valid_names(m.group(1))
    return next((f for f in found if f), "")


def _is_body(text: str) -> bool:
    """A line of running text (the article has begun)."""
    return len(text) >= 80 and bool(re.search(r"[。！？；]|[a-z][.!?]\s", text))


def title_line(lines: list[str], title: str) -> int | None:
    """Index of the line showing ``title`` (the byline follows it), or None: of its showings before the
    article's first paragraph the last (a text dump opens with ``<title>``, the headline comes later)."""
    key = _NON_WORD.sub("", title or "").lower()
    if len(key) < 4:
        return None
    shortest, longest = 0.6 * len(key), 3 * len(key) + 40      # (raw lengths a showing can have)
    found = None
    for i, line in enumerate(lines):
        if shortest <= len(line) <= longest:
            k = _NON_WORD.sub("", line).lower()
            if k and (k == key or (0.6 * len(key) <= len(k) <= 1.5 * len(key) + 10 and (k in key or key in k))):
                found = i
                continue
        if found is not None and _is_body(line):
            break
    return found


_NON_WORD = re.compile(r"\W+")


def apply(doc: Document) -> Document:
    """A text dump's date and author from its own lines, as front-matter fields (blocks untouched;
    fields already set, e.g. from Markdown front matter, win)."""
    if doc.meta.get("date") and doc.meta.get("author"):
        return doc
    lines = [b.text for b in doc.blocks]
    start = title_line(lines, str(doc.meta.get("title") or next((b.text for b in doc.blocks if b.kind == "title"), "")))
    if not doc.meta.get("date"):
        date = find_date(lines, start)
        if date:
            doc.meta["date"] = date
    if not doc.meta.get("author"):
        author = find_author(lines, start)
        if author:
            doc.meta["author"] = author
    return doc
