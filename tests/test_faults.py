"""Fault injection: every bad input costs one line on stderr (``path: reason``), never the batch,
never a traceback, never a partial file; exit code 1."""
from __future__ import annotations

import errno
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import cleaner.batch
import cleaner.read
import cleaner.write
from cleaner.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "seeds" / "000_7ff96054997bd690.txt").read_bytes()
GOOD = ("A Quiet Harbour\n\n"
        "The harbour was quiet in the early morning, and the fishing boats rocked gently at their moorings. "
        "Gulls circled overhead while the first workers arrived at the market.\n")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


from clirun import run, runner  # noqa: E402,F401  (shared CLI test helpers)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.startswith(".clean-")]


def batch_with(tmp_path: Path, bad_name: str, bad: bytes | None) -> Path:
    src = tmp_path / "in"
    src.mkdir(exist_ok=True)
    (src / "a_good.txt").write_text(GOOD, encoding="utf-8")
    (src / "z_good.txt").write_text(GOOD, encoding="utf-8")
    if bad is not None:
        (src / bad_name).write_bytes(bad)
    return src


def assert_one_line_and_goes_on(r, path: Path, reason: str, out: Path) -> None:
    assert r.exit_code == 1, r.output
    errors = [line for line in r.stderr.splitlines() if not line.startswith("cleaned ")]
    assert errors == [f"{path}: {reason}"]
    assert sorted(p.name for p in out.iterdir()) == ["a_good.md", "z_good.md"]
    assert "1 failed" in r.stderr.splitlines()[-1]


@pytest.mark.parametrize("name,data,reason", [
    ("binary.txt", bytes(range(256)) * 8, "binary file, not text"),
    ("empty.txt", b"", "empty input"),
    ("blank.txt", b" \n\t\n", "empty input"),
    ("undecodable.txt", bytes(range(0x80, 0x100)) * 20, "undecodable: no text encoding fits these bytes"),
])
def test_bad_input_files(tmp_path, name, data, reason):
    src = batch_with(tmp_path, name, data)
    r = run([src, "-o", tmp_path / "out"])
    assert_one_line_and_goes_on(r, src / name, reason, tmp_path / "out")


def test_larger_than_max_bytes(tmp_path):
    src = batch_with(tmp_path, "big.txt", GOOD.encode() * 40)
    r = run([src, "-o", tmp_path / "out", "--max-bytes", "4k"])
    size = (src / "big.txt").stat().st_size
    assert_one_line_and_goes_on(r, src / "big.txt", f"too large ({size} bytes > --max-bytes 4096)", tmp_path / "out")


def test_default_max_bytes_is_50_mb(tmp_path):
    from cleaner.settings import Settings
    assert Settings().max_bytes == 50 * 1024 * 1024
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:          # sparse: 50 MB + 1 byte without writing them
        fh.truncate(50 * 1024 * 1024 + 1)
    r = run([big, "-o", tmp_path / "out"])
    assert r.exit_code == 1 and "too large" in r.stderr


def test_large_stdin_is_refused_without_reading_it_all(tmp_path):
    r = run(["-", "--max-bytes", "1k"], input=GOOD * 100)
    assert r.exit_code == 1 and r.stderr.startswith("<stdin>: too large")
    assert r.stdout == ""


