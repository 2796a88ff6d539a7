"""Rules and lexicons as data: the built-in ``*.toml`` files here, merged with the user's, compiled once.

Every rule file is a TOML table of named rule families.  A family is a table
with list-valued keys (``phrases``, ``terms``, ``labels`` …) plus optional
``examples`` / ``counterexamples`` that the test-suite runs automatically.
User files have the same shape; their lists are appended to the built-in ones
(duplicates removed, order kept), their scalar values replace ours.

:func:`load_rules` returns one :class:`Rules` object: the merged data and, compiled on first use, the
strip lexicon, the HTML class/id hints and widget labels, and the caption credit markers.  Parse and
strip both take it, so a user's file reaches every rule.
"""
from __future__ import annotations

import os
import re
import tomllib
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any, Iterable

from ..errors import ConfigError

BUILTIN_FILES = ("boilerplate.toml", "spam.toml", "captions.toml", "html.toml")


class Rules:
    """Every rule of the pipeline from the built-in files and the user's (``data``), compiled on
    first use and then shared by the stages: ``lexicon`` (strip's families, credits, spam),
    ``hints`` (HTML class/id words), ``ui_labels`` (widget labels) and ``caption_credit`` (the
    ``图|…`` / ``Photo: …`` marker pattern).  Pickled as its data (worker processes compile again)."""

    def __init__(self, data: dict[str, Any], files: tuple[str, ...] = ()):
        self.data = data
        self.files = tuple(files)

    def __getstate__(self) -> dict:
        return {"data": self.data, "files": self.files}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    @cached_property
    def lexicon(self):
        from ..lexicon import lexicon
        return lexicon(self.data)

    @cached_property
    def hints(self):
        from ..html.dom import Hints
        return Hints(self.data["html"])

    @cached_property
    def ui_labels(self) -> frozenset[str]:
        return frozenset(label_key(x) for x in self.data["html"].get("ui_labels", []))

    @cached_property
    def feed_notices(self) -> re.Pattern:
        # (matched against the lower-cased text: a trie of literals, much faster than a case-insensitive
        # alternation tried at every position of every paragraph)
        from ..lexicon import literal_union
        words = sorted({w.lower() for w in self.data["html"].get("feed_notices", [])})
        return re.compile(literal_union(words) if words else "(?!)")

    @cached_property
    def caption_credit(self) -> re.Pattern:
        from ..lexicon import caption_credit_re
        return caption_credit_re(self.data["caption"]["credit_markers"])


def label_key(text: str) -> str:
    """A widget label as it is compared: lower-cased, without trailing dots, colons and arrows."""
    return re.sub(r"[\s.…:：!！»›>]+$", "", text.strip().lower())


def as_rules(rules: "Rules | dict[str, Any] | None") -> Rules:
    """``rules`` as a :class:`Rules` (a merged dict is wrapped; None: the built-in rules)."""
    if rules is None:
        return default_rules()
    return rules if isinstance(rules, Rules) else Rules(rules)


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


@lru_cache(maxsize=1)
def default_rules() -> Rules:
    """The built-in rules, compiled once per process."""
    return Rules(builtin_rules())


def load_rules(extra_files: Iterable[str] = ()) -> Rules:
    """Built-in rules merged with each user rule file, in order (read and compiled once per process
    for the same files)."""
    extra_files = tuple(extra_files)
    if not extra_files:
        return default_rules()
    return _load(extra_files)


@lru_cache(maxsize=16)
def _load(extra_files: tuple[str, ...]) -> Rules:
    return Rules(merge_files(extra_files), extra_files)


def merge_files(extra_files: Iterable[str]) -> dict[str, Any]:
    """The built-in rules' data merged with each user rule file, in order."""
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
