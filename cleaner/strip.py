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
from typing import Any, Callable

from . import script
from .context import confidence, ensure_not_empty, select_article
from .document import Block, Document, Removal
from .features import PUNCT, THRESHOLDS, Thresholds, block_features, classify
from .lexicon import Lexicon, is_sentence, lexicon
from .parse import caption_credit_split
from .rules import builtin_rules

# Formats whose blocks are a whole page (navigation included); Markdown is
# taken as an authored article (our own output among it): context-free rules only.
PAGE_FORMATS = ("text",)


def strip(doc: Document, rules: dict[str, Any] | None = None, template: "Any | None" = None,
          thresholds: Thresholds = THRESHOLDS) -> Document:
    th = thresholds
    lex = lexicon(rules or builtin_rules())
    blocks = doc.blocks
    info = script.detect("\n".join(b.text for b in blocks))
    last = max((i for i, b in enumerate(blocks) if b.text.strip()), default=-1)
    for i, b in enumerate(blocks):
        b.features.update(block_features(b, lex, th))
        b.features["last_block"] = i == last
    for i, b in enumerate(blocks):
        if not b.keep or b.kind == "code":
            continue
        for rule in BLOCK_RULES:
            if rule(doc, i, b, lex, info, th):
                break
    if template is not None:
        template.apply(doc, th)
    for b in blocks:
        b.features["class"] = classify(b, th)
    if doc.format in PAGE_FORMATS:
        select_article(doc, lex, th)
    doc.confidence = th.confidence_no_anchor if ensure_not_empty(doc, th) else confidence(doc, th)
    return doc


# ------------------------------------------------------------------ block rules

def drop_credit_line(doc: Document, i: int, b: Block, lex: Lexicon, info, th: Thresholds) -> bool:
    """``责任编辑：卧虫`` / ``[来源：新华社 作者：张三]`` → front matter, out of the body."""
    if b.kind not in ("paragraph", "caption", "heading", "title") or b.features["chars"] > 4 * lex.credit_max:
        return False
    text = b.text.strip().strip("[]【】()（） \t\u3000")
    folded = script.fold(text)
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
    split = caption_credit_split(b.text)
    if split is None:
        return False
    description, credit = split
    if not description:
        b.drop("credit:image", f"image credit '{credit}'")
        return True
    b.set_text(description)
    doc.fragments.append(Removal(credit, "credit:image", "credit part of a caption", b.line, b.kind))
    return False


def drop_spam(doc: Document, i: int, b: Block, lex: Lexicon, info, th: Thresholds) -> bool:
    """Injected SEO trailers: vocabulary and signals; ``spam_min_signals`` pieces of evidence drop it."""
    if b.features["chars"] > lex.spam_max:
        return False
    key = script.fold(b.text).lower()
    hits = {cat: [t for t in terms if t in key] for cat, terms in lex.spam.items()}
    hits = {c: t for c, t in hits.items() if t}
    signals = spam_signals(doc, i, b, info, th)
    if hits and any(t + x in key for ts in hits.values() for t in ts for x in lex.spam_suffixes):
        signals.append("seo-suffix")           # 时时彩开奖, 北京赛车计划, 六合彩官网
    n_terms = len({t for ts in hits.values() for t in ts})
    # a term is one piece of evidence; a sentence of running text needs one more
    needed = th.spam_min_signals + (1 if is_sentence(b.text) else 0)
    if hits and 1 + len(signals) + (n_terms > 1) >= needed:
        cat = max(hits, key=lambda c: len(hits[c]))
        b.drop(f"spam:{cat}", f"terms {', '.join(hits[cat])}; signals {', '.join(signals) or 'none'}")
        return True
    if "latin-junk" in signals and "script-mismatch" in signals:
        b.drop("spam:trailer", f"signals {', '.join(signals)}")
        return True
    return False


def spam_signals(doc: Document, i: int, b: Block, info, th: Thresholds) -> list[str]:
    t = b.text.strip()
    out = []
    if b.features.get("last_block"):
        out.append("last-block")
    bi = script.detect(t)
    if info.trad + info.simp >= 20 and bi.trad + bi.simp >= 2 and abs(bi.ratio - info.ratio) > 0.5:
        out.append("script-mismatch")
    if re.search(r"[\u4e00-\u9fff][a-z]{2,8}$", t):
        out.append("latin-junk")
    if b.features["han"] and not any(c in PUNCT for c in t):
        out.append("no-punctuation")        # (Latin headings have none either: not evidence there)
    return out


def _lexicon_rule(name: str) -> Callable:
    def rule(doc: Document, i: int, b: Block, lex: Lexicon, info, th: Thresholds) -> bool:
        fam = lex.families[name]
        why = fam.match(b.text, b.features["chars"])
        if why:
            b.drop(fam.reason, why)
            return True
        return False
    rule.__name__ = f"drop_{name}"
    rule.__doc__ = f"Blocks matching the '{name}' lexicon."
    return rule


drop_copyright = _lexicon_rule("copyright")
drop_share = _lexicon_rule("share")
drop_comment = _lexicon_rule("comment")
drop_nav = _lexicon_rule("nav")
drop_ad = _lexicon_rule("ad")
drop_byline = _lexicon_rule("byline")

# Order matters only for which reason a block gets when several apply.
BLOCK_RULES: list[Callable] = [drop_credit_line, split_caption_credit, drop_spam, drop_copyright,
                               drop_share, drop_comment, drop_nav, drop_ad, drop_byline]
