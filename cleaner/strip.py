"""Stage 3 — strip: label every block keep/drop, with a reason.

Laid out the way jusText is:

1. features (:mod:`cleaner.features`): size, punctuation, function words, digits;
2. context-free rules: each a small named function that drops a block with a
   rule id (``credit:editor``, ``spam:gambling``, ``copyright``, ``share``,
   ``comment``, ``nav``) and a human detail, from the lexicons in
   ``cleaner/rules/*.toml`` (:mod:`cleaner.lexicon`);
3. batch template learning (:mod:`cleaner.template`): lines seen in many files;
4. context (:mod:`cleaner.context`): the article is the run of blocks with the
   most prose; short blocks inside it are judged by their neighbours, the head
   and the trailer around it go.

Reasons are rule ids; ``--explain``, ``--report`` and the tests read them from
the blocks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from . import script
from .confidence import confidence
from .context import ensure_not_empty, select_article
from .document import Block, Document, Removal, Span, frozen_text
from .features import PUNCT, THRESHOLDS, Thresholds, block_features, classify
from .lexicon import Lexicon, is_sentence, key_from_light, nfkc_form
from .parse import caption_credit_split
from .rules import Rules, as_rules
from .strip_html import decide_cuts, strip_page_blocks

# Formats whose blocks are a whole page (navigation included) and need the page-context pass.
# HTML is not among them: its parser has already chosen the article's container (cleaner.html.region).
# Markdown is taken as an authored article (our own output among it): context-free rules only.
PAGE_FORMATS = ("text",)
FORMS_WINDOW = script.FOLD_BATCH     # blocks whose lookup forms are held at once (see _strip_blocks)


def strip(doc: Document, rules: Rules | dict[str, Any] | None = None, template: "Any | None" = None,
          thresholds: Thresholds = THRESHOLDS, disable: tuple[str, ...] = ()) -> Document:
    """Label every block; ``disable`` switches rules off by name (``STRIP_RULE_NAMES``)."""
    with frozen_text(doc.blocks):      # every rule reads b.text: join the spans once per block
        try:
            return _strip(doc, rules, template, thresholds, disable)
        finally:
            for b in doc.blocks:           # the lookup forms are strip's own (and as large as the text)
                b.forms = None


def _strip(doc: Document, rules: Rules | dict[str, Any] | None, template: "Any | None", th: Thresholds,
           disable: tuple[str, ...] = ()) -> Document:
    if doc.format == "html":
        # What the page analysis cut out goes first, with its evidence; the rules below see the page's
        # other blocks only, as they saw them when parse removed the cuts.
        decide_cuts(doc.blocks)
        every = doc.blocks
        doc.blocks = [b for b in every if b.evidence is None]
        try:
            strip_page_blocks(doc, as_rules(rules))
            return _strip_blocks(doc, rules, template, th, disable)
        finally:
            doc.blocks = every
    return _strip_blocks(doc, rules, template, th, disable)


def _strip_blocks(doc: Document, rules: Rules | dict[str, Any] | None, template: "Any | None", th: Thresholds,
                  disable: tuple[str, ...] = ()) -> Document:
    lex = as_rules(rules).lexicon
    blocks = doc.blocks
    texts = [b.text for b in blocks]
    info = _DocumentScript(texts)
    last = max((i for i, t in enumerate(texts) if t.strip()), default=-1)
    for i, b in enumerate(blocks):
        b.features = f = block_features(b, lex, th)
        f.last_block = i == last
    # blocks skip the family rules that cannot match them (same labels, fewer calls)
    active = [r for r in BLOCK_RULES if r.rule_name not in disable]
    rule_lists: dict = {None: active}
    # The lookup forms are as large as the text: made for a window of blocks at a time (one OpenCC
    # call each, as fold_many makes) and let go once its blocks are judged, unless the template
    # pass hashes them
    keep_forms = template is not None and "template" not in disable
    # the context pass looks for comment heads and sections in the light form of short lines: those
    # keep theirs (a text that changes there, a trimmed title, lets go of its own: Block.set_text)
    light_max = th.comment_head_max_chars if doc.format in PAGE_FORMATS and "context" not in disable else -1
    for start in range(0, len(blocks), FORMS_WINDOW):
        window = blocks[start:start + FORMS_WINDOW]
        lookup_forms(window, texts[start:start + FORMS_WINDOW], lex)
        for i, b in enumerate(window, start):
            if not b.keep or b.kind == "code":
                continue
            # (a caption's text may change on the way: split_caption_credit)
            fams = None if b.kind == "caption" else \
                lex.families_to_try(b.forms.key, b.forms.light, b.features.chars, b.text)
            rules_here = rule_lists.get(fams)
            if rules_here is None:
                rules_here = rule_lists[fams] = [r for r in active if getattr(r, "family", None) in (None, *fams)]
            for rule in rules_here:
                if rule(doc, i, b, lex, info, th):
                    break
        if not keep_forms:
            for b in window:
                b.forms = LookupForms(b.forms.light) if b.forms is not None and b.features.chars <= light_max \
                    else None
    if template is not None and "template" not in disable:
        template.apply(doc, th)
    for b in blocks:
        b.first_class = b.final_class = classify(b, th)    # (the context pass revises final_class)
    if doc.format in PAGE_FORMATS and "context" not in disable:
        select_article(doc, lex, th)
    doc.confidence = confidence(doc, stepped_in=ensure_not_empty(doc, th), th=th)
    return doc


class _DocumentScript:
    """The document's :class:`cleaner.script.ScriptInfo` (counts and ratio; no region), computed
    the first time a rule asks for it: only a block with a spam term or Latin junk does."""

    def __init__(self, texts: list[str]):
        self._texts = texts             # (joined only when asked: a copy of the article otherwise held)
        self._info: script.ScriptInfo | None = None

    def __getattr__(self, name: str):
        if self._info is None:
            self._info = script.detect("\n".join(self._texts), region=False)
        return getattr(self._info, name)


_CREDIT_STRIP = "[]【】()（） \t\u3000"


def _credit_candidate(b: Block, lex: Lexicon) -> bool:
    return b.kind in ("paragraph", "caption", "heading", "title") and b.features.chars <= 4 * lex.credit_max


@dataclass(slots=True)
class LookupForms:
    """The folded forms of a block's text that strip's rules look things up in (``Block.forms``).

    Strip's own, during its run only: they are as large as the text.  A rule that changes the text
    sets ``forms`` to None (``Block.set_text`` does), and rules compute what they need when it is None."""

    light: str                      # :func:`cleaner.lexicon.light_form`
    key: str | None = None          # :func:`cleaner.lexicon.key_form`; None when no family line can match
    spam_key: str | None = None     # the text folded and lower-cased, as ``drop_spam`` reads it
    credit_fold: tuple[str, str] | None = None   # (text, folded text) ``drop_credit_line`` parses


def lookup_forms(blocks: list[Block], texts: list[str], lex: Lexicon) -> None:
    """``b.forms`` (:class:`LookupForms`) of every block, with one OpenCC call (per ``script.FOLD_BATCH`` texts).

    :func:`cleaner.lexicon.is_sentence`, which few blocks need, is computed by the rules that need it.
    """
    nfkc = [nfkc_form(t) for t in texts]
    wanted: dict[str, None] = dict.fromkeys(nfkc)
    raw_needed = [i for i, t in enumerate(texts) if t is not nfkc[i]]
    wanted.update(dict.fromkeys(texts[i] for i in raw_needed))
    credit = {i: texts[i].strip().strip(_CREDIT_STRIP) for i, b in enumerate(blocks) if _credit_candidate(b, lex)}
    wanted.update(dict.fromkeys(credit.values()))
    keys = list(wanted)
    folded = dict(zip(keys, script.fold_many(keys)))
    for i, b in enumerate(blocks):
        light = folded[nfkc[i]].lower()
        # (key None: no family line, see Lexicon.cannot_be_line)
        b.forms = LookupForms(light, None if lex.cannot_be_line(light, b.features.chars) else key_from_light(light),
                              light if texts[i] is nfkc[i] else folded[texts[i]].lower(),
                              (credit[i], folded[credit[i]]) if i in credit else None)


# ------------------------------------------------------------------ block rules

def drop_credit_line(doc: Document, i: int, b: Block, lex: Lexicon, info, th: Thresholds) -> bool:
    """``责任编辑：卧虫`` / ``[来源：新华社 作者：张三]`` → front matter, out of the body."""
    if not _credit_candidate(b, lex):
        return False
    pre = b.forms.credit_fold if b.forms is not None else None   # (from lookup_forms, unless the text changed)
    if pre is None:
        text = b.text.strip().strip(_CREDIT_STRIP)
        pre = (text, script.fold(text))
    text, folded = pre
    if not lex.credit_re.match(folded):
        return False            # (the first label must open the line: no need to look further)
    matches = list(lex.credit_re.finditer(folded))
    if not matches or matches[0].start() != 0:
        return False
    pairs = []
    for m, nxt in zip(matches, [*matches[1:], None]):
        value = text[m.end(): nxt.start() if nxt else len(text)].strip(" \t|｜丨/")
        if not value or len(value) > lex.credit_max or value[-1] in "。！？":
            return False
        pairs.append((lex.credit_fields[m.group(1).lower()], value))
    for field_name, value in pairs:
        doc.meta.setdefault(field_name, value)
    b.drop(f"credit:{pairs[0][0]}", ", ".join(f"{f}={v}" for f, v in pairs))
    return True


def split_caption_credit(doc: Document, i: int, b: Block, lex: Lexicon, info, th: Thresholds) -> bool:
    """Captions keep their description; the ``图|credit`` part goes (a pure credit drops the block)."""
    if b.kind != "caption" or doc.format == "markdown":
        return False        # a Markdown caption (*...*) is already clean: its words are all description
    split = caption_credit_split(b.text, lex.caption_credit)
    if split is None:
        return False
    description, credit = split
    if not description:
        b.drop("credit:image", f"image credit '{credit}'")
        return True
    whole = b.text
    b.set_text(description)     # (its lookup forms are computed again when a later rule needs them)
    # the record holds all that left the block: the credit with its marker and the brackets around it
    removed = whole.replace(description, " ", 1).strip()
    doc.fragments.append(Removal(removed, "credit:image", f"credit part of a caption: '{credit}'", b.line,
                                 b.kind))
    return False


def drop_spam(doc: Document, i: int, b: Block, lex: Lexicon, info, th: Thresholds) -> bool:
    """Injected SEO lines: vocabulary and signals; ``spam_min_signals`` pieces of evidence drop it.

    A vocabulary term is one piece of evidence, a second distinct term another, each signal
    another.  Weak signals (the last block, a Han line without punctuation) only back up a term an
    article never uses (时时彩, write my essay); a block whose terms are all *mentions* (体彩, payday
    loan: words news use too) needs a signal that is not weak (a script mismatch will do), and a
    sentence one that it sells (an SEO suffix, a sales cue, a phone number, a web address, Latin
    junk) — a sentence that merely mentions a lottery stays.
    """
    f = b.features
    if split_spam_trailer(doc, b, lex, info):
        return False        # (the article's sentences before it stay, and go on to the other rules)
    if f.chars > lex.spam_max:
        return False
    key = b.forms.spam_key if b.forms is not None else None
    if key is None:
        key = script.fold(b.text).lower()
    if lex.spam_any is not None and not lex.spam_any.search(key):
        hits: dict[str, list[str]] = {}
    else:
        hits = {cat: [t for t in terms if _has_term(key, t)] for cat, terms in lex.spam.items()}
        hits = {c: t for c, t in hits.items() if t}
    if not hits and not latin_junk(b.text.strip()):
        return False        # without a term only latin-junk with script-mismatch is spam
    signals = spam_signals(doc, i, b, info, th)
    if hits:
        terms = {t for ts in hits.values() for t in ts}
        signals += _term_signals(key, terms, lex)
        sentence = _spam_sentence(b, th)
        # a term is one piece of evidence; a sentence of running text needs one more, and a signal
        # that it sells; a line of mentions only a signal that is not weak
        needed = th.spam_min_signals + (1 if sentence else 0)
        if sentence:
            backed = any(s in _SELLING_SPAM_SIGNALS for s in signals)
        elif terms <= lex.spam_mentions:
            backed = any(s not in _WEAK_SPAM_SIGNALS for s in signals)
        else:
            backed = True
        if backed and 1 + len(signals) + (len(terms) > 1) >= needed:
            cat = max(hits, key=lambda c: len(hits[c]))
            b.drop(f"spam:{cat}", f"terms {', '.join(hits[cat])}; signals {', '.join(signals) or 'none'}")
            return True
    if "latin-junk" in signals and "script-mismatch" in signals:
        b.drop("spam:trailer", f"signals {', '.join(signals)}")
        return True
    return False


# The end of a block's last sentence, and what follows it up to the end of the text: an SEO trailer glued
# to an article's paragraph ("……将进一步巩固。内蒙古时时彩wifa") has no punctuation of its own.
_GLUED_TAIL = re.compile(r"[。！？!?…](?P<tail>[^\s。！？!?…，,、；;：:“”\"'「」『』（）()《》【】]{2,24})\s*$")


def split_spam_trailer(doc: Document, b: Block, lex: Lexicon, info) -> bool:
    """An SEO line glued to the end of an article's paragraph goes; the paragraph stays.

    The tail after the paragraph's last sentence-final stop, without punctuation of its own, holding
    a term only SEO lines use (时时彩, 北京赛车, 娛樂城) and no function word, or any spam term (六合彩, 运彩)
    with a signal that it sells (an SEO suffix, a sales cue, Latin junk, a phone number, a web address).
    A paragraph that merely mentions a lottery, or ends in a sentence of its own, is not touched."""
    text = b.text
    if len(text) < 4 or text[-1] in "。！？!?…" or b.kind == "code":
        return False
    m = _GLUED_TAIL.search(text, max(0, len(text) - 40))       # (the tail is short: its last 40 characters)
    if m is None:
        return False
    tail = m.group("tail")
    key = script.fold(tail).lower()
    if lex.spam_any is None or not lex.spam_any.search(key):
        return False
    terms = {t for ts in lex.spam.values() for t in ts if _has_term(key, t)}
    if not terms:
        return False
    selling = ["latin-junk"] if latin_junk(tail) else []
    selling += _term_signals(key, terms, lex)
    selling += [name for name, rx in (("phone", _PHONE), ("url", _URL)) if rx.search(tail)]
    own = terms - lex.spam_mentions
    if not selling and not (own and lex.function_chars.isdisjoint(key)):
        return False
    cat = next(c for c, ts in lex.spam.items() if any(t in terms for t in ts))
    _cut_end(b, len(text) - m.start("tail"))
    doc.fragments.append(Removal(tail, f"spam:{cat}", f"trailer glued to a paragraph: terms {', '.join(sorted(terms))}; "
                                 f"signals {', '.join(selling) or 'glued, no function word'}", b.line, b.kind))
    return True


def _term_signals(key: str, terms: set[str], lex: Lexicon) -> list[str]:
    """The signals that the spam ``terms`` found in ``key`` (a folded, lower-case text) sell: an SEO suffix
    glued to one (时时彩开奖, 北京赛车计划, 六合彩官网), a sales cue beside them (cheap, for sale, free spins,
    注册送, 最准)."""
    out = []
    if any(t + x in key for t in terms for x in lex.spam_suffixes):
        out.append("seo-suffix")
    if lex.spam_cue_re is not None:
        rest = key
        for t in sorted(terms, key=len, reverse=True):
            rest = rest.replace(t, " ")         # (a cue inside a term is the term's own word)
        if lex.spam_cue_re.search(rest):
            out.append("sales-cue")
    return out


def _cut_end(b: Block, n: int) -> None:
    """Remove the last ``n`` characters of the block's text, keeping the spans (links, emphasis) before them."""
    if b.rows is not None or b.text != "".join(s.text for s in b.spans):
        b.set_text(b.text[:-n].rstrip())
        return
    spans = list(b.spans)
    while n and spans:
        last = spans[-1]
        if len(last.text) <= n:
            n -= len(last.text)
            spans.pop()
        else:
            spans[-1] = Span(last.text[:-n].rstrip(), last.style, last.href)
            n = 0
    b.spans = spans
    b.forms = None


