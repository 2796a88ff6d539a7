"""Stage 3 — strip: label every block keep/drop, with a reason.

Laid out the way jusText is: block features → context-free rules (each a small
named function returning a reason or None) → context (edge trimming of the
page's header and trailer).  Lexicons come from ``cleaner/rules/*.toml``.

Reasons are rule ids such as ``credit:editor``, ``nav``, ``nav-trailer``,
``spam:gambling``, ``copyright``; ``--explain``, ``--report`` and the tests
all read them from the blocks.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from . import script
from .document import Block, Document, Removal
from .parse import caption_credit_split
from .rules import builtin_rules

# ------------------------------------------------------------------ thresholds

@dataclass(frozen=True)
class Thresholds:
    good_min_chars: int = 50        # a prose block at least this long anchors the article
    long_prose_chars: int = 120     # prose this long is never trailer/nav
    short_chars: int = 25           # below: a short block, judged by its neighbours


THRESHOLDS = Thresholds()
_SENT_END = set("。！？!?…")
_PUNCT = set("，。！？；：、,.!?;:…「」『』“”\"'（）()")


def strip(doc: Document, rules: dict[str, Any] | None = None, template: "TemplateIndex | None" = None,
          thresholds: Thresholds = THRESHOLDS) -> Document:
    rules = rules or builtin_rules()
    lex = compile_rules(_freeze(rules))
    blocks = doc.blocks
    info = script.detect("\n".join(b.text for b in blocks))
    for b in blocks:
        b.features.update(block_features(b))
    for i, b in enumerate(blocks):
        if not b.keep or b.kind == "code":
            continue
        for rule in BLOCK_RULES:
            if rule(doc, i, b, lex, info):
                break
    if template is not None:
        template.apply(doc)
    trim_trailer(blocks, lex, thresholds)
    doc.confidence = confidence(blocks, thresholds)
    return doc


# ------------------------------------------------------------------ features

def block_features(b: Block) -> dict[str, Any]:
    t = b.text.strip()
    n = len(t) or 1
    han = len(script.HAN_RE.findall(t))
    punct = sum(1 for c in t if c in _PUNCT)
    return {
        "chars": len(t),
        "han": han,
        "punct_density": round(punct / n, 3),
        "ends_sentence": bool(t) and t[-1] in _SENT_END | {".", "」", "”", "』", ")", "）", '"'},
        "digits": round(sum(c.isdigit() for c in t) / n, 3),
    }


def is_good(b: Block, th: Thresholds = THRESHOLDS) -> bool:
    f = b.features
    return b.keep and b.kind in ("paragraph", "quote", "list") and f.get("chars", 0) >= th.good_min_chars \
        and f.get("punct_density", 0) > 0.01


# ------------------------------------------------------------------ lexicons

def _freeze(obj: Any) -> Any:
    """Rules as a hashable value so compiled lexicons can be cached."""
    if isinstance(obj, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in obj.items()))
    if isinstance(obj, list):
        return tuple(_freeze(v) for v in obj)
    return obj


def _thaw(obj: Any) -> Any:
    if isinstance(obj, tuple) and obj and all(isinstance(x, tuple) and len(x) == 2 and isinstance(x[0], str) for x in obj):
        return {k: _thaw(v) for k, v in obj}
    if isinstance(obj, tuple):
        return [_thaw(v) for v in obj]
    return obj


def key_form(text: str) -> str:
    """Normalised form for lexicon lookup: NFKC, lower-case, Simplified, no decoration."""
    t = script.fold(unicodedata.normalize("NFKC", text)).lower()
    t = re.sub(r"[\s·•▪◦|｜>»›→←<«‹\-–—_*#:：\[\]【】()（）<>《》「」\"'“”]+", " ", t)
    t = re.sub(r"\s*\(?\d+\)?\s*$", "", t)       # "留言簿(79)", "评论 12"
    return t.strip()


def light_form(text: str) -> str:
    """NFKC, lower-case, Simplified: for phrases searched inside a block."""
    return script.fold(unicodedata.normalize("NFKC", text)).lower()


@dataclass
class Family:
    name: str
    reason: str
    lines: frozenset[str]
    contains: tuple[str, ...]
    patterns: tuple[re.Pattern, ...]
    max_chars: int

    def match(self, text: str, chars: int) -> str | None:
        key = key_form(text)
        if key in self.lines:
            return f"line is '{key}'"
        if chars <= self.max_chars:
            light = light_form(text)
            for c in self.contains:
                if c in light:
                    return f"contains '{c}'"
            for p in self.patterns:
                if p.search(light):
                    return f"matches /{p.pattern}/"
        return None


@dataclass
class Lexicon:
    families: dict[str, Family]
    credit_re: re.Pattern
    credit_fields: dict[str, str]       # folded label -> field
    credit_max: int
    spam: dict[str, tuple[str, ...]]    # category -> terms (folded, lower)
    spam_max: int


@lru_cache(maxsize=8)
def compile_rules(frozen: Any) -> Lexicon:
    rules = _thaw(frozen)
    fams = {}
    for name in ("nav", "share", "copyright", "comment"):
        r = rules.get(name, {})
        fams[name] = Family(
            name, r.get("reason", name),
            frozenset(key_form(x) for x in r.get("lines", [])),
            tuple(dict.fromkeys(light_form(x) for x in r.get("contains", []))),
            tuple(re.compile(p, re.I) for p in r.get("patterns", [])),
            int(r.get("max_chars", 80)))
    credit = rules.get("credit", {})
    fields: dict[str, str] = {}
    for field_name, labels in credit.get("fields", {}).items():
        for label in labels:
            fields[script.fold(label).lower()] = field_name
    alt = "|".join(re.escape(l) for l in sorted(fields, key=len, reverse=True))
    credit_re = re.compile(rf"(?:^|(?<=[\s|｜丨/]))({alt})\s*[:：]\s*", re.I)
    spam_rules = rules.get("spam", {})
    spam = {}
    for cat, body in spam_rules.items():
        if isinstance(body, dict) and "terms" in body:
            spam[cat] = tuple(script.fold(t).lower() for t in body["terms"])
    return Lexicon(fams, credit_re, fields, int(credit.get("max_value_chars", 40)), spam,
                   int(spam_rules.get("max_chars", 120)))


# ------------------------------------------------------------------ block rules

def drop_credit_line(doc: Document, i: int, b: Block, lex: Lexicon, info) -> bool:
    """``责任编辑：卧虫`` / ``[来源：新华社 作者：张三]`` → front matter, out of the body."""
    if b.kind not in ("paragraph", "heading") or b.features["chars"] > 4 * lex.credit_max:
        return False
    text = b.text.strip().strip("[]【】()（）")
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


def split_caption_credit(doc: Document, i: int, b: Block, lex: Lexicon, info) -> bool:
    """Captions keep their description; the ``图|credit`` part goes (a pure credit drops the block)."""
    if b.kind != "caption":
        return False
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


def drop_spam(doc: Document, i: int, b: Block, lex: Lexicon, info) -> bool:
    """Injected SEO trailers: a spam term plus at least one more signal."""
    chars = b.features["chars"]
    if chars > lex.spam_max:
        return False
    key = script.fold(b.text).lower()
    hits = {cat: [t for t in terms if t in key] for cat, terms in lex.spam.items()}
    hits = {c: t for c, t in hits.items() if t}
    signals = spam_signals(doc, i, b, info)
    n_terms = sum(len(t) for t in hits.values())
    if hits and (signals or n_terms >= 2):
        cat = max(hits, key=lambda c: len(hits[c]))
        b.drop(f"spam:{cat}", f"terms {', '.join(hits[cat])}; signals {', '.join(signals) or 'none'}")
        return True
    if len(signals) >= 3 and "latin-junk" in signals and "script-mismatch" in signals:
        b.drop("spam:trailer", f"signals {', '.join(signals)}")
        return True
    return False


def spam_signals(doc: Document, i: int, b: Block, info) -> list[str]:
    t = b.text.strip()
    out = []
    if all(not x.keep or not x.text.strip() for x in doc.blocks[i + 1:]):
        out.append("last-block")
    bi = script.detect(t)
    if info.trad + info.simp >= 20 and bi.trad + bi.simp >= 2 and abs(bi.ratio - info.ratio) > 0.5:
        out.append("script-mismatch")
    if re.search(r"[\u4e00-\u9fff][a-z]{2,8}$", t):
        out.append("latin-junk")
    if t and not any(c in _PUNCT for c in t):
        out.append("no-punctuation")
    if b.features["chars"] <= THRESHOLDS.short_chars:
        out.append("short")
    return out


def _lexicon_rule(name: str) -> Callable:
    def rule(doc: Document, i: int, b: Block, lex: Lexicon, info) -> bool:
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

# Order matters only for which reason a block gets when several apply.
BLOCK_RULES: list[Callable] = [drop_credit_line, split_caption_credit, drop_spam, drop_copyright,
                               drop_share, drop_comment, drop_nav]


# ------------------------------------------------------------------ context

def trim_trailer(blocks: list[Block], lex: Lexicon, th: Thresholds) -> None:
    """After the last good paragraph, a nav header starts the trailer: the rest goes unless long prose."""
    good = [i for i, b in enumerate(blocks) if is_good(b, th)]
    if not good:
        return
    start = None
    for i in range(good[-1] + 1, len(blocks)):
        b = blocks[i]
        if not b.keep and b.reason in ("nav", "share", "comment", "copyright"):
            start = i
            break
    if start is None:
        return
    for b in blocks[start + 1:]:
        if b.keep and not (b.features.get("chars", 0) >= th.long_prose_chars and b.features.get("ends_sentence")):
            b.drop("nav-trailer", f"after '{blocks[start].text[:20]}' that ends the article")


def confidence(blocks: list[Block], th: Thresholds) -> float:
    """How sure we are that the kept blocks are the article: low when no good paragraph anchors it."""
    total = sum(b.features.get("chars", 0) for b in blocks) or 1
    kept = sum(b.features.get("chars", 0) for b in blocks if b.keep)
    good = sum(b.features.get("chars", 0) for b in blocks if is_good(b, th))
    if not good:
        return 0.3
    return round(min(1.0, 0.5 + 0.5 * good / max(kept, 1)) if kept / total > 0.05 else 0.4, 2)


class TemplateIndex:
    """Placeholder for batch template learning (lines seen in many files)."""

    def apply(self, doc: Document) -> None:  # pragma: no cover - replaced by the template module
        return None
