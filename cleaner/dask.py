"""Clean articles with Dask: a bag of paths or records, a DataFrame column of texts, or a whole batch on a cluster.

Install with ``pip install 'cleaner[dask]'``.  Everything goes through the same
pipeline as the ``clean`` command (``read`` → ``clean_document`` → ``render``),
so a Dask run gives byte-identical outputs to a local run::

    import dask.bag as db
    from cleaner.dask import clean_bag, clean_series
    from cleaner import Settings

    records = clean_bag(db.from_sequence(paths, npartitions=64), Settings(script="hans"))
    records.pluck("output").to_textfiles("out/*.md")        # or .compute()

    df["clean"] = clean_series(df["html"])                    # a Dask DataFrame column

    from cleaner.dask import run_batch_on_cluster               # what ``clean --scheduler`` calls
    run_batch_on_cluster("tcp://scheduler:8786", ["in/"], "out/", Settings())

Records are ``{"path", "output", "title", "meta", "confidence", "error"}``:
``output`` is the rendered article in ``settings.format`` (Markdown by
default), ``error`` the one-line reason when the input could not be cleaned
(then ``output`` is None).  Inputs may be paths (read on the workers: they must
see the same files, e.g. a shared file system), ``bytes``, or dicts with a
``path`` and either ``text`` (str) or ``bytes``.

Batch template learning (lines that recur in many files are site chrome) needs
the whole batch: a first map computes each file's set of line fingerprints, a
reduction counts in how many files each occurs, ``TemplateIndex.from_counts``
builds the index once, and the index is broadcast to the cleaning tasks.
``clean --scheduler`` (``clean_on_cluster``) counts the chunks' results on the
client in input order with the local batch's lossy counter and chunking, so it
learns what ``clean`` learns for any batch size, in flat memory; a bag
(``clean_bag``) is reduced exactly, in a tree (memory grows with the number of
distinct lines, and for batches over ``template.BUCKET_FILES`` files it may
learn a few more template lines than the local batch).  It
uses ``cleaner.template`` (``fingerprints(doc) -> set`` of a parsed document and
``TemplateIndex.from_counts(Counter)``); without that module, or with
``template`` in ``Settings.disable``, cleaning runs without a template index,
exactly as the local pipeline does.

OpenCC converters cannot be pickled: each worker process builds its own,
lazily, the first time it converts (``cleaner.script.converter``).
"""
from __future__ import annotations

import collections
import itertools
import os
import sys
from typing import Any, Iterable, Iterator

from .executor import in_order
from .errors import InputError
from .pipeline import clean_document
from .read import read_bytes, read_limited, read_path
from .render import render
from .rules import load_rules
from .settings import DEFAULT, Settings



def require() -> None:
    """Raise a one-line ImportError naming the extra when dask or distributed is missing (for ``--scheduler``)."""
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        from .errors import DependencyError
        raise DependencyError(f"cleaner.dask needs dask and distributed ({exc.name} is missing): "
                          "pip install 'cleaner[dask]'") from None


# ------------------------------------------------------------------ one record (runs on the workers)

def read_record(record: Any, settings: Settings = DEFAULT):
    """A path, ``bytes`` or ``{"path", "text" | "bytes"}`` → the ``Document`` that ``read`` makes."""
    if isinstance(record, (str, os.PathLike)):
        return read_path(os.fspath(record), settings.max_bytes, settings.read_format)
    if isinstance(record, (bytes, bytearray, memoryview)):
        return read_bytes(bytes(record), source="-", fmt=settings.read_format, max_bytes=settings.max_bytes)
    if isinstance(record, dict):
        path = record.get("path") or record.get("source") or "-"
        fmt = record.get("format") or settings.read_format
        if record.get("text") is not None:
            data = record["text"]
            data = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        elif record.get("bytes") is not None:
            data = bytes(record["bytes"])
        elif path != "-":
            return read_path(path, settings.max_bytes, fmt)
        else:
            raise InputError("record has no path, text or bytes")
        return read_bytes(data, source=path, fmt=fmt, max_bytes=settings.max_bytes)
    raise InputError(f"cannot read a record of type {type(record).__name__}")


def _record_path(record: Any) -> str:
    if isinstance(record, (str, os.PathLike)):
        return os.fspath(record)
    if isinstance(record, dict):
        return record.get("path") or record.get("source") or "-"
    return "-"