# Signals that say where a block is or how it looks, not that it sells: they back up a term only
# an SEO line uses, never a mention (体彩, payday loan) or a sentence.
_WEAK_SPAM_SIGNALS = frozenset({"last-block", "no-punctuation"})
# Signals that a block advertises: what a sentence needs to be spam (a script mismatch is not
# enough there: an article may quote a Traditional sentence about a lottery).
_SELLING_SPAM_SIGNALS = frozenset({"seo-suffix", "sales-cue", "phone", "url", "latin-junk"})


def _has_term(key: str, term: str) -> bool:
    """``term`` occurs in ``key``; a Latin term as whole words ("soma" is not in "somatic")."""
    at = key.find(term)
    if at < 0 or not term.isascii() or not term[:1].isalpha():
        return at >= 0
    while at >= 0:
        end = at + len(term)
        if (at == 0 or not key[at - 1].isascii() or not key[at - 1].isalnum()) and \
                (end == len(key) or not key[end].isascii() or not key[end].isalpha()):
            return True
        at = key.find(term, at + 1)
    return False


def _spam_sentence(b: Block, th: Thresholds) -> bool:
    """Running text: :func:`is_sentence`, or a line that ends as a sentence and reads as prose
    (function words: "The bill would cap rates on payday loans.", "本期双色球开出一等奖5注。")."""
    f = b.features
    return is_sentence(b.text) or (f is not None and f.ends_sentence
                                   and f.function_density >= th.min_function_density)


