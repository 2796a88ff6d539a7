"""Stage 1 — read: bytes → text, with the encoding and the input format.

Order of evidence for the encoding: a BOM, then strict UTF-8, then (HTML) the
declared ``<meta charset>``, then charset-normalizer's detection.  A declared
charset is only trusted when the bytes actually decode with it, so a page that
says GB2312 but is UTF-8 still comes out right (strict UTF-8 is tried first:
non-UTF-8 CJK text practically never decodes as valid UTF-8).
"""
from __future__ import annotations

import codecs
import os
import re
import stat

from .document import Document
from .errors import InputError

TEXT_EXTENSIONS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
                   ".html": "html", ".htm": "html", ".xhtml": "html"}
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
MAX_REPLACEMENTS = 8          # undecodable bytes tolerated in a page that declares its charset

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_SNIFF = re.compile(rb"\A(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body|meta|title|script|div|p|article)\b",
                         re.I | re.S)
_ANY_TAG_SNIFF = re.compile(rb"\A(?:\s|<!--.*?-->)*<[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.S)
_CLOSING_TAG = re.compile(rb"</[A-Za-z][A-Za-z0-9-]*\s*>")
# Labels browsers treat as their superset (WHATWG encoding standard).
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
              "big5": "big5hkscs", "shift_jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
              "euc-kr": "cp949", "iso-8859-1": "cp1252", "latin1": "cp1252", "ascii": "cp1252",
              "us-ascii": "cp1252"}


def read_path(path: str, max_bytes: int = DEFAULT_MAX_BYTES, fmt: str | None = None) -> Document:
    """Read one input file. Raises InputError with a one-line, user-facing reason."""
    try:
        if os.path.isdir(path):
            raise InputError("is a directory")
        size = os.path.getsize(path)
        if size > max_bytes:
            raise InputError(f"too large ({size} bytes > --max-bytes {max_bytes})")
        with open(path, "rb") as fh:
            data = read_limited(fh, max_bytes + 1)
    except InputError:
        raise
    except OSError as exc:
        raise InputError(_os_reason(exc)) from None
    return read_bytes(data, source=path, fmt=fmt, max_bytes=max_bytes)


_READ_CHUNK = 1 << 20


