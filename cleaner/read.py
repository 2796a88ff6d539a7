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
            data = fh.read(max_bytes + 1)
    except InputError:
        raise
    except OSError as exc:
        raise InputError(_os_reason(exc)) from None
    return read_bytes(data, source=path, fmt=fmt, max_bytes=max_bytes)


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
    if not text or text.isspace():
        raise InputError("no text after decoding")
    return Document(source=source, raw=data, text=text, format=fmt, encoding=encoding)


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


def _head(data: bytes) -> bytes:
    head = data[:2048]
    for bom, _ in _BOMS:
        if head.startswith(bom):
            head = head[len(bom):]
            break
    return head.replace(b"\x00", b"")


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
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
