"""The batch machinery alone: discovery, output names, ordered lazy execution, the report, the template hook."""
from __future__ import annotations

import io
import itertools
import json
import multiprocessing
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import batch
import cleaner.template as template_module
from cleaner.batch import (Input, OutputNamer, Task, WorkerContext, discover, execute, listed_rel, read_list, walk)
from cleaner.cli import ByteSize, main
from cleaner.document import Document
from cleaner.report import FAILED, UNCHANGED, WOULD_CHANGE, WRITTEN, FileRecord, Report, human_bytes
from cleaner.rules import load_rules
from cleaner.settings import Settings

GOOD = ("A Quiet Harbour\n\n"
        "Morning edition of the Harbour Gazette.\n\n"
        "The harbour was quiet in the early morning, and the fishing boats rocked gently at their moorings. "
        "Gulls circled overhead while the first workers arrived at the market.\n\n"
        "By noon the square was full of people buying fish, bread and vegetables from the stalls.\n")
TEMPLATE_LINE = "Morning edition of the Harbour Gazette."


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


# ---------------------------------------------------------------- discovery

def test_walk_is_sorted_filtered_and_skips_hidden_and_vcs(tmp_path):
    for rel in ["b.txt", "a.html", "z/c.md", "z/.d.txt", ".cache/e.txt", "CVS/f.txt", "_darcs/g.txt",
                ".svn/h.txt", "z/i.csv", "z/y/j.htm"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    assert [i.rel for i in walk(str(tmp_path))] == ["a.html", "b.txt", "z/c.md", "z/y/j.htm"]
    assert [i.rel for i in walk(str(tmp_path), include=["*.csv"])] == ["z/i.csv"]
    assert [i.rel for i in walk(str(tmp_path), exclude=["z/y"])] == ["a.html", "b.txt", "z/c.md"]
    assert [i.rel for i in walk(str(tmp_path), include=["z/*"])] == ["z/c.md", "z/i.csv", "z/y/j.htm"]


def test_symlinked_folder_is_followed_once(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "top").mkdir()
    (tmp_path / "top" / "link").symlink_to(tmp_path / "real")
    # (outside the folder walked: followed only when asked, tests/test_hostile_io.py)
    assert [(i.rel, i.error) for i in walk(str(tmp_path / "top"), follow_symlinks=True)] == [("link/a.txt", None)]


def test_read_list_lines_and_nul_across_chunk_boundaries():
    names = [f"dir/file {i}.txt" for i in range(20000)]          # > 64 KiB: crosses read chunks
    assert list(read_list(io.BytesIO("\r\n".join(names).encode() + b"\n\n"))) == names
    assert list(read_list(io.BytesIO("\0".join(names).encode()), null=True)) == names
    assert list(read_list(io.BytesIO(b"a\nb\0c\n"), null=True)) == ["a\nb", "c\n"]   # -0: newlines are data


def test_listed_rel():
    assert listed_rel("a/b/c.html") == "a/b/c.html"
    assert listed_rel("./a/../b.txt") == "b.txt"
    assert listed_rel("../up/x.txt") == "x.txt"
    assert listed_rel("/abs/y.txt") == "y.txt"


def test_discover_is_lazy():
    endless = (f"f{i}.txt" for i in itertools.count())
    first = list(itertools.islice(discover([], listed=endless), 3))
    assert [i.source for i in first] == ["f0.txt", "f1.txt", "f2.txt"]


def test_discover_order_stdin_paths_then_list(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.txt").write_text("x", encoding="utf-8")
    got = [(i.source, i.rel) for i in discover(["-", str(tmp_path / "d"), "one.md"], listed=["l/two.txt"])]
    assert got == [("-", "stdin"), (str(tmp_path / "d" / "x.txt"), "x.txt"), ("one.md", "one.md"),
                   ("l/two.txt", "l/two.txt")]


# ---------------------------------------------------------------- output names

def test_output_namer_collisions_are_deterministic():
    namer = OutputNamer("out", ".md")
    got = [namer.target(r) for r in ["a.html", "a.txt", "a.htm", "a.txt", "sub/a.txt", "a.txt.md", "b"]]
    assert got == ["out/a.md", "out/a.txt.md", "out/a.htm.md", "out/a.txt~2.md", "out/sub/a.md",
                   "out/a.txt.md.md", "out/b.md"]


# ---------------------------------------------------------------- execution

def ctx() -> WorkerContext:
    return WorkerContext(Settings(front_matter=False), load_rules())


def tasks_for(tmp_path: Path, n: int):
    for i in range(n):
        p = tmp_path / f"f{i:03}.txt"
        p.write_text(GOOD.replace("harbour", f"harbour {i}"), encoding="utf-8")
        yield Task(i, str(p), str(p))


@pytest.mark.parametrize("jobs", [1, 2])
def test_execute_keeps_input_order(tmp_path, jobs):
    results = list(execute(tasks_for(tmp_path, 40), ctx(), jobs=jobs, chunk_size=3))
    assert [r.index for r in results] == list(range(40))
    assert all(f"harbour {r.index} was quiet" in r.text for r in results)


def test_execute_streams_without_consuming_all_inputs(tmp_path):
    pulled = []

    def endless():
        for i in itertools.count():
            pulled.append(i)
            yield Task(i, "-", "<stdin>", data=GOOD.encode())

    stream = execute(endless(), ctx(), jobs=2, chunk_size=2)
    first = list(itertools.islice(stream, 5))
    stream.close()
    assert [r.index for r in first] == list(range(5))
    assert len(pulled) <= 2 * 2 * batch.WINDOW_PER_JOB + 2 * 2 + 2     # a bounded window, not everything


def test_process_task_never_raises(tmp_path):
    res = batch.process_task(Task(0, str(tmp_path / "missing.txt"), "m"), ctx())
    assert res.error == "no such file" and res.text is None
    res = batch.process_task(Task(1, "x", "x", error="symlink loop"), ctx())
    assert res.error == "symlink loop"


# ---------------------------------------------------------------- report

def test_report_counts_exit_code_and_summary(tmp_path):
    rep = Report(report_path=str(tmp_path / "r.json"))
    rep.add(FileRecord("a", WRITTEN, "o/a.md", bytes_in=1_400_000, bytes_out=900_000))
    rep.add(FileRecord("b", UNCHANGED, "o/b.md", bytes_in=100, bytes_out=200))
    rep.add(FileRecord("c", FAILED, error="binary file, not text", bytes_in=5))
    assert rep.exit_code == 1 and rep.total == 3 and rep.failed == 1
    assert rep.summary() == "cleaned 2 files, 1 unchanged, 1 failed, 1.4 MB → 900.2 kB"
    rep.close()
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [f["path"] for f in data["files"]] == ["a", "b", "c"]
    assert data["summary"] == {"files": 3, "failed": 1, "unchanged": 1, "written": 1, "bytes_in": 1400100,
                               "bytes_out": 900200, "exit_code": 1}


def test_report_check_mode():
    rep = Report(check=True)
    rep.add(FileRecord("a", UNCHANGED))
    assert rep.exit_code == 0 and rep.summary().startswith("0 files would change, 1 unchanged")
    rep.add(FileRecord("b", WOULD_CHANGE))
    assert rep.exit_code == 1
    diff_only = Report(dry=True)
    diff_only.add(FileRecord("b", WOULD_CHANGE))
    assert diff_only.exit_code == 0 and diff_only.summary().startswith("1 file would change")


def test_human_bytes_and_byte_size():
    assert [human_bytes(n) for n in (0, 999, 1000, 1_450_000, 3 * 10**9)] == \
        ["0 B", "999 B", "1.0 kB", "1.4 MB", "3.0 GB"]
    conv = ByteSize().convert
    assert [conv(v, None, None) for v in ("1000", "64k", "10MB", "1.5GiB", 7)] == \
        [1000, 65536, 10 * 2**20, int(1.5 * 2**30), 7]


# ---------------------------------------------------------------- the template hook

class FakeIndex:
    """What the first pass hands to the workers: drops lines seen in every file."""

    def __init__(self, lines):
        self.lines = frozenset(lines)

    def apply(self, doc: Document, *thresholds) -> None:
        for b in doc.blocks:
            if b.keep and b.text.strip() in self.lines:
                b.drop("template", "seen in every input")


def fake_build_template_index(seen: list):
    def build_template_index(paths, settings, jobs=1, spill=None):
        paths = list(paths)
        seen.append((paths, settings))
        return FakeIndex([TEMPLATE_LINE])
    return build_template_index


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_first_pass_index_reaches_every_worker(tmp_path, monkeypatch, jobs):
    if jobs == "2" and multiprocessing.get_start_method() != "fork":
        pytest.skip("the fake first pass is inherited by forked workers only")
    seen: list = []
    monkeypatch.setattr(template_module, "build_template_index", fake_build_template_index(seen))
    src = tmp_path / "in"
    src.mkdir()
    for i in range(20):
        (src / f"f{i:02}.txt").write_text(GOOD, encoding="utf-8")
    (src / "skip.csv").write_text("x", encoding="utf-8")
    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:
        runner = CliRunner()
    r = runner.invoke(main, [str(src), "-o", "-", "--format", "jsonl", "-j", jobs], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert len(seen) == 1
    assert seen[0][0] == [str(src / f"f{i:02}.txt") for i in range(20)]      # the first pass saw every input
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(records) == 20
    for rec in records:
        assert TEMPLATE_LINE not in rec["markdown"] and "quiet" in rec["markdown"] and rec["stats"]["dropped_by_reason"] == {"template": 1}


def test_a_failing_first_pass_is_one_warning(tmp_path, monkeypatch):
    def broken(paths, settings, jobs=1, spill=None):
        raise ValueError("bad fingerprint")
    monkeypatch.setattr(template_module, "build_template_index", broken)
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:
        runner = CliRunner()
    r = runner.invoke(main, [str(tmp_path / "a.txt"), "-o", "-"], catch_exceptions=False)
    assert r.exit_code == 0 and TEMPLATE_LINE in r.stdout
    assert "template pass failed, going on without it: ValueError: bad fingerprint" in r.stderr


def test_template_learning_off_means_no_first_pass():
    off = Settings(disable=("template",))
    assert batch.learn_template(lambda: pytest.fail("paths read with template learning off"), off) is None


def test_inputs_error_items_do_not_claim_output_names(tmp_path):
    b = batch.Batch(Settings(), load_rules(), Report(), output=str(tmp_path / "o"))
    tasks = list(b.tasks([Input("x/a", "a", error="symlink loop"), Input("a.txt", "a.txt")]))
    assert tasks[0].target is None and tasks[1].target == str(tmp_path / "o" / "a.md")