def read_limited(fh, limit: int) -> bytes:
    """At most ``limit`` bytes of ``fh``, never allocating ``limit`` itself (``read(n)`` makes a
    buffer of n bytes first: ``--max-bytes 30GiB`` would ask for 30 GiB for every input).  A regular
    file is read in one call sized by its length; a pipe or a device in chunks."""
    try:
        st = os.fstat(fh.fileno())
        size = st.st_size if stat.S_ISREG(st.st_mode) else -1
    except (OSError, AttributeError, ValueError):
        size = -1
    if size >= 0:
        data = fh.read(min(limit, size + 1))
        if len(data) <= size or len(data) >= limit:
            return data
        parts = [data]                   # (the file grew while it was read)
        got = len(data)
    else:
        parts, got = [], 0
    while got < limit:
        chunk = fh.read(min(_READ_CHUNK, limit - got))
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def read_bytes(data: bytes, source: str = "-", fmt: str | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Decode ``data`` and decide its format (extension of ``source``, else sniffing)."""
    if len(data) > max_bytes:
        raise InputError(f"too large (more than --max-bytes {max_bytes})")
    if not data or data.isspace():
        raise InputError("empty input")
    if _looks_binary(data):
        raise InputError("binary file, not text")
    fmt = fmt or format_of(source, data)
    text, encoding = decode(data, html=(fmt == "html"))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text or _BLANK.fullmatch(text):
        raise InputError("empty input")     # (only spaces: U+3000, U+00A0, zero-width ones too)
    return Document(source=source, raw=data, text=text, format=fmt, encoding=encoding)


_BLANK = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]*")
MOJIBAKE_NOTE = "mojibake (UTF-8 read as Latin-1/cp1252) in the article's text"
# A UTF-8 lead byte (Â..ô) followed by a continuation byte as Latin-1/cp1252 shows it (cleaner.normalize).
_MOJIBAKE_HINT = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
                            "\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030"
                            "\u2039\u203a\u20ac\u2122]")


def has_mojibake(text: str) -> bool:
    """The text holds mojibake as ftfy sees it (``Ã©``, ``æ–‡``); a cheap test first."""
    if not _MOJIBAKE_HINT.search(text):
        return False
    from ftfy.badness import is_bad
    return is_bad(text)


def has_mojibake_in(texts: list[str]) -> bool:
    """``has_mojibake("\n".join(texts))``, joined only when the cheap test finds a hint in one of them
    (its two characters are never a newline: no hint straddles the join)."""
    return any(_MOJIBAKE_HINT.search(t) for t in texts) and has_mojibake("\n".join(texts))


def format_of(source: str, data: bytes) -> str:
    ext = os.path.splitext(source)[1].lower()
    if ext in TEXT_EXTENSIONS:
        fmt = TEXT_EXTENSIONS[ext]
        # A text dump named .txt that is really a saved page is still HTML (also when it begins with any
        # tag, confirmed by a closing one; Markdown may begin with an HTML block and stays Markdown).
        if fmt != "html" and _HTML_SNIFF.match(_head(data)):
            return "html"
        if fmt == "text" and _ANY_TAG_SNIFF.match(_head(data)) and _CLOSING_TAG.search(_head(data)):
            return "html"
        return fmt
    head = _head(data)
    if _HTML_SNIFF.match(head):
        return "html"
    # any other tag first (a page saved from its <form> or <table>), when a closing tag confirms it
    return "html" if _ANY_TAG_SNIFF.match(head) and _CLOSING_TAG.search(head) else "text"


def decode(data: bytes, html: bool = False) -> tuple[str, str]:
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name.replace("-sig", "")
            except UnicodeDecodeError:
                # a lone surrogate or a few broken units in a file whose BOM says what it is:
                # replace those, keep the rest
                text = data.decode(name, errors="replace")
                if text.count("\ufffd") <= max(MAX_REPLACEMENTS, len(text) // 1000):
                    return text, name.replace("-sig", "")
                break
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if html:
        m = _META_CHARSET.search(data[:4096])
        if m:
            label = m.group(1).decode("ascii", "replace").lower()
            name = _SUPERSETS.get(label, label)
            try:
                return data.decode(name), label
            except LookupError:
                pass
            except UnicodeDecodeError:
                # A few broken bytes in a page that is otherwise in its declared charset (common in
                # old GBK pages): keep the declared charset and replace only those bytes.
                text = data.decode(name, errors="replace")
                if text.count("\ufffd") <= max(MAX_REPLACEMENTS, len(text) // 1000):
                    return text, label
    return _detect(data)


def _detect(data: bytes) -> tuple[str, str]:
    legacy = _legacy_cjk(data)
    if legacy is not None:
        return legacy
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - declared dependency
        best = None
    else:
        best = from_bytes(data).best()
    if best is not None and best.encoding:
        name = _SUPERSETS.get(best.encoding.lower(), best.encoding)
        try:
            return data.decode(name), best.encoding
        except (LookupError, UnicodeDecodeError):
            return str(best), best.encoding
    for name in ("gb18030", "big5hkscs", "cp932"):
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    # Nothing fits exactly: the candidate with the fewest broken bytes, if they are few.
    best_text, best_name = min(((data.decode(n, errors="replace"), n) for n in ("utf-8", "gb18030", "big5hkscs")),
                               key=lambda tn: tn[0].count("\ufffd"))
    if best_text.count("\ufffd") <= max(MAX_REPLACEMENTS, len(best_text) // 100):
        return best_text, best_name
    raise InputError("undecodable: no text encoding fits these bytes")


# Where the common characters of each legacy Chinese encoding lie: GB2312's first level (the 3,755
# most used hanzi, rows B0-D7) and Big5's frequent characters (A440-C67E).  Text in one of them read
# as the other lands elsewhere (Big5 read as GBK: kana, Greek, rare hanzi; GBK read as Big5: symbols
# and the rarer second level), so the share of these is what tells them apart.
_COMMON = {"gb18030": (b"\xb0\xa1", b"\xd7\xfe", "gb2312"), "big5hkscs": (b"\xa4\x40", b"\xc6\x7e", "big5")}
LEGACY_MIN_COMMON = 0.8     # share of the non-ASCII characters that must be common ones
LEGACY_SAMPLE = 1 << 16     # characters looked at
_NON_ASCII = re.compile("[^\x00-\x7f]")
_SPACED_HANZI = re.compile("[\u4e00-\u9fff] (?=[\u4e00-\u9fff])")
# CJK and general punctuation, full-width forms: common in any Chinese text
_PUNCT = re.compile("[\u2010-\u2027\u3000-\u303f\uff01-\uff5e]")


def _legacy_cjk(data: bytes) -> tuple[str, str] | None:
    """GB18030 or Big5 when the bytes decode cleanly as one of them and read as ordinary Chinese.

    Tried before the statistical guess, which on a short text (a headline of ten characters) or a
    page without a charset declaration picks Korean or Cyrillic: those encodings map the same
    bytes to other letters, and a Chinese tool should read Chinese first."""
    best = None
    for name, (low, high, narrow) in _COMMON.items():
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        wide = _NON_ASCII.findall(text, 0, LEGACY_SAMPLE)
        hanzi = sum("\u4e00" <= ch <= "\u9fff" for ch in wide)
        if not hanzi or len(_SPACED_HANZI.findall(text, 0, LEGACY_SAMPLE)) * 10 > hanzi:
            continue    # (no hanzi, or spaced like words: Korean in EUC-KR reads as hanzi in GBK)
        common = 0
        for ch in wide:
            if _PUNCT.match(ch):
                common += 1
                continue
            try:
                b = ch.encode(narrow)
            except UnicodeEncodeError:
                continue
            common += low <= b <= high
        share = common / len(wide)
        if share >= LEGACY_MIN_COMMON and (best is None or share > best[0]):
            best = (share, text, name)
    if best is None:
        return None
    korean = _korean_reading(data, best[1])
    return (korean, "euc-kr") if korean is not None else (best[1], best[2])


# The most frequent characters of Chinese (Simplified and the same in Traditional) and the most frequent
# Hangul syllables of Korean: charset-normalizer's frequency tables (``constant.FREQUENCIES``), with more
# Korean syllables (particles and endings) for short texts.  Korean in EUC-KR decodes cleanly as GB2312
# (its Hangul rows are GB2312's first-level hanzi): the Chinese it yields is made of ordinary but
# unrelated hanzi, seldom the frequent ones, while its Korean reading is made of frequent syllables.
_ZH_FREQUENT = frozenset(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道"
    "行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实"
    "這個們來爲為國說時會對於著過發後裏裡種經麼學現當沒動還進樣開從實")
_KO_FREQUENT = frozenset("이다에의는로하을가고지서한은기으년대사시를리도인스일"
                         "있었했니습것수들과적자나세요정국보부아게어해주상전원위제우만성여면말할된되")
_HANGUL = re.compile("[\uac00-\ud7a3]")
KOREAN_MIN_FREQUENT = 2


def _korean_reading(data: bytes, chinese: str) -> str | None:
    """The bytes read as EUC-KR when that reading is Korean and more plausible than ``chinese``: every
    non-ASCII character a Hangul syllable (or punctuation), at least ``KOREAN_MIN_FREQUENT`` of them
    frequent syllables, and a larger share of them frequent than the share of frequent hanzi in the
    Chinese reading.  None otherwise."""
    try:
        text = data.decode("euc-kr")
    except UnicodeDecodeError:
        return None
    wide = [ch for ch in _NON_ASCII.findall(text, 0, LEGACY_SAMPLE) if not _PUNCT.match(ch)]
    hangul = _HANGUL.findall(text, 0, LEGACY_SAMPLE)
    if not hangul or len(hangul) != len(wide):
        return None
    hanzi = [ch for ch in chinese[:LEGACY_SAMPLE] if "\u4e00" <= ch <= "\u9fff"]
    frequent = sum(map(_KO_FREQUENT.__contains__, hangul))
    zh = sum(map(_ZH_FREQUENT.__contains__, hanzi)) / (len(hanzi) or 1)
    # (two frequent syllables at least: one in four strange ones is chance, 快捷菜单 read as 우쌥꽉데)
    return text if frequent >= KOREAN_MIN_FREQUENT and frequent / len(hangul) > zh else None


def _head(data: bytes) -> bytes:
    head = data[:2048]
    for bom, _ in _BOMS:
        if head.startswith(bom):
            head = head[len(bom):]
            break
    return head.replace(b"\x00", b"")


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)):
        return False        # (UTF-16 and UTF-32 hold NULs; the UTF-32 LE BOM starts like UTF-16 LE's)
    if b"\x00" in sample:
        return True
    controls = len(sample.translate(None, _NOT_CONTROL))     # (C speed: the bytes that are controls)
    return controls > max(8, len(sample) // 100)


# every byte but the control characters that do not occur in text (tab, newlines, form feed, ESC do)
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 32 and b not in (9, 10, 12, 13, 27)))


def _os_reason(exc: OSError) -> str:
    import errno
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno == errno.EACCES:
        return "permission denied"
    if exc.errno == errno.ENOENT:
        return "no such file"
    return exc.strerror or str(exc)
