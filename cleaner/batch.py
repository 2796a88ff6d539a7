"""Batch runs: find the inputs, map them to outputs, clean them in parallel, deliver in input order.

Four parts, each usable alone:

* **discovery** — ``discover()`` turns command-line paths, folders and a
  ``--files-from`` list into a lazy stream of ``Input`` (source, path relative
  to the output folder, or a discovery error).  Folders are walked recursively
  in sorted order; hidden files/folders and VCS folders are skipped; symlinks
  are followed inside the folder only (``--follow-symlinks``: anywhere but the
  output folder), a folder that links back to one of its ancestors is a
  ``symlink loop`` error; a path listed twice is cleaned once.
* **output mapping** — ``OutputNamer`` gives every input its output path
  (``<out>/<rel minus extension>.<format>``).  When two inputs of one folder
  would get the same name (``a.txt`` and ``a.html`` → ``a.md``), the first in
  sorted input order gets ``a.md`` and the next keeps its input extension
  (``a.html.md``); a third would get ``a.html~2.md``.  Deterministic for a
  given command line.
* **execution** — ``execute()`` runs ``process_task`` over the tasks with
  ``jobs`` worker *processes* (OpenCC and lxml hold the GIL), sends them in
  chunks, keeps a bounded window of chunks in flight and yields results in
  input order: memory stays flat however many inputs there are (no list of
  documents or outputs is ever built).  Workers ignore SIGINT: the main
  process alone handles Ctrl-C, and it alone writes files.  A worker that
  dies (a crash in a C extension) costs only the input that killed it.
* **delivery** — ``Batch.deliver()`` writes, compares (``--check``), diffs,
  prints to stdout or explains each result, and feeds the ``Report``.

Template learning hook: before the cleaning pass, ``learn_template()`` calls
``cleaner.template.build_template_index(paths, settings)`` when that function
exists, over a fresh lazy iterator of all input file paths (a first pass that
fingerprints every file and merges the counts).  The index it returns is handed
to every worker (``WorkerContext.template``) and passed to
``clean_document(..., template=index)``.  It must be picklable.
"""
from __future__ import annotations

import difflib
import fnmatch
import itertools
import os
import signal
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import IO, Any, Callable, Iterable, Iterator

from . import spill
from .executor import in_order
from .errors import InputError
from .safe import scrub_surrogates, shown_path
from .pipeline import clean_document
from .read import MOJIBAKE_NOTE, TEXT_EXTENSIONS, _os_reason, read_bytes, read_limited, read_path
from .render import render, stats as doc_stats
from .report import (EXPLAINED, FAILED, STDOUT, UNCHANGED, WOULD_CHANGE, WRITTEN, FileRecord, Report)
from .settings import Settings
from .signals import terminations_handled
from .write import read_existing, sync_folder, write_atomic

DEFAULT_INCLUDE: tuple[str, ...] = tuple(f"*{ext}" for ext in TEXT_EXTENSIONS)
VCS_DIRS = frozenset({".git", ".hg", ".svn", ".bzr", "_darcs", "CVS", ".jj", ".pijul"})
OUTPUT_EXT = {"md": ".md", "txt": ".txt", "json": ".json", "jsonl": ".jsonl"}
STDIN = "-"
STDIN_NAME = "<stdin>"
STDIN_REL = "stdin"          # output name of an article read from stdin into a folder: <out>/stdin.md
CHUNK_SIZE = 8               # inputs per message to a worker
WINDOW_PER_JOB = 4           # chunks in flight per worker


# ====================================================================== discovery

@dataclass(frozen=True)
class Input:
    source: str                 # a path, or "-" for stdin
    rel: str                    # path relative to the output folder, with the input's extension
    error: str | None = None    # found but unusable (symlink loop, unreadable folder): reported, not read

    @property
    def display(self) -> str:
        return STDIN_NAME if self.source == STDIN else shown_path(self.source)


def _matches(rel: str, patterns: Iterable[str]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(name, p) for p in patterns)


def _skipped_name(name: str) -> bool:
    return name.startswith(".") or name in VCS_DIRS


def _included(rel: str, include: tuple[str, ...]) -> bool:
    # the default extensions in any case (a.TXT, b.HTML); the user's own globs as written
    if include == DEFAULT_INCLUDE:
        return _matches(rel.lower(), include)
    return _matches(rel, include)


