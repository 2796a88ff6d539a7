"""Stage 6 — write: atomic, and only when the content changed.

The output goes to a temporary file in the destination folder, is written,
then renamed over the target, so a crash, a full disk or Ctrl-C never leaves a
partial file and the previous output stays intact until the new one is
complete.  Durability against a power loss comes from ``sync_folder`` once at
the end of a batch (one ``syncfs`` of the output file system: one journal
commit instead of one per file; the cost per file is in ``benchmarks/profile.md``), or from
``durable=True`` (``clean --fsync``): an ``fsync`` of every file before its
rename.  SIGINT, SIGTERM and SIGHUP are held back while a file is being written (and delivered
right after), and the temporary file is removed on any error.  An unchanged
output is not rewritten (its mtime is kept).
"""
from __future__ import annotations

import contextlib
import os
import signal
import sys
import tempfile
import threading

TEMP_PREFIX = ".clean-"
TEMP_SUFFIX = ".tmp"
_CHUNK = 1 << 16
_HELD = {getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)}


def read_existing(path: str) -> bytes | None:
    """The current content of an output file, None when there is none (or it cannot be read)."""
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return None


@contextlib.contextmanager
def sigint_held():
    """Hold SIGINT (Ctrl-C), SIGTERM and SIGHUP back until the block is done, then deliver them.

    The handlers are swapped for ones that only note the signal: blocking the signals at the OS
    level is not enough, because one that arrived just before the block has already tripped
    Python's flag, and Python raises ``KeyboardInterrupt`` at its next check — inside ``mkstemp``,
    say, leaving a temporary file behind.  A pending signal runs whatever handler is installed when
    Python checks, so it is noted here too.  Main thread only (elsewhere a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    noted: list[tuple[int, object]] = []
    old = {s: signal.getsignal(s) for s in _HELD}
    for s in _HELD:
        if callable(old[s]):      # (an ignored or default signal stays as it is)
            signal.signal(s, lambda signum, frame: noted.append((signum, frame)))
    try:
        yield
    finally:
        for s, h in old.items():
            if callable(h):
                signal.signal(s, h)
    for signum, frame in noted[:1]:
        old[signum](signum, frame)      # (raises KeyboardInterrupt, or Terminated)


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: str, text: str | bytes, durable: bool = True) -> bool:
    """Write ``text`` to ``path`` atomically. Returns False when the file already held it.

    ``durable``: fsync the file before the rename (else the caller syncs later, ``sync_folder``).
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    if read_existing(path) == data:
        return False
    folder = os.path.dirname(os.path.abspath(path))
    with sigint_held():
        if not os.path.isdir(folder):
            os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
        try:
            try:
                view = memoryview(data)
                while view:
                    written = os.write(fd, view[:_CHUNK])
                    view = view[written:]
                if durable:
                    os.fsync(fd)
            finally:
                os.close(fd)
            os.chmod(tmp, _file_mode())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    return True


def sync_folder(folder: str) -> None:
    """Flush everything written to the file system holding ``folder`` (Linux ``syncfs``; else ``sync``).

    Raises OSError when the flush fails (a write-back error: what was written may not be on disk)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        if _syncfs is not None:
            if _syncfs(fd) != 0:
                import ctypes
                err = ctypes.get_errno()
                raise OSError(err, os.strerror(err))
        elif hasattr(os, "sync"):
            os.sync()
    finally:
        os.close(fd)


def _load_syncfs():
    try:
        import ctypes
        import ctypes.util
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        return libc.syncfs
    except (OSError, AttributeError, ImportError):  # pragma: no cover - not Linux/glibc
        return None


_syncfs = _load_syncfs() if sys.platform.startswith("linux") else None
