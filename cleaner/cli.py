"""The ``clean`` command: wires the stages together; no cleaning logic lives here."""
from __future__ import annotations

import os
import sys

import click

from . import __version__
from .errors import ConfigError, InputError
from .pipeline import clean_document
from .read import TEXT_EXTENSIONS, read_bytes, read_path
from .render import render
from .rules import load_rules
from .settings import Settings
from .template import build_template_index
from .write import write_atomic

OUTPUT_EXT = {"md": ".md", "txt": ".txt", "json": ".json", "jsonl": ".jsonl"}


def find_inputs(paths: tuple[str, ...]) -> list[tuple[str, str]]:
    """(input path, output path relative to the output folder) for every article under ``paths``."""
    found: list[tuple[str, str]] = []
    for p in paths:
        if p == "-":
            found.append(("-", "-"))
        elif os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith(".") or os.path.splitext(name)[1].lower() not in TEXT_EXTENSIONS:
                        continue
                    full = os.path.join(root, name)
                    found.append((full, os.path.relpath(full, p)))
        else:
            found.append((p, os.path.basename(p)))
    return found


def explain_lines(doc, path: str) -> list[str]:
    lines = []
    for r in doc.removals:
        text = r.text.strip().replace("\n", " ")
        text = text if len(text) <= 60 else text[:57] + "..."
        lines.append(f"{path}:{r.line}\t{r.reason}\t{text}" + (f"\t({r.detail})" if r.detail else ""))
    lines.append(f"{path}: kept {len(doc.kept)} of {len(doc.blocks)} blocks, confidence {doc.confidence}")
    return lines


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-o", "--output", "output", default="cleaned", show_default=True,
              help="Output folder (mirrors the input tree), or - for stdout.")
@click.option("--script", type=click.Choice(["hans", "hant", "tw", "hk", "keep"]), default="hans", show_default=True,
              help="Target Chinese script: Simplified, Traditional, Taiwan, Hong Kong, or keep as is.")
@click.option("--phrases/--no-phrases", default=False, help="Phrase-level conversion (软件↔軟體).")
@click.option("--format", "fmt", type=click.Choice(["md", "txt", "json", "jsonl"]), default="md", show_default=True,
              help="Output format.")
@click.option("--front-matter/--no-front-matter", default=True, help="YAML front matter in Markdown output.")
@click.option("--explain", is_flag=True, help="Print every dropped block with its reason instead of writing output.")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(), help="Extra rule file (TOML); repeatable.")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr.")
@click.version_option(__version__, prog_name="clean")
def main(paths, output, script, phrases, fmt, front_matter, explain, rule_files, quiet):
    """Clean scraped articles: strip boilerplate and spam, normalize Chinese script, write Markdown.

    PATHS are files or folders (searched recursively for .txt .md .html .htm);
    - reads one article from stdin.

    \b
    Exit codes: 0 success, 1 some input failed, 2 usage error.
    """
    settings = Settings(script=script, phrases=phrases, format=fmt, front_matter=front_matter,
                        rules=tuple(rule_files))
    if not paths:
        raise click.UsageError("no input: give files, folders or - for stdin")
    for p in paths:
        if p != "-" and not os.path.lexists(p):
            raise click.UsageError(f"{p}: no such file or directory")
    try:
        rules = load_rules(settings.rules)
    except ConfigError as exc:
        raise click.UsageError(str(exc))
    failed = 0
    inputs = find_inputs(paths)
    template = build_template_index([src for src, _ in inputs], settings)   # None for fewer than 3 files
    for src, rel in inputs:
        name = "<stdin>" if src == "-" else src
        try:
            if src == "-":
                doc = read_bytes(click.get_binary_stream("stdin").read(), source="-", max_bytes=settings.max_bytes)
            else:
                doc = read_path(src, settings.max_bytes)
            clean_document(doc, settings, rules, template=template)
            text = render(doc, settings)
        except InputError as exc:
            click.echo(f"{name}: {exc}", err=True)
            failed += 1
            continue
        except Exception as exc:  # a bug of ours must not cost the rest of the batch
            click.echo(f"{name}: internal error: {type(exc).__name__}: {exc}", err=True)
            failed += 1
            continue
        if explain:
            click.echo("\n".join(explain_lines(doc, name)))
        elif output == "-" or src == "-" and output == "cleaned":
            sys.stdout.buffer.write(text.encode("utf-8"))
            sys.stdout.flush()
        else:
            target = os.path.join(output, os.path.splitext(rel)[0] + OUTPUT_EXT[fmt])
            try:
                write_atomic(target, text)
            except OSError as exc:
                click.echo(f"{name}: cannot write {target}: {exc.strerror or exc}", err=True)
                failed += 1
    sys.exit(1 if failed else 0)