def walk(root: str, include: Iterable[str] = DEFAULT_INCLUDE, exclude: Iterable[str] = (),
         follow_symlinks: bool = False, avoid: Iterable[str] = ()) -> Iterator[Input]:
    """Every file under ``root`` matching ``include`` and not ``exclude`` (globs on the name or the
    relative path), sorted; hidden and VCS entries skipped; loops reported.

    A symlink (to a file or a folder) is followed when it leads to a place inside ``root``; one that
    leads outside is reported, not read (``/etc/passwd`` is no article), unless ``follow_symlinks``.
    The folders of ``avoid`` (the output folder: our own outputs) are never entered, neither when
    they lie inside ``root`` (``clean .`` writes ``./cleaned``) nor through a symlink."""
    include, exclude = tuple(include), tuple(exclude)
    root_real = os.path.realpath(root)
    avoid = tuple(os.path.realpath(a) for a in avoid)

    def link_error(entry: os.DirEntry) -> str | None:
        try:
            if not entry.is_symlink():
                return None
        except OSError:
            return None
        target = os.path.realpath(entry.path)
        if any(_under(target, a) for a in avoid):
            return "symlink into the output folder, not followed"
        if not follow_symlinks and not _under(target, root_real):
            return "symlink leads outside the input folder, not followed (--follow-symlinks follows it)"
        return None

    def rec(folder: str, rel: str, ancestors: frozenset) -> Iterator[Input]:
        try:
            st = os.stat(folder)
            key = (st.st_dev, st.st_ino)
            if key in ancestors:
                yield Input(folder, rel, "symlink loop")
                return
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield Input(folder, rel or os.path.basename(folder), _os_reason(exc))
            return
        ancestors = ancestors | {key}
        for entry in entries:
            if _skipped_name(entry.name):
                continue
            sub = f"{rel}/{entry.name}" if rel else entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not _matches(sub, exclude):
                    error = link_error(entry)
                    if error:
                        yield Input(entry.path, sub, error)
                    elif not (avoid and os.path.realpath(entry.path) in avoid):
                        yield from rec(entry.path, sub, ancestors)
                continue
            if not _included(sub, include) or _matches(sub, exclude):
                continue
            error = link_error(entry)
            if error:
                yield Input(entry.path, sub, error)
                continue
            try:
                regular = entry.is_file() or entry.is_symlink()   # broken links and loops: read says why
            except OSError:
                regular = True
            yield Input(entry.path, sub, None if regular else "not a regular file")

    yield from rec(root, "", frozenset())


def read_list(stream: IO[bytes], null: bool = False) -> Iterator[str]:
    """Paths from a ``--files-from`` list: one per line, or NUL-separated (``-0``); lazily."""
    sep = b"\0" if null else b"\n"
    pending = b""
    while True:
        chunk = stream.read(1 << 16)
        if not chunk:
            break
        pending += chunk
        *items, pending = pending.split(sep)
        for item in items:
            yield from _list_item(item, null)
    yield from _list_item(pending, null)


def _list_item(item: bytes, null: bool) -> Iterator[str]:
    if not null:
        item = item.rstrip(b"\r")
    if item.strip():
        yield os.fsdecode(item)


def listed_rel(path: str) -> str:
    """Output-relative path of a listed file: the path as given when it is relative and stays
    below the working folder (``find . -name '*.html' | clean --files-from -`` mirrors the tree),
    else its file name."""
    norm = os.path.normpath(path)
    if os.path.isabs(norm) or norm == ".." or norm.startswith(".." + os.sep):
        return os.path.basename(norm)
    return norm.replace(os.sep, "/")


def discover(paths: Iterable[str], include: Iterable[str] = DEFAULT_INCLUDE, exclude: Iterable[str] = (),
             listed: Iterable[str] = (), follow_symlinks: bool = False, avoid: Iterable[str] = ()) -> Iterator[Input]:
    """Inputs in order: each command-line path (``-`` = stdin, folders walked), then the listed paths.

    A file named explicitly is taken whatever its extension; ``include``/``exclude`` filter folders
    (``follow_symlinks``, ``avoid``: see ``walk``).  A path listed twice is cleaned once.
    """
    avoid = tuple(avoid)
    seen: set[str] = set()        # the listed files so far (a --files-from list may repeat a path)
    for p in itertools.chain(((p, False) for p in paths), ((p, True) for p in listed)):
        path, from_list = p
        if path == STDIN:
            yield Input(STDIN, STDIN_REL)
        elif os.path.isdir(path):
            yield from walk(path, include, exclude, follow_symlinks, avoid)
        else:
            if from_list:
                key = os.path.normpath(os.path.abspath(path))
                if key in seen:
                    continue
                seen.add(key)
            yield Input(path, listed_rel(path) if from_list else os.path.basename(path))


