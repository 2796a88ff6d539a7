"""The README documents every option of ``clean``, its exit codes, and a config that really loads."""
from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from cleaner.cli import main
from cleaner.config import load_config

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def option_names() -> list[str]:
    names = []
    for param in main.params:
        if isinstance(param, click.Option):
            names += [o for o in param.opts + param.secondary_opts]
    return names


@pytest.mark.parametrize("option", option_names())
def test_every_option_is_in_the_readme(option):
    assert re.search(rf"`[^`]*{re.escape(option)}(?![\w-])", README), f"{option} is not documented in README.md"


def test_option_list_is_not_empty():
    assert {"--output", "--format", "--check", "--diff", "--report", "--jobs", "--files-from", "--config"} \
        <= set(option_names())


def test_exit_codes_in_readme_and_help():
    help_text = main.get_help(click.Context(main))
    for code in ("0", "1", "2", "130"):
        assert re.search(rf"^\| {code} \|", README, re.M), f"exit code {code} not in README"
        assert re.search(rf"^\s+{code}\s+\S", help_text, re.M), f"exit code {code} not in --help"


def test_quick_start_stays_first():
    first_section = README.split("\n## ")[1]
    assert first_section.startswith("Quick start")
    assert "clean seeds/" in first_section and "pytest" in first_section


def test_readme_config_example_loads(tmp_path):
    block = README.split("### Configuration", 1)[1]
    example = next(para for para in block.split("\n\n") if para.startswith("    [tool.cleaner]"))
    toml = "\n".join(line[4:] for line in example.splitlines())
    assert toml.startswith("[tool.cleaner]")
    (tmp_path / "pyproject.toml").write_text(toml, encoding="utf-8")
    params = [p for p in main.params if p.name]
    cfg = load_config(str(tmp_path / "pyproject.toml"), known=[p.name for p in params],
                      multiple=[p.name for p in params if getattr(p, "multiple", False)])
    assert cfg.values["script"] == "hant" and cfg.values["front_matter"] is False
    assert cfg.rules == (str(tmp_path / "lexicon/our-sites.toml"),)


def test_readme_seed_example_is_the_real_output():
    """The README shows the start of the seed's golden output, byte for byte (indented by four)."""
    import pathlib
    root = pathlib.Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme.split("`clean seeds/` writes `cleaned/000_7ff96054997bd690.md`:", 1)[1]
    shown = []
    for line in section.split("\n")[2:]:
        if line.strip() == "...":
            break
        shown.append(line[4:])
    golden = (root / "tests" / "golden" / "seeds" / "000_7ff96054997bd690.md").read_text(encoding="utf-8")
    assert len(shown) > 10 and golden.startswith("\n".join(shown) + "\n")
