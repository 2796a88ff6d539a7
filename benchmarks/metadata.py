#!/usr/bin/env python3
"""Measure the metadata `clean` finds (date, author, lang) on the evaluation corpus; writes benchmarks/metadata.md.

    python benchmarks/metadata.py [--corpus ../shared/corpus] [--out benchmarks/metadata.md] [--spot 30]

- On the Chinese pages with gold (``cwced/*/gold_meta.json``): date right (same day as the gold) and
  author right (the gold name is the author we give, or one of the names we give), for the HTML page and
  for its text dump (``input.txt``).
- On every page: how many get a date, and how many of the pages that show one (gold date, or a date
  htmldate finds in its extensive mode) get one.
- A spot check of ``--spot`` pages against htmldate (original date, extensive search), if installed:
  same day, differ, or one of the two has none.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

from cleaner.pipeline import clean_bytes          # noqa: E402
from cleaner.settings import Settings              # noqa: E402

SETTINGS = Settings(script="keep")


def day(value) -> str:
    m = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", str(value or ""))
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else ""


def gold_date(row) -> str:
    """The gold date, if it is one (one gold file says "UNKNWON", a typo of the dataset's UNKNOWN)."""
    value = str(row["gold"].get("date") or "")
    return value if re.search(r"\d", value) else ""


def names(value) -> list[str]:
    return [n for n in (re.sub(r"\s+", "", p) for p in re.split(r"[,，、;；/]| and ", str(value or ""))) if n]


def author_right(gold: str, found) -> bool:
    g = re.sub(r"\s+", "", gold)
    return g in names(found) or re.sub(r"\s+", "", str(found or "")) == g


def htmldate_of(html: str, url: str, extensive: bool = True) -> str:
    try:
        from htmldate import find_date
    except ImportError:
        return "n/a"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return find_date(html, url=url or None, original_date=True, extensive_search=extensive) or ""
        except Exception:
            return ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus"))
    ap.add_argument("--out", default=os.path.join(HERE, "metadata.md"))
    ap.add_argument("--spot", type=int, default=30)
    args = ap.parse_args()

    cases: list[tuple[str, str, str]] = []
    for source in sorted(os.listdir(args.corpus)):
        folder = os.path.join(args.corpus, source)
        if not os.path.isdir(folder):
            continue
        for case in sorted(os.listdir(folder)):
            if os.path.exists(os.path.join(folder, case, "input.html")):
                cases.append((source, case, os.path.join(folder, case)))

    rows = []
    t0 = time.perf_counter()
    for source, case, path in cases:
        meta = json.load(open(os.path.join(path, "meta.json"), encoding="utf-8"))
        gold_path = os.path.join(path, "gold_meta.json")
        gold = json.load(open(gold_path, encoding="utf-8")) if os.path.exists(gold_path) else {}
        html = open(os.path.join(path, "input.html"), "rb").read()
        doc, _ = clean_bytes(html, source="input.html", settings=SETTINGS.with_(base_url=meta.get("url") or ""))
        txt_meta = {}
        if os.path.exists(os.path.join(path, "input.txt")):
            tdoc, _ = clean_bytes(open(os.path.join(path, "input.txt"), "rb").read(), source="input.txt",
                                  settings=SETTINGS)
            txt_meta = tdoc.meta
        rows.append({"source": source, "case": case, "lang_gold": meta.get("lang"), "url": meta.get("url", ""),
                     "gold": gold, "meta": dict(doc.meta), "txt": dict(txt_meta), "html": html})
    seconds = time.perf_counter() - t0

    out = ["# Metadata on the evaluation corpus", "",
           f"`python benchmarks/metadata.py` ({len(rows)} pages, {seconds:.1f} s for the HTML pages and their "
           "text dumps).", ""]

    # --- gold (cwced)
    out += ["## Chinese pages with gold (`cwced/*/gold_meta.json`)", "",
            "The gold has 31 dates and 27 authors; one date reads `UNKNWON` (the dataset's UNKNOWN, misspelt), so "
            "30 dates are scored. A date is right when it is the gold's day; an author when the gold name is the "
            "author we give or one of the names we give. htmldate (1.11, `original_date=True`) is shown on the same "
            "pages: it does worse than our own extraction, so it is not a dependency.", "",
            "| input | date right (same day) | author right |", "| --- | --- | --- |"]
    misses = []
    for kind in ("meta", "txt"):
        dates = [r for r in rows if gold_date(r)]
        authors = [r for r in rows if r["gold"].get("author")]
        d_ok = sum(day(r[kind].get("date")) == day(r["gold"]["date"]) for r in dates)
        a_ok = sum(author_right(r["gold"]["author"], r[kind].get("author")) for r in authors)
        label = "HTML (`input.html`)" if kind == "meta" else "text dump (`input.txt`)"
        out.append(f"| {label} | **{d_ok} / {len(dates)}** ({d_ok / max(len(dates), 1):.0%}) "
                   f"| **{a_ok} / {len(authors)}** ({a_ok / max(len(authors), 1):.0%}) |")
        for r in rows:
            g = r["gold"]
            if not g:
                continue
            if gold_date(r) and day(r[kind].get("date")) != day(g["date"]):
                misses.append(f"| {kind} | {r['case']} | date | {g['date']} | {r[kind].get('date', '')} |")
            if g.get("author") and not author_right(g["author"], r[kind].get("author")):
                misses.append(f"| {kind} | {r['case']} | author | {g['author']} | {r[kind].get('author', '')} |")
    for extensive in (False, True):
        dates = [r for r in rows if gold_date(r)]
        ok = sum(day(htmldate_of(r["html"].decode("utf-8", "replace"), r["url"], extensive)) == day(r["gold"]["date"])
                 for r in dates)
        out.append(f"| htmldate {'extensive' if extensive else 'fast'} mode on `input.html` (for comparison) "
                   f"| {ok} / {len(dates)} ({ok / max(len(dates), 1):.0%}) | – |")
    out += ["", "Misses:", "", "| input | case | field | gold | found |", "| --- | --- | --- | --- | --- |"] + misses

    # --- coverage
    spot = [r for r in rows][:: max(1, len(rows) // max(args.spot, 1))][: args.spot]
    hd_all = {id(r): htmldate_of(r["html"].decode("utf-8", "replace"), r["url"]) for r in rows}
    hd_fast = {id(r): htmldate_of(r["html"].decode("utf-8", "replace"), r["url"], False) for r in rows}

    def has(d: dict, r) -> bool:
        return bool(d[id(r)]) and d[id(r)] != "n/a"

    out += ["", "## Dates on the whole corpus", "",
            "A page *shows* a date when it has a gold date or htmldate's fast mode (original date, "
            "`extensive_search=False`: markup, URL and the page's date elements) finds one. Its extensive mode "
            "also takes any date-like string of the page (`1998-01-01` on a Mozilla product page, "
            "the current year's `01-01` on a MathJax demo), so it is shown but not used to say a page shows a date.", "",
            "| source | pages | clean has a date | htmldate fast / extensive has one | shows one: clean has a date |",
            "| --- | --- | --- | --- | --- |"]
    for source in sorted({r["source"] for r in rows}) + ["all"]:
        sel = [r for r in rows if source in ("all", r["source"])]
        with_date = sum(bool(r["meta"].get("date")) for r in sel)
        shows = [r for r in sel if gold_date(r) or has(hd_fast, r)]
        got = sum(bool(r["meta"].get("date")) for r in shows)
        out.append(f"| {source} | {len(sel)} | {with_date} | {sum(has(hd_fast, r) for r in sel)} / "
                   f"{sum(has(hd_all, r) for r in sel)} | **{got} / {len(shows)}** ({got / max(len(shows), 1):.0%}) |")
    missing = [r for r in rows if (gold_date(r) or has(hd_fast, r)) and not r["meta"].get("date")]
    if missing:
        out += ["", "Pages that show a date and get none: " + ", ".join(
            f"{r['source']}/{r['case']} (htmldate {hd_fast[id(r)] or '–'})" for r in missing) + "."]

    # --- lang
    ok = sum((r["meta"].get("lang") or "")[:2] == "zh" for r in rows if r["lang_gold"] == "zh")
    zh = sum(r["lang_gold"] == "zh" for r in rows)
    other_ok = sum((r["meta"].get("lang") or "")[:2] not in ("zh", "") for r in rows if r["lang_gold"] != "zh")
    out += ["", "## Language", "",
            f"`lang` is `zh` on {ok} / {zh} Chinese pages; a non-Chinese language on {other_ok} / {len(rows) - zh} "
            "other pages (the corpus's `lang` is zh / other)."]

    # --- spot check against htmldate
    out += ["", f"## Spot check: {len(spot)} pages (every {max(1, len(rows) // max(args.spot, 1))}th) against htmldate",
            "", "| source | case | clean | htmldate | gold | verdict |", "| --- | --- | --- | --- | --- | --- |"]
    verdicts: dict[str, int] = {}
    for r in spot:
        mine, theirs, gold = r["meta"].get("date", ""), hd_all[id(r)], r["gold"].get("date") or ""
        if day(mine) and day(mine) == day(theirs):
            v = "same day"
        elif not day(mine) and not day(theirs):
            v = "neither"
        elif not day(theirs):
            v = "clean only"
        elif not day(mine):
            v = "htmldate only"
        else:
            v = "differ"
        if gold and v != "same day":
            v += "; gold agrees with " + ("clean" if day(gold) == day(mine) else
                                          "htmldate" if day(gold) == day(theirs) else "neither")
        verdicts[v] = verdicts.get(v, 0) + 1
        out.append(f"| {r['source']} | {r['case']} | {mine} | {theirs} | {gold} | {v} |")
    out += ["", "Verdicts: " + ", ".join(f"{k}: {v}" for k, v in sorted(verdicts.items())) + "."]
    text = "\n".join(out) + "\n"
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    print("\n".join(line for line in out[:12]))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
