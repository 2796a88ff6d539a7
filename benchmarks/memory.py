"""Peak memory of ``clean`` on one large article, against the size of the article (issue 15: ≤ 10×).

    python benchmarks/memory.py [--size-mb 40] [--out benchmarks/memory.md]

Builds, in a temporary folder, one large article of each kind from the seed article: a text dump of
many paragraphs, a text dump on one single line, and an HTML page of many paragraphs; cleans each
in a process of its own (``python -m cleaner FILE -o OUT -q -j 1``) and reads that process's peak
resident set size from ``wait4``.  Writes a Markdown table (and the same figures as JSON next to
it) with the machine, the command and, for each input, its size, the peak RSS, the ratio and the
time taken.  The baseline (``python -c 'import cleaner'`` plus the first clean of a tiny file)
is measured the same way and shown, since a small input costs that much whatever its size.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_7ff96054997bd690.txt"


def build(folder: Path, size: int, write: bool = True) -> dict[str, Path]:
    """The inputs in ``folder`` (written when ``write``; else only their names)."""
    files = {"text, paragraphs": folder / "big.txt", "text, one line": folder / "oneline.txt",
             "html, paragraphs": folder / "big.html", "tiny (baseline)": folder / "tiny.txt"}
    if not write:
        return files
    paras = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    body, n = [], 0
    while n < size:
        for p in paras:
            line = p.replace("\n", "")
            body.append(line)
            n += len(line.encode("utf-8")) + 2
    text = "\n\n".join(body)
    files["text, paragraphs"].write_text(text, encoding="utf-8")
    files["text, one line"].write_text(text.replace("\n\n", " "), encoding="utf-8")
    files["html, paragraphs"].write_text(
        "<html><head><title>big</title></head><body><article>"
        + "".join(f"<p>{html.escape(p)}</p>\n" for p in body) + "</article></body></html>", encoding="utf-8")
    files["tiny (baseline)"].write_text(paras[0] + "\n\n" + paras[1] + "\n", encoding="utf-8")
    return files


def peak(cmd: list[str], env: dict) -> tuple[int, float, int]:
    """(peak RSS in bytes, seconds, exit code) of one child process."""
    t0 = time.perf_counter()
    # (run from this checkout: ``python -m`` looks in the working folder first, so run from another
    # checkout it would measure that one whatever PYTHONPATH says)
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        sys.stderr.write(proc.stderr.read().decode(errors="replace"))
    return usage.ru_maxrss * 1024, seconds, proc.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=float, default=40.0, help="size of each large article (MB)")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "memory.md"))
    ap.add_argument("--build-only", metavar="DIR", help=argparse.SUPPRESS)
    args = ap.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    rows = []
    if args.build_only:
        build(Path(args.build_only), int(args.size_mb * 1024 * 1024))
        return
    with tempfile.TemporaryDirectory(prefix="cleaner-bench-") as tmp:
        # (built by a process of its own: a child forked from a process holding the texts would
        # start with that process's resident set, and wait4 would report it)
        subprocess.run([sys.executable, __file__, "--size-mb", str(args.size_mb), "--build-only", tmp], check=True)
        files = build(Path(tmp), 0, write=False)
        for kind, path in files.items():
            cmd = [sys.executable, "-m", "cleaner", str(path), "-o", str(Path(tmp) / "out"), "-q", "-j", "1",
                   "--max-bytes", "1GiB"]
            rss, seconds, code = peak(cmd, env)
            size = path.stat().st_size
            rows.append({"input": kind, "bytes": size, "peak_rss": rss, "ratio": rss / size,
                         "seconds": round(seconds, 2), "exit": code})
            print(f"{kind:18} {size / 2**20:8.1f} MB  peak {rss / 2**20:8.1f} MB  {rss / size:6.1f}×  "
                  f"{seconds:6.1f} s  exit {code}", flush=True)
    base = next(r for r in rows if r["input"].startswith("tiny"))
    lines = [
        "# Peak memory on one large article",
        "",
        f"`python benchmarks/memory.py --size-mb {args.size_mb:g}` on {platform.node() or 'this machine'} "
        f"({platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}), "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. Each input cleaned by "
        "`python -m cleaner FILE -o OUT -q -j 1` in a process of its own; peak RSS from `wait4`.",
        "",
        "| input | size | peak RSS | peak ÷ size | peak above baseline ÷ size | time |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        if r is base:           # (a ratio to a few hundred bytes says nothing)
            ratio = above = "–"
        else:
            ratio = f"{r['ratio']:.1f}×"
            above = f"{(r['peak_rss'] - base['peak_rss']) / r['bytes']:.1f}×"
        lines.append(f"| {r['input']} | {r['bytes'] / 2**20:.1f} MB | {r['peak_rss'] / 2**20:.0f} MB | "
                     f"{ratio} | {above} | {r['seconds']:.1f} s |")
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    Path(args.out).with_suffix(".json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
