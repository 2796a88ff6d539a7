"""Real processes and real pipes: what a shell user or a CI job sees."""
from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_7ff96054997bd690.txt"


def clean_cmd() -> str:
    script = Path(sys.executable).parent / "clean"
    if script.exists():
        return shlex.quote(str(script))
    found = shutil.which("clean")
    return shlex.quote(found) if found else f"{shlex.quote(sys.executable)} -m cleaner"


def sh(command: str, cwd: Path, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=cwd, capture_output=True, timeout=120, **kw)


def test_cat_clean_clean_jsonl_pipe(tmp_path):
    clean = clean_cmd()
    r = sh(f"cat {shlex.quote(str(SEED))} | {clean} - | {clean} --format jsonl -", tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    assert b"Traceback" not in r.stderr
    lines = r.stdout.decode("utf-8").splitlines()
    assert len(lines) == 1
    rec = json.loads(lines[0])
    assert rec["title"] == "微博和支付宝终于互通，不仅仅是光速「种草」与「拔草」"
    assert rec["errors"] == [] and rec["path"] == "-"
    assert "支付宝小程序" in rec["markdown"] and not rec["markdown"].startswith("---")
    # the second pass read the first one's Markdown: metadata survived the round trip
    assert rec["metadata"]["editor"] == "卧虫"
    # both summaries went to stderr, none to stdout
    assert r.stderr.decode().count("cleaned 1 file, 0 failed") == 2


def test_no_path_and_piped_stdin(tmp_path):
    r = sh(f"{clean_cmd()} -q < {shlex.quote(str(SEED))}", tmp_path)
    assert r.returncode == 0 and r.stdout.startswith(b"---\n") and r.stderr == b""


def test_closed_stdin_is_an_empty_input_not_a_hang(tmp_path):
    r = sh(f"{clean_cmd()} < /dev/null", tmp_path)
    assert r.returncode == 1 and r.stderr.decode().startswith("<stdin>: empty input")


def test_folder_to_jsonl_on_stdout_for_jq(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(12):
        shutil.copy(SEED, src / f"a{i:02}.txt")
    (src / "bad.txt").write_bytes(b"\x00\x01binary")
    r = sh(f"{clean_cmd()} in -o - --format jsonl -j 2", tmp_path)
    assert r.returncode == 1
    records = [json.loads(line) for line in r.stdout.decode().splitlines()]
    assert [Path(x["path"]).name for x in records] == [f"a{i:02}.txt" for i in range(12)] + ["bad.txt"]
    assert records[-1]["errors"] == ["binary file, not text"] and records[-1]["markdown"] == ""
    assert r.stderr.decode().splitlines()[0] == "in/bad.txt: binary file, not text"


def test_reader_going_away_is_not_a_traceback(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(40):
        shutil.copy(SEED, src / f"a{i:02}.txt")
    r = sh(f"{clean_cmd()} in -o - -j 1 | head -c 100 > /dev/null", tmp_path)
    assert b"Traceback" not in r.stderr and b"BrokenPipe" not in r.stderr


def test_files_from_find_print0(tmp_path):
    src = tmp_path / "in" / "deep"
    src.mkdir(parents=True)
    shutil.copy(SEED, src / "one two.txt")          # a space in the name: why -0 exists
    r = sh(f"find in -name '*.txt' -print0 | {clean_cmd()} --files-from - -0 -o out -q", tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    assert (tmp_path / "out" / "in" / "deep" / "one two.md").is_file()


def test_check_exit_codes_in_a_ci_job(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SEED, src / "a.txt")
    clean = clean_cmd()
    assert sh(f"{clean} in -o out --check -q", tmp_path).returncode == 1
    assert sh(f"{clean} in -o out -q", tmp_path).returncode == 0
    assert sh(f"{clean} in -o out --check -q", tmp_path).returncode == 0
    assert sh(f"{clean} missing -q", tmp_path).returncode == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_process_substitution_path_is_read(tmp_path):
    r = sh(f"{clean_cmd()} <(cat {shlex.quote(str(SEED))}) -o - -q", tmp_path)
    assert r.returncode == 0 and "支付宝" in r.stdout.decode()
