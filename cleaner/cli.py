"""The ``clean`` command: options → Settings, inputs → batch → report.  No cleaning logic lives here.

Options whose name is a ``Settings`` field (``--script``, ``--format``,
``--max-bytes`` …) are mapped onto it automatically, so a new pipeline option
is one ``@click.option`` plus one field.  Every option can also be set in
``[tool.cleaner]`` / ``cleaner.toml`` (see ``cleaner.config``).
"""
from __future__ import annotations

import os
import re
import sys
import time

import click
from click.core import ParameterSource

from . import __version__
from .batch import DEFAULT_INCLUDE, STDIN, Batch, Sources, default_jobs, run_two_passes
from .config import Config, load_config
from .errors import ConfigError
from .report import EXIT_INTERRUPTED, EXIT_USAGE, Report
from .normalize import FIXER_NAMES
from .rules import load_rules
from .safe import escape_controls
from .signals import Terminated
from .settings import Settings
from .strip import STRIP_RULE_NAMES

EPILOG = """\b
Examples:
  clean seeds/                      clean a folder into cleaned/ (mirrors the tree)
  clean page.html -o -              one file to stdout
  cat page.txt | clean -            stdin to stdout
  clean site/ --format jsonl -o -   one JSON object per article, for jq
  clean site/ --check --diff        CI: show what would change, exit 1 if anything would

\b
Exit codes:
  0  success (with --check: every output is up to date)
  1  some input failed, or --check found outputs that would be created or change
  2  usage error: bad option, missing path, bad configuration
  130 interrupted (Ctrl-C); no partial file is left behind
  143, 129 stopped by SIGTERM, SIGHUP (cleaned up as after Ctrl-C)
  141 stdout closed by its reader (clean ... | head), as for cat

\b
Configuration: [tool.cleaner] in pyproject.toml, or cleaner.toml, found from the
working folder upward (or --config FILE); keys are the long option names
(e.g. script = "hant", exclude = ["drafts/*"], rules = ["site.toml"]).
The command line wins over the file, the file over the defaults."""

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)\s*$", re.I)

EXIT_BROKEN_PIPE = 141       # 128 + SIGPIPE, as a shell reports `cat` when its reader went away

DISABLE_NAMES: tuple[str, ...] = FIXER_NAMES + STRIP_RULE_NAMES   # what --disable accepts


class ByteSize(click.ParamType):
    """A byte count: 1000, 64k, 10MB, 1.5GiB (k/M/G = powers of 1024)."""
    name = "SIZE"

    def convert(self, value, param, ctx):
        if isinstance(value, int) and not isinstance(value, bool):
            n = value
        else:
            m = _SIZE.match(str(value))
            if not m:
                self.fail(f"{value!r} is not a size (e.g. 500k, 50MB)", param, ctx)
            n = int(float(m.group(1)) * 1024 ** " kmgt".index((m.group(2) or " ").lower()))
        if n <= 0:
            self.fail(f"{value!r} must be more than 0", param, ctx)
        return n


