"""cleaner.executor.in_order: the one windowed executor of the batch, the template's first pass and Dask."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from cleaner.executor import in_order


def test_results_in_input_order_with_a_bounded_window():
    submitted, in_flight, most = [], 0, 0

    def submit(item):
        nonlocal in_flight, most
        submitted.append(item)
        in_flight += 1
        most = max(most, in_flight)
        return item * 10

    out = []
    for item, fut in in_order(range(20), submit, 3):
        in_flight -= 1
        out.append((item, fut))
    assert out == [(i, i * 10) for i in range(20)] and most == 3 and submitted == list(range(20))


def test_a_caller_that_stops_submits_no_more():
    submitted = []
    gen = in_order(iter(range(100)), lambda i: submitted.append(i) or i, 4)
    assert [next(gen) for _ in range(2)] == [(0, 0), (1, 1)]
    gen.close()
    assert submitted == [0, 1, 2, 3, 4]          # the window, and one more for the second item taken


def test_with_real_futures():
    with ThreadPoolExecutor(2) as pool:
        got = [f.result() for _, f in in_order(range(50), lambda i: pool.submit(pow, i, 2), 4)]
    assert got == [i * i for i in range(50)]
