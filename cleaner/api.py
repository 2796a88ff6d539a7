"""``cleaner.clean``: one call from any Python code (a notebook, a pandas ``.map``, a Dask task).

It never raises for bad content: empty input, ``None``, bytes in an unknown encoding, binary data or
markup that breaks our parser give a ``Result`` whose ``errors`` say why (and empty ``markdown``), so one
bad row never stops a whole column. Bad *options* (an unknown name or value) are the caller's mistake
and raise ``TypeError`` / ``ValueError`` at once.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from .errors import InputError
from .read import read_bytes
from .render import render_body, render_text
from .settings import Settings

INPUT_FORMATS = ("auto", "text", "markdown", "html")


@dataclass
class Result:
    """What ``clean`` returns: the article as Markdown (body, no front matter) and as plain text, its
    metadata (title, date, author, lang, …), the removed pieces with their reasons, a confidence in
    [0, 1], and the errors (empty when all went well)."""
    markdown: str = ""
    text: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    removed: list[dict[str, Any]] = field(default_factory=list)
    confidence: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def settings_of(url: str | None = None, input_format: str = "auto", settings: Settings | None = None,
                **options) -> Settings:
    """``Settings`` from keyword options (the long option names, ``-`` as ``_``); unknown names raise."""
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"input_format must be one of {', '.join(INPUT_FORMATS)}, not {input_format!r}")
    known = set(Settings.field_names())
    unknown = sorted(k for k in options if k.replace("-", "_") not in known)
    if unknown:
        raise TypeError(f"unknown option(s): {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    base = settings or Settings()
    changes = {k.replace("-", "_"): v for k, v in options.items()}
    if isinstance(changes.get("disable"), str):
        changes["disable"] = (changes["disable"],)
    if isinstance(changes.get("rules"), str):
        changes["rules"] = (changes["rules"],)
    if url:
        changes["base_url"] = url
    changes["input_format"] = input_format
    return base.with_(**changes)


def clean(data: str | bytes | None, *, url: str | None = None, input_format: str = "auto",
          settings: Settings | None = None, **options) -> Result:
    """Clean one article given as text or bytes (HTML, a text dump or Markdown).

    ``url``: the page's address (resolves relative links; kept as ``metadata["url"]``).
    ``input_format``: ``auto`` (sniffed), ``text``, ``markdown`` or ``html``.
    ``options``: any ``Settings`` field, e.g. ``script="hant"``, ``images=True``, ``disable=("spam",)``.
    """
    from .pipeline import clean_document

    s = settings_of(url, input_format, settings, **options)
    result = Result()
    try:
        if data is None:
            raise InputError("no input (None)")
        if isinstance(data, str):
            raw = data.encode("utf-8", "surrogatepass")
        elif isinstance(data, (bytes, bytearray, memoryview)):
            raw = bytes(data)
        else:
            raise InputError(f"cannot clean a {type(data).__name__}: give str or bytes")
        fmt = None if input_format == "auto" else input_format
        doc = read_bytes(raw, source="-", fmt=fmt, max_bytes=s.max_bytes)
        del raw
        if url:
            doc.meta["url"] = url
        clean_document(doc, s, keep_input=False)
        doc.meta.pop("source", None)        # ("-": no file behind a string)
        result.markdown = render_body(doc, s)
        result.text = render_text(doc, s) if doc.kept else ""
        result.metadata = {k: v for k, v in doc.meta.items() if v not in (None, "", [])}
        result.removed = [{"text": r.text, "reason": r.reason, "detail": r.detail, "line": r.line}
                          for r in doc.removals]
        result.confidence = float(doc.confidence)
        result.metadata.setdefault("confidence", result.confidence)
    except InputError as exc:
        result.errors.append(str(exc))
    except (UnicodeError, ValueError, RecursionError, MemoryError) as exc:
        result.errors.append(f"{type(exc).__name__}: {exc}")
    except Exception as exc:        # a bug of ours on this input: reported, never raised (one bad row)
        result.errors.append(f"internal error: {type(exc).__name__}: {exc}")
    return result
