"""Handing freed memory back to the system after a large page's costly steps (glibc's ``malloc_trim``).

libxml2 and libxslt work in many small C allocations (a page's tree, the visible text of its lines). Once
freed, glibc keeps those pages for later C allocations, but Python's own objects live in arenas mapped
apart: the blocks built next would come on top of memory nothing uses any more. ``trim`` gives it back
(a no-op where the C library has no ``malloc_trim``). Called on large pages only (``TRIM_MIN_CHARS``):
on a page of ordinary size there is little to give back.
"""
from __future__ import annotations

import sys

TRIM_MIN_CHARS = 1 << 20        # decoded characters of a page from which its parse trims the heap

_trim = None
_loaded = False


def _load():
    global _trim, _loaded
    _loaded = True
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        libc = ctypes.CDLL(None)
        _trim = libc.malloc_trim
        _trim.argtypes = [ctypes.c_size_t]
        _trim.restype = ctypes.c_int
    except (OSError, AttributeError, ImportError):      # (musl and others: no malloc_trim)
        _trim = None


def trim() -> bool:
    """Return the free memory of the C heap to the system; False where that cannot be done."""
    if not _loaded:
        _load()
    if _trim is None:
        return False
    _trim(0)
    return True
