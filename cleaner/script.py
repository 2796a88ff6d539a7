"""Chinese script detection and OpenCC conversion.

Detection follows ``shared/notes/chinese-text.md``: two character sets are
built once from OpenCC itself — characters ``t2s`` changes (Traditional-only)
and characters that ``s2t``, ``s2tw`` and ``s2hk`` all change (Simplified-only)
— and the share r = trad / (trad + simp) over Han characters gives the script.
The region is read from characters that ``t2tw`` / ``t2hk`` would change:
text that ``t2tw`` leaves alone is already in Taiwan forms, and so on.

One converter per config per process, created lazily: OpenCC converters cannot
be pickled, so worker processes build their own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import opencc

HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))

TRAD_THRESHOLD = 0.6    # r at or above: Traditional
SIMP_THRESHOLD = 0.1    # r at or below: Simplified; between: mixed
MIN_EVIDENCE = 3        # fewer distinguishing characters than this: undecided


@lru_cache(maxsize=None)
def converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def convert(text: str, config: str) -> str:
    return converter(config).convert(text) if text else text


def _changed_by(config: str, chars: list[str]) -> frozenset[str]:
    out = convert("\n".join(chars), config).split("\n")
    if len(out) != len(chars):  # a conversion that changes line structure: compare one by one
        return frozenset(c for c in chars if convert(c, config) != c)
    return frozenset(c for c, o in zip(chars, out) if o != c)


@lru_cache(maxsize=1)
def char_sets() -> dict[str, frozenset[str]]:
    chars = [chr(cp) for lo, hi in _HAN_RANGES for cp in range(lo, hi + 1)]
    trad = _changed_by("t2s", chars)
    simp = _changed_by("s2t", chars) & _changed_by("s2tw", chars) & _changed_by("s2hk", chars)
    not_tw = _changed_by("t2tw", chars)
    not_hk = _changed_by("t2hk", chars)
    return {"trad": trad, "simp": simp - trad, "not_tw": not_tw, "not_hk": not_hk}


@dataclass(frozen=True)
class ScriptInfo:
    script: str          # "hans", "hant", "mixed", "none" (no Han), or "undecided"
    region: str          # "tw", "hk", "" (unknown or generic)
    ratio: float         # r = trad / (trad + simp)
    han: int             # number of Han characters
    trad: int
    simp: int

    @property
    def label(self) -> str:
        if self.script in ("hant", "mixed") and self.region:
            return f"{self.script}-{self.region}"
        return self.script


def detect(text: str) -> ScriptInfo:
    sets = char_sets()
    han = HAN_RE.findall(text)
    trad = simp = not_tw = not_hk = 0
    for ch in han:
        if ch in sets["trad"]:
            trad += 1
        elif ch in sets["simp"]:
            simp += 1
        if ch in sets["not_tw"]:
            not_tw += 1
        if ch in sets["not_hk"]:
            not_hk += 1
    if not han:
        return ScriptInfo("none", "", 0.0, 0, 0, 0)
    evidence = trad + simp
    ratio = trad / evidence if evidence else 0.0
    if evidence < MIN_EVIDENCE:
        script = "undecided"
    elif ratio >= 0.98:
        script = "hant"
    elif ratio >= TRAD_THRESHOLD or ratio > SIMP_THRESHOLD:
        script = "mixed"
    else:
        script = "hans"
    region = ""
    if script in ("hant", "mixed") and not_tw != not_hk:
        region = "tw" if not_tw < not_hk else "hk"
    return ScriptInfo(script, region, round(ratio, 4), len(han), trad, simp)


def to_simplified_config(info: ScriptInfo, phrases: bool = False) -> str | None:
    """The OpenCC config that turns this text into Simplified (None: nothing to do)."""
    if info.script in ("hans", "none", "undecided") and info.trad == 0:
        return None
    if info.region == "tw":
        return "tw2sp" if phrases else "tw2s"
    if info.region == "hk":
        return "hk2s"
    return "t2s"


TARGETS = ("hans", "hant", "tw", "hk", "keep")


def conversion_config(info: ScriptInfo, target: str, phrases: bool = False) -> str | None:
    """Pick the OpenCC config for ``target`` given what was detected (None: leave the text alone)."""
    if target == "keep" or info.han == 0:
        return None
    if target == "hans":
        return to_simplified_config(info, phrases)
    # To Traditional: converting text that is already Traditional damages it
    # (觀念→觀唸); only Simplified or mixed text is converted.
    if info.script == "hant":
        return None
    return {"hant": "s2t", "tw": "s2twp" if phrases else "s2tw", "hk": "s2hk"}[target]


TO_SIMPLIFIED = frozenset({"t2s", "tw2s", "tw2sp", "hk2s"})


def convert_document(text: str, config: str, info: ScriptInfo) -> str:
    """Convert with ``config``, changing only characters that belong to the *other* script.

    OpenCC converts every character it knows, including ones that are already
    in the target script: ``tw2s`` turns the Simplified leftover 么 into 幺, and
    ``s2tw`` turns the Traditional 觀念 into 觀唸.  So, going to Simplified, a
    Simplified-only character is never changed; going to Traditional from a
    mixed text, only Simplified-only characters are.  (Phrase configs may
    change the length of the text; then the conversion is taken as is.)
    """
    out = convert(text, config)
    if len(out) != len(text) or out == text:
        return out
    sets = char_sets()
    if config in TO_SIMPLIFIED:
        keep = sets["simp"]
        return "".join(o if c not in keep else c for c, o in zip(text, out))
    if info.script == "mixed":
        change = sets["simp"]
        return "".join(o if c in change else c for c, o in zip(text, out))
    return out


def fold(text: str) -> str:
    """Form used for lexicon matching: Traditional folded to Simplified (t2s)."""
    return convert(text, "t2s")