_LATIN_JUNK = re.compile(r"[\u4e00-\u9fff][a-z]{2,8}$")
# A match ends the text (or comes before its final newline) and is at most 9 characters long, so
# it lies in the last 10: only they are searched (``re`` would try every Han character of a paragraph).
_LATIN_JUNK_TAIL = 10


def latin_junk(t: str) -> bool:
    """``_LATIN_JUNK.search(t)``: Latin letters glued to the Han text they end."""
    return _LATIN_JUNK.search(t[-_LATIN_JUNK_TAIL:]) is not None


# Contact details SEO lines carry: a Chinese mobile number, a 400/800 hotline, an international
# number, a QQ / WeChat / WhatsApp / Telegram id.
_PHONE = re.compile(
    r"(?<!\d)(?:1[3-9]\d{9}|[48]00-?\d{3}-?\d{4}|\+\d{1,3}[ -]?\d{2,4}[ -]?\d{3,4}[ -]?\d{3,4})(?!\d)"
    r"|(?:qq|微信|vx|wechat|whatsapp|telegram)\s*(?:群|号|id)?\s*[:：]?\s*(?=[a-z0-9_]*\d)[a-z0-9_]{5,}", re.I)
# A web address: a scheme, www., or a bare host with a digit or a hyphen in its name or glued to
# Han text (ssc888.com, 时时彩ssc.com) — not a site name ending a title ("… | Wired.com").
# (Han outside ``re.I``: case-folding its 21,000 code points was most of compiling the pattern, for nothing)
_HAN = r"(?-i:[\u4e00-\u9fff])"
_URL = re.compile(rf"https?://|www\.|(?:(?<={_HAN})|(?<![\w.@-]))"
                  rf"(?=[a-z0-9-]*[0-9-]|(?<={_HAN}))[a-z0-9][a-z0-9-]{{1,62}}\.(?:com|net|org|cc|vip|top|"
                  r"xyz|info|biz|me|tv|co|io|cn|tw|hk|mo|app|bet|casino|club|site|online|shop)\b", re.I)


