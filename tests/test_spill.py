"""Parses saved by the first pass (cleaner.spill): used once, only for the same bytes, same output."""
import os


from cleaner.html import parse as html_mod
from cleaner import spill
from cleaner.document import Document
from cleaner.parse import parse
from cleaner.read import read_path

from clirun import run

PAGE = """<html><head><title>Harbour news {n}</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Harbour news {n}</h1>
<p>The harbour board met on Tuesday evening and agreed, after a long debate, to repair the old
pier before the winter storms arrive; the work will take about three months and cost less than
the board had feared when the damage was first surveyed in {n} places.</p>
<p>Subscribe to our newsletter for more stories like this one.</p>
</article><footer>Copyright 2026 Harbour Times</footer></body></html>"""


def _pages(folder, n=4):
    folder.mkdir()
    for i in range(n):
        (folder / f"p{i}.html").write_text(PAGE.format(n=i), encoding="utf-8")
    return folder


def test_saved_parse_is_loaded_once_for_the_same_bytes(tmp_path):
    p = _pages(tmp_path / "in", 1) / "p0.html"
    doc = parse(read_path(str(p)))
    assert spill.save(str(tmp_path), str(p), doc)
    fresh = spill.load(str(tmp_path), str(p))
    assert [b.text for b in fresh.blocks] == [b.text for b in doc.blocks] and fresh.meta == doc.meta
    assert (fresh.raw, fresh.format, fresh.encoding) == (doc.raw, doc.format, doc.encoding)
    assert fresh.text == "" and fresh.chars_in == doc.chars_in == len(doc.text)     # not decoded again
    assert spill.load(str(tmp_path), str(p)) is None     # used up


def test_saved_parse_of_other_bytes_is_not_used(tmp_path):
    p = _pages(tmp_path / "in", 1) / "p0.html"
    spill.save(str(tmp_path), str(p), parse(read_path(str(p))))
    p.write_text(PAGE.format(n=99), encoding="utf-8")          # edited between the passes
    assert spill.load(str(tmp_path), str(p)) is None


def test_garbage_in_the_folder_is_ignored(tmp_path):
    p = _pages(tmp_path / "in", 1) / "p0.html"
    spill.save(str(tmp_path), str(p), parse(read_path(str(p))))
    for f in tmp_path.glob("*.pkl"):
        f.write_bytes(b"not a pickle")
    assert spill.load(str(tmp_path), str(p)) is None


def test_a_page_gone_or_grown_past_the_limit_is_not_loaded(tmp_path):
    p = _pages(tmp_path / "in", 1) / "p0.html"
    spill.save(str(tmp_path), str(p), parse(read_path(str(p))))
    assert spill.load(str(tmp_path), str(p), max_bytes=10) is None     # read_path then says "too large"
    spill.save(str(tmp_path), str(p), parse(read_path(str(p))))
    p.unlink()
    assert spill.load(str(tmp_path), str(p)) is None                   # read_path then gives the reason


def test_budget_stops_saving(tmp_path):
    doc = Document("x", raw=b"<p>x</p>", text="<p>x</p>", format="html")
    spill.reset()
    assert not spill.save(str(tmp_path), "x", doc, budget=0)
    spill.reset()


def test_batch_parses_each_page_once_with_the_same_output(tmp_path, monkeypatch):
    src = _pages(tmp_path / "in")
    calls = []
    real = html_mod.parse_html

    def counting(doc, *args, **kw):
        calls.append(doc.source)
        return real(doc, *args, **kw)

    monkeypatch.setattr(html_mod, "parse_html", counting)
    run(["-q", "-j", "1", src, "-o", tmp_path / "out"])
    assert sorted(calls) == sorted(str(p) for p in src.iterdir())       # once per page, not twice
    run(["-q", "-j", "1", src, "-o", tmp_path / "out-json", "--format", "json"])
    calls.clear()
    monkeypatch.setattr(spill, "load", lambda *a: None)                # every page parsed again
    run(["-q", "-j", "1", src, "-o", tmp_path / "again", "--format", "json"])
    run(["-q", "-j", "1", src, "-o", tmp_path / "again-md"])
    assert len(calls) == 2 * 2 * len(os.listdir(src))                   # two runs, two passes each
    for name in os.listdir(tmp_path / "out"):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "again-md" / name).read_bytes()
    for name in os.listdir(tmp_path / "out-json"):     # the same stats too (chars_in of the undecoded page)
        assert (tmp_path / "out-json" / name).read_bytes() == (tmp_path / "again" / name).read_bytes()
    assert "Subscribe" not in (tmp_path / "out" / "p0.md").read_text()


