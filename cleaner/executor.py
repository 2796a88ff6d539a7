"""The one windowed executor: work submitted in input order, a bounded number in flight, results
taken in input order.

The batch's cleaning pass (``batch.execute``: a process pool, with crash recovery), the template's
first pass (``template``: a process pool, finishing in this process if the pool breaks) and the Dask
runs (``dask``: a cluster's futures) all go through :func:`in_order`; each brings its own ``submit``
and does its own recovery when it takes a result.  Memory stays flat however long the input: at most
``window`` pieces of work and their results exist at a time.
"""
from __future__ import annotations

from collections import deque
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")


def in_order(items: Iterable[T], submit: Callable[[T], Any], window: int) -> Iterator[tuple[T, Any]]:
    """``(item, submit(item))`` for every item, in input order, with at most ``window`` submitted and
    not yet taken.  Each pair is yielded when it is the oldest in flight; the next item is submitted
    when the caller comes back for the one after (so a caller that stops early submits no more)."""
    todo = iter(items)
    pending: deque = deque((item, submit(item)) for item in islice(todo, max(1, window)))
    while pending:
        yield pending.popleft()
        for item in islice(todo, 1):
            pending.append((item, submit(item)))
