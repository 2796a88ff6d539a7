"""The language of an article's kept text, detected offline with py3langid (the page's own attribute only a hint).

py3langid (BSD, the fork of langid.py that trafilatura uses) is a small naive-Bayes model shipped inside the
package: no download, loaded once per process (its cost is in benchmarks/profile.md). It is loaded only when needed:
text that is mostly Chinese, Japanese or Korean script is told apart by its script alone
(:func:`guess_cjk_language`), which is exact enough there and costs nothing; and
Latin-script text on a page that names a Latin-script language keeps that name (the wrong attributes
seen were CJK pages declaring ``en``, which the script test catches). Any other hint is checked.
"""
from __future__ import annotations

import lzma
import re
import struct
from array import array
from functools import cache, lru_cache

MIN_CHARS = 40          # shorter texts: the hint (or nothing) rather than a guess
MIN_PROB = 0.8          # below this the detector is unsure: a hint of another language wins
SAMPLE_CHARS = 3000


@lru_cache(maxsize=1)
def _identifier():
    try:
        from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
    except ImportError:         # not installed: the hint alone, as before
        return None
    try:
        return _read_identifier(LanguageIdentifier, MODEL_DIR / MODEL_FILE)
    except (OSError, EOFError, LookupError, ValueError, struct.error, lzma.LZMAError):
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)     # (a layout we do not know)


_ZIP_ENTRY = struct.Struct("<4s2B4HL2L2H")      # a zip's local file header (zipfile.structFileHeader)


def _read_identifier(identifier_class, path):
    """py3langid's identifier, its model read as py3langid's ``modelio.load_model`` reads it, but in one pass
    over the decompressed stream: that loader copies the 68 MB the 4.6 MB file decompresses to into a temporary
    file and reads it back as a zip (about a third of its time here; ``benchmarks/profile.md``).  The model is
    an ``.npz`` (a zip of ``.npy`` arrays, stored uncompressed) inside LZMA; each entry is read where it lies."""
    import numpy as np

    arrays = {}
    with lzma.open(path) as fh:
        while (entry := fh.read(_ZIP_ENTRY.size))[:4] == b"PK\x03\x04":
            fields = _ZIP_ENTRY.unpack(entry)
            flags, method, name_size, extra_size = fields[3], fields[4], fields[10], fields[11]
            if method != 0 or flags & 0x08:      # compressed, or its sizes after the data: not np.savez's layout
                raise ValueError(f"{path}: unexpected zip entry")
            name = fh.read(name_size).decode()
            fh.read(extra_size)
            arrays[name.removesuffix(".npy")] = np.lib.format.read_array(fh, allow_pickle=False)
    return identifier_class(arrays["ptc"], arrays["pc"], arrays["classes"].tolist(), _as_array(arrays.pop("nextmove")),
                            arrays["out_feat"].tolist(), norm_probs=True, tk_row=_as_array(arrays["nextmove_row"]))


def _as_array(values) -> array:
    """A NumPy array of unsigned integers as a stdlib array (py3langid's ``modelio._to_array``: its DFA walk
    indexes it with Python ints)."""
    out = array({2: "H", 4: "I", 8: "L"}[values.dtype.itemsize])
    out.frombytes(memoryview(values).cast("B"))      # (read_array gives a C-ordered array)
    return out


@cache
def _rx(pattern: str) -> re.Pattern:
    """``pattern`` compiled at its first use: a class of CJK ranges is costly to compile (Python's compiler
    visits each of its code points), and a process that detects no language should not pay for it."""
    return re.compile(pattern)


_NOT_LATIN = r"[^A-Za-z\u00c0-\u024f]+"
# Languages a page may name whose text is not in Latin script (a hint of one of these is checked).
_NON_LATIN = re.compile(r"(ru|uk|bg|sr|mk|be|kk|el|he|yi|ar|fa|ur|ps|hi|mr|ne|bn|pa|gu|ta|te|kn|ml|si|th|lo|km|my|ka|hy|am)\b",
                        re.I)


def _mostly_latin(text: str, letters: int) -> bool:
    """At least 80 % of the ``letters`` of ``text`` in Latin script."""
    return letters > 0 and len(_rx(_NOT_LATIN).sub("", text)) >= 0.8 * letters


_NOT_KANA = r"[^\u3040-\u30ff]+"
_NOT_HANGUL = r"[^\uac00-\ud7af]+"
_NOT_HAN = r"[^\u3400-\u9fff]+"
_NOT_LETTER = r"[\W\d_]+"
_CJK_SCRIPT = r"[\u3040-\u30ff\uac00-\ud7af\u3400-\u9fff]"     # (the three ranges above)


def guess_cjk_language(text: str) -> str:
    """``zh``, ``ja`` or ``ko`` when the text is mostly in that script; "" when unsure (no guessing Latin)."""
    # (counts as what is left when everything else is cut out in runs: no list of every character)
    if not _rx(_CJK_SCRIPT).search(text):
        return ""           # no kana, hangul or han: the counts below would all be 0 (one scan, not four)
    kana = len(_rx(_NOT_KANA).sub("", text))
    hangul = len(_rx(_NOT_HANGUL).sub("", text))
    han = len(_rx(_NOT_HAN).sub("", text))
    letters = len(_rx(_NOT_LETTER).sub("", text)) or 1
    if hangul > 0.3 * letters:
        return "ko"
    if kana > 0.1 * letters and kana + han > 0.3 * letters:
        return "ja"
    if han > 0.3 * letters:
        return "zh"
    return ""


_SPACES = re.compile(r"\s+")


def head(texts, sep: str = "\n") -> str:
    """As much of ``sep.join(texts)`` as :func:`detect` reads (its first ``SAMPLE_CHARS`` once spaces
    are collapsed), without joining a whole large article: ``detect(head(texts))`` is
    ``detect(sep.join(texts))``."""
    parts: list[str] = []
    size, check = 0, SAMPLE_CHARS
    for t in texts:
        parts.append(t)
        size += len(t) + len(sep)
        # (collapsed, a prefix of the text is a prefix of the collapsed text: one that still has
        # SAMPLE_CHARS gives the same sample; checked each time the size doubles, so linear)
        if size > check:
            if len(_SPACES.sub(" ", sep.join(parts))) > SAMPLE_CHARS:
                break
            check = 2 * size
    return sep.join(parts)


def detect(text: str, hint: str = "") -> str:
    """A language tag for ``text``: the hint when it agrees with the text (it may carry a region,
    ``zh-CN``), the detected language when the text says otherwise, the hint when the text is too short."""
    hint = (hint or "").strip()
    sample = re.sub(r"\s+", " ", text)[:SAMPLE_CHARS]
    letters = len(_rx(_NOT_LETTER).sub("", sample))
    if letters < MIN_CHARS:
        return hint
    found = guess_cjk_language(sample)
    if not found and hint and not re.match(r"(zh|ja|ko)\b", hint, re.I) and _mostly_latin(sample, letters) \
            and not _NON_LATIN.match(hint):
        return hint     # Latin-script text and a page naming a Latin-script language: the model is not loaded
    if not found:
        ident = _identifier()
        if ident is None:
            return hint
        found, prob = ident.classify(sample)
        if prob < MIN_PROB and hint:
            return hint
    if hint and hint.split("-")[0].lower() == found:
        return hint
    return found