# ====================================================================== output mapping

class OutputNamer:
    """Output path of each input; name collisions resolved in input order (see module doc)."""

    def __init__(self, out_dir: str, ext: str):
        self.out_dir = out_dir
        self.ext = ext
        self.claimed: set[str] = set()

    def target(self, rel: str) -> str:
        stem, in_ext = os.path.splitext(rel)
        candidates = itertools.chain([stem + self.ext, rel + self.ext],
                                     (f"{rel}~{n}{self.ext}" for n in itertools.count(2)))
        for cand in candidates:
            key = os.path.normcase(cand)
            if key not in self.claimed:
                self.claimed.add(key)
                return os.path.join(self.out_dir, *cand.split("/"))
        raise AssertionError("unreachable")  # pragma: no cover


def _under(real: str, folder_real: str) -> bool:
    return real == folder_real or real.startswith(folder_real.rstrip(os.sep) + os.sep)


def inside(path: str, folder: str) -> bool:
    """``path`` equals ``folder`` or lies inside it (after resolving symlinks)."""
    path, folder = os.path.realpath(path), os.path.realpath(folder)
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


# ====================================================================== execution

@dataclass(frozen=True)
class Task:
    index: int
    source: str
    display: str
    target: str | None = None     # output file; None for stdout / --explain
    data: bytes | None = None     # the bytes of a stdin article
    error: str | None = None      # discovery error
    to_stdout: bool = False       # the output goes to stdout


@dataclass
class Result:
    index: int
    display: str
    target: str | None
    source: str = ""              # the input path as the OS gave it ("-" for stdin)
    text: str | None = None
    error: str | None = None
    explain: list[str] | None = None
    stats: dict[str, Any] = field(default_factory=dict)
    bytes_in: int = 0
    seconds: float = 0.0
    to_stdout: bool = False


@dataclass(frozen=True)
class WorkerContext:
    """Everything a worker needs, sent once per worker process."""
    settings: Settings
    rules: dict[str, Any]
    template: Any = None          # the template index from the first pass, or None
    explain: bool = False
    spill: str | None = None      # folder of parses saved by the first pass (cleaner.spill), or None


_CONTEXT: WorkerContext | None = None


def _init_worker(ctx: WorkerContext) -> None:
    global _CONTEXT
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the main process's business
    _die_with_parent()
    _CONTEXT = ctx