def _use_config(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Eager callback (black's read_pyproject_toml): the config file becomes click's default_map."""
    if ctx.resilient_parsing:
        return value
    params = ctx.command.params
    try:
        cfg = load_config(value, known=[p.name for p in params if p.name],
                          multiple=[p.name for p in params if getattr(p, "multiple", False) and p.name])
    except ConfigError as exc:
        # a usage error naming the file (found or given), not "Invalid value for '--config'"
        raise click.UsageError(str(exc), ctx) from None
    # each value checked here, so that a bad one is reported with the file it is in
    by_name = {p.name: p for p in params if p.name}
    for key, raw in cfg.values.items():
        option = by_name.get(key)
        if option is None:
            continue
        try:
            option.type_cast_value(ctx, raw)
        except click.BadParameter as exc:
            raise click.UsageError(f"{cfg.path or 'config'}: {key.replace('_', '-')}: {exc.message}", ctx) from None
    ctx.default_map = {**(ctx.default_map or {}), **cfg.values}
    ctx.meta["cleaner.config"] = cfg
    return value


def _binary_stream(name: str):
    """sys.stdin / sys.stdout as bytes (also under CliRunner, which swaps them)."""
    stream = getattr(sys, name)
    return getattr(stream, "buffer", stream)


def _stdin_is_tty() -> bool:
    stream = sys.stdin
    try:
        return stream is not None and stream.isatty()
    except (ValueError, AttributeError):  # pragma: no cover - closed or odd stdin
        return False


def _stderr_is_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (ValueError, AttributeError):  # pragma: no cover
        return False


class Progress:
    """Progress on stderr, only on a terminal: click's bar with files done / total, percent, rate and ETA
    when the total is known (the inputs are counted before the batch), else a one-line counter.
    Redrawn at most 10 times a second."""

    def __init__(self, total: int | None = None, file=None):
        self.total = total
        self.file = file
        self.last = 0.0
        self.shown = False
        self.started = time.monotonic()
        self.bar = None
        self.name = ""

    def _info(self, _item) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = (self.bar.pos if self.bar is not None else 0) / elapsed
        return f"{rate:.1f} files/s  {self.name}"

    def __call__(self, report: Report, current: str) -> None:
        width = 40
        current = escape_controls(current)
        self.name = current if len(current) <= width else "…" + current[-(width - 1):]
        now = time.monotonic()
        if self.total:
            if self.bar is None:
                self.bar = click.progressbar(length=self.total, label="cleaning", file=self.file or sys.stderr,
                                             show_pos=True, show_percent=True, show_eta=True, width=24,
                                             item_show_func=self._info)
                self.bar._is_atty = True        # (shown only on a terminal: the caller decides)
            self.bar.pos = min(report.total, self.total)
            self.bar.current_item = current
            if now - self.last < 0.1 and report.total < self.total:
                return
            self.last = now
            self.bar.eta_known = self.bar.pos > 0
            self.bar.avg = [(now - self.started) / max(self.bar.pos, 1)]
            self.bar._last_line = None
            self.bar.render_progress()
            self.shown = True
            return
        if now - self.last < 0.1:
            return
        self.last = now
        self.shown = True
        click.echo(f"\r\x1b[K{report.total} done, {report.failed} failed  {self.name}", err=True, nl=False, color=True)

    def clear(self) -> None:
        if self.shown:
            click.echo("\r\x1b[K", file=self.file, err=self.file is None, nl=False, color=True)
            self.shown = False


@click.command(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
               epilog=EPILOG)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--output", default="cleaned", show_default=True, metavar="DIR",
              help="Output folder (mirrors the input tree), or - for stdout. "
                   "An article read from stdin goes to stdout unless -o is given.")
@click.option("--format", type=click.Choice(["md", "txt", "json", "jsonl"]), default="md", show_default=True,
              help="Output format: Markdown, plain text, JSON, or JSON Lines (one object per article: "
                   "path, title, metadata, markdown, stats, removed, errors).")
@click.option("--input-format", type=click.Choice(["auto", "text", "markdown", "html"]), default="auto",
              show_default=True, help="What the inputs are: auto (by extension, then by content), a text dump, "
                                      "Markdown, or HTML.")
@click.option("--front-matter/--no-front-matter", default=True, show_default=True,
              help="YAML front matter in Markdown output.")
@click.option("--script", type=click.Choice(["hans", "hant", "tw", "hk", "keep"]), default="hans", show_default=True,
              help="Target Chinese script: Simplified, Traditional, Taiwan, Hong Kong, or keep as is.")
@click.option("--phrases/--no-phrases", default=False, show_default=True, help="Phrase-level conversion (软件↔軟體).")
@click.option("--images/--no-images", default=False, show_default=True,
              help="Keep images of HTML pages as ![alt](src).")
@click.option("--links/--no-links", default=True, show_default=True,
              help="Keep links of HTML pages as [text](url) (off: their text only).")
@click.option("--base-url", metavar="URL", default="",
              help="Resolve relative links and images against URL when the page has no <base> or canonical URL.")
@click.option("--quotes", type=click.Choice(["keep", "corner", "curly"]), default="keep", show_default=True,
              help="Quotation marks in CJK text: keep, corner 「」『』 or curly “”‘’.")
@click.option("--cjk-spacing/--no-cjk-spacing", default=False, show_default=True,
              help="Put a space between CJK and Latin letters or digits (off: spaces left as they are).")
@click.option("--disable", multiple=True, metavar="NAME",
              help="Switch off one normalization (docs/normalization.md) or strip rule (credit, caption-credit, "
                   "spam, copyright, share, comment, nav, ad, byline, template, context) by name; repeatable.")
@click.option("--rules", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="Extra rule/lexicon file (TOML), merged with the built-in rules and the config's; repeatable.")
@click.option("--include", multiple=True, metavar="GLOB",
              help="In folders, clean only files matching GLOB (file name or path relative to the folder); "
                   f"repeatable. Default: {' '.join(DEFAULT_INCLUDE)}.")
@click.option("--exclude", multiple=True, metavar="GLOB",
              help="In folders, skip files and folders matching GLOB; repeatable. "
                   "Hidden files and VCS folders are always skipped.")
@click.option("--follow-symlinks", is_flag=True,
              help="In folders, follow symlinks that lead outside the folder too (by default only those "
                   "inside it). A link into the output folder is never followed.")
@click.option("--files-from", type=click.Path(dir_okay=False, allow_dash=True), metavar="LIST",
              help="Also clean the paths listed in LIST, one per line (- reads the list from stdin).")
@click.option("-0", "--null", is_flag=True, help="--files-from LIST is NUL-separated (find -print0).")
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 if any output would be created or change.")
@click.option("--diff", is_flag=True, help="Write nothing; print a unified diff of each output that would change.")
@click.option("--report", "report_file", type=click.Path(dir_okay=False, writable=True), metavar="FILE.json",
              help="Write a JSON report: per file status, blocks kept/dropped by reason, characters in/out, "
                   "scripts, time, error; and the totals.")
@click.option("--explain", is_flag=True,
              help="Print every dropped block with its reason (to stdout) instead of writing output.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes. [default: all cores]")
@click.option("--fsync", is_flag=True,
              help="fsync every output file before its rename (slower); by default the output file system "
                   "is synced once when the batch ends.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Spread the batch over an existing Dask cluster (tcp://host:8786); needs cleaner[dask]. "
                   "Outputs are written here, as without it.")
@click.option("--max-bytes", type=ByteSize(), default="50MB", show_default=True,
              help="Inputs larger than this are skipped with an error (e.g. 500k, 10MB).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr: no progress, no summary.")
@click.option("-v", "--verbose", is_flag=True, help="One line per file on stderr (input: status output).")
@click.option("--config", type=click.Path(exists=True, dir_okay=False), is_eager=True, callback=_use_config,
              metavar="FILE", help="Read options from FILE instead of the nearest cleaner.toml / pyproject.toml.")
@click.version_option(__version__, prog_name="clean")
@click.pass_context
def main(ctx: click.Context, **opts) -> None:
    """Clean scraped articles: strip boilerplate and spam, normalize Chinese script, write Markdown.

    PATHS are files or folders (searched recursively for .txt .md .html .htm); - reads one
    article from stdin, as does no PATH at all when stdin is not a terminal.
    """
    cfg: Config = ctx.meta.get("cleaner.config") or Config()
    sources, stdin_to_stdout = _sources(ctx, opts)
    input_dirs = tuple(p for p in sources.paths if p != STDIN and os.path.isdir(p))
    _check_output(ctx, opts, sources, stdin_to_stdout, input_dirs)
    settings = _settings(opts, cfg)
    try:
        rules = load_rules(settings.rules)
    except ConfigError as exc:
        raise click.UsageError(str(exc))
    executor = None
    if opts["scheduler"]:
        executor = _cluster_executor(opts["scheduler"])
        ctx.call_on_close(executor.close)

    quiet, verbose = opts["quiet"], opts["verbose"] and not opts["quiet"]
    show_progress = _stderr_is_tty() and not quiet
    # (the bar's total: a walk of the inputs, cheap beside cleaning them)
    progress = Progress(sources.count() if show_progress else None)

    def echo_err(message: str) -> None:
        progress.clear()
        # (a file name can hold escape sequences and line breaks: they are shown, not obeyed, so a
        # terminal is not driven and every bad file stays one line)
        click.echo(escape_controls(message), err=True)

    try:
        report = Report(check=opts["check"], dry=opts["diff"], report_path=opts["report_file"])
    except OSError as exc:
        raise click.UsageError(f"--report {opts['report_file']}: {exc.strerror or exc}")
    batch = Batch(settings, rules, report, output=opts["output"], stdin_to_stdout=stdin_to_stdout,
                  check=opts["check"], diff=opts["diff"], explain=opts["explain"],
                  jobs=opts["jobs"] or default_jobs(), fsync=opts["fsync"], verbose=verbose, input_dirs=input_dirs,
                  stdout=_binary_stream("stdout"), echo_err=echo_err,
                  progress=progress if show_progress else None, executor=executor)
    stdin = _binary_stream("stdin") if STDIN in sources.paths else None
    try:
        run_two_passes(batch, sources, stdin, executor, echo_err)
    except KeyboardInterrupt as exc:      # Ctrl-C, and SIGTERM / SIGHUP (cleaner.signals.Terminated)
        progress.clear()
        report.close(interrupted=True)
        what = "interrupted" if not isinstance(exc, Terminated) else f"stopped by {exc}"
        click.echo(f"clean: {what}; no partial file was left", err=True)
        ctx.exit(getattr(exc, "exit_code", EXIT_INTERRUPTED))
    except BrokenPipeError:
        # the reader of stdout went away (clean ... | head): stop at once and quietly, as cat does
        # (the workers were stopped on the way out; 141 is what a shell shows for cat)
        report.close(interrupted=True)
        _silence_stdout()
        ctx.exit(EXIT_BROKEN_PIPE)
    except Exception as exc:   # a bug outside any one file (every per-file failure is caught in batch)
        progress.clear()
        report.close(interrupted=True)
        if verbose:     # (a bug of ours outside any one file: bad input never gets here)
            import traceback
            traceback.print_exc()
        click.echo(f"clean: internal error: {type(exc).__name__}: {exc}", err=True)
        ctx.exit(1)
    progress.clear()
    _finish(ctx, report, opts, quiet)


def _sources(ctx: click.Context, opts: dict) -> tuple[Sources, bool]:
    """The inputs the options name (usage errors exit 2), and whether stdin goes to stdout."""
    paths: tuple[str, ...] = opts["paths"]
    list_path: str | None = opts["files_from"]
    if not paths and list_path is None:
        if _stdin_is_tty():
            raise click.UsageError("no input: give files, folders, - for stdin, or --files-from LIST")
        paths = (STDIN,)
    if opts["null"] and list_path is None:
        raise click.UsageError("-0/--null only applies to --files-from")
    if paths.count(STDIN) + (list_path == STDIN) > 1:
        raise click.UsageError("stdin can be read only once: - and --files-from - exclude each other")
    for p in paths:
        if p != STDIN and not os.path.lexists(p):
            raise click.UsageError(f"{p}: no such file or directory")
    listing = None
    if list_path == STDIN:
        listing = _binary_stream("stdin")
    elif list_path is not None:
        try:
            listing = open(list_path, "rb")
        except OSError as exc:
            raise click.UsageError(f"--files-from {list_path}: {exc.strerror or exc}")
        ctx.call_on_close(listing.close)
    output = opts["output"]
    # the output folder is never walked (`clean .` writes ./cleaned: outputs are never read back),
    # nor reached through a symlink
    sources = Sources(paths, listing, opts["null"], tuple(opts["include"]) or DEFAULT_INCLUDE,
                      tuple(opts["exclude"]), opts["follow_symlinks"], (output,) if output != STDIN else ())
    return sources, ctx.get_parameter_source("output") is not ParameterSource.COMMANDLINE


def _check_output(ctx: click.Context, opts: dict, sources: Sources, stdin_to_stdout: bool,
                  input_dirs: tuple[str, ...]) -> None:
    """Usage errors (exit 2) of the output and mode options."""
    output = opts["output"]
    if opts["explain"] and (opts["check"] or opts["diff"]):
        raise click.UsageError("--explain cannot be combined with --check or --diff")
    if (opts["check"] or opts["diff"]) and (output == STDIN or (STDIN in sources.paths and stdin_to_stdout)):
        raise click.UsageError("--check and --diff compare with the files of an output folder: give -o DIR")
    if output != STDIN and not opts["explain"]:
        if os.path.exists(output) and not os.path.isdir(output):
            raise click.UsageError(f"output {output} exists and is not a folder")
        for d in input_dirs:
            if os.path.realpath(d) == os.path.realpath(output):
                raise click.UsageError(f"output folder {output} is the input folder {d}: "
                                       "inputs are never written; choose another -o")
    if opts["scheduler"] and ctx.get_parameter_source("jobs") is ParameterSource.COMMANDLINE:
        raise click.UsageError("-j/--jobs sets local worker processes; with --scheduler the cluster's "
                               "workers do the work (size them with dask worker --nworkers)")


def _settings(opts: dict, cfg: Config) -> Settings:
    """The options that are ``Settings`` fields, onto ``Settings`` (``--disable`` names checked)."""
    fields = set(Settings.field_names())
    values = {k: (tuple(v) if isinstance(v, (list, tuple)) else v)
              for k, v in opts.items() if k in fields and v is not None}
    values["rules"] = cfg.rules + tuple(opts["rules"])
    settings = Settings(**values)
    unknown = [n for n in settings.disable if n not in DISABLE_NAMES]
    if unknown:
        import difflib
        close = difflib.get_close_matches(unknown[0], DISABLE_NAMES, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise click.UsageError(f"--disable {unknown[0]}: no such rule{hint}; choose from {', '.join(DISABLE_NAMES)}")
    return settings


def _finish(ctx: click.Context, report: Report, opts: dict, quiet: bool) -> None:
    """Write the report, print the summary, exit with the report's code."""
    try:
        report.close()
    except OSError as exc:
        click.echo(f"{opts['report_file']}: cannot write report: {exc.strerror or exc}", err=True)
        ctx.exit(1)
    if not quiet:
        click.echo(report.summary(), err=True)
    ctx.exit(report.exit_code)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # pragma: no cover - not a real stdout
        pass


__all__ = ["main", "EXIT_USAGE"]


def _cluster_executor(address: str):
    """``--scheduler``: the batch's files cleaned by a Dask cluster's workers (everything else stays here)."""
    from . import dask as cleaner_dask
    try:
        cleaner_dask.require()
    except ImportError as exc:
        raise click.UsageError(str(exc))
    try:
        return cleaner_dask.ClusterExecutor(address)
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"cannot use the Dask scheduler {address}: {exc}")