def clean_record(record: Any, settings: Settings = DEFAULT, rules: dict | None = None,
                 template: Any = None) -> dict:
    """Clean one record; never raises (a failure is reported in ``error``, as the CLI reports it)."""
    path = _record_path(record)
    out = {"path": path, "output": None, "title": None, "meta": {}, "confidence": 0.0, "error": None}
    try:
        doc = clean_document(read_record(record, settings), settings, rules, template=template, keep_input=False)
        out["output"] = render(doc, settings)
    except InputError as exc:
        out["error"] = str(exc)
        return out
    except Exception as exc:  # a bug of ours must not cost the rest of the batch
        out["error"] = f"internal error: {type(exc).__name__}: {exc}"
        return out
    out["title"] = doc.meta.get("title")
    out["meta"] = dict(doc.meta)
    out["confidence"] = doc.confidence
    return out


# ------------------------------------------------------------------ template learning

def template_enabled(settings: Settings = DEFAULT) -> bool:
    return "template" not in settings.disable


def fingerprint_record(record: Any, settings: Settings = DEFAULT) -> frozenset:
    """The set of template fingerprints of one input (empty when it cannot be read)."""
    from . import template
    from .parse import parse
    try:
        doc = parse(read_record(record, settings))
        return frozenset(template.fingerprints(doc))
    except Exception:  # unreadable input: it gets its error in the cleaning pass
        return frozenset()


def count_fingerprints(sets: Iterable[frozenset]) -> tuple[int, collections.Counter]:
    """(number of inputs, in how many of them each fingerprint occurs)."""
    counts: collections.Counter = collections.Counter()
    n = 0
    for s in sets:
        counts.update(s)
        n += 1
    return n, counts


def _add_counts(parts: Iterable[tuple[int, collections.Counter]]) -> tuple[int, collections.Counter]:
    total: collections.Counter = collections.Counter()
    n = 0
    for k, c in parts:
        total.update(c)
        n += k
    return n, total


def build_template(counted: tuple[int, collections.Counter]):
    """The TemplateIndex of a batch, or None when the batch is too small to learn from (as in the local batch)."""
    from . import template
    n, counts = counted
    if n < template.MIN_BATCH:
        return None
    # (what the local batch broadcasts too)
    return template.TemplateIndex.from_counts(
        collections.Counter({k: v for k, v in counts.items() if v >= template.BROADCAST_MIN_FILES}))


def learn_template(bag, settings: Settings = DEFAULT):
    """A lazy ``dask.bag.Item`` holding the batch's TemplateIndex (None when template learning is off)."""
    if not template_enabled(settings):
        return None
    counted = bag.map(fingerprint_record, settings).reduction(count_fingerprints, _add_counts)
    return counted.apply(build_template)


# ------------------------------------------------------------------ bags and DataFrame columns

def _node(rules: dict):
    """The rules as one graph node, shared by every partition (not copied into each task)."""
    from dask import delayed

    return delayed(rules, traverse=False)


def clean_bag(bag, settings: Settings = DEFAULT, rules: dict | None = None, template: Any = "learn"):
    """Clean a ``dask.bag`` of paths or records; returns a bag of result records (lazy).

    ``template="learn"`` learns the batch template from the bag itself (two
    passes over the inputs, as the local batch does); pass None to switch it
    off, or a TemplateIndex (or a Dask Item/Delayed of one) to use it.
    """
    rules = rules if rules is not None else load_rules(settings.rules)
    if isinstance(template, str) and template == "learn":
        template = learn_template(bag, settings)
    return bag.map(clean_record, settings=settings, rules=_node(rules), template=template)