def _die_with_parent() -> None:
    """Linux: the kernel sends this worker SIGKILL when the main process dies, however it dies
    (a worker must never outlive its batch)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)       # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - no prctl
        pass


def _run_chunk(tasks: list[Task]) -> list[Result]:
    assert _CONTEXT is not None
    return [process_task(t, _CONTEXT) for t in tasks]


def process_task(task: Task, ctx: WorkerContext) -> Result:
    """Read, clean and render one input. Never raises: any failure becomes ``Result.error``."""
    t0 = time.perf_counter()
    res = Result(task.index, task.display, task.target, task.source, to_stdout=task.to_stdout)
    s = ctx.settings
    try:
        if task.error:
            raise InputError(task.error)
        doc = None
        if ctx.spill is not None and task.data is None and s.read_format is None:
            doc = spill.load(ctx.spill, task.source, s.max_bytes)      # parsed by the first pass
        parsed = doc is not None
        if task.data is not None:
            doc = read_bytes(task.data, source=STDIN, fmt=s.read_format, max_bytes=s.max_bytes)
        elif doc is None:
            doc = read_path(task.source, s.max_bytes, s.read_format)
        res.bytes_in = len(doc.raw)
        clean_document(doc, s, ctx.rules, template=ctx.template, parsed=parsed, keep_input=False)
        res.text = render(doc, s)
        res.stats = {**doc_stats(doc), "input_script": doc.meta.get("input_script"),
                     "output_script": doc.meta.get("output_script"), "conversion": doc.meta.get("conversion"),
                     "mojibake": MOJIBAKE_NOTE in doc.notes}
        if ctx.explain:
            res.explain = explain_lines(doc, task.display)
    except InputError as exc:
        res.error, res.text = str(exc), None
    except Exception as exc:   # a bug of ours must cost one file, not the batch
        res.error, res.text = f"internal error: {type(exc).__name__}: {exc}", None
    res.seconds = time.perf_counter() - t0
    return res


def explain_lines(doc, path: str) -> list[str]:
    """One line per removed piece (``path:line<TAB>reason<TAB>text<TAB>(detail)``), then a tally."""
    lines = []
    for r in doc.removals:
        text = r.text.strip().replace("\n", " ")
        text = text if len(text) <= 60 else text[:57] + "..."
        lines.append(f"{path}:{r.line}\t{r.reason}\t{text}" + (f"\t({r.detail})" if r.detail else ""))
    lines.append(f"{path}: kept {len(doc.kept)} of {len(doc.blocks)} blocks, confidence {doc.confidence}")
    return lines


def _chunks(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    it = iter(tasks)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def execute(tasks: Iterable[Task], ctx: WorkerContext, jobs: int = 1,
            chunk_size: int = CHUNK_SIZE) -> Iterator[Result]:
    """Results of ``process_task`` over ``tasks``, in input order, with ``jobs`` processes.

    Runs in this process when ``jobs`` is 1 or there is only one chunk of work.
    """
    chunks = _chunks(tasks, chunk_size)
    head = list(itertools.islice(chunks, 2))
    if jobs <= 1 or len(head) < 2:
        for chunk in itertools.chain(head, chunks):
            for task in chunk:
                yield process_task(task, ctx)
        return
    yield from _execute_parallel(itertools.chain(head, chunks), ctx, jobs)


def _new_pool(ctx: WorkerContext, jobs: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(ctx,))


def _execute_parallel(chunks: Iterator[list[Task]], ctx: WorkerContext, jobs: int) -> Iterator[Result]:
    pool = _new_pool(ctx, jobs)

    def submit(chunk: list[Task]) -> tuple[Any, ProcessPoolExecutor]:
        """The chunk's future and the pool it was sent to (a broken pool is replaced first)."""
        nonlocal pool
        try:
            return pool.submit(_run_chunk, chunk), pool
        except BrokenProcessPool:
            pool = _new_pool(ctx, jobs)
            return pool.submit(_run_chunk, chunk), pool

    try:
        for chunk, (fut, sent_to) in in_order(chunks, submit, jobs * WINDOW_PER_JOB):
            try:
                results = fut.result()
            except BrokenProcessPool:
                # A worker died (a crash in a C extension): every chunk in flight on that pool is lost.
                # Replace the pool once, and re-run each lost chunk apart to find the input that kills it.
                if sent_to is pool:
                    pool = _new_pool(ctx, jobs)
                results = _rerun(chunk, ctx)
            yield from results
    except BaseException:
        _kill(pool)
        raise
    else:
        pool.shutdown(wait=True)