def test_no_first_pass_when_template_learning_is_off(tmp_path, monkeypatch):
    src = _pages(tmp_path / "in")
    calls = []
    real = html_mod.parse_html
    monkeypatch.setattr(html_mod, "parse_html", lambda d, *a, **kw: calls.append(1) or real(d, *a, **kw))
    run(["-q", "-j", "1", "--disable", "template", src, "-o", tmp_path / "out"])
    assert len(calls) == 4


def test_outputs_synced_once_at_the_end_or_each_with_fsync(tmp_path, monkeypatch):
    from cleaner import batch
    src = _pages(tmp_path / "in")
    fsyncs, syncs = [], []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: fsyncs.append(fd) or real_fsync(fd))
    monkeypatch.setattr(batch, "sync_folder", lambda folder: syncs.append(folder))
    run(["-q", "-j", "1", src, "-o", tmp_path / "out"])
    assert (len(fsyncs), syncs) == (0, [str(tmp_path / "out")])
    syncs.clear()
    run(["-q", "-j", "1", "--fsync", src, "-o", tmp_path / "out2"])
    assert (len(fsyncs), syncs) == (4, [])
    run(["-q", "-j", "1", src, "-o", tmp_path / "out"])       # nothing changed: nothing written, no sync
    assert syncs == []


def test_sync_folder_flushes_without_error(tmp_path):
    from cleaner.write import sync_folder
    sync_folder(str(tmp_path))
    sync_folder(str(tmp_path / "missing"))      # a folder that is not there: nothing to do


def test_a_failed_sync_is_reported_and_fails_the_batch(tmp_path, monkeypatch):
    import errno

    from cleaner import batch

    def failing(folder):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(batch, "sync_folder", failing)
    r = run(["-q", "-j", "1", _pages(tmp_path / "in"), "-o", tmp_path / "out", "--report", tmp_path / "r.json"])
    assert r.exit_code == 1
    assert r.stderr.strip() == f"{tmp_path / 'out'}: cannot sync the outputs to disk: Input/output error"
    import json
    assert json.loads((tmp_path / "r.json").read_text())["summary"]["errors"] == [r.stderr.strip()]


def test_a_parse_that_cannot_be_saved_is_parsed_again(tmp_path, monkeypatch):
    import pickle

    def refuse(*a, **k):
        raise RecursionError("too deep")

    src = _pages(tmp_path / "in")
    run(["-q", "-j", "1", src, "-o", tmp_path / "ref"])
    monkeypatch.setattr(pickle, "dumps", refuse)
    r = run(["-q", "-j", "1", src, "-o", tmp_path / "out"])
    assert r.exit_code == 0 and r.stderr == ""
    for name in os.listdir(tmp_path / "ref"):      # the template still learned from every page
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "ref" / name).read_bytes()


def test_parallel_batch_with_saved_parses_gives_the_one_process_output_and_leaves_no_folder(tmp_path, monkeypatch):
    import glob
    import tempfile

    src = _pages(tmp_path / "in", 12)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))      # where the spill folder goes
    run(["-q", "-j", "1", src, "-o", tmp_path / "one"])
    run(["-q", "-j", "2", src, "-o", tmp_path / "two"])
    for name in os.listdir(tmp_path / "one"):
        assert (tmp_path / "two" / name).read_bytes() == (tmp_path / "one" / name).read_bytes()
    assert glob.glob(str(tmp_path / "cleaner-*")) == []
