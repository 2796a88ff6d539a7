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
import secrets
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
    """Delay SIGINT (Ctrl-C), SIGTERM and SIGHUP until the block is done; a no-op where signals
    cannot be masked."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


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
        # The name first, then the file: a signal that tripped Python's flag before the mask was set
        # raises at the next check, which may come once the file exists; the name lets the clean-up
        # below remove it whatever happened after (mkstemp could create it and be interrupted before
        # returning its name).
        tmp = os.path.join(folder, f"{TEMP_PREFIX}{secrets.token_hex(6)}{TEMP_SUFFIX}")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
        except FileExistsError:
            raise               # (not ours: a name drawn twice is another writer's file)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
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
