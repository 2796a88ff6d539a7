"""One command for the speed benchmark: builds the workload, runs everything on the same files, writes results.md.

    python benchmarks/run.py --size-mb 200 --out benchmarks/results.md     # the real one
    python benchmarks/run.py --size-mb 5 --no-dask --out /tmp/smoke.md     # smoke run, < 1 min

What it runs, each as a separate process timed from the outside (wall clock,
user+sys CPU, peak RSS from ``wait4``), inputs in the page cache, a fresh
output folder every time:

* text workload (``input.txt`` dumps, varied copies, see ``workload.py``):
  the floor (``floor.py``: read + decode + OpenCC t2s, nothing else),
  ``clean -j 1`` and ``clean -j N``;
* HTML workload (``input.html`` pages): ``clean -j 1``, ``clean -j N``,
  trafilatura and readability-lxml (one process each, from a separate venv
  under ``benchmarks/work/peers-venv`` that this script creates from PyPI),
  and an lxml-parse floor for reference;
* memory: ``clean -j 1`` on a batch of a tenth of the size (20 MB for 200 MB),
  to compare peak RSS with the full batch.

Until ``clean`` has ``-j/--jobs`` (detected from ``clean --help``), "-j N" is
N ``clean`` processes over N shards of the input (hard links), labelled as such.
MB = 10^6 bytes.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import workload  # noqa: E402

PEERS = ("trafilatura", "readability-lxml")


# ------------------------------------------------------------------ running and measuring

GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def timed(cmds: list[list[str]], env: dict | None = None) -> dict:
    """Run the commands concurrently; wall time until all end, summed CPU, max peak RSS, exit codes.

    Peak RSS comes from GNU time (``%M``) wrapped around each command when
    /usr/bin/time exists: a child forked from this (large) Python process
    would otherwise report this process's RSS at fork time as its own peak.
    Without it, ``wait4``'s ``ru_maxrss`` is used (an upper bound).
    """
    t0 = time.perf_counter()
    load = os.getloadavg()[0]
    procs = []
    for cmd in cmds:
        err = tempfile.TemporaryFile()
        rss_file = None
        if GNU_TIME:
            fd, rss_file = tempfile.mkstemp(suffix=".rss")
            os.close(fd)
            cmd = [GNU_TIME, "-f", "%M", "-o", rss_file, *cmd]
        procs.append((subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env), err, rss_file))
    cpu = 0.0
    rss = 0
    codes = []
    errs = []
    for p, err, rss_file in procs:
        _, status, ru = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        codes.append(p.returncode)
        cpu += ru.ru_utime + ru.ru_stime      # includes the waited-for children (worker processes)
        peak = ru.ru_maxrss                     # KiB on Linux
        if rss_file:
            try:
                with open(rss_file) as fh:
                    peak = int(fh.read().strip().splitlines()[-1])
            except (OSError, ValueError, IndexError):
                pass
            os.unlink(rss_file)
        rss = max(rss, peak)
        err.seek(0)
        text = err.read()
        err.close()
        if text:
            errs.append(text.decode("utf-8", "replace")[-2000:])
    wall = time.perf_counter() - t0
    return {"wall": wall, "cpu": cpu, "rss_mb": rss * 1024 / 1e6, "codes": codes, "load": load,
            "stderr": "".join(errs)}


def best_of(repeat: int, fn) -> dict:
    runs = [fn() for _ in range(repeat)]
    return min(runs, key=lambda r: r["wall"])


def warm(files: list[str]) -> None:
    for p in files:
        with open(p, "rb") as fh:
            while fh.read(1 << 20):
                pass


def fresh(path: str) -> str:
    if os.path.isdir(path):
        shutil.rmtree(path)
    os.makedirs(path)
    return path


def write_list(files: list[str], path: str) -> str:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(files) + "\n")
    return path


def shard(root: str, n: int, dest: str) -> list[str]:
    """Hard-link the files of ``root`` into ``n`` shard folders (same relative paths), round-robin by file."""
    files = workload.list_files(root)
    if os.path.isdir(dest):
        shutil.rmtree(dest)
    dirs = [os.path.join(dest, f"s{i}") for i in range(n)]
    for i, f in enumerate(files):
        target = os.path.join(dirs[i % n], os.path.relpath(f, root))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            os.link(f, target)
        except OSError:
            shutil.copyfile(f, target)
    return dirs


def tree_bytes(path: str) -> dict[str, bytes]:
    out = {}
    for dirpath, _, names in os.walk(path):
        for n in names:
            full = os.path.join(dirpath, n)
            with open(full, "rb") as fh:
                out[os.path.relpath(full, path)] = fh.read()
    return out


def count_outputs(path: str) -> int:
    return sum(len([n for n in names if not n.startswith(".")]) for _, _, names in os.walk(path))


# ------------------------------------------------------------------ the pieces

class Bench:
    def __init__(self, args):
        self.args = args
        self.work = os.path.abspath(args.work)
        self.py = sys.executable
        self.clean = shutil.which("clean", path=os.path.dirname(sys.executable)) or shutil.which("clean")
        if not self.clean:
            raise SystemExit("no `clean` executable next to this Python or on PATH: pip install -e . first")
        help_text = subprocess.run([self.clean, "--help"], capture_output=True, text=True).stdout
        self.has_jobs = "--jobs" in help_text
        self.rows: list[dict] = []
        self.dask_checks: list[dict] = []

    def clean_cmd(self, indir: str, outdir: str, jobs: int | None) -> list[str]:
        cmd = [self.clean, "-q", indir, "-o", outdir]
        if jobs is not None and self.has_jobs:
            cmd += ["-j", str(jobs)]
        return cmd

    def ours(self, mode: str, root: str, jobs: int, meta: dict, label_size: str = "") -> dict:
        out = os.path.join(self.work, "out", f"{mode}-j{jobs}{label_size}")

        def once():
            fresh(out)
            if jobs == 1 or self.has_jobs:
                r = timed([self.clean_cmd(root, out, jobs)])
            else:
                dirs = shard(root, jobs, os.path.join(self.work, "shards", f"{mode}-{jobs}"))
                r = timed([self.clean_cmd(d, os.path.join(out, f"s{i}"), None) for i, d in enumerate(dirs)])
            r["outputs"] = count_outputs(out)
            return r

        r = best_of(self.args.repeat, once)
        if jobs == 1:
            name = f"clean -j 1" if self.has_jobs else "clean (sequential; no -j option yet)"
        else:
            name = f"clean -j {jobs}" if self.has_jobs else f"{jobs} x clean over {jobs} shards (fallback: no -j option yet)"
        return self.row(mode, name + label_size, r, meta, f"ours-{'1' if jobs == 1 else 'N'}{'-small' if label_size else ''}")

    def floor(self, mode: str, files: list[str], meta: dict) -> dict:
        lst = write_list(files, os.path.join(self.work, f"{mode}-files.lst"))
        cmd = [self.py, os.path.join(HERE, "floor.py")] + (["--html"] if mode == "html" else []) + [lst]
        r = best_of(self.args.repeat, lambda: timed([cmd]))
        r["outputs"] = 0
        name = "floor: read + OpenCC t2s" if mode == "txt" else "reference: read + lxml parse + t2s of text"
        return self.row(mode, name, r, meta, "floor")

    def dask_check(self, mode: str, root: str) -> dict | None:
        """cleaner.dask on a LocalCluster vs ``clean`` over the same inputs (copy 0, the corpus): identical bytes?"""
        probe = subprocess.run([self.py, "-c", "import cleaner.dask, distributed, dask.bag"], capture_output=True)
        if probe.returncode != 0:
            print("  dask not installed (pip install -e '.[dask]'): skipping the Dask check", file=sys.stderr)
            return None
        src = os.path.join(root, "c000")
        files = workload.list_files(src)
        meta = {"files": len(files), "bytes": sum(os.path.getsize(f) for f in files)}
        local = fresh(os.path.join(self.work, "out", f"{mode}-c000-local"))
        remote = fresh(os.path.join(self.work, "out", f"{mode}-c000-dask"))
        r_local = timed([self.clean_cmd(src, local, 1)])
        r_local["outputs"] = count_outputs(local)
        self.row(mode, "clean" + (" -j 1" if self.has_jobs else "") + " [copy 0 only, for the Dask check]", r_local, meta,
                 "ours-copy0")
        r = timed([[self.py, os.path.join(HERE, "dask_run.py"), src, remote, "--workers", str(self.args.jobs)]])
        r["outputs"] = count_outputs(remote)
        self.row(mode, f"cleaner.dask, LocalCluster of {self.args.jobs} worker processes [copy 0 only]", r, meta,
                 "dask-copy0")
        a, b = tree_bytes(local), tree_bytes(remote)
        same = sum(1 for k in a if b.get(k) == a[k])
        check = {"mode": mode, "files": len(a), "identical": same, "extra": len(set(b) - set(a))}
        self.dask_checks.append(check)
        return check

    def peers_python(self) -> str | None:
        venv = os.path.join(self.work, "peers-venv")
        py = os.path.join(venv, "bin", "python")
        probe = [py, "-c", "import trafilatura, readability"]
        if os.path.exists(py) and subprocess.run(probe, capture_output=True).returncode == 0:
            return py
        print("creating peers venv (trafilatura, readability-lxml) ...", file=sys.stderr)
        try:
            subprocess.run([sys.executable, "-m", "venv", venv], check=True)
            subprocess.run([py, "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
            subprocess.run([py, "-m", "pip", "install", "-q", "trafilatura", "readability-lxml"], check=True)
        except (subprocess.CalledProcessError, OSError) as exc:
            print(f"peers unavailable: {exc}", file=sys.stderr)
            return None
        return py

    def peer(self, py: str, tool: str, files: list[str], meta: dict) -> dict:
        lst = write_list(files, os.path.join(self.work, "html-files.lst"))
        out = os.path.join(self.work, "out", f"peer-{tool}")

        def once():
            fresh(out)
            r = timed([[py, os.path.join(HERE, "peers.py"), tool, lst, out]])
            r["outputs"] = count_outputs(out)
            return r

        r = best_of(self.args.repeat, once)
        return self.row("html", tool, r, meta, f"peer-{tool}")

    def peer_versions(self, py: str) -> str:
        code = ("import importlib.metadata as m; "
                "print(', '.join(f'{p} {m.version(p)}' for p in ('trafilatura', 'readability-lxml', 'lxml')))")
        return subprocess.run([py, "-c", code], capture_output=True, text=True).stdout.strip()

    def row(self, mode: str, name: str, r: dict, meta: dict, key: str) -> dict:
        row = {"mode": mode, "name": name, "key": key, "files": meta["files"], "bytes": meta["bytes"], **r}
        row["mb_s"] = meta["bytes"] / 1e6 / r["wall"]
        row["docs_s"] = meta["files"] / r["wall"]
        self.rows.append(row)
        bad = [c for c in r["codes"] if c not in (0,)]
        print(f"  {mode:4} {name:60} {r['wall']:8.2f} s {row['mb_s']:7.2f} MB/s {row['docs_s']:8.1f} docs/s "
              f"rss {r['rss_mb']:7.1f} MB load {r['load']:.2f}" + (f"  exit {bad}" if bad else ""), file=sys.stderr)
        if bad and r.get("stderr"):
            print(r["stderr"][-800:], file=sys.stderr)
        return row


# ------------------------------------------------------------------ report

def machine_info() -> dict:
    cpu = ""
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            mem = f"{int(fh.readline().split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    try:
        commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        commit += " (with uncommitted changes)" if dirty else ""
    except OSError:
        commit = "?"
    import importlib.metadata as md
    versions = []
    for p in ("opencc", "lxml", "beautifulsoup4", "ftfy"):
        try:
            versions.append(f"{p} {md.version(p)}")
        except md.PackageNotFoundError:
            pass
    return {"cpu": cpu, "cores": os.cpu_count(), "mem": mem, "os": platform.platform(),
            "python": platform.python_version(), "commit": commit, "versions": ", ".join(versions)}


def fmt_row(r: dict) -> str:
    bad = [c for c in r["codes"] if c != 0]
    status = "ok" if not bad else f"exit {bad}"
    return (f"| {r['mode']} | {r['name']} | {r['files']} | {r['bytes'] / 1e6:.1f} | {r['wall']:.2f} | {r['cpu']:.2f} | "
            f"{r['mb_s']:.2f} | {r['docs_s']:.1f} | {r['rss_mb']:.0f} | {r['load']:.2f} | {r['outputs']} | {status} |")


def ratios(rows: list[dict], jobs: int) -> list[str]:
    out = ["| ratio | value (wall clock) | same on CPU time | target | met (wall) |", "| --- | --- | --- | --- | --- |"]

    def add(name, value, target, ok, cpu=None):
        if not value:
            out.append(f"| {name} | n/a | n/a | {target} | n/a |")
        else:
            c = f"{cpu:.2f}" if cpu else "–"
            out.append(f"| {name} | {value:.2f} | {c} | {target} | {'yes' if ok(value) else 'NO'} |")

    def get(mode, key):
        return next((r for r in rows if r["mode"] == mode and r["key"] == key), None)

    t1 = get("txt", "ours-1")
    fl = get("txt", "floor")
    add("text: clean -j 1 time / OpenCC-only floor time", t1 and fl and t1["wall"] / fl["wall"], "≤ 3", lambda v: v <= 3,
        t1 and fl and t1["cpu"] / fl["cpu"])
    h1 = get("html", "ours-1")
    tr = get("html", "peer-trafilatura")
    rd = get("html", "peer-readability")
    add("html: clean -j 1 docs/s / trafilatura docs/s", h1 and tr and h1["docs_s"] / tr["docs_s"], "≥ 3", lambda v: v >= 3,
        h1 and tr and tr["cpu"] / h1["cpu"])
    add("html: clean -j 1 docs/s / readability-lxml docs/s", h1 and rd and h1["docs_s"] / rd["docs_s"], "(info)",
        lambda v: True, h1 and rd and rd["cpu"] / h1["cpu"])
    for mode in ("txt", "html"):
        a, b = get(mode, "ours-1"), get(mode, "ours-N")
        add(f"{mode}: -j {jobs} speed-up over -j 1", a and b and a["wall"] / b["wall"], "≥ 1.8 (on 2 cores)",
            lambda v: v >= 1.8)
    for mode in ("txt", "html"):
        big, small = get(mode, "ours-1"), get(mode, "ours-1-small")
        add(f"{mode}: peak RSS full batch / small batch", big and small and big["rss_mb"] / small["rss_mb"],
            "≤ 1.5", lambda v: v <= 1.5)
    return out


def shown_args() -> str:
    """The command line, with the --note text left out (the note is printed below the tables)."""
    out, skip = [], False
    for a in sys.argv[1:]:
        if skip:
            skip = False
            out.append("...")
            continue
        if a == "--note":
            skip = True
        elif a.startswith("--note="):
            a = "--note=..."
        out.append(a)
    return " ".join(out)


def report(args, bench: Bench, info: dict, manifests: dict, peer_versions: str, started: str, elapsed: float) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Command: `python benchmarks/run.py {shown_args()}`  ",
        f"Run: {started} UTC, {elapsed / 60:.1f} min in all.  ",
        f"Machine: {info['cpu']}, {info['cores']} cores, {info['mem']}, {info['os']}, Python {info['python']}.  ",
        f"cleaner commit {info['commit']}; {info['versions']}.  ",
        f"Peers: {peer_versions or 'not run'}.  ",
        f"`clean -j`: {'yes' if bench.has_jobs else 'not in this build: -j N rows are N clean processes over N shards'}.",
        "",
        "Workloads (built by `benchmarks/workload.py` from the corpus; copy 0 is the corpus, later copies are "
        "deterministic variants so template learning sees realistic repetition):",
        "",
        "| workload | files | MB | copies | sha256 |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, m in manifests.items():
        lines.append(f"| {name} | {m['files']} | {m['bytes'] / 1e6:.1f} | {m['copies']} | `{m['sha256'][:16]}` |")
    lines += [
        "",
        "## Ratios (from this run)",
        "",
        *ratios(bench.rows, args.jobs),
        "",
        "## Dask",
        "",
        *(["Dask run (`benchmarks/dask_run.py`: `cleaner.dask.run_batch_on_cluster` on a LocalCluster) vs "
           "`clean` over the same inputs (copy 0 of the workload, i.e. the corpus itself):", ""]
          + [f"- {c['mode']}: {c['identical']} of {c['files']} output files byte-identical"
             + (f", {c['extra']} extra files" if c["extra"] else "") for c in bench.dask_checks]
          if bench.dask_checks else ["Not run (`--no-dask`, or the dask extra is not installed)."]),
        "",
        "## Runs",
        "",
        "Each row is one process tree timed from outside: wall clock, user+sys CPU of all its processes, "
        "peak RSS of its largest process, the 1-minute load average when it started (other work on the machine "
        "slows every row), output files written.",
        "",
        "| mode | run | files | MB | wall s | CPU s | MB/s | docs/s | peak RSS MB | load | outputs | status |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        *[fmt_row(r) for r in bench.rows],
        "",
    ]
    if args.note:
        lines += ["## Note", "", args.note, ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size-mb", type=float, default=200, help="size of each workload (text and HTML), MB")
    ap.add_argument("--small-mb", type=float, default=None, help="size of the small batch for peak RSS (default size/10)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2, help="N for the -j N runs")
    ap.add_argument("--modes", default="txt,html", help="txt, html or both")
    ap.add_argument("--no-peers", action="store_true", help="skip trafilatura and readability-lxml")
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask LocalCluster check")
    ap.add_argument("--repeat", type=int, default=1, help="runs per measurement; the fastest counts")
    ap.add_argument("--corpus", default=None, help="corpus folder (default: ../shared/corpus)")
    ap.add_argument("--work", default=os.path.join(HERE, "work"), help="where workloads and outputs go")
    ap.add_argument("--out", default=os.path.join(HERE, "results.md"), help="report file (Markdown)")
    ap.add_argument("--note", default="", help="free text appended to the report")
    args = ap.parse_args(argv)
    args.small_mb = args.small_mb or args.size_mb / 10
    modes = [m for m in args.modes.split(",") if m]
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")
    t0 = time.perf_counter()
    bench = Bench(args)
    os.makedirs(bench.work, exist_ok=True)
    info = machine_info()
    small_label = f" [{args.small_mb:g} MB batch]"
    manifests = {}
    peer_versions = ""
    peers_py = None if args.no_peers or "html" not in modes else bench.peers_python()
    if peers_py:
        peer_versions = bench.peer_versions(peers_py)
    for mode in modes:
        root = os.path.join(bench.work, f"{mode}-{args.size_mb:g}mb")
        small = os.path.join(bench.work, f"{mode}-{args.small_mb:g}mb")
        print(f"building {mode} workloads ...", file=sys.stderr)
        manifests[f"{mode} {args.size_mb:g} MB"] = m = workload.build(mode, args.size_mb, root, args.corpus)
        manifests[f"{mode} {args.small_mb:g} MB"] = ms = workload.build(mode, args.small_mb, small, args.corpus)
        files = workload.list_files(root)
        warm(files)
        warm(workload.list_files(small))
        bench.floor(mode, files, m)
        bench.ours(mode, root, 1, m)
        bench.ours(mode, root, args.jobs, m)
        if mode == "html" and peers_py:
            for tool in ("trafilatura", "readability"):
                bench.peer(peers_py, tool, files, m)
        bench.ours(mode, small, 1, ms, label_size=small_label)
        if not args.no_dask:
            bench.dask_check(mode, root)
    text = report(args, bench, info, manifests, peer_versions, started, time.perf_counter() - t0)
    with open(args.out, "w", encoding="utf-8") as fh:
        fh.write(text)
    raw = os.path.splitext(args.out)[0] + ".json"
    with open(raw, "w", encoding="utf-8") as fh:
        json.dump({"machine": info, "argv": sys.argv[1:], "workloads": manifests, "rows": bench.rows,
                   "dask": bench.dask_checks}, fh, indent=1, default=str)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
