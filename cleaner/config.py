"""Configuration files: ``[tool.cleaner]`` in ``pyproject.toml``, or a ``cleaner.toml``.

Found from the working directory upward (the first folder holding a
``cleaner.toml``, or a ``pyproject.toml`` with a ``[tool.cleaner]`` table, wins;
``cleaner.toml`` before ``pyproject.toml`` in the same folder).  ``--config FILE``
names one explicitly.

The keys are the long names of the command-line options, with ``-`` or ``_``
(``front-matter = false``, ``max_bytes = "10MB"``, ``exclude = ["drafts/*"]``).
They become click's ``default_map``, so the precedence is, as in black:
command line > config file > built-in defaults.  The one exception is
``rules``: rule files listed in the config (relative to the config file) are
always loaded, and ``--rules`` files are merged after them.

An unknown key is an error that names the key (exit code 2).
"""
from __future__ import annotations

import difflib
import os
import tomllib
from dataclasses import dataclass, field
from typing import Any, Iterable

from .errors import ConfigError

CONFIG_NAMES = ("cleaner.toml", "pyproject.toml")
# Options that make no sense as project defaults.
NOT_CONFIGURABLE = frozenset({"paths", "config", "help", "version", "files_from", "null"})


@dataclass
class Config:
    path: str | None = None                         # the file it came from, None when none was found
    values: dict[str, Any] = field(default_factory=dict)   # option name (underscored) → value
    rules: tuple[str, ...] = ()                     # rule files, absolute (resolved against the file's folder)


def find_config(start: str | None = None) -> str | None:
    """The nearest ``cleaner.toml`` or ``pyproject.toml`` with ``[tool.cleaner]``, from ``start`` upward."""
    folder = os.path.abspath(start or os.getcwd())
    while True:
        candidate = os.path.join(folder, "cleaner.toml")
        if os.path.isfile(candidate):
            return candidate
        candidate = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(candidate) and _has_tool_table(candidate):
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _has_tool_table(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            return isinstance(tomllib.load(fh).get("tool", {}).get("cleaner"), dict)
    except (OSError, tomllib.TOMLDecodeError):
        return False   # a broken pyproject.toml of another tool is not our business


def read_config(path: str) -> dict[str, Any]:
    """The raw table: ``[tool.cleaner]`` of a pyproject.toml, the whole of any other file."""
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if os.path.basename(path) == "pyproject.toml":
        table = data.get("tool", {}).get("cleaner", {})
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.cleaner] must be a table")
        return table
    return data


def load_config(path: str | None, known: Iterable[str], multiple: Iterable[str] = ()) -> Config:
    """Read and validate ``path`` (None: search from the working directory).

    ``known`` are the option names that may appear; ``multiple`` those that take a list.
    """
    path = path or find_config()
    if path is None:
        return Config()
    table = read_config(path)
    known = set(known) - NOT_CONFIGURABLE
    multiple = set(multiple)
    values: dict[str, Any] = {}
    rules: tuple[str, ...] = ()
    where = os.path.basename(path) + (" [tool.cleaner]" if path.endswith("pyproject.toml") else "")
    for key, value in table.items():
        name = key.replace("-", "_")
        if name == "rules":
            rules = tuple(_resolve(os.path.dirname(os.path.abspath(path)), p) for p in _as_list(value, key, where))
            continue
        if name not in known:
            hint = difflib.get_close_matches(name, sorted(known | {"rules"}), n=1)
            raise ConfigError(f"{where}: unknown key {key!r}" + (f" (did you mean {hint[0]!r}?)" if hint else ""))
        if isinstance(value, dict):
            raise ConfigError(f"{where}: {key} must be a value, not a table")
        values[name] = _as_list(value, key, where) if name in multiple else value
    return Config(path=path, values=values, rules=rules)


def _as_list(value: Any, key: str, where: str) -> list:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return value
    raise ConfigError(f"{where}: {key} must be a list of strings")


def _resolve(folder: str, path: str) -> str:
    if not isinstance(path, str):
        raise ConfigError(f"rules: {path!r} is not a file name")
    path = os.path.expanduser(path)
    return path if os.path.isabs(path) else os.path.join(folder, path)
