"""SIGTERM and SIGHUP handled like Ctrl-C, and SIGPIPE like ``cat``.

Python turns SIGINT into ``KeyboardInterrupt``, and every clean-up of a batch (temporary files,
worker processes, the half-written report) hangs on it.  SIGTERM (``kill``, a CI timeout, systemd)
and SIGHUP (a closed terminal) killed the process outright instead: the spill folder stayed in
``$TMPDIR`` and busy workers ran on as orphans.  ``terminations_handled()`` makes them raise
``Terminated``, a ``KeyboardInterrupt``, so they take the very same path; its handler first kills
our worker processes (the first pass's pool would otherwise wait for its chunks to finish).
"""
from __future__ import annotations

import contextlib
import multiprocessing
import signal
import threading

HANDLED = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n))


class Terminated(KeyboardInterrupt):
    """The process got SIGTERM or SIGHUP; ``exit_code`` is 128 + the signal number."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.exit_code = 128 + signum


def kill_workers() -> None:
    """Kill every child process of ours (the worker pools); they hold nothing that must be kept."""
    for proc in multiprocessing.active_children():
        with contextlib.suppress(Exception):
            proc.kill()


def _raise_terminated(signum, frame):
    # once is enough: a second signal during the clean-up must not interrupt the clean-up
    for s in HANDLED:
        signal.signal(s, signal.SIG_IGN)
    kill_workers()
    raise Terminated(signum)


@contextlib.contextmanager
def terminations_handled():
    """Within the block, SIGTERM and SIGHUP raise ``Terminated`` (main thread only; else a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = {s: signal.getsignal(s) for s in HANDLED}
    for s in HANDLED:
        if old[s] is not signal.SIG_IGN:      # (nohup: a hang-up stays ignored)
            signal.signal(s, _raise_terminated)
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h if h is not None else signal.SIG_DFL)