def test_unreadable_file(tmp_path, monkeypatch):
    src = batch_with(tmp_path, "locked.txt", GOOD.encode())
    locked = str(src / "locked.txt")
    real_open = open

    def fake_open(path, *args, **kw):
        if str(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_open(path, *args, **kw)

    monkeypatch.setattr(cleaner.read, "open", fake_open, raising=False)
    r = run([src, "-o", tmp_path / "out", "-j", "1"])
    assert_one_line_and_goes_on(r, src / "locked.txt", "permission denied", tmp_path / "out")


@pytest.mark.skipif(IS_ROOT, reason="root reads files whatever their mode")
def test_unreadable_file_for_real(tmp_path):
    src = batch_with(tmp_path, "locked.txt", GOOD.encode())
    os.chmod(src / "locked.txt", 0)
    r = run([src, "-o", tmp_path / "out"])
    assert_one_line_and_goes_on(r, src / "locked.txt", "permission denied", tmp_path / "out")


def test_symlink_loop_file(tmp_path):
    src = batch_with(tmp_path, "x", None)
    os.symlink("loop.txt", src / "loop.txt")
    r = run([src, "-o", tmp_path / "out"])
    assert_one_line_and_goes_on(r, src / "loop.txt", "symlink loop", tmp_path / "out")
    r = run([src / "loop.txt", "-o", tmp_path / "out2"])       # named on the command line
    assert r.exit_code == 1 and r.stderr.startswith(f"{src / 'loop.txt'}: symlink loop")


def test_symlink_loop_folder(tmp_path):
    src = batch_with(tmp_path, "x", None)
    (src / "sub").mkdir()
    os.symlink("..", src / "sub" / "up")
    r = run([src, "-o", tmp_path / "out"])
    assert r.exit_code == 1
    assert f"{src / 'sub' / 'up'}: symlink loop" in r.stderr.splitlines()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a_good.md", "z_good.md"]


def test_broken_symlink(tmp_path):
    src = batch_with(tmp_path, "x", None)
    os.symlink("nowhere.txt", src / "dangling.txt")
    r = run([src, "-o", tmp_path / "out"])
    assert_one_line_and_goes_on(r, src / "dangling.txt", "no such file", tmp_path / "out")


def test_fifo_in_a_folder_is_not_read(tmp_path):
    src = batch_with(tmp_path, "x", None)
    os.mkfifo(src / "pipe.txt")
    r = run([src, "-o", tmp_path / "out"])               # would block forever if it were opened
    assert_one_line_and_goes_on(r, src / "pipe.txt", "not a regular file", tmp_path / "out")


def test_internal_error_in_one_file_costs_one_line(tmp_path, monkeypatch):
    src = batch_with(tmp_path, "m_boom.txt", GOOD.encode())
    real = cleaner.batch.clean_document

    def flaky(doc, *a, **kw):
        if doc.source.endswith("m_boom.txt"):
            raise RuntimeError("boom")
        return real(doc, *a, **kw)

    monkeypatch.setattr(cleaner.batch, "clean_document", flaky)
    r = run([src, "-o", tmp_path / "out", "-j", "1"])
    assert_one_line_and_goes_on(r, src / "m_boom.txt", "internal error: RuntimeError: boom", tmp_path / "out")


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="needs forked workers to inherit the patch")
@pytest.mark.parametrize("n,killers", [(40, ["f05", "f06", "f39"])])
def test_a_worker_that_dies_costs_only_its_input(tmp_path, monkeypatch, n, killers):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(n):
        (src / f"f{i:02}.txt").write_text(GOOD, encoding="utf-8")
    real = cleaner.batch.clean_document

    def crashing(doc, *a, **kw):
        if Path(doc.source).stem in killers:
            os._exit(70)            # what a segfault in a C extension looks like from outside
        return real(doc, *a, **kw)

    monkeypatch.setattr(cleaner.batch, "clean_document", crashing)
    r = run([src, "-o", tmp_path / "out", "-j", "2", "--format", "jsonl"])
    assert r.exit_code == 1
    assert [line for line in r.stderr.splitlines() if not line.startswith("cleaned")] == \
        [f"{src / k}.txt: internal error: the worker process died on this input" for k in killers]
    assert len(list((tmp_path / "out").iterdir())) == n - len(killers)


# ---------------------------------------------------------------- output side

def test_unwritable_output_folder(tmp_path, monkeypatch):
    src = batch_with(tmp_path, "x", None)
    out = tmp_path / "out"
    out.mkdir()
    os.chmod(out, 0o500)
    if IS_ROOT:   # root writes anywhere: make the folder refuse new files the way EACCES looks
        real = os.open

        def refuse(path, flags, *a, **kw):
            if flags & os.O_CREAT and Path(path).parent == out:
                raise PermissionError(errno.EACCES, "Permission denied")
            return real(path, flags, *a, **kw)
        monkeypatch.setattr(cleaner.write.os, "open", refuse)
    try:
        r = run([src, "-o", out])
    finally:
        os.chmod(out, 0o700)
    assert r.exit_code == 1
    errors = r.stderr.splitlines()[:-1]
    assert errors == [f"{src / n}: cannot write {out / n.replace('.txt', '.md')}: Permission denied"
                      for n in ("a_good.txt", "z_good.txt")]
    assert list(out.iterdir()) == []


def test_output_folder_blocked_by_a_file(tmp_path):
    src = batch_with(tmp_path, "x", None)
    (src / "sub").mkdir()
    (src / "sub" / "c.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").write_text("a file where a folder should be", encoding="utf-8")
    r = run([src, "-o", out])
    assert r.exit_code == 1
    assert [line.split(": cannot write")[0] for line in r.stderr.splitlines()[:-1]] == [str(src / "sub" / "c.txt")]
    assert sorted(p.name for p in out.iterdir()) == ["a_good.md", "sub", "z_good.md"]