def _rerun(chunk: list[Task], ctx: WorkerContext) -> list[Result]:
    """Re-run a lost chunk in a process of its own; if it dies again, one process per task."""
    with _new_pool(ctx, 1) as solo:
        try:
            return solo.submit(_run_chunk, chunk).result()
        except BrokenProcessPool:
            pass
    results = []
    for task in chunk:
        with _new_pool(ctx, 1) as solo:
            try:
                results.extend(solo.submit(_run_chunk, [task]).result())
            except BrokenProcessPool:
                results.append(Result(task.index, task.display, task.target, task.source, to_stdout=task.to_stdout,
                                      error="internal error: the worker process died on this input"))
    return results


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop now: cancel queued work and terminate the workers (nothing of theirs is on disk)."""
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            proc.terminate()
        except Exception:  # pragma: no cover - already gone
            pass


# ====================================================================== first pass (template hook)

def learn_template(paths: Callable[[], Iterator[str]], settings: Settings,
                   warn: Callable[[str], None] = lambda m: None, jobs: int = 1, spill: str | None = None) -> Any:
    """The first pass: ``cleaner.template.build_template_index`` over every input (None when
    template learning is off).

    ``paths`` makes a fresh lazy iterator of every input file path.  A failure of the first
    pass is reported once and the batch goes on without a template.  ``jobs``: processes for the
    pass; ``spill``: a private folder where it saves parsed HTML for the cleaning pass.
    """
    if "template" in settings.disable:
        return None             # (--disable template: no first pass at all)
    from . import template
    try:
        return template.build_template_index(paths(), settings, jobs=jobs, spill=spill)
    except Exception as exc:
        warn(f"template pass failed, going on without it: {type(exc).__name__}: {exc}")
        return None


@dataclass
class Sources:
    """Where a batch's inputs come from: command-line paths (``-`` = stdin), a ``--files-from``
    list (an open binary stream, read once, or twice when the first pass needs it), and how folders
    are walked (``include``/``exclude`` globs, ``follow_symlinks``, the ``avoid``ed output folder)."""
    paths: tuple[str, ...]
    listing: IO[bytes] | None = None
    null: bool = False
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    follow_symlinks: bool = False
    avoid: tuple[str, ...] = ()
    _listed: list[str] | None = None

    def discover(self, listed: Iterable[str] = ()) -> Iterator[Input]:
        return discover(self.paths, self.include, self.exclude, listed, self.follow_symlinks, self.avoid)

    def only_stdin(self) -> bool:
        return self.paths == (STDIN,) and self.listing is None

    def first_pass_paths(self) -> Iterator[str]:
        """Every input file for the first pass (the list is read here and kept for the second)."""
        if self.listing is not None:
            self._listed = list(read_list(self.listing, self.null))
        return (i.source for i in self.discover(self._listed or ()) if i.source != STDIN and not i.error)

    def inputs(self) -> Iterator[Input]:
        """Every input for the cleaning pass (a list not read by a first pass is streamed)."""
        listed = self._listed
        if listed is None and self.listing is not None:
            listed = read_list(self.listing, self.null)
        return self.discover(listed or ())

    def count(self) -> int | None:
        """How many inputs the folders and paths hold (None with a list: it is read once)."""
        return None if self.listing is not None else sum(1 for _ in self.discover())


def run_two_passes(batch: "Batch", sources: Sources, stdin: IO[bytes] | None = None, executor: Any = None,
                   warn: Callable[[str], None] = lambda m: None) -> Report:
    """A batch's two passes: learn the template over every input (locally, or on the cluster of
    ``executor``), then clean every input with it.  Parsed HTML pages are kept between the passes in
    a private temporary folder, removed at the end, Ctrl-C, SIGTERM and SIGHUP included (a worker
    still writing into it must not turn an interrupt into an error)."""
    with terminations_handled(), \
            tempfile.TemporaryDirectory(prefix="cleaner-", ignore_cleanup_errors=True) as spill_dir:
        spill_to: str | None = spill_dir
        if sources.only_stdin():
            template = None
        elif executor is not None:      # the first pass on the cluster too (no spill: workers elsewhere)
            spill_to = None
            try:
                template = executor.learn_template(sources.first_pass_paths(), batch.settings)
            except Exception as exc:    # as the local first pass: reported once, the batch goes on
                warn(f"template pass failed, going on without it: {type(exc).__name__}: {exc}")
                template = None
        else:
            template = learn_template(sources.first_pass_paths, batch.settings, warn, jobs=batch.jobs,
                                      spill=spill_to)
        return batch.run(sources.inputs(), stdin, template, spill_to if template is not None else None)


# ====================================================================== delivery

@dataclass
class Batch:
    """What to do with each result; feeds ``report``."""
    settings: Settings
    rules: dict[str, Any]
    report: Report
    output: str = "cleaned"                     # folder, or "-" for stdout
    stdin_to_stdout: bool = True                # an article from stdin goes to stdout (no -o given)
    check: bool = False
    diff: bool = False
    explain: bool = False
    jobs: int = 1
    fsync: bool = False                         # fsync each file (else: one sync of the output at the end)
    verbose: bool = False
    input_dirs: tuple[str, ...] = ()            # never write inside these
    stdout: IO[bytes] | None = None
    echo_err: Callable[[str], None] = lambda m: print(m, file=sys.stderr)
    progress: Callable[[Report, str], None] | None = None
    # runs the tasks (``execute``'s signature); ``cleaner.dask.ClusterExecutor`` for --scheduler
    executor: Callable[..., Iterator[Result]] | None = None
    _written: bool = field(default=False, init=False, repr=False)

    def tasks(self, inputs: Iterable[Input], stdin: IO[bytes] | None = None) -> Iterator[Task]:
        namer = OutputNamer(self.output, OUTPUT_EXT[self.settings.format])
        for i, inp in enumerate(inputs):
            data = None
            if inp.source == STDIN and not inp.error:
                data = read_limited(stdin, self.settings.max_bytes + 1) if stdin is not None else b""
            stdout = not self.explain and self.to_stdout(inp)
            target = None
            if not self.explain and not stdout and not inp.error:
                target = namer.target(inp.rel)
            yield Task(i, inp.source, inp.display, target, data, inp.error, stdout)

    def to_stdout(self, inp: Input) -> bool:
        return self.output == STDIN or (inp.source == STDIN and self.stdin_to_stdout)

    def run(self, inputs: Iterable[Input], stdin: IO[bytes] | None = None, template: Any = None,
            spill: str | None = None) -> Report:
        ctx = WorkerContext(self.settings, self.rules, template, self.explain, spill)
        results = (self.executor or execute)(self.tasks(inputs, stdin), ctx, self.jobs)
        try:
            for res in results:
                self.deliver(res)
        finally:
            results.close()         # (on any error: the worker processes are stopped now, not at GC)
            if self._written and not self.fsync:
                try:
                    sync_folder(self.output)    # what was written is on disk before we report (or stop)
                except OSError as exc:
                    msg = f"{self.output}: cannot sync the outputs to disk: {exc.strerror or exc}"
                    self.report.errors.append(msg)
                    self.echo_err(msg)
        return self.report

    # ------------------------------------------------------------------
    def deliver(self, res: Result) -> None:
        shown_target = shown_path(res.target) if res.target else res.target
        rec = FileRecord(res.display, FAILED, shown_target, res.error, res.bytes_in, 0, res.seconds, res.stats)
        if res.error is None and res.text is not None:
            data = scrub_surrogates(res.text).encode("utf-8")
            rec.bytes_out = len(data)
            try:
                rec.status = self._output(res, data)
            except BrokenPipeError:
                raise                   # the reader of stdout is gone: the whole batch stops (cli)
            except OSError as exc:
                rec.status, rec.error = FAILED, f"cannot write {shown_target}: {exc.strerror or exc}"
        if rec.status == FAILED:
            rec.bytes_out = 0
            self.echo_err(f"{res.display}: {rec.error}")
            if res.to_stdout and self.settings.format in ("jsonl", "json"):
                self._emit(_error_record(res.display, rec.error or "", self.settings.format))
        elif self.verbose:
            self.echo_err(f"{res.display}: {rec.status}" + (f" {shown_target}" if res.target else ""))
        self.report.add(rec)
        if self.progress is not None:
            self.progress(self.report, res.display)

    def _output(self, res: Result, data: bytes) -> str:
        if self.explain:
            self._emit(("\n".join(res.explain or []) + "\n").encode("utf-8"))
            return EXPLAINED
        if res.to_stdout:
            self._emit(data)
            return STDOUT
        self._guard(res)
        if self.check or self.diff:
            old = read_existing(res.target)
            if old == data:
                return UNCHANGED
            if self.diff:
                self._emit(unified_diff(old, data, shown_path(res.target)).encode("utf-8"))
            return WOULD_CHANGE
        if write_atomic(res.target, data, durable=self.fsync):
            self._written = True
            return WRITTEN
        return UNCHANGED

    def _guard(self, res: Result) -> None:
        """Inputs are never written: refuse a target that is an input or lies in an input folder."""
        if res.source not in ("", STDIN) and os.path.realpath(res.target) == os.path.realpath(res.source):
            raise OSError(0, "refusing to overwrite the input itself")
        for folder in self.input_dirs:
            if inside(res.target, folder) and not (self.output != STDIN and inside(res.target, self.output)
                                                   and not inside(folder, self.output)):
                # (an output folder inside an input folder is skipped by discovery: never read back)
                raise OSError(0, f"refusing to write inside the input folder {folder}")

    def _emit(self, data: bytes) -> None:
        out = self.stdout if self.stdout is not None else sys.stdout.buffer
        out.write(data)
        out.flush()


def _error_record(path: str, error: str, fmt: str) -> bytes:
    import json
    rec = {"path": path, "title": "", "metadata": {}, "markdown": "", "stats": {}, "removed": [], "errors": [error]}
    return (json.dumps(rec, ensure_ascii=False, indent=2 if fmt == "json" else None) + "\n").encode("utf-8")


def unified_diff(old: bytes | None, new: bytes, path: str) -> str:
    a = [] if old is None else old.decode("utf-8", "replace").splitlines(keepends=True)
    b = new.decode("utf-8").splitlines(keepends=True)
    lines = difflib.unified_diff(a, b, "/dev/null" if old is None else path, path)
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)