def spam_signals(doc: Document, i: int, b: Block, info, th: Thresholds) -> list[str]:
    t = b.text.strip()
    out = []
    if b.features.last_block:
        out.append("last-block")
    if info.trad + info.simp >= 20:
        bi = script.detect(t, region=False)     # (the region does not change the counts)
        if bi.trad + bi.simp >= 2 and abs(bi.ratio - info.ratio) > 0.5:
            out.append("script-mismatch")
    if latin_junk(t):
        out.append("latin-junk")
    if b.features.han and PUNCT.isdisjoint(t):
        out.append("no-punctuation")        # (Latin headings have none either: not evidence there)
    if _PHONE.search(t):
        out.append("phone")
    if _URL.search(t):
        out.append("url")
    return out


def _lexicon_rule(name: str) -> Callable:
    def rule(doc: Document, i: int, b: Block, lex: Lexicon, info, th: Thresholds) -> bool:
        fam = lex.families[name]
        forms = b.forms
        if forms is None:
            why = fam.match(b.text, b.features.chars, None, None)
        else:
            why = fam.match(b.text, b.features.chars, forms.key, forms.light)
        if why:
            b.drop(fam.reason, why)
            return True
        return False
    rule.family = name  # type: ignore[attr-defined]
    rule.rule_name = name  # type: ignore[attr-defined]
    rule.__name__ = f"drop_{name}"
    rule.__doc__ = f"Blocks matching the '{name}' lexicon."
    return rule


drop_copyright = _lexicon_rule("copyright")
drop_share = _lexicon_rule("share")
drop_comment = _lexicon_rule("comment")
drop_nav = _lexicon_rule("nav")
drop_ad = _lexicon_rule("ad")
drop_byline = _lexicon_rule("byline")
drop_media = _lexicon_rule("media")

# Order matters only for which reason a block gets when several apply.
BLOCK_RULES: list[Callable] = [drop_credit_line, split_caption_credit, drop_spam, drop_copyright,
                               drop_share, drop_comment, drop_nav, drop_ad, drop_byline, drop_media]

drop_credit_line.rule_name = "credit"             # type: ignore[attr-defined]
split_caption_credit.rule_name = "caption-credit"  # type: ignore[attr-defined]
drop_spam.rule_name = "spam"                      # type: ignore[attr-defined]

# Names for ``--disable``: each block rule, batch template learning, and the page-context pass.
STRIP_RULE_NAMES: tuple[str, ...] = tuple(r.rule_name for r in BLOCK_RULES) + ("template", "context")
