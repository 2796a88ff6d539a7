"""Batch template learning: fingerprints, merging, dropping lines seen in many files."""
from __future__ import annotations

from collections import Counter

from click.testing import CliRunner

from cleaner.cli import main
from cleaner.document import Block, Document
from cleaner.features import THRESHOLDS, block_features
from cleaner.lexicon import lexicon
from cleaner.rules import builtin_rules
from cleaner.template import (TemplateIndex, build_template_index, fingerprints, line_hash, normalize_line,
                              site_of)

LEX = lexicon(builtin_rules())
PROSE = ("這是一段很長的正文，內容講的是城市裡的交通問題，記者走訪了很多地方，也採訪了很多市民，"
         "大家都說早上出門越來越難，公交車總是擠不上去，地鐵也是人山人海，希望政府能夠想想辦法。") * 3


def doc_of(*texts: str) -> Document:
    doc = Document("-", format="text", blocks=[Block.of("paragraph", t) for t in texts])
    for b in doc.blocks:
        b.features = block_features(b, LEX)
    return doc


def folder_site(folder) -> str:
    """The site of the files of a folder with no canonical URL (templates are learned per site)."""
    return site_of(Document(str(folder / "x.txt")))


def test_normalized_line_ignores_case_digits_punctuation_and_script():
    assert normalize_line("Copyright © 2019, Example Inc.") == normalize_line("copyright 2023 example inc")
    assert normalize_line("關於我們") == normalize_line("关于我们")
    assert line_hash("阅读 (123)") == line_hash("阅读(456)")
    assert line_hash("---") == ""                      # nothing left: no fingerprint


def test_fingerprints_are_a_set_per_document():
    doc = doc_of("首页", "首页", "Home")
    assert fingerprints(doc) == {line_hash("首页"), line_hash("Home")}


def test_sets_from_workers_merge_into_one_index():
    sets = [fingerprints(doc_of("首页", f"文章{i}")) for i in range(3)]
    a = TemplateIndex.from_fingerprints(sets[:2])
    b = TemplateIndex.from_fingerprints(sets[2:])
    merged = a.merge(b)
    counts: Counter = Counter()
    for s in sets:
        counts.update(s)
    assert merged.counts == TemplateIndex.from_counts(counts).counts
    assert merged.seen("首页") == 3 and merged.seen("文章0") == 3   # digits fold to 0
    assert merged.seen("文章") == 0


def test_apply_drops_lines_seen_in_min_files_with_the_count():
    index = TemplateIndex.from_counts(Counter({line_hash("网站导航"): 3, line_hash("只见过两次"): 2}))
    doc = doc_of("网站导航", "只见过两次", PROSE)
    index.apply(doc, THRESHOLDS)
    nav, twice, prose = doc.blocks
    assert not nav.keep and nav.reason == "template" and nav.detail == "template: seen in 3 files"
    assert twice.keep and prose.keep


def test_long_prose_is_never_template():
    index = TemplateIndex.from_counts(Counter({line_hash(PROSE): 10}))
    doc = doc_of(PROSE)
    index.apply(doc, THRESHOLDS)
    assert doc.blocks[0].keep


def test_build_needs_a_batch(tmp_path):
    paths = []
    for i in range(2):
        p = tmp_path / f"{i}.txt"
        p.write_text(f"标题{i}\n\n网站导航\n\n{PROSE}\n", encoding="utf-8")
        paths.append(str(p))
    assert build_template_index(paths) is None
    p = tmp_path / "2.txt"
    p.write_text(f"标题\n\n网站导航\n\n{PROSE}\n", encoding="utf-8")
    index = build_template_index(paths + [str(p), "-"])
    assert index is not None and index.seen("网站导航", site=folder_site(tmp_path)) == 3