@pytest.mark.parametrize("fail_in", ["write", "fsync"])
def test_disk_full_half_way_leaves_previous_output_intact(tmp_path, monkeypatch, fail_in):
    src = batch_with(tmp_path, "x", None)
    out = tmp_path / "out"
    assert run([src, "-o", out]).exit_code == 0
    previous = (out / "a_good.md").read_bytes()
    (src / "a_good.txt").write_text(GOOD.replace("harbour", "harbour of Ys") * 3, encoding="utf-8")

    real_write, real_fsync = os.write, os.fsync

    def is_ours(fd: int) -> bool:
        try:
            return os.path.basename(os.readlink(f"/proc/self/fd/{fd}")).startswith(".clean-")
        except OSError:
            return False

    def half_write(fd, data):
        if is_ours(fd):
            real_write(fd, bytes(data[: len(data) // 2]))
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    def failing_fsync(fd):
        if is_ours(fd):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_fsync(fd)

    if fail_in == "write":
        monkeypatch.setattr(os, "write", half_write)
    else:
        monkeypatch.setattr(os, "fsync", failing_fsync)
    r = run([src, "-o", out, "-j", "1"] + (["--fsync"] if fail_in == "fsync" else []))
    monkeypatch.undo()
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == f"{src / 'a_good.txt'}: cannot write {out / 'a_good.md'}: No space left on device"
    assert (out / "a_good.md").read_bytes() == previous
    assert temp_files(out) == []


def test_interrupt_while_writing_leaves_no_partial_file(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.md").write_text("previous\n", encoding="utf-8")
    real_write = os.write

    def interrupted(fd, data):
        real_write(fd, bytes(data[:10]))
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        cleaner.write.write_atomic(str(out / "a.md"), "new content that is longer\n")
    monkeypatch.undo()
    assert (out / "a.md").read_text(encoding="utf-8") == "previous\n"
    assert temp_files(out) == []


# ---------------------------------------------------------------- Ctrl-C on a real batch

def test_sigint_during_a_batch_leaves_only_complete_files(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(300):
        (src / f"f{i:03}.txt").write_bytes(SEED)
    out = tmp_path / "out"
    clean = [sys.executable, "-m", "cleaner"]
    # what an uninterrupted batch of identical files gives (template learning sees the copies too)
    ref_in, ref_out = tmp_path / "ref-in", tmp_path / "ref-out"
    ref_in.mkdir()
    for i in range(3):
        (ref_in / f"r{i}.txt").write_bytes(SEED)
    subprocess.run(clean + [str(ref_in), "-o", str(ref_out), "--no-front-matter", "-q"], check=True)
    expected = (ref_out / "r0.md").read_bytes()
    proc = subprocess.Popen(clean + [str(src), "-o", str(out), "-j", "2", "--no-front-matter",
                                     "--report", str(tmp_path / "r.json")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, cwd=tmp_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if out.is_dir() and len(list(out.glob("*.md"))) >= 5:
            break
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)            # what Ctrl-C in a terminal does: the whole group
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr.decode()
    assert b"Traceback" not in stderr and b"interrupted" in stderr
    assert stdout == b""
    written = list(out.glob("*.md"))
    assert 5 <= len(written) < 300
    for path in written:
        assert path.read_bytes() == expected, path
    assert temp_files(tmp_path) == []
    assert not (tmp_path / "r.json").exists()          # no half report either
    deadline = time.monotonic() + 10                     # no worker left behind
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        pytest.fail("worker processes outlived the interrupted batch")


def test_a_bug_outside_any_file_is_one_line(tmp_path, monkeypatch):
    src = batch_with(tmp_path, "x", None)

    def broken_deliver(self, res):
        raise ValueError("delivery bug")

    monkeypatch.setattr(cleaner.batch.Batch, "deliver", broken_deliver)
    r = run([src, "-o", tmp_path / "out", "--report", tmp_path / "r.json"])
    assert r.exit_code == 1
    assert r.stderr == "clean: internal error: ValueError: delivery bug\n"
    assert not (tmp_path / "r.json").exists() and temp_files(tmp_path) == []
    r = runner().invoke(main, [str(src), "-o", str(tmp_path / "out"), "-v"], catch_exceptions=False)
    assert "Traceback" in r.stderr                   # -v shows it, for bug reports and r.stderr.endswith("clean: internal error: ValueError: delivery bug\n")
