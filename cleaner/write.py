"""Stage 6 — write: atomic, and only when the content changed.

The output goes to a temporary file in the destination folder, is flushed and
fsynced, then renamed over the target, so a crash, a full disk or Ctrl-C never
leaves a partial file and the previous output stays intact until the new one
is complete.  An unchanged output is not rewritten (its mtime is kept).
"""
from __future__ import annotations

import os
import tempfile


def output_differs(path: str, text: str) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read() != text.encode("utf-8")
    except OSError:
        return True


def write_atomic(path: str, text: str) -> bool:
    """Write ``text`` to ``path`` atomically. Returns False when the file already held it."""
    if not output_differs(path, text):
        return False
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".clean-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return True
