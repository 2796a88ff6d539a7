"""Hostile inputs, the I/O half (issue 15): odd file names, odd bytes, pipes, signals, sizes, links.

Each test reproduces one way a hostile or merely unlucky input broke a batch."""
from __future__ import annotations

import json
import os
import sys

import pytest

import cleaner
from cleaner.errors import CleanerError, ConfigError, InputError
from clirun import run, runner
from cleaner.cli import main

ZH = "这是一篇关于城市交通的报道，记者走访了三个街区。\n\n市民表示新的公交线路很方便。\n".encode()


def write(folder, name, data: bytes) -> None:
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(os.fsencode(folder), os.fsencode(name) if isinstance(name, str) else name), "wb") as fh:
        fh.write(data)


# ---------------------------------------------------------------- 1. paths as the OS gives them

@pytest.mark.skipif(sys.platform != "linux", reason="non-UTF-8 file names are a POSIX thing")
def test_non_utf8_file_name_does_not_stop_the_batch(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("in", b"caf\xe9.txt", ZH)
    write("in", b"z.txt", ZH)
    r = run(["in", "-o", "out", "-v", "--report", "r.json"])
    assert r.exit_code == 0, r.stderr
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr
    assert "in/caf\\xe9.txt: written out/caf\\xe9.md" in r.stderr
    assert "in/z.txt: written" in r.stderr
    out = os.listdir(b"out")
    assert sorted(out) == [b"caf\xe9.md", b"z.md"]          # the output keeps the name's bytes
    md = (tmp_path / "out" / "z.md").read_text()
    assert 'source: "in/caf' not in md
    assert 'source: "in/caf\\\\xe9.txt"' in open(b"out/caf\xe9.md", encoding="utf-8").read()
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["files"][0]["path"] == "in/caf\\xe9.txt"


@pytest.mark.skipif(sys.platform != "linux", reason="non-UTF-8 file names are a POSIX thing")
def test_bad_file_among_odd_names_is_one_line_and_exit_1(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("in", b"bad\xff.txt", b"\x00\x01binary")
    write("in", b"ok.txt", ZH)
    for args in (["in", "-o", "out"], ["in", "-o", "out", "-v"], ["in", "-o", "-", "--format", "jsonl"]):
        r = run(args)
        assert r.exit_code == 1
        assert "Traceback" not in r.stderr
        assert "in/bad\\xff.txt: binary file, not text" in r.stderr.splitlines()
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert [x["path"] for x in records] == ["in/bad\\xff.txt", "in/ok.txt"]


def test_control_characters_in_a_name_are_escaped_on_a_terminal(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write("in", "evil\x1b]0;pwned\x07.txt", b"\x00binary")
    monkeypatch.setattr("cleaner.cli._stderr_is_tty", lambda: True)
    r = run(["in", "-o", "out", "-q"])
    assert r.exit_code == 1
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr
    assert "in/evil\\x1b]0;pwned\\x07.txt: binary file, not text" in r.stderr


# ---------------------------------------------------------------- 7. the API

def test_every_error_derives_from_cleaner_error():
    assert cleaner.CleanerError is CleanerError
    assert issubclass(InputError, CleanerError) and issubclass(ConfigError, CleanerError)
    with pytest.raises(cleaner.CleanerError):
        cleaner.clean_text("   ")
    with pytest.raises(cleaner.CleanerError):
        cleaner.clean_bytes(b"\x00\x01\x02binary")
    with pytest.raises(cleaner.CleanerError):
        cleaner.clean_text("正文", cleaner.Settings(format="pdf"))
    with pytest.raises(cleaner.CleanerError):
        from cleaner.rules import load_rules
        load_rules(("/nonexistent/rules.toml",))
    with pytest.raises(ValueError):     # (bad values are ValueErrors too)
        cleaner.clean_text("")


def test_clean_text_with_a_lone_surrogate_is_cleaned():
    out = cleaner.clean_text("记者走访了三个街区\udce9，市民表示满意。\n")
    assert "记者走访了三个街区" in out and "市民表示满意" in out
    out.encode("utf-8")
