"""Strings from outside made safe to print and to encode.

File names come from the OS as ``os.fsdecode`` gives them: bytes that are not UTF-8 become lone
surrogates (``b'caf\\xe9.txt'`` → ``'caf\\udce9.txt'``), which no UTF-8 writer accepts.  The path
itself stays as it is (opening the file needs it); only what is shown to people — stderr lines,
the report, front matter — goes through ``shown_path``.
"""
from __future__ import annotations

import os
import re

_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 and C1 controls (newline too), DEL, and the line and paragraph separators: on a terminal they
# move the cursor, recolour, retitle the window; in a log they split one line in two.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def has_surrogates(s: str) -> bool:
    return _SURROGATE.search(s) is not None


def scrub_surrogates(s: str) -> str:
    """``s`` with every lone surrogate replaced by U+FFFD (the string then encodes as UTF-8)."""
    return _SURROGATE.sub("\ufffd", s) if has_surrogates(s) else s


def shown_path(path: str) -> str:
    """A path as people see it: the bytes of a non-UTF-8 name written ``\\xe9`` (``caf\\xe9.txt``)."""
    if not has_surrogates(path):
        return path
    try:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeError:        # (surrogates not from surrogateescape: a string made in code)
        return path.encode("utf-8", "backslashreplace").decode("ascii")


def escape_controls(s: str) -> str:
    """Control characters written as escapes (``\\x1b``, ``\\n``), so a message cannot drive a
    terminal or forge a line."""
    if _CONTROL.search(s) is None:
        return s
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), s)
