"""Parsed HTML kept on disk between the two passes of a batch.

A batch with template learning reads every file twice: the first pass parses it
to fingerprint its lines, the cleaning pass parses it again.  Parsing is most of
the cost of an HTML page (building the tree, finding the article), so the first
pass saves each parsed HTML document here (its blocks and metadata, pickled,
not the page) and the cleaning pass loads it instead of parsing again.  Plain
text is not saved: splitting a text dump into blocks costs about what loading
the pickle would.

The folder is private to one run (``tempfile.TemporaryDirectory``, removed at
the end, Ctrl-C included).  A saved parse is used only when the bytes read in
the cleaning pass are the ones the first pass parsed (length and CRC-32), so a
file edited between the passes is read and parsed again; anything unreadable in
the folder is ignored the same way.  A loaded document is not decoded again: it
keeps the bytes and the length of the text the first pass decoded, not the text
(no stage after parsing reads it).  Each process stops saving after
``budget`` bytes (a huge crawl would otherwise fill the temporary folder):
the rest is simply parsed twice.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import zlib

from .document import Document
from .read import DEFAULT_MAX_BYTES

BUDGET = 1 << 30            # bytes of saved parses per run (split between the first-pass processes)
_FIELDS = ("format", "encoding", "blocks", "meta", "fragments", "notes", "region")

_used = 0                    # bytes saved by this process


def _name(folder: str, path: str) -> str:
    return os.path.join(folder, hashlib.blake2b(os.fsencode(path), digest_size=12).hexdigest() + ".pkl")


def _stamp(raw: bytes) -> tuple[int, int]:
    return len(raw), zlib.crc32(raw)


def save(folder: str, path: str, doc: Document, budget: int = BUDGET) -> bool:
    """Save the parse of ``doc`` (read from ``path``); False when over budget or it cannot be written."""
    global _used
    if _used >= budget:
        return False
    try:
        payload = (_stamp(doc.raw), len(doc.text), [getattr(doc, k) for k in _FIELDS])
        data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
        with open(_name(folder, path), "wb") as fh:
            fh.write(data)
    except Exception:      # (a full disk, a parse too deep to pickle: the cleaning pass parses again)
        return False
    _used += len(data)
    return True


def load(folder: str, path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document | None:
    """``path`` as the first pass parsed it, if its bytes are still those (the saved file is removed);
    None when there is no such parse, and the caller reads and parses the file as usual."""
    name = _name(folder, path)
    try:
        with open(name, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    try:
        os.unlink(name)
    except OSError:
        pass
    try:
        stamp, chars, values = pickle.loads(data)
        with open(path, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except Exception:   # (not our pickle, or the file is gone: read_path gives the reason)
        return None
    if stamp != _stamp(raw) or len(values) != len(_FIELDS):
        return None
    doc = Document(source=path, raw=raw, text_chars=chars)
    for k, v in zip(_FIELDS, values):
        setattr(doc, k, v)
    return doc


def reset() -> None:
    """Start counting this process's budget again (a new run in the same process)."""
    global _used
    _used = 0
