"""The benchmark's workload builder works (nothing here is timed)."""
from __future__ import annotations

import importlib.util
import os

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("bench_workload", os.path.join(HERE, "..", "benchmarks", "workload.py"))
workload = importlib.util.module_from_spec(spec)
spec.loader.exec_module(workload)

CORPUS = workload.default_corpus()
pytestmark = pytest.mark.skipif(not os.path.isfile(os.path.join(CORPUS, "MANIFEST.json")),
                                reason="evaluation corpus not found")


@pytest.fixture(scope="module")
def txt_workload(tmp_path_factory):
    # ~3 MB per corpus copy of text dumps: 4 MB needs a varied second copy
    out = str(tmp_path_factory.mktemp("w") / "txt")
    return out, workload.build("txt", 4, out, CORPUS)


def test_size_count_and_layout(txt_workload):
    out, m = txt_workload
    files = workload.list_files(out)
    assert m["bytes"] >= 4_000_000 and len(files) == m["files"] and m["copies"] == 2
    assert sum(os.path.getsize(f) for f in files) == m["bytes"]
    assert {os.path.basename(os.path.dirname(f)) for f in files} == {"c000", "c001"}


def test_copy_zero_is_the_corpus_and_later_copies_are_same_size_variants(txt_workload):
    out, _ = txt_workload
    name, case = workload.interleaved(workload.corpus_cases(CORPUS))[0]
    original = open(os.path.join(case, "input.txt"), "rb").read()
    first = open(os.path.join(out, "c000", name + ".txt"), "rb").read()
    second = open(os.path.join(out, "c001", name + ".txt"), "rb").read()
    assert first == original
    assert second != original and len(second) == len(original)
    assert second.count(b"\n") == original.count(b"\n")


def test_long_lines_vary_between_copies_and_chrome_stays(txt_workload):
    out, _ = txt_workload
    same = total = 0
    for f in workload.list_files(os.path.join(out, "c001")):
        a = open(f.replace(os.sep + "c001" + os.sep, os.sep + "c000" + os.sep), encoding="utf-8").read().split("\n")
        b = open(f, encoding="utf-8").read().split("\n")
        for x, y in zip(a, b):
            if len(x) >= 40:
                total += 1
                same += x == y
    assert total > 1000 and same / total < 0.15     # prose is unique per copy: template learning is not fooled
    var = workload.Variation(CORPUS)
    assert var.text("首页 | 责任编辑：张三 | 版权所有 | Share this article", 3).startswith("首页 | 责任编辑")
    assert "Share this" in var.text("Share this article", 3)


def test_any_prefix_mixes_the_sources(txt_workload):
    out, _ = txt_workload
    first = workload.list_files(os.path.join(out, "c000"))[:30]
    sources = {os.path.basename(f).split("_", 1)[1].split("__")[0] for f in first}
    assert len(sources) >= 3        # not 30 files of one source first


def test_build_is_deterministic_and_cached(tmp_path, txt_workload):
    _, m = txt_workload
    again = workload.build("txt", 4, str(tmp_path / "again"), CORPUS)
    assert again["sha256"] == m["sha256"]
    marker = tmp_path / "again" / "c000" / "marker"
    marker.write_text("x")
    workload.build("txt", 4, str(tmp_path / "again"), CORPUS)      # same parameters: reused, not rebuilt
    assert marker.exists()


def test_html_variation_leaves_markup_alone():
    var = workload.Variation(CORPUS)
    page = ('<html><head><script>var headline="Important";</script></head>'
            '<body><p class="article">Reconnaissance 鳄鱼 text&nbsp;here</p><!-- Comment --></body></html>')
    out = var.html(page, 5)
    assert len(out.encode()) == len(page.encode())
    assert '<script>var headline="Important";</script>' in out and '<p class="article">' in out
    assert "&nbsp;" in out and "<!-- Comment -->" in out
    assert "Reconnaissance" not in out and "鳄鱼" not in out   # the text itself changed
