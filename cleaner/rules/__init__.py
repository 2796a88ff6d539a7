"""Rules and lexicons as data: the built-in ``*.toml`` files here, merged with the user's.

Every rule file is a TOML table of named rule families.  A family is a table
with list-valued keys (``phrases``, ``terms``, ``labels`` …) plus optional
``examples`` / ``counterexamples`` that the test-suite runs automatically.
User files have the same shape; their lists are appended to the built-in ones
(duplicates removed, order kept), their scalar values replace ours.
"""
from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

from ..errors import ConfigError

BUILTIN_FILES = ("boilerplate.toml", "spam.toml", "captions.toml")


def _merge(base: dict, extra: dict, where: str) -> dict:
    out = dict(base)
    for key, value in extra.items():
        if key in out and isinstance(out[key], dict) and isinstance(value, dict):
            out[key] = _merge(out[key], value, f"{where}.{key}")
        elif key in out and isinstance(out[key], list) and isinstance(value, list):
            out[key] = list(dict.fromkeys([*out[key], *value]))
        elif key in out and type(out[key]) is not type(value) and not (
                isinstance(out[key], (int, float)) and isinstance(value, (int, float))):
            raise ConfigError(f"{where}.{key}: expected {type(out[key]).__name__}, got {type(value).__name__}")
        else:
            out[key] = value
    return out


@lru_cache(maxsize=None)
def builtin_rules() -> dict[str, Any]:
    rules: dict[str, Any] = {}
    pkg = resources.files(__package__)
    for name in BUILTIN_FILES:
        with pkg.joinpath(name).open("rb") as fh:
            rules = _merge(rules, tomllib.load(fh), name)
    return rules


def load_rules(extra_files: Iterable[str] = ()) -> dict[str, Any]:
    """Built-in rules merged with each user rule file, in order."""
    rules = builtin_rules()
    for path in extra_files:
        try:
            with open(os.path.expanduser(path), "rb") as fh:
                user = tomllib.load(fh)
        except OSError as exc:
            raise ConfigError(f"rule file {path}: {exc.strerror or exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"rule file {path}: {exc}") from None
        rules = _merge(rules, user, os.path.basename(path))
    return rules