def clean_paths(paths: Iterable[str], settings: Settings = DEFAULT, npartitions: int | None = None, **kw):
    """``clean_bag`` over a list of paths (folders are expanded the way ``clean`` walks them)."""
    import dask.bag as db

    files = [src for src, _ in expand_inputs(paths)]
    npartitions = npartitions or max(1, min(len(files) // 16 or 1, 256))
    return clean_bag(db.from_sequence(files, npartitions=npartitions), settings, **kw)


def _text_record(t: Any) -> dict | None:
    """A column's cell as a record; None for what is no text at all (None, NaN, a number)."""
    return {"path": "-", "text": t} if isinstance(t, (str, bytes, bytearray, memoryview)) else None


def _clean_texts(texts, settings: Settings, rules: dict, template: Any):
    import pandas as pd

    out = []
    for t in texts:
        record = _text_record(t)
        out.append(None if record is None else clean_record(record, settings, rules, template)["output"])
    return pd.Series(out, index=texts.index, dtype=object, name=texts.name)


def clean_series(series, settings: Settings = DEFAULT, rules: dict | None = None, template: Any = "learn"):
    """Clean a column of article texts (str or bytes): a Dask Series (lazy, partition by partition) or a
    pandas Series (at once, here); returns a Series of outputs, None where a cell could not be cleaned
    (None, NaN, empty, binary …)."""
    rules = rules if rules is not None else load_rules(settings.rules)
    if not hasattr(series, "map_partitions"):           # pandas: the same two passes, in this process
        if isinstance(template, str) and template == "learn":
            template = build_template(count_fingerprints(
                fingerprint_record(r, settings) for r in map(_text_record, series) if r is not None)) \
                if template_enabled(settings) else None
        return _clean_texts(series, settings, rules, template)
    if isinstance(template, str) and template == "learn":
        item = learn_template(series.to_bag().map(lambda t: {"path": "-", "text": t}), settings)
        template = item.to_delayed() if item is not None else None
    return series.map_partitions(_clean_texts, settings, _node(rules), template, meta=(series.name, "object"))


# ------------------------------------------------------------------ a whole batch on a cluster (clean --scheduler)

def expand_inputs(paths: Iterable[Any]) -> list[tuple[str, str]]:
    """(input path, output path relative to the output folder), walked as the CLI walks folders.

    Items that are already ``(src, rel)`` pairs are passed through.
    """
    out: list[tuple[str, str]] = []
    plain: list[str] = []
    for p in paths:
        if isinstance(p, tuple):
            out.append(p)
        else:
            plain.append(os.fspath(p))
    if plain:
        from .batch import discover
        out.extend((i.source, i.rel) for i in discover(plain))
    return out


def _fingerprint_chunk(records: list, settings: Settings) -> tuple[int, collections.Counter]:
    return count_fingerprints(fingerprint_record(r, settings) for r in records)


def _clean_chunk(records: list, settings: Settings, rules: dict, template: Any) -> list[dict]:
    return [clean_record(r, settings, rules, template) for r in records]


def _windowed(client, chunks: list, in_flight: int, job) -> Iterator[tuple[list, Any]]:
    """Submit ``job(chunk)`` = (function, *args) per chunk, at most ``in_flight`` pending; yield results in order."""
    def submit(chunk):
        fn, *args = job(chunk)
        return client.submit(fn, *args, pure=False)

    for chunk, fut in in_order(chunks, submit, in_flight):
        result = fut.result()
        fut.release()
        yield chunk, result


def clean_on_cluster(client, inputs: Iterable[Any], settings: Settings = DEFAULT, rules: dict | None = None,
                     chunk_size: int = 16, in_flight: int | None = None, send_bytes: bool = False) -> Iterator[dict]:
    """Clean a batch on a ``distributed`` cluster; yields one result record per input, in input order.

    ``client`` is a ``distributed.Client`` or a scheduler address.  Work goes
    out in chunks of ``chunk_size`` files with at most ``in_flight`` chunks
    pending (default: 2 per worker thread), so memory stays flat however large
    the batch.  Workers read the paths themselves unless ``send_bytes`` (for
    clusters without a shared file system: the client reads and ships bytes).
    Each record also has ``rel``, the output path relative to the output folder.
    """
    require()
    from distributed import Client

    own = not isinstance(client, Client)
    if own:
        client = Client(client)
    try:
        rules = rules if rules is not None else load_rules(settings.rules)
        pairs = expand_inputs(inputs)
        chunks = [pairs[i:i + chunk_size] for i in range(0, len(pairs), chunk_size)]

        stdin_data = sys.stdin.buffer.read() if any(src == "-" for src, _ in pairs) else None

        def records(chunk):
            out: list = []
            for src, _ in chunk:
                if src == "-":
                    out.append({"path": "-", "bytes": stdin_data})
                elif send_bytes:
                    try:
                        with open(src, "rb") as fh:
                            out.append({"path": src, "bytes": read_limited(fh, settings.max_bytes + 1)})
                    except OSError:
                        out.append(src)          # the worker reports the error the way read_path does
                else:
                    out.append(src)
            return out

        if in_flight is None:
            in_flight = 2 * (sum(client.nthreads().values()) or 1)
        rules_f = client.scatter(rules, broadcast=True, hash=False)
        template_f = None
        if template_enabled(settings):
            # the first pass, as the local batch makes it: every input but stdin, in chunks of the
            # local first pass, counted in order by the same lossy counter (same index, flat memory)
            from .template import FIRST_PASS_CHUNK, LossyFileCounter
            files = [p for p in pairs if p[0] != "-"]
            parts = _windowed(client, [files[i:i + FIRST_PASS_CHUNK] for i in range(0, len(files), FIRST_PASS_CHUNK)],
                              in_flight, lambda c: (_fingerprint_chunk, records(c), settings))
            counter = LossyFileCounter()
            for _, (n, counts) in parts:
                counter.add(n, counts)
            index = build_template((counter.files, counter.counts))
            template_f = client.scatter(index, broadcast=True, hash=False) if index is not None else None
            del index
        job = lambda c: (_clean_chunk, records(c), settings, rules_f, template_f)  # noqa: E731
        for chunk, results in _windowed(client, chunks, in_flight, job):
            for (src, rel), res in zip(chunk, results):
                res["rel"] = rel
                yield res
    finally:
        if own:
            client.close()


# ------------------------------------------------------------------ the CLI's batch, its files cleaned on a cluster

def _process_tasks(tasks: list, settings: Settings, rules: dict, template: Any, explain: bool) -> list:
    """On a worker: what a local worker process does with a chunk (``cleaner.batch.process_task``)."""
    from .batch import WorkerContext, process_task
    ctx = WorkerContext(settings, rules, template, explain, None)
    return [process_task(t, ctx) for t in tasks]


class ClusterExecutor:
    """``clean --scheduler``: the local batch (discovery, names, checks, writing, report, progress,
    summary) with the per-file work, and the template's first pass, done by a Dask cluster's workers.

    Passed to ``cleaner.batch.Batch`` as its ``executor``: takes the batch's tasks in input order and
    yields ``process_task``'s results in the same order, so every option the local run honours is
    honoured here (the workers run the same function on the same tasks). Workers read the input paths
    themselves (same file system); an article from stdin travels in its task.
    """

    def __init__(self, address: str, chunk_size: int = 16, in_flight: int | None = None,
                 connect_timeout: float = 20):
        require()
        from distributed import Client
        self.client = Client(address, timeout=connect_timeout)
        self.chunk_size = chunk_size
        self.in_flight = in_flight or 2 * (sum(self.client.nthreads().values()) or 1)

    def learn_template(self, paths: Iterable[str], settings: Settings):
        """The first pass on the cluster: the local batch's index (same chunks, same lossy counter)."""
        if not template_enabled(settings):
            return None
        from .template import FIRST_PASS_CHUNK, LossyFileCounter
        counter = LossyFileCounter()
        chunks = _lazy_chunks(iter(paths), FIRST_PASS_CHUNK)
        for _, (n, counts) in _windowed(self.client, chunks, self.in_flight,
                                        lambda c: (_fingerprint_chunk, c, settings)):
            counter.add(n, counts)
        return build_template((counter.files, counter.counts))

    def __call__(self, tasks: Iterable[Any], ctx: Any, jobs: int = 1) -> Iterator[Any]:
        rules_f = self.client.scatter(ctx.rules, broadcast=True, hash=False)
        template_f = (self.client.scatter(ctx.template, broadcast=True, hash=False)
                      if ctx.template is not None else None)
        job = lambda c: (_process_tasks, c, ctx.settings, rules_f, template_f, ctx.explain)  # noqa: E731
        for _, results in _windowed(self.client, _lazy_chunks(iter(tasks), self.chunk_size), self.in_flight, job):
            yield from results

    def close(self) -> None:
        self.client.close()


def _lazy_chunks(items: Iterator[Any], size: int) -> Iterator[list]:
    while True:
        chunk = list(itertools.islice(items, size))
        if not chunk:
            return
        yield chunk


def run_batch_on_cluster(address, inputs: Iterable[Any], output: str, settings: Settings = DEFAULT,
                         rules: dict | None = None, send_bytes: bool = False) -> tuple[int, int]:
    """What ``clean --scheduler ADDRESS PATHS -o OUTPUT`` does: returns (files written or unchanged, failed).

    Outputs mirror the input tree under ``output`` (``-``: to stdout, in input
    order), written atomically on the client, as the local batch writes them.
    Failures get one ``path: reason`` line on stderr, as in the CLI.
    """
    from .batch import OUTPUT_EXT, OutputNamer
    from .write import sync_folder

    namer = OutputNamer(output, OUTPUT_EXT[settings.format])     # the local batch's names, collisions included
    done = failed = 0
    written = False
    try:
        for res in clean_on_cluster(address, inputs, settings, rules, send_bytes=send_bytes):
            ok, wrote = _deliver(res, output, namer)
            done, failed, written = done + ok, failed + (not ok), written or wrote
    finally:
        if written:     # one sync of the outputs at the end, as the local batch does
            try:
                sync_folder(output)
            except OSError as exc:
                print(f"{output}: cannot sync the outputs to disk: {exc.strerror or exc}", file=sys.stderr)
                failed += 1
    return done, failed


def _deliver(res: dict, output: str, namer) -> tuple[bool, bool]:
    """Write or print one result: (it went fine, a file was written)."""
    from .write import write_atomic
    name = "<stdin>" if res["path"] == "-" else res["path"]
    if res["error"] is not None:
        print(f"{name}: {res['error']}", file=sys.stderr)
        return False, False
    if output == "-":
        sys.stdout.buffer.write(res["output"].encode("utf-8"))
        sys.stdout.flush()
        return True, False
    target = namer.target(res["rel"])
    try:
        return True, write_atomic(target, res["output"], durable=False)
    except OSError as exc:
        print(f"{name}: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
        return False, False