def test_cli_batch_explains_template_lines(tmp_path):
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(
            f"第{i}篇文章\n\n本站特约撰稿人计划\n\n{PROSE.replace('城市', f'第{i}个城市')}\n\n訂閱本站週報\n",
            encoding="utf-8")
    result = CliRunner().invoke(main, [str(tmp_path), "--explain"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "訂閱本站週報" in line]
    assert len(lines) == 3 and all("\ttemplate\t" in line and "seen in 3 files" in line for line in lines)
    single = CliRunner().invoke(main, [str(tmp_path / "0.txt"), "--explain"])
    assert "template" not in single.output


def test_first_pass_in_processes_counts_as_in_one(tmp_path):
    paths = []
    for i in range(40):
        p = tmp_path / f"{i:02}.txt"
        extra = "\n\n只在两个文件里出现的一行" if i < 2 else ""
        own = "".join(chr(ord("a") + int(d)) for d in f"{i:02}")      # (digits all hash alike)
        p.write_text(f"标题{i}\n\n网站导航\n\n{own}独有的文字{extra}\n\n{PROSE}\n", encoding="utf-8")
        paths.append(str(p))
    one = build_template_index(paths)
    two = build_template_index(iter(paths), jobs=2)
    assert one is not None and two is not None and one.counts == two.counts
    site = folder_site(tmp_path)
    assert one.seen("网站导航", site=site) == 40 and one.seen("只在两个文件里出现的一行", site=site) == 2
    assert one.seen("ad独有的文字", site=site) == 0          # a line of one file only is not kept in the index
    assert min(one.counts.values()) >= 2


def test_fingerprints_are_the_line_hashes():
    doc = doc_of("網站導航", "Copyright © 2019", "", "第１２行")
    assert fingerprints(doc) == {line_hash(b.text) for b in doc.blocks} - {""}


def test_lossy_counter_is_exact_for_small_batches_and_forgets_one_off_lines():
    from cleaner.template import LossyFileCounter
    exact = LossyFileCounter(bucket_files=1000)
    for i in range(50):
        exact.add(1, Counter({"chrome": 1, f"line{i}": 1}))
    assert exact.at_least(1) == Counter({"chrome": 50, **{f"line{i}": 1 for i in range(50)}})

    lossy = LossyFileCounter(bucket_files=10)
    for i in range(1000):
        lossy.add(1, Counter({"chrome": 1, f"line{i}": 1, "every-third": int(i % 3 == 0)}))
    # site chrome is counted in full; lines of one file are forgotten, so memory stays flat
    assert lossy.counts["chrome"] == 1000
    assert lossy.counts["every-third"] >= 300
    assert len(lossy.counts) <= 2 + 10
    # never over-counted
    assert all(v <= 1 for k, v in lossy.counts.items() if k.startswith("line"))


def test_first_pass_learns_the_same_with_one_process_or_chunks_of_files():
    """-j never changes the template: buckets end after the same files whether counts come a file
    at a time (one process) or FIRST_PASS_CHUNK files at a time (workers)."""
    import random

    from cleaner.template import BUCKET_FILES, FIRST_PASS_CHUNK, LossyFileCounter
    assert BUCKET_FILES % FIRST_PASS_CHUNK == 0
    rng = random.Random(7)
    bucket = 5 * FIRST_PASS_CHUNK          # (the real bucket is BUCKET_FILES; a small one shows the same)
    files = [Counter({f"l{rng.randrange(400)}": 1 for _ in range(rng.randrange(1, 6))}) for _ in range(37 * FIRST_PASS_CHUNK + 3)]
    one = LossyFileCounter(bucket)
    for c in files:
        one.add(1, c)
    chunked = LossyFileCounter(bucket)
    for i in range(0, len(files), FIRST_PASS_CHUNK):
        part = files[i:i + FIRST_PASS_CHUNK]
        chunked.add(len(part), sum(part, Counter()))
    assert one.counts == chunked.counts and one.delta == chunked.delta
    misaligned = LossyFileCounter(bucket)
    for i in range(0, len(files), FIRST_PASS_CHUNK - 1):      # chunks that straddle buckets can differ
        part = files[i:i + FIRST_PASS_CHUNK - 1]
        misaligned.add(len(part), sum(part, Counter()))
    assert misaligned.counts != one.counts


# ------------------------------------------------------------------ templates per site (issue 13, family 6)

EN_PROSE = ("The committee met on Tuesday to review the budget, and its members agreed that the plan "
            "needed more time before a vote could be taken by the full council of the city. ")


def _page(host: str, i: int, shared: list[str]) -> str:
    """An HTML page of ``host`` with its own article and ``shared`` lines (section names, a year)."""
    own = EN_PROSE.replace("committee", f"committee of {host} ({i})")
    body = "".join(f"<h2>{s}</h2><p>{own}{own}</p>" for s in shared)
    return (f'<html><head><title>Story {i} of {host}</title><link rel="canonical" href="https://www.{host}/a/{i}">'
            f"</head><body><article><h1>Story {i} of {host}</h1><p>{EN_PROSE * 2}</p>{body}"
            f"<p>2012</p><ul><li><a href='/x'>See also</a></li><li>References</li></ul></article></body></html>")


def _alone(path) -> str:
    r = CliRunner().invoke(main, ["-q", str(path), "-o", "-"])
    assert r.exit_code == 0, r.output
    return r.output


def test_site_of_reads_the_canonical_host_else_the_folder(tmp_path):
    doc = Document(str(tmp_path / "a.html"), meta={"canonical_url": "https://news.example.co.uk/x"})
    assert site_of(doc) == "host:example.co.uk"
    assert site_of(Document(str(tmp_path / "a.html"), meta={"canonical_url": "http://www.example.com/"})) \
        == site_of(Document(str(tmp_path / "b.html"), meta={"canonical_url": "https://blog.example.com/p"}))
    assert site_of(Document(str(tmp_path / "a.txt"))) == folder_site(tmp_path) != folder_site(tmp_path / "sub")
    assert site_of(Document(str(tmp_path / "a.html"), meta={"sitename": "Example  News"})) \
        == site_of(Document(str(tmp_path / "sub" / "b.html"), meta={"site_name": "example news"})) == "name:example news"
    assert site_of(Document("-")) == ""


def test_mixed_sites_batch_gives_each_page_its_output_cleaned_alone(tmp_path):
    """Five sites in one folder share "Conclusion", "Contents", "See also", "References" and "2012":
    nothing is template, as each site has one page; text dumps of five sites in five folders the same."""
    src = tmp_path / "in"
    src.mkdir()
    shared = ["Conclusion", "Contents", "See also", "References"]
    hosts = ["alpha.org", "beta.com", "gamma.net", "delta.io", "epsilon.co.uk"]
    for i, host in enumerate(hosts):
        (src / f"h{i}.html").write_text(_page(host, i, shared), encoding="utf-8")
        folder = src / host
        folder.mkdir()
        (folder / f"t{i}.txt").write_text(
            f"Story {i} of {host}\n\n{EN_PROSE * 2}\n\nContents\n\n{EN_PROSE.replace('budget', host)}\n\n"
            f"Conclusion\n\n2012\n\nSee also\n\nReferences\n", encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["-q", str(src), "-o", str(out)])
    assert r.exit_code == 0, r.output
    inputs = {p.stem: p for p in src.rglob("*.*")}
    outputs = sorted(out.rglob("*.md"))
    assert len(outputs) == 10
    for o in outputs:
        assert o.read_text(encoding="utf-8") == _alone(inputs[o.stem]), o
    r = CliRunner().invoke(main, [str(src), "--explain"])
    assert "\ttemplate\t" not in r.output


def test_three_pages_sharing_their_only_paragraph_keep_it(tmp_path):
    """Template removal never takes a page's last prose (issue 15): the shared paragraph is the article."""
    para = "这是三个页面共有的唯一一段正文，它讲述了本站的由来，也介绍了编辑部的工作方式。"
    src = tmp_path / "in"
    src.mkdir()
    for i, title in enumerate(["春天来了", "夏日炎炎", "秋高气爽"]):
        (src / f"{i}.txt").write_text(f"{title}\n\n网站导航\n\n{para}\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["-q", str(src), "-o", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    for i, title in enumerate(["春天来了", "夏日炎炎", "秋高气爽"]):
        text = (tmp_path / "out" / f"{i}.md").read_text(encoding="utf-8")
        assert para in text and title in text and "网站导航" not in text


def test_last_prose_guard_drops_the_chrome_still():
    index = TemplateIndex.from_counts(Counter({line_hash("网站导航"): 3, line_hash(PROSE[:40] + "。"): 3}))
    doc = doc_of("网站导航", PROSE[:40] + "。")
    index.apply(doc, THRESHOLDS)
    nav, only = doc.blocks
    assert not nav.keep and nav.reason == "template" and only.keep


def test_same_site_batch_still_learns_its_template(tmp_path):
    """Pages of one host, wherever they lie, share a template; a text dump learns with its folder."""
    for i in range(3):
        sub = tmp_path / f"d{i}"
        sub.mkdir()
        page = _page("example.com", i, ["Conclusion"]).replace(
            "<article>", "<article><p>Tuesday edition of the Example Gazette</p>")
        (sub / f"{i}.html").write_text(page, encoding="utf-8")
        (tmp_path / f"{i}.txt").write_text(
            f"第{i}篇文章\n\n{PROSE.replace('城市', f'第{i}个城市')}\n\n本站特约撰稿人计划\n", encoding="utf-8")
    r = CliRunner().invoke(main, [str(tmp_path), "--explain"])
    assert r.exit_code == 0, r.output
    tpl = [line for line in r.output.splitlines() if "\ttemplate\t" in line]
    assert sum("Tuesday edition of the Example Gazette" in line for line in tpl) == 3
    assert sum("本站特约撰稿人计划" in line for line in tpl) == 3
    assert not any("Conclusion" in line for line in tpl)      # a section name before its prose stays


def test_three_html_pages_sharing_their_only_paragraph_keep_it(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    para = "This is the only paragraph these three pages share, and it is short but it is the article."
    for t in ("Alpha", "Beta", "Gamma"):
        (src / f"{t}.html").write_text(f"<html><head><title>{t}</title></head><body><h1>{t} news</h1>"
                                       f"<p>{para}</p></body></html>", encoding="utf-8")
    r = CliRunner().invoke(main, ["-q", "-j", "2", str(src), "-o", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    for t in ("Alpha", "Beta", "Gamma"):
        assert para in (tmp_path / "out" / f"{t}.md").read_text(encoding="utf-8")
