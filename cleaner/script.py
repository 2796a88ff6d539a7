"""Chinese script detection and OpenCC conversion.

Detection follows ``shared/notes/chinese-text.md``: two character sets are
built once from OpenCC itself — characters ``t2s`` changes (Traditional-only)
and characters that ``s2t``, ``s2tw`` and ``s2hk`` all change (Simplified-only)
— and the share r = trad / (trad + simp) over Han characters gives the script.
Building them runs every Han character through OpenCC, so they are saved for one OpenCC release in
``cleaner/data/opencc_sets.json`` and used when that release is installed.

Some Simplified characters are also written in Traditional text in some words
(干流, 游泳, 公里, 皇后): those (``AMBIGUOUS_SIMP``) count half.

The regional standard is read from what each regional config changes in the
text itself: ``t2tw`` changes what is not in Taiwan forms, ``t2hk`` what is
not in Hong Kong forms, ``tw2t``/``hk2t`` what is not in OpenCC's own standard
forms (爲 裏 羣, which ``s2t`` writes).  The one standard with the fewest
characters out of place wins; a tie leaves the region undetermined ("").

Japanese is not Chinese: a text with a fair share of kana is never converted.

One converter per config per process, created lazily: OpenCC converters cannot
be pickled, so worker processes build their own.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import opencc

HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
KANA_RE = re.compile(r"[\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))

# Named thresholds on r = trad / (trad + simp).
HANT_THRESHOLD = 0.98   # r at or above: Traditional
SIMP_THRESHOLD = 0.1    # r at or below: Simplified; between the two: mixed
MIN_EVIDENCE = 3        # fewer distinguishing characters than this: undecided
KANA_SHARE = 0.05       # kana / (kana + han) at or above: Japanese, never converted
AMBIGUOUS_WEIGHT = 0.5  # weight of an AMBIGUOUS_SIMP character as evidence of Simplified

# Simplified-only characters (for OpenCC) that OpenCC's STCharacters.txt also lists as
# their own Traditional form (干 → 幹 乾 干): in Traditional text they occur in some
# words.  Derived from OpenCC 1.4.2 data/dictionary/STCharacters.txt: keys whose
# candidates include the key itself, intersected with the Simplified-only set.
AMBIGUOUS_SIMP = frozenset("㐹万丑丰于云亘仆价伙余佣党准几凶划占厂厘叶吁后咨咸夸尸岩岳帘干广征愿挂据斗朴杠杰极柜"
                           "涂涌淀游熏确种筑胜腊腌膻苹范荐虫蚝蜡蝎跖辟适郁采里雇")

TARGETS = ("hans", "hant", "tw", "hk", "keep")
# The configs ``conversion_config`` may return (a "+" joins two steps).
EXPOSED_CONFIGS = ("t2s", "tw2s", "tw2sp", "hk2s", "s2t", "s2tw", "s2twp", "s2hk", "t2tw", "t2hk", "tw2t", "hk2t")
TO_SIMPLIFIED = frozenset({"t2s", "tw2s", "tw2sp", "hk2s"})


@lru_cache(maxsize=None)
def converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def convert(text: str, config: str) -> str:
    """OpenCC ``config`` over ``text``; ``"hk2t+t2tw"`` runs two configs in turn.

    A text longer than ``CONVERT_PIECE`` characters is converted in pieces, cut after a newline
    (or, on one long line, after punctuation or a space): OpenCC's own buffers for one call are a
    few times the text, which on a large article was most of the peak memory.  No dictionary
    phrase holds a newline, punctuation or a space, so the result is the same."""
    for step in config.split("+"):
        if text:
            conv = converter(step)
            if len(text) <= CONVERT_PIECE:
                text = conv.convert(text)
            else:
                text = "".join(conv.convert(piece) for piece in _convert_pieces(text))
    return text


CONVERT_PIECE = 1 << 18
_CUT_AFTER = re.compile(r"[\s。，、；：！？,.;:!?」』）)]")


def _convert_pieces(text: str):
    pos, n = 0, len(text)
    while n - pos > CONVERT_PIECE:
        end = pos + CONVERT_PIECE
        cut = text.rfind("\n", pos + CONVERT_PIECE // 2, end) + 1
        if not cut:
            window = text[end - 4096: end]
            last = None
            for last in _CUT_AFTER.finditer(window):
                pass
            cut = end - 4096 + last.end() if last is not None else end
        yield text[pos:cut]
        pos = cut
    yield text[pos:]


def _changed_by(config: str, chars: list[str]) -> frozenset[str]:
    out = convert("\n".join(chars), config).split("\n")
    if len(out) != len(chars):  # a conversion that changes line structure: compare one by one
        return frozenset(c for c in chars if convert(c, config) != c)
    return frozenset(c for c, o in zip(chars, out) if o != c)


@lru_cache(maxsize=1)
def _all_han() -> list[str]:
    return [chr(cp) for lo, hi in _HAN_RANGES for cp in range(lo, hi + 1)]


@lru_cache(maxsize=1)
def char_sets() -> dict[str, frozenset[str]]:
    shipped = _shipped()
    if shipped is not None:
        trad, simp = frozenset(shipped["trad"]), frozenset(shipped["simp"])
    else:
        trad, simp = _computed_sets()
    return {"trad": trad, "simp": simp, "simp_strong": simp - AMBIGUOUS_SIMP, "simp_weak": simp & AMBIGUOUS_SIMP}


def _computed_sets() -> tuple[frozenset[str], frozenset[str]]:
    """Traditional-only and Simplified-only characters, asked of OpenCC (every Han character through
    four configs: see ``SHIPPED_SETS``)."""
    chars = _all_han()
    trad = _changed_by("t2s", chars)
    simp = _changed_by("s2t", chars) & _changed_by("s2tw", chars) & _changed_by("s2hk", chars)
    return trad, simp - trad


@lru_cache(maxsize=None)
def protected_chars(config: str) -> frozenset[str]:
    """Simplified-only characters that a to-Simplified ``config`` would still change (tw2s: 么 → 幺)."""
    shipped = _shipped()
    if shipped is not None and config in shipped["protected"]:
        return frozenset(shipped["protected"][config])
    return _computed_protected(config)


def _computed_protected(config: str) -> frozenset[str]:
    sets = char_sets()
    return sets["simp"] & (_changed_by(config, _all_han()) - sets["trad"])


# ------------------------------------------------------------------ the sets, computed once per OpenCC release

# What ``char_sets`` and ``protected_chars`` compute, saved for the OpenCC release named in the file:
# a process that cleans one Chinese article (``cat page.html | clean -``) would spend much of its
# time computing them.  With another release of OpenCC installed they are computed as before.
SHIPPED_SETS = "data/opencc_sets.json"


def _opencc_release() -> str:
    return str(getattr(opencc, "__version__", ""))


@lru_cache(maxsize=1)
def _shipped() -> dict | None:
    """The saved sets, if they were computed with the installed OpenCC release; else None."""
    try:
        with resources.files("cleaner").joinpath(SHIPPED_SETS).open("rb") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    release = _opencc_release()
    if not release or not isinstance(data, dict) or data.get("opencc") != release:
        return None
    return data


def computed_sets() -> dict:
    """The content of ``SHIPPED_SETS`` for the installed OpenCC (all computed, nothing read).
    After an OpenCC upgrade the sets are computed at start-up, as without the file, until
    ``python -c 'import cleaner.script as s; s.write_shipped_sets()'`` saves them for it
    (``tests/test_script.py`` skips its check of the file and says so meanwhile)."""
    trad, simp = _computed_sets()
    sets = {"trad": trad, "simp": simp}
    protected = {}
    for config in sorted(TO_SIMPLIFIED):
        protected[config] = "".join(sorted(simp & (_changed_by(config, _all_han()) - trad)))
    return {"opencc": _opencc_release(), **{k: "".join(sorted(v)) for k, v in sets.items()},
            "protected": protected}


def write_shipped_sets() -> str:
    path = str(resources.files("cleaner").joinpath(SHIPPED_SETS))
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(computed_sets(), fh, ensure_ascii=False, indent=0, sort_keys=True)
        fh.write("\n")
    return path


@dataclass(frozen=True)
class ScriptInfo:
    script: str          # "hans", "hant", "mixed", "none" (no Han), "undecided" or "ja" (Japanese)
    region: str          # "tw", "hk", "" (OpenCC standard forms, unknown, or not applicable)
    ratio: float         # r = trad / (trad + simp)
    han: int             # number of Han characters
    trad: int
    simp: int

    @property
    def label(self) -> str:
        if self.script in ("hant", "mixed") and self.region:
            return f"{self.script}-{self.region}"
        return self.script


def _count(pattern: re.Pattern, text: str) -> int:
    """How many characters of ``text`` match a one-character ``pattern`` (no list of them made)."""
    if not pattern.search(text):
        return 0
    return len(text) - len(pattern.sub("", text))


def is_japanese(text: str, han: int | None = None) -> bool:
    """Kana make at least ``KANA_SHARE`` of the Han and kana characters."""
    kana = _count(KANA_RE, text)
    if not kana:
        return False
    han = _count(HAN_RE, text) if han is None else han
    return kana / (kana + han) >= KANA_SHARE


def detect(text: str, region: bool = True) -> ScriptInfo:
    """Script and region of ``text`` (counts over distinct characters, so cost grows with the vocabulary).

    ``region=False`` skips the regional standard (four OpenCC passes), for callers that only
    compare scripts (e.g. a block against its document).
    """
    if not HAN_RE.search(text):
        return ScriptInfo("none", "", 0.0, 0, 0, 0)     # (one scan in C; the count below is a dict entry per character)
    # (counted over the text's characters, not over ``HAN_RE.findall``: a list of one string per
    # Han character is many times a large article's size)
    counts = {ch: n for ch, n in Counter(text).items() if HAN_RE.match(ch)}
    han = sum(counts.values())
    sets = char_sets()

    def count(name: str) -> int:
        s = sets[name]
        return sum(n for ch, n in counts.items() if ch in s)

    trad, simp = count("trad"), count("simp")
    evidence = trad + count("simp_strong") + AMBIGUOUS_WEIGHT * count("simp_weak")
    ratio = trad / evidence if evidence else 0.0
    if is_japanese(text, han):
        return ScriptInfo("ja", "", round(ratio, 4), han, trad, simp)
    if evidence < MIN_EVIDENCE:
        script = "undecided"
    elif ratio >= HANT_THRESHOLD:
        script = "hant"
    elif ratio > SIMP_THRESHOLD:
        script = "mixed"
    else:
        script = "hans"
    where = detect_region(text) if region and (script in ("hant", "mixed") or script == "undecided" and trad) else ""
    return ScriptInfo(script, where, round(ratio, 4), han, trad, simp)


def _changes(text: str, config: str) -> int:
    out = convert(text, config)
    if len(out) != len(text):
        return abs(len(out) - len(text)) + 1
    return sum(map(str.__ne__, text, out))


def detect_region(text: str) -> str:
    """"tw", "hk" or "" (OpenCC standard forms, or no character tells).

    Characters out of place for each standard: ``t2tw`` / ``t2hk`` changes
    (not Taiwan / not Hong Kong forms), and ``tw2t`` / ``hk2t`` changes (regional
    forms, not OpenCC's).  Fewest out of place wins; when Taiwan and Hong Kong
    tie, the one whose own forms are more present (more ``tw2t`` than ``hk2t``
    changes: 著 as a particle) wins.
    """
    to_std = {"tw": _changes(text, "tw2t"), "hk": _changes(text, "hk2t")}
    off = {"tw": _changes(text, "t2tw"), "hk": _changes(text, "t2hk"), "std": max(to_std.values())}
    best = min(off.values())
    winners = [k for k, v in off.items() if v == best]
    if len(winners) == 1:
        return "" if winners[0] == "std" else winners[0]
    if "tw" in winners and "hk" in winners and to_std["tw"] != to_std["hk"]:
        return "tw" if to_std["tw"] > to_std["hk"] else "hk"
    return ""


def to_simplified_config(info: ScriptInfo, phrases: bool = False) -> str | None:
    """The OpenCC config that turns this text into Simplified (None: nothing to do)."""
    if info.trad == 0:
        return None
    if info.region == "tw":
        return "tw2sp" if phrases else "tw2s"
    if info.region == "hk":
        return "hk2s"
    return "t2s"


def conversion_config(info: ScriptInfo, target: str, phrases: bool = False) -> str | None:
    """Pick the OpenCC config for ``target`` given what was detected (None: leave the text alone).

    Japanese and text without Han are left alone; undecided text (too few telling
    characters) is converted only when what it holds is all of the other script.  Going to
    Traditional, text that is already Traditional is only moved between the
    regional standards (``t2tw``, ``hk2t+t2tw``…); ``s2tw`` over it would damage
    it (觀念 → 觀唸).  Phrase configs are only used on text of one script.
    """
    if target == "keep" or info.script in ("none", "ja"):
        return None
    if info.script == "undecided":
        if target == "hans":
            return to_simplified_config(info) if info.simp == 0 else None
        if info.trad or not info.simp:
            return None
        return {"hant": "s2t", "tw": "s2tw", "hk": "s2hk"}[target]
    if target == "hans":
        return to_simplified_config(info, phrases and info.script != "mixed")
    if info.script == "hant":
        if target == "hant" or info.region == target:
            return None
        step = f"t2{target}"
        return step if not info.region else f"{info.region}2t+{step}"
    if target == "tw" and phrases and info.script == "hans":
        return "s2twp"
    return {"hant": "s2t", "tw": "s2tw", "hk": "s2hk"}[target]


def convert_document(text: str, config: str, info: ScriptInfo) -> str:
    """Convert with ``config``; in a mixed text, change only characters of the *other* script.

    OpenCC converts every character it knows, including ones already in the
    target script: ``tw2s`` turns the Simplified leftover 么 (饿了么) into 幺, and
    ``s2tw`` turns the Traditional 觀念 into 觀唸.  Text of one script is handed
    to OpenCC as is (its own test cases pass that way).  In a mixed text going
    to Simplified, the few Simplified-only characters the config would still
    change are cut out and kept; going to Traditional, only Simplified-only
    characters take their converted form (the character configs keep length
    and alignment; a phrase config, which does not, is replaced by its
    character config there: s2twp → s2tw).
    """
    if info.script != "mixed":
        return convert(text, config)
    if config in TO_SIMPLIFIED:
        keep = protected_chars(config)
        if not any(ch in keep for ch in text):
            return convert(text, config)
        pieces = _split_on(text, keep)
        return "".join(p if i % 2 else convert(p, config) for i, p in enumerate(pieces))
    if config.endswith("p"):  # phrase configs move characters: no character-wise merge after them
        config = config[:-1]
    out = convert(text, config)
    if len(out) != len(text) or out == text:
        return out
    change = char_sets()["simp"]
    return "".join(o if c in change else c for c, o in zip(text, out))  # noqa: only mixed text gets here


@lru_cache(maxsize=None)
def _split_re(chars: frozenset[str]) -> re.Pattern:
    return re.compile("([" + "".join(sorted(chars)) + "]+)")


def _split_on(text: str, chars: frozenset[str]) -> list[str]:
    """Text split into [other, chars, other, chars, ...] runs."""
    return _split_re(chars).split(text)


def fold(text: str) -> str:
    """Form used for lexicon matching: Traditional folded to Simplified (t2s)."""
    return convert(text, "t2s")


FOLD_BATCH = 4096       # texts per OpenCC call in fold_many


def fold_many(texts: list[str]) -> list[str]:
    """``[fold(t) for t in texts]`` with one OpenCC call.

    OpenCC segments text on dictionary phrases, none of which holds a newline,
    so converting the texts joined by newlines and splitting the result back
    (each text spans its own count of lines) gives the same strings; if the
    line count ever changes, each text is converted on its own.
    """
    if not texts:
        return []
    if len(texts) > FOLD_BATCH:     # (a huge document: the joined copies stay small)
        return [f for i in range(0, len(texts), FOLD_BATCH) for f in fold_many(texts[i:i + FOLD_BATCH])]
    joined = "\n".join(texts)
    out = convert(joined, "t2s")
    if out == joined:
        return list(texts)
    lines = out.split("\n")
    if len(lines) != joined.count("\n") + 1:
        return [fold(t) for t in texts]
    result, k = [], 0
    for t in texts:
        n = t.count("\n") + 1
        result.append(lines[k] if n == 1 else "\n".join(lines[k:k + n]))
        k += n
    return result
