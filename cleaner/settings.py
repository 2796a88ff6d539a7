"""One frozen settings object: every option of the pipeline, with its default.

The CLI maps its options onto these fields and ``[tool.cleaner]`` /
``cleaner.toml`` supplies defaults for them (command line > config > here).
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace

from .read import DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class Settings:
    script: str = "hans"              # hans | hant | tw | hk | keep
    phrases: bool = False             # phrase-level OpenCC variants (tw2sp, s2twp)
    format: str = "md"                # md | txt | json | jsonl
    front_matter: bool = True
    images: bool = False              # render images from HTML as ![alt](src)
    links: bool = True                # render links from HTML as [text](url)
    quotes: str = "keep"              # keep | corner | curly
    cjk_spacing: bool = False         # space between CJK and Latin/digits
    max_bytes: int = DEFAULT_MAX_BYTES
    rules: tuple[str, ...] = ()       # extra user rule files (TOML), merged with the built-in ones
    disable: tuple[str, ...] = ()     # names of normalizers or strip rules to switch off
    base_url: str = ""                # for resolving relative links when the page has no <base>
    input_format: str = "auto"        # auto (extension, then sniffing) | text | markdown | html

    @property
    def read_format(self) -> str | None:
        """The format to read inputs as (``read_bytes``' ``fmt``), None to decide per input."""
        return None if self.input_format == "auto" else self.input_format

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


DEFAULT = Settings()
